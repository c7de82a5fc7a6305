/**
 * SGD with momentum and weight decay, on a list of variables.
 *
 * Weight decay follows the lecture's objective L(w) + λ‖w‖²₂: its gradient
 * adds 2λw. (PyTorch's `weight_decay=wd` adds wd·w, i.e. λ = wd/2.)
 * Per step, with learning rate η and momentum μ (PyTorch's convention):
 *
 *   v ← μ·v + (g + 2λw),   w ← w − η·v
 */
import * as tf from '@tensorflow/tfjs';
import { newVariable } from '../params';
import { checkNumber } from '../validate';
import { type SgdOptions, validateSgdOptions } from './options';

export { type SgdOptions, validateSgdOptions };

/** What SAM needs from the optimizer it wraps. */
export interface BaseOptimizer {
  /** Updates the variables with gradients `grads` (not disposed) and learning rate `lr`. */
  apply(grads: readonly tf.Tensor[], lr: number): void;
  dispose(): void;
}

export class Sgd implements BaseOptimizer {
  private readonly velocity: tf.Variable[];

  /** `params` are updated in place; the optimizer owns only its momentum buffers. */
  constructor(
    private readonly params: readonly tf.Variable[],
    readonly options: SgdOptions,
  ) {
    validateSgdOptions(options);
    this.velocity = options.momentum > 0 ? params.map((p) => newVariable(() => tf.zerosLike(p))) : [];
  }

  apply(grads: readonly tf.Tensor[], lr: number): void {
    checkNumber('learning rate', lr, { min: 0 });
    if (grads.length !== this.params.length) throw new Error(`Sgd.apply: ${grads.length} gradients for ${this.params.length} parameters`);
    const { momentum, weightDecay } = this.options;
    tf.tidy(() => {
      this.params.forEach((w, i) => {
        let d: tf.Tensor = grads[i]!;
        if (weightDecay > 0) d = tf.add(d, tf.mul(w, 2 * weightDecay));
        if (momentum > 0) {
          const v = this.velocity[i]!;
          v.assign(tf.add(tf.mul(v, momentum), d));
          d = v;
        }
        w.assign(tf.sub(w, tf.mul(d, lr)));
      });
    });
  }

  /** Momentum buffers, for divergence rollback (not copies: read-only use). */
  get buffers(): readonly tf.Variable[] {
    return this.velocity;
  }

  dispose(): void {
    this.velocity.forEach((v) => v.dispose());
  }
}
