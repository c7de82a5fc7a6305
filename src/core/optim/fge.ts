/**
 * FGE — Fast Geometric Ensembling: the ensemble of the *predictions* of the
 * models SWA averages (ŵ and the snapshots at i = c, 2c, …). Instead of
 * storing every snapshot, it accumulates each member's softmax probabilities
 * on a fixed evaluation set when the member is added, so the ensemble
 * f_FGE = (1/n) Σᵢ softmax(f(wᵢ)) is available at any time at the cost of
 * one evaluation pass per snapshot.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/dataset';
import { disposeBatch, makeBatch } from '../data/batches';
import { type Weights, forward } from '../models/convnet';
import type { ModelSpec } from '../models/spec';
import { newVariable } from '../params';
import type { Evaluation } from '../train/evaluate';

export class FgeEnsemble {
  private readonly probSum: tf.Variable;
  private readonly labels: tf.Tensor1D;
  private members = 0;

  constructor(
    private readonly spec: ModelSpec,
    private readonly set: ImageSet,
    private readonly chunk = 500,
  ) {
    this.probSum = newVariable(() => tf.zeros([set.count, set.numClasses]));
    this.labels = tf.tensor1d(Int32Array.from(set.labels), 'int32');
  }

  get count(): number {
    return this.members;
  }

  /** Adds one member: its probabilities on the evaluation set join the sum. */
  add(weights: Weights): void {
    const parts: tf.Tensor[] = [];
    for (let start = 0; start < this.set.count; start += this.chunk) {
      const b = makeBatch(this.set, null, start, Math.min(start + this.chunk, this.set.count));
      parts.push(tf.tidy(() => tf.softmax(forward(this.spec, weights, b.x, false).logits)));
      disposeBatch(b);
    }
    tf.tidy(() => this.probSum.assign(tf.add(this.probSum, tf.concat(parts))));
    parts.forEach((t) => t.dispose());
    this.members += 1;
  }

  /** Accuracy and mean negative log-likelihood of the averaged probabilities. */
  async evaluate(): Promise<Evaluation> {
    if (this.members === 0) throw new Error('FGE ensemble has no members yet');
    const result = tf.tidy(() => {
      const probs = tf.div(this.probSum, this.members);
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(probs, 1), this.labels), 'float32'));
      const picked = tf.sum(tf.mul(probs, tf.oneHot(this.labels, this.set.numClasses)), 1);
      const nll = tf.neg(tf.mean(tf.log(tf.maximum(picked, 1e-12))));
      return tf.stack([nll, correct]);
    });
    const [loss, correct] = await result.data();
    result.dispose();
    return { loss: loss!, accuracy: correct! / this.set.count };
  }

  dispose(): void {
    this.probSum.dispose();
    this.labels.dispose();
  }
}
