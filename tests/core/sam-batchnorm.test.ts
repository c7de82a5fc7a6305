import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { disposeBatch, makeBatch } from '../../src/core/data/batches';
import { createModel, disposeModel } from '../../src/core/models/convnet';
import { Trainer } from '../../src/core/train/trainer';
import { TINY_MODEL, channelMoments, syntheticSet, tinyRun } from '../helpers';

describe('SAM with BatchNorm', () => {
  it('updates the running statistics from the first pass only (at w, not at w + ε̂)', async () => {
    const spec = { ...TINY_MODEL, batchNorm: true };
    const train = syntheticSet(8, [8, 8, 1], 3, 21);
    // One step whose batch is the whole 8-image training set (the order does not change its statistics).
    const config = tinyRun({
      model: spec,
      trainSize: 8,
      testSize: 8,
      batchSize: 8,
      epochs: 1,
      bnMomentum: 0.1,
      sam: { rho: 0.5, p: 2, adaptive: false },
    });
    const t = new Trainer(config, { train, test: train });
    const w0 = createModel(spec, config.seed);
    const b = makeBatch(train, null, 0, 8);
    try {
      await t.run();

      // Independent: conv1 of the initial weights over the 8 images, per-channel mean and population variance.
      const { mean, variance } = tf.tidy(() => {
        const acts = tf.conv2d(b.x, w0.params[0] as tf.Tensor4D, 1, 'valid');
        return channelMoments(acts.dataSync(), acts.shape[3]);
      });
      mean.forEach((m, k) => {
        // r ← 0.9·r₀ + 0.1·batch, with r₀ = (0, 1): one update, from the pass at w.
        expect(t.model.state[0]!.dataSync()[k]).toBeCloseTo(0.1 * m, 6);
        expect(t.model.state[1]!.dataSync()[k]).toBeCloseTo(0.9 + 0.1 * variance[k]!, 5);
      });
    } finally {
      disposeBatch(b);
      disposeModel(w0);
      t.dispose();
    }
  });
});
