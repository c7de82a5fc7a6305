/**
 * Loss and accuracy of a set of weights on a whole image set, in chunks, in
 * evaluation mode (BatchNorm uses the weights' running statistics).
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/dataset';
import { disposeBatch, makeBatch } from '../data/batches';
import { type Weights, forward } from '../models/convnet';
import { countCorrect, crossEntropy } from '../models/loss';
import type { ModelSpec } from '../models/spec';
import { newVariable } from '../params';

export interface Evaluation {
  /** Mean cross-entropy (no L2 term). */
  loss: number;
  /** Fraction of correct predictions. */
  accuracy: number;
}

/** Evaluates `weights` on all of `set`; one download at the end. */
export async function evaluate(spec: ModelSpec, weights: Weights, set: ImageSet, chunk = 500): Promise<Evaluation> {
  const sums = newVariable(() => tf.zeros([2]));
  try {
    for (let start = 0; start < set.count; start += chunk) {
      const b = makeBatch(set, null, start, Math.min(start + chunk, set.count));
      tf.tidy(() => {
        const { logits } = forward(spec, weights, b.x, false);
        const lossSum = tf.mul(crossEntropy(logits, b.y), b.size);
        sums.assign(tf.add(sums, tf.stack([lossSum, countCorrect(logits, b.labels)])));
      });
      disposeBatch(b);
    }
    const [loss, correct] = await sums.data();
    return { loss: loss! / set.count, accuracy: correct! / set.count };
  } finally {
    sums.dispose();
  }
}
