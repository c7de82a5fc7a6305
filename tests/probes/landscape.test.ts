import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ProbeCancelled } from '../../src/core/cancel';
import type { ImageSet } from '../../src/core/data/dataset';
import { type Weights, createModel, disposeModel } from '../../src/core/models/convnet';
import { paramShapes } from '../../src/core/models/spec';
import { vectorRead } from '../../src/core/params';
import { randomDirections } from '../../src/core/probes/directions';
import { interpolation, linspace, rays, surface } from '../../src/core/probes/landscape';
import { TINY_MODEL, syntheticSet } from '../helpers';

const data = { train: syntheticSet(30, [8, 8, 1], 3, 1), test: syntheticSet(20, [8, 8, 1], 3, 2) };
const shapes = paramShapes(TINY_MODEL);
const l2 = 0.01;

/** TINY_MODEL's logits written out with tfjs ops (conv → ReLU → 2×2 max-pool, twice; dense → ReLU; dense), not the model code. */
function tinyLogits(p: readonly tf.Tensor[], x: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const block = (h: tf.Tensor4D, k: number) =>
      tf.maxPool(tf.relu(tf.add(tf.conv2d(h, p[k] as tf.Tensor4D, 1, 'valid'), p[k + 1]!)) as tf.Tensor4D, 2, 2, 'valid');
    const h = block(block(x, 0), 2);
    const flat = tf.reshape<tf.Rank.R2>(h, [x.shape[0], -1]);
    const hidden = tf.relu(tf.add(tf.matMul(flat, p[4] as tf.Tensor2D), p[5]!)) as tf.Tensor2D;
    return tf.add(tf.matMul(hidden, p[6] as tf.Tensor2D), p[7]!);
  });
}

/** Mean cross-entropy (log-sum-exp in float64) and error rate of `params` on `set`. */
function lossAndError(params: readonly tf.Tensor[], set: ImageSet): { loss: number; error: number } {
  const x = tf.tensor4d(
    Float32Array.from(set.pixels, (v) => v / 255),
    [set.count, ...set.shape],
  );
  const logits = tinyLogits(params, x);
  const rows = logits.arraySync();
  tf.dispose([x, logits]);
  let loss = 0;
  let wrong = 0;
  rows.forEach((z, i) => {
    const top = Math.max(...z);
    const label = set.labels[i]!;
    loss += top + Math.log(z.reduce((s, v) => s + Math.exp(v - top), 0)) - z[label]!;
    if (z.indexOf(top) !== label) wrong += 1;
  });
  return { loss: loss / set.count, error: wrong / set.count };
}

/** The solution's own L2-regularised train loss and test error, computed without the model, evaluation or probe code. */
function ownValues(model: Weights) {
  const w = model.params.flatMap((p) => Array.from(p.dataSync()));
  const train = lossAndError(model.params, data.train);
  return { trainLoss: train.loss + l2 * w.reduce((s, x) => s + x * x, 0), testError: lossAndError(model.params, data.test).error };
}

describe('directions', () => {
  it('unit directions have norm 1 and are the same for every solution', async () => {
    const [a, b] = [createModel(TINY_MODEL, 1), createModel(TINY_MODEL, 2)];
    try {
      const da = randomDirections(shapes, 'unit', 3, 9, await vectorRead(a.params));
      const db = randomDirections(shapes, 'unit', 3, 9, await vectorRead(b.params));
      da.forEach((d) => expect(Math.hypot(...d)).toBeCloseTo(1, 5));
      expect(da).toEqual(db);
      expect(da[0]).not.toEqual(da[1]);
    } finally {
      [a, b].forEach(disposeModel);
    }
  });

  it('filter-normalised directions match each filter norm of w and are zero on biases', async () => {
    const m = createModel(TINY_MODEL, 4);
    try {
      const w = await vectorRead(m.params);
      const [d] = randomDirections(shapes, 'filter', 1, 3, w);
      let offset = 0;
      for (const p of shapes) {
        const size = p.shape.reduce((x, y) => x * y, 1);
        const slice = (v: Float32Array) => v.subarray(offset, offset + size);
        if (p.kind === 'bias') expect(Array.from(slice(d!)).every((x) => x === 0)).toBe(true);
        else {
          const f = p.shape[p.shape.length - 1]!;
          for (let k = 0; k < f; k++) {
            const norm = (v: Float32Array) => Math.sqrt(Array.from(slice(v)).reduce((s, x, i) => s + (i % f === k ? x * x : 0), 0));
            expect(norm(d!)).toBeCloseTo(norm(w), 5);
          }
        }
        offset += size;
      }
      expect(() => randomDirections(shapes, 'filter', 1, 3)).toThrow('filter-normalised directions need the solution weights');
    } finally {
      disposeModel(m);
    }
  });
});

