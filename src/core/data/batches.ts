/**
 * Mini-batches as tensors, built from the uint8 bytes of an `ImageSet`.
 * Pixels are scaled to [0, 1].
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from './dataset';

/** A batch: images [n, H, W, C], one-hot targets [n, K] and integer labels [n]. Caller disposes (`disposeBatch`). */
export interface Batch {
  x: tf.Tensor4D;
  y: tf.Tensor2D;
  labels: tf.Tensor1D;
  size: number;
}

/** The batch of the examples `order[start … end)` (or `start … end` when `order` is null). */
export function makeBatch(set: ImageSet, order: Uint32Array | null, start: number, end: number): Batch {
  const [h, w, c] = set.shape;
  const dim = h * w * c;
  const n = end - start;
  const pixels = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const idx = order ? order[start + r]! : start + r;
    const src = set.pixels.subarray(idx * dim, (idx + 1) * dim);
    const off = r * dim;
    for (let j = 0; j < dim; j++) pixels[off + j] = src[j]! / 255;
    labels[r] = set.labels[idx]!;
  }
  const labelTensor = tf.tensor1d(labels, 'int32');
  return {
    x: tf.tensor4d(pixels, [n, h, w, c]),
    y: tf.tidy(() => tf.oneHot(labelTensor, set.numClasses).toFloat() as tf.Tensor2D),
    labels: labelTensor,
    size: n,
  };
}

export function disposeBatch(b: Batch): void {
  b.x.dispose();
  b.y.dispose();
  b.labels.dispose();
}
