/**
 * Recomputes the BatchNorm running statistics of a set of weights (w_SWA
 * needs this: averaged weights come with no statistics of their own), like
 * PyTorch's `update_bn` with momentum=None: one pass over the training data in
 * training mode, and each layer's running mean and variance set to the mean
 * and population variance of its inputs over the whole pass (a cumulative
 * average, combined batch by batch with Chan's parallel formula in float64,
 * not an exponential moving average).
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/dataset';
import { disposeBatch, makeBatch } from '../data/batches';
import { bnStatistics, forward } from '../models/convnet';
import type { ModelSpec } from '../models/spec';

/**
 * Sets `state` (the running mean/variance variables of `params`' model) from
 * one pass over `set`. No-op for a model without BatchNorm.
 */
export async function recomputeBatchNorm(
  spec: ModelSpec,
  params: readonly tf.Tensor[],
  state: readonly tf.Variable[],
  set: ImageSet,
  batchSize: number,
): Promise<void> {
  if (!spec.batchNorm) return;
  const layers = spec.convs.length;
  const count = new Float64Array(layers);
  const means = spec.convs.map((c) => new Float64Array(c.filters));
  const m2 = spec.convs.map((c) => new Float64Array(c.filters));
  for (let start = 0; start < set.count; start += batchSize) {
    const b = makeBatch(set, null, start, Math.min(start + batchSize, set.count));
    const stats = tf.tidy(() => {
      const { batchStats } = forward(spec, { params, state }, b.x, true);
      return batchStats.map((s) => ({ mean: s.mean, variance: s.variance, count: s.count }));
    });
    disposeBatch(b);
    for (let l = 0; l < layers; l++) {
      const s = stats[l]!;
      const [bm, bv] = await Promise.all([s.mean.data(), s.variance.data()]);
      s.mean.dispose();
      s.variance.dispose();
      const na = count[l]!;
      const nb = s.count;
      const n = na + nb;
      const mean = means[l]!;
      const sq = m2[l]!;
      for (let k = 0; k < mean.length; k++) {
        const delta = bm[k]! - mean[k]!;
        mean[k] = mean[k]! + (delta * nb) / n;
        sq[k] = sq[k]! + bv[k]! * nb + (delta * delta * na * nb) / n;
      }
      count[l] = n;
    }
  }
  for (let l = 0; l < layers; l++) {
    tf.tidy(() => {
      const { mean, variance } = bnStatistics(state, l);
      mean.assign(tf.tensor1d(Float32Array.from(means[l]!)));
      variance.assign(tf.tensor1d(Float32Array.from(m2[l]!, (v) => v / count[l]!)));
    });
  }
}