describe('random rays, interpolation and surface', () => {
  it('every ray at t = 0 equals the solution’s own loss and error; weights untouched; no leaks', async () => {
    const m = createModel(TINY_MODEL, 5);
    try {
      const before = await vectorRead(m.params);
      const n0 = tf.memory().numTensors;
      const dirs = randomDirections(shapes, 'unit', 3, 1);
      const t = linspace(-2, 2, 5);
      expect(t[2]).toBe(0);
      const progress: number[] = [];
      const res = await rays(TINY_MODEL, m, dirs, t, data, { l2, onProgress: (done) => progress.push(done) });
      const own = ownValues(m);
      expect(res.curves.length).toBe(3);
      for (const curve of res.curves) {
        expect(curve[2]!.trainLoss).toBeCloseTo(own.trainLoss, 6);
        expect(curve[2]!.testError).toBeCloseTo(own.testError, 10);
      }
      expect(res.curves[0]![0]!.trainLoss).not.toBeCloseTo(own.trainLoss, 3);
      expect(progress).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      expect(res.nonFinite).toBe(0);
      expect(tf.memory().numTensors).toBe(n0);
      expect(Array.from(await vectorRead(m.params))).toEqual(Array.from(before));
    } finally {
      disposeModel(m);
    }
  });

  it('reports non-finite points far out on a ray as null, without crashing', async () => {
    const m = createModel(TINY_MODEL, 5);
    try {
      const res = await rays(TINY_MODEL, m, randomDirections(shapes, 'unit', 1, 1), [0, 1e37], data, { l2 });
      expect(res.curves[0]![0]!.trainLoss).not.toBeNull();
      expect(res.curves[0]![1]!.trainLoss).toBeNull();
      expect(res.nonFinite).toBe(1);
    } finally {
      disposeModel(m);
    }
  });

  it('interpolation (1 − s)a + s·b passes through both solutions', async () => {
    const [a, b] = [createModel(TINY_MODEL, 6), createModel(TINY_MODEL, 7)];
    try {
      const res = await interpolation(TINY_MODEL, a, b, linspace(-0.5, 1.5, 5), data, { l2 });
      expect(res.s).toEqual([-0.5, 0, 0.5, 1, 1.5]);
      expect(res.values[1]!.trainLoss).toBeCloseTo(ownValues(a).trainLoss, 6);
      expect(res.values[3]!.trainLoss).toBeCloseTo(ownValues(b).trainLoss, 6);
    } finally {
      [a, b].forEach(disposeModel);
    }
  });

  it('surface: grid shape, centre value, size limit', async () => {
    const m = createModel(TINY_MODEL, 8);
    try {
      const w = await vectorRead(m.params);
      const [d1, d2] = randomDirections(shapes, 'filter', 2, 4, w);
      const g = linspace(-1, 1, 3);
      const res = await surface(TINY_MODEL, m, d1!, d2!, g, g, data, { l2, includeTest: false });
      expect(res.trainLoss.length).toBe(3);
      expect(res.trainLoss[1]![1]).toBeCloseTo(ownValues(m).trainLoss, 6);
      expect(res.testError).toBeNull();
      const big = linspace(-1, 1, 42);
      await expect(surface(TINY_MODEL, m, d1!, d2!, big, big, data, { l2 })).rejects.toThrow('at most 41×41 points, got 42×42');
    } finally {
      disposeModel(m);
    }
  });

  it('cancels with ProbeCancelled and leaks nothing (BatchNorm model too)', async () => {
    const spec = { ...TINY_MODEL, batchNorm: true };
    const m = createModel(spec, 9);
    try {
      const n0 = tf.memory().numTensors;
      const ac = new AbortController();
      const run = rays(spec, m, randomDirections(paramShapes(spec), 'unit', 2, 1), linspace(0, 1, 5), data, {
        l2,
        signal: ac.signal,
        onProgress: (done) => done === 3 && ac.abort(),
      });
      await expect(run).rejects.toThrow(ProbeCancelled);
      expect(tf.memory().numTensors).toBe(n0);
    } finally {
      disposeModel(m);
    }
  });
});
