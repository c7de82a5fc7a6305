import { describe, expect, it } from 'vitest';
import { takeSubset } from '../../src/core/data/dataset';
import { HessianOperator } from '../../src/core/hessian/hvp';
import { lanczos } from '../../src/core/hessian/lanczos';
import { powerIteration } from '../../src/core/hessian/power';
import { hutchinsonTrace } from '../../src/core/hessian/trace';
import { Trainer } from '../../src/core/train/trainer';
import type { EpochEvent } from '../../src/core/train/events';
import { tinyData, tinyRun } from '../helpers';

describe('sharpness of a trained convnet', () => {
  it('Lanczos and power iteration agree on λ_max; Hutchinson gives a finite trace with its standard error', async () => {
    const data = tinyData();
    const t = new Trainer(tinyRun({ epochs: 4 }), data);
    try {
      await t.run();
      const H = new HessianOperator(t.config.model, t.model, takeSubset(data.train, 48), { chunk: 16 });
      try {
        const l = await lanczos(H, { k: 3, tol: 1e-4, seed: 1 });
        const p = await powerIteration(H, { k: 1, tol: 1e-6, maxIter: 500, seed: 1 });
        expect(l.converged).toBe(true);
        expect(l.values[0]).toBeGreaterThan(0);
        expect(Math.abs(p.values[0]! - l.values[0]!) / l.values[0]!).toBeLessThan(0.02);
        expect(l.values[0]).toBeGreaterThanOrEqual(l.values[1]!);
        const tr = await hutchinsonTrace(H, { maxSamples: 30, seed: 2 });
        expect(Number.isFinite(tr.trace) && tr.se > 0).toBe(true);
      } finally {
        H.dispose();
      }
    } finally {
      t.dispose();
    }
  });

  it('tracks λ_max at every epoch end, warm-started: w before the SWA start, w_SWA after it', async () => {
    const swa = { start: 1, startUnit: 'epoch' as const, alpha1: 0.05, alpha2: 0.01, c: 2, fge: false };
    const t = new Trainer(tinyRun({ epochs: 3, swa, sharpness: { samples: 24, maxIter: 1, firstMaxIter: 6 } }), tinyData());
    try {
      const epochs: EpochEvent[] = [];
      await t.run((e) => e.type === 'epoch' && epochs.push(e));
      expect(epochs.length).toBe(3);
      expect(Number.isFinite(epochs[0]!.sharpness!.lambdaMax)).toBe(true);
      expect(epochs[0]!.sharpness!.hvps).toBeLessThanOrEqual(6);
      expect(epochs[0]!.swaSharpness).toBeNull();
      for (const e of epochs.slice(1)) {
        // In SWA's phase the cyclic iterate is not measured; w_SWA is, with one product (its tracker starts warm).
        expect(e.sharpness).toBeNull();
        expect(Number.isFinite(e.swaSharpness!.lambdaMax)).toBe(true);
        expect(e.swaSharpness!.hvps).toBe(1);
      }
    } finally {
      t.dispose();
    }
  });
});
