import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createModel, disposeModel } from '../../src/core/models/convnet';
import { DEFAULT_ANALYSIS, analyzeSolution } from '../../src/core/probes/analysis';
import { TINY_MODEL, syntheticSet } from '../helpers';

describe('analysis of one solution', () => {
  it('gives eigenvalues, λ₁/λ_k, trace, density, random rays and the eigenvector ray, with progress and no leaks', async () => {
    const m = createModel(TINY_MODEL, 2);
    try {
      const data = { train: syntheticSet(24, [8, 8, 1], 3, 3), test: syntheticSet(12, [8, 8, 1], 3, 4) };
      const n0 = tf.memory().numTensors;
      const stages = new Set<string>();
      const a = await analyzeSolution(TINY_MODEL, m, data, {
        ...DEFAULT_ANALYSIS,
        l2: 0.001,
        k: 3,
        power: true,
        traceSamples: 5,
        density: { runs: 2 },
        rays: { ...DEFAULT_ANALYSIS.rays, count: 2, tMin: -1, tMax: 1, points: 3, alongEigenvector: true },
        chunk: 8,
        onProgress: (stage) => stages.add(stage),
      });
      expect(a.eigen.values.length).toBe(3);
      expect(a.ratio).toBeCloseTo(a.eigen.values[0]! / a.eigen.values[2]!, 12);
      expect(Math.abs(a.power!.values[0]! - a.eigen.values[0]!) / Math.abs(a.eigen.values[0]!)).toBeLessThan(0.05);
      expect(a.trace.samples.length).toBe(5);
      expect(a.density!.grid.length).toBe(400);
      expect(a.rays.curves.length).toBe(2);
      expect(a.eigenRay!.curves.length).toBe(1);
      // Along the sharpest direction the loss curves up faster than along a random one (second difference over t = ±1;
      // one side alone depends on the eigenvector's arbitrary sign).
      const bend = (c: { trainLoss: number | null }[]) => c[0]!.trainLoss! + c[2]!.trainLoss! - 2 * c[1]!.trainLoss!;
      expect(bend(a.eigenRay!.curves[0]!)).toBeGreaterThan(Math.max(bend(a.rays.curves[0]!), bend(a.rays.curves[1]!)));
      expect([...stages]).toEqual(['eigenvalues', 'power iteration', 'trace', 'density', 'rays']);
      expect(tf.memory().numTensors).toBe(n0);
    } finally {
      disposeModel(m);
    }
  });
});
