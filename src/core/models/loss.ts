/**
 * Softmax cross-entropy and accuracy. The cross-entropy is written as
 * logits − logSumExp(logits) (not `tf.losses.softmaxCrossEntropy`) so that
 * the Hessian probes can differentiate it twice.
 */
import * as tf from '@tensorflow/tfjs';
import type { FlatParams } from '../params';

/** Mean cross-entropy −(1/n) Σᵢ log softmax(zᵢ)[yᵢ] for one-hot labels `y` (scalar; caller's scope). */
export function crossEntropy(logits: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  const logProbs = tf.sub(logits, tf.logSumExp(logits, 1, true));
  return tf.neg(tf.mean(tf.sum(tf.mul(y, logProbs), 1))) as tf.Scalar;
}

/** Number of rows whose arg-max logit is the true class (scalar; caller's scope). */
export function countCorrect(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
}

/**
 * The lecture's objective L(w) + λ‖w‖², from the data loss L(w) and the
 * flat weights w (‖w‖² summed in float64). Non-finite when either part is.
 */
export function regularizedLoss(dataLoss: number, w: FlatParams, lambda: number): number {
  let sq = 0;
  for (const x of w) sq += x * x;
  return dataLoss + lambda * sq;
}
