import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeBatch, disposeBatch } from '../../src/core/data/batches';
import { createModel, disposeModel } from '../../src/core/models/convnet';
import { recomputeBatchNorm } from '../../src/core/optim/batchnorm';
import { TINY_MODEL, channelMoments, syntheticSet } from '../helpers';

describe('BatchNorm recompute for w_SWA', () => {
  it('sets the running statistics to the exact mean and population variance over the data', async () => {
    const spec = { ...TINY_MODEL, batchNorm: true };
    const model = createModel(spec, 3);
    const set = syntheticSet(37, [8, 8, 1], 3, 11);
    const all = makeBatch(set, null, 0, set.count);
    try {
      // Uneven batches (16, 16, 5) exercise the batch-by-batch combination.
      await recomputeBatchNorm(spec, model.params, model.state, set, 16);

      // Independent: the first layer's pre-BN activations for all 37 images at once.
      const { mean, variance } = tf.tidy(() => {
        const acts = tf.conv2d(all.x, model.params[0] as tf.Tensor4D, 1, 'valid');
        return channelMoments(acts.dataSync(), acts.shape[3]);
      });
      mean.forEach((m, ch) => {
        expect(model.state[0]!.dataSync()[ch]).toBeCloseTo(m, 5);
        expect(model.state[1]!.dataSync()[ch]).toBeCloseTo(variance[ch]!, 4);
      });
    } finally {
      disposeBatch(all);
      disposeModel(model);
    }
  });

  it('is a no-op without BatchNorm', async () => {
    const model = createModel(TINY_MODEL, 3);
    try {
      await recomputeBatchNorm(TINY_MODEL, model.params, model.state, syntheticSet(10), 4);
      expect(model.state.length).toBe(0);
    } finally {
      disposeModel(model);
    }
  });
});
