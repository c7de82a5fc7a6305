import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SharpnessTracker } from '../../src/core/hessian/sharpness';
import { HessianOperator } from '../../src/core/hessian/hvp';
import { createModel, disposeModel } from '../../src/core/models/convnet';
import { TINY_MODEL, syntheticSet } from '../helpers';

/** The explicit Hessian by columns (H·eᵢ) and its eigenvalue of largest magnitude by plain float64 power iteration. */
async function dominantEigenvalue(op: HessianOperator): Promise<number> {
  const n = op.size;
  const cols: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const e = new Float64Array(n);
    e[i] = 1;
    cols.push(await op.apply(e));
  }
  let v = Float64Array.from({ length: n }, (_, i) => 1 + (i % 7) / 10);
  let lambda = 0;
  for (let it = 0; it < 5000; it++) {
    const w = new Float64Array(n);
    cols.forEach((c, j) => c.forEach((x, i) => (w[i]! += x * v[j]!)));
    const norm = Math.hypot(...w);
    lambda = w.reduce((s, x, i) => s + x * v[i]!, 0);
    v = w.map((x) => x / norm);
  }
  return lambda;
}

describe('the λ_max tracker', () => {
  it('with one product per measurement is power iteration: Rayleigh quotients that rise to λ_max on fixed weights', async () => {
    const model = createModel(TINY_MODEL, 3);
    const set = syntheticSet(24, [8, 8, 1], 3, 9);
    const op = new HessianOperator(TINY_MODEL, model, set);
    try {
      const truth = await dominantEigenvalue(op);
      expect(truth).toBeGreaterThan(0);
      const tracker = new SharpnessTracker(TINY_MODEL, set, { maxIter: 1, firstMaxIter: 3, tol: 1e-9, seed: 1 });
      const first = await tracker.measure(model);
      expect(first.hvps).toBe(3);
      const readings: number[] = [];
      for (let i = 0; i < 150; i++) {
        const r = await tracker.measure(model);
        expect(r.hvps).toBe(1);
        readings.push(r.lambdaMax);
      }
      // A Rayleigh quotient never exceeds λ_max, and power iteration's quotients converge to it.
      expect(Math.max(...readings)).toBeLessThanOrEqual(truth * (1 + 1e-6));
      expect(Math.abs(readings[readings.length - 1]! / truth - 1)).toBeLessThan(1e-3);
    } finally {
      op.dispose();
      disposeModel(model);
    }
  });

  it('carries its warm start into a branched run, and leaves no tensors behind', async () => {
    const model = createModel(TINY_MODEL, 4);
    const set = syntheticSet(24, [8, 8, 1], 3, 10);
    const a = new SharpnessTracker(TINY_MODEL, set, { maxIter: 1, firstMaxIter: 4, tol: 1e-9, seed: 1 });
    const b = new SharpnessTracker(TINY_MODEL, set, { maxIter: 1, firstMaxIter: 4, tol: 1e-9, seed: 2 });
    try {
      await a.measure(model);
      const before = tf.memory().numTensors;
      b.continueFrom(a);
      const [ra, rb] = [await a.measure(model), await b.measure(model)];
      expect(rb).toEqual(ra);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      disposeModel(model);
    }
  });
});
