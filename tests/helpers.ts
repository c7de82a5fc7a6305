/** Small shared fixtures for the Node tests (no code under test is reused to compute expectations). */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../src/core/data/dataset';
import type { ModelSpec } from '../src/core/models/spec';
import { createRng } from '../src/core/rng';
import { DEFAULT_RUN, type RunConfig } from '../src/core/train/config';

/** A random image set: `n` images of shape `shape`, labels cycling through `k` classes. */
export function syntheticSet(n: number, shape: [number, number, number] = [8, 8, 1], k = 3, seed = 7): ImageSet {
  const rng = createRng(seed);
  const dim = shape[0] * shape[1] * shape[2];
  const pixels = new Uint8Array(n * dim);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % k;
    // Pixels j ≡ label (mod k) are brighter, so the task is learnable.
    for (let j = 0; j < dim; j++) pixels[i * dim + j] = Math.floor(rng.next() * 100) + (j % k === labels[i] ? 120 : 0);
  }
  return { labels, pixels, count: n, shape, numClasses: k };
}

/** A tiny convnet on 8×8×1 inputs. */
export const TINY_MODEL: ModelSpec = {
  inputShape: [8, 8, 1],
  numClasses: 3,
  convs: [
    { filters: 3, kernel: 3 },
    { filters: 4, kernel: 2 },
  ],
  pooling: 'max',
  padding: 'valid',
  activation: 'relu',
  dense: [6],
  batchNorm: false,
};

/** A run config over the tiny model and synthetic data. */
export function tinyRun(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    ...DEFAULT_RUN,
    trainSize: 48,
    testSize: 24,
    model: TINY_MODEL,
    epochs: 2,
    batchSize: 8,
    sgd: { lr: 0.05, momentum: 0.9, weightDecay: 0.001, schedule: 'constant', finalFraction: 1 },
    ...overrides,
  };
}

export const tinyData = () => ({ train: syntheticSet(48, [8, 8, 1], 3, 7), test: syntheticSet(24, [8, 8, 1], 3, 8) });

/** Values of a tensor list as plain arrays (float64 copies). */
export function values(ts: readonly tf.Tensor[]): number[][] {
  return ts.map((t) => Array.from(t.dataSync()));
}

/** Per-channel mean and population variance of channels-last values, in float64. */
export function channelMoments(a: ArrayLike<number>, channels: number): { mean: number[]; variance: number[] } {
  const n = a.length / channels;
  const mean = new Array<number>(channels).fill(0);
  const variance = new Array<number>(channels).fill(0);
  for (let i = 0; i < a.length; i++) mean[i % channels]! += a[i]! / n;
  for (let i = 0; i < a.length; i++) variance[i % channels]! += (a[i]! - mean[i % channels]!) ** 2 / n;
  return { mean, variance };
}
