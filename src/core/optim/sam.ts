/**
 * SAM — Sharpness-Aware Minimization (Foret et al., 2021), wrapping any base
 * optimizer. It minimises max_{‖ε‖_p ≤ ρ} L(w + ε) (+ λ‖w‖², applied by the
 * base optimizer) with the first-order inner solution, formula (2):
 *
 *   ε̂(w) = ρ · sign(g) · |g|^(q−1) / (‖g‖_q^q)^(1/p),   g = ∇L(w),  1/p + 1/q = 1
 *
 * (p = 2: ε̂ = ρ g/‖g‖₂;  p = ∞: ε̂ = ρ sign(g)), and the gradient taken at the
 * perturbed point, formula (3): ∇L^SAM(w) ≈ ∇L(w)|_{w+ε̂}. Per step:
 * `firstStep(g)` saves w and moves to w + ε̂; the caller computes g_SAM there;
 * `secondStep(g_SAM, η)` restores w exactly and lets the base optimizer step.
 *
 * Adaptive SAM (ASAM, Kwon et al., 2021) rescales by T_w = |w| (elementwise):
 * ε̂ = T_w · ε̂_p(T_w g), which for p = 2 is ρ T_w² g / ‖T_w g‖₂.
 */
import * as tf from '@tensorflow/tfjs';
import { addAll } from '../params';
import { type SamOptions, validateSamOptions } from './options';
import type { BaseOptimizer } from './sgd';

export { type SamOptions, validateSamOptions };

/**
 * ε̂ of formula (2) for the gradient list `grads` (one vector across all
 * tensors), or its adaptive form when `weights` is given. New tensors; the
 * caller disposes. A zero gradient gives ε̂ = 0.
 */
export function samEpsilon(grads: readonly tf.Tensor[], rho: number, p: number, weights?: readonly tf.Tensor[]): tf.Tensor[] {
  return tf.tidy(() => {
    const g = weights ? grads.map((t, i) => tf.mul(t, tf.abs(weights[i]!))) : [...grads];
    let eps: tf.Tensor[];
    if (p === Infinity) {
      eps = g.map((t) => tf.mul(tf.sign(t), rho));
    } else if (p === 2) {
      const norm = tf.sqrt(addAll(g.map((t) => tf.sum(tf.square(t)))));
      const scale = tf.div(rho, tf.maximum(norm, 1e-30));
      eps = g.map((t) => tf.mul(t, scale));
    } else {
      // ε̂ is invariant to rescaling g, so divide by max|g| first: the powers
      // |g|^q and |g|^(q−1) then stay within float32 range for any p.
      const q = p / (p - 1);
      const gmax = tf.maximum(tf.max(tf.stack(g.map((t) => tf.max(tf.abs(t))))), 1e-30);
      const u = g.map((t) => tf.div(t, gmax));
      const sumQ = addAll(u.map((t) => tf.sum(tf.pow(tf.abs(t), q))));
      const denom = tf.maximum(tf.pow(sumQ, 1 / p), 1e-30);
      eps = u.map((t) => tf.div(tf.mul(tf.mul(tf.sign(t), tf.pow(tf.abs(t), q - 1)), rho), denom));
    }
    return weights ? eps.map((t, i) => tf.mul(t, tf.abs(weights[i]!))) : eps;
  });
}

export class Sam {
  private saved: tf.Tensor[] | null = null;
  private opts: SamOptions;

  /** The options are validated here and by `setOptions`, which may change them between steps (e.g. ρ from a slider). */
  constructor(
    private readonly params: readonly tf.Variable[],
    readonly base: BaseOptimizer,
    options: SamOptions,
  ) {
    validateSamOptions(options);
    this.opts = { ...options };
  }

  /** The options in force (a copy). */
  get options(): SamOptions {
    return { ...this.opts };
  }

  /** Changes ρ, p or adaptive from the next step on (validated). */
  setOptions(next: Partial<SamOptions>): void {
    const merged = { ...this.opts, ...next };
    validateSamOptions(merged);
    this.opts = merged;
  }

  /** Saves w and moves the parameters to w + ε̂(w), given g = ∇L(w) (not disposed). */
  firstStep(grads: readonly tf.Tensor[]): void {
    if (this.saved) throw new Error('Sam.firstStep called twice without secondStep');
    const { rho, p, adaptive } = this.opts;
    this.saved = this.params.map((w) => w.clone());
    const eps = samEpsilon(grads, rho, p, adaptive ? this.params : undefined);
    tf.tidy(() => this.params.forEach((w, i) => w.assign(tf.add(w, eps[i]!))));
    eps.forEach((t) => t.dispose());
  }

  /** Restores the saved w bit-exactly and lets the base optimizer step with g_SAM (not disposed). */
  secondStep(samGrads: readonly tf.Tensor[], lr: number): void {
    if (!this.saved) throw new Error('Sam.secondStep called without firstStep');
    this.restore();
    this.base.apply(samGrads, lr);
  }

  /** Puts back the saved w without stepping (used when the perturbed pass fails). */
  restore(): void {
    const saved = this.saved;
    if (!saved) throw new Error('Sam.restore called without firstStep: there is no saved w to put back');
    this.params.forEach((w, i) => w.assign(saved[i]!));
    saved.forEach((t) => t.dispose());
    this.saved = null;
  }

  dispose(): void {
    this.saved?.forEach((t) => t.dispose());
    this.saved = null;
    this.base.dispose();
  }
}
