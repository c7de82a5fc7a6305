/**
 * SWA — Stochastic Weight Averaging (Izmailov et al., 2018), Algorithm 1 of
 * MISSION.md §2, as two orthogonal pieces:
 *
 *  - `CyclicClock`, the schedule of the SWA phase: iteration i = 1, 2, …
 *    gets α(i) (see schedule.ts), and a snapshot is due when mod(i, c) = 0;
 *  - `SwaAverager`, the running average started at the pretrained ŵ
 *    (w_SWA ← ŵ, which counts as one model) and updated at each snapshot:
 *
 *      n_models ← i/c;   w_SWA ← (w_SWA · n_models + w) / (n_models + 1)
 *
 * Live changes: α1 and α2 apply from the next iteration with the same t(i).
 * A new c restarts the cycle: the next iteration is the first of a fresh
 * cycle of length c (t = 1/c, α close to α1), the interrupted cycle ends
 * without a snapshot, and n_models keeps counting the models actually
 * averaged (it equals i/c whenever c has not changed).
 */
import * as tf from '@tensorflow/tfjs';
import type { Weights } from '../models/convnet';
import { addAll, newVariable } from '../params';
import { type CyclicOptions, cyclePosition, cyclicLearningRate, validateCyclicOptions } from './schedule';

export interface ClockTick {
  /** Iteration index within the current cycle origin (1-based). */
  i: number;
  /** t(i) ∈ (0, 1]. */
  t: number;
  /** α(i). */
  lr: number;
  /** mod(i, c) = 0: average the weights after this iteration. */
  snapshot: boolean;
}

export class CyclicClock {
  private i = 0;

  constructor(private opts: CyclicOptions) {
    validateCyclicOptions(opts);
  }

  get options(): CyclicOptions {
    return { ...this.opts };
  }

  /** Advances to the next iteration and returns its rate and whether to snapshot after it. */
  tick(): ClockTick {
    this.i += 1;
    return {
      i: this.i,
      t: cyclePosition(this.i, this.opts.c),
      lr: cyclicLearningRate(this.i, this.opts),
      snapshot: this.i % this.opts.c === 0,
    };
  }

  /** The rate the next `tick` will give (for previews), without advancing. */
  peekRate(): number {
    return cyclicLearningRate(this.i + 1, this.opts);
  }

  /** Changes α1, α2 and/or c from the next iteration (validated; a new c restarts the cycle). */
  setOptions(next: Partial<CyclicOptions>): void {
    const merged = { ...this.opts, ...next };
    validateCyclicOptions(merged);
    if (merged.c !== this.opts.c) this.i = 0;
    this.opts = merged;
  }
}

/**
 * The averaged weights w_SWA: a parameter set of its own (its variables are
 * never the model's), so evaluating it never disturbs training. It also keeps
 * M2 = Σᵢ (wᵢ − w̄)⊙(wᵢ − w̄) by Welford's update, for the spread of the
 * averaged models, ‖Δ‖ in the FGE-vs-SWA analysis.
 */
export class SwaAverager {
  readonly params: tf.Variable[];
  /** BatchNorm running statistics of w_SWA (recompute them with `recomputeBatchNorm` before evaluating). */
  readonly state: tf.Variable[];
  private readonly m2: tf.Variable[];
  private models = 1;

  /** Starts the average at ŵ = `start` (copied). */
  constructor(start: Weights) {
    this.params = start.params.map((w) => newVariable(() => w.clone()));
    this.state = start.state.map((s) => newVariable(() => s.clone()));
    this.m2 = start.params.map((w) => newVariable(() => tf.zerosLike(w)));
  }

  /** Number of models in the average, ŵ included. */
  get count(): number {
    return this.models;
  }

  get weights(): Weights {
    return { params: this.params, state: this.state };
  }

  /** w_SWA ← (w_SWA · n_models + w) / (n_models + 1). */
  update(w: readonly tf.Tensor[]): void {
    const n = this.models;
    tf.tidy(() => {
      this.params.forEach((avg, k) => {
        const next = tf.div(tf.add(tf.mul(avg, n), w[k]!), n + 1);
        const m2 = this.m2[k]!;
        m2.assign(tf.add(m2, tf.mul(tf.sub(w[k]!, avg), tf.sub(w[k]!, next))));
        avg.assign(next);
      });
    });
    this.models = n + 1;
  }

  /** Root mean square distance of the averaged models from w_SWA: √((1/n) Σᵢ ‖wᵢ − w_SWA‖²). */
  async spread(): Promise<number> {
    const total = tf.tidy(() => addAll(this.m2.map((t) => tf.sum(t))));
    const value = (await total.data())[0]!;
    total.dispose();
    return Math.sqrt(Math.max(value, 0) / this.models);
  }

  dispose(): void {
    [...this.params, ...this.state, ...this.m2].forEach((v) => v.dispose());
  }
}
