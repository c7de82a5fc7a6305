import { describe, expect, it } from 'vitest';
import { rayWidth } from '../../src/core/probes/width';

const p = (trainLoss: number | null) => ({ trainLoss, trainError: null, testError: null });

describe('ray width', () => {
  it('interpolates the crossing of loss(0) + δ, averages over rays, and counts censored rays', () => {
    const r = {
      t: [0, 1, 2, 3],
      curves: [
        [p(1), p(1.05), p(1.25), p(2)], // crosses 1.1 between t = 1 and 2: 1 + 0.05/0.2 = 1.25
        [p(0.5), p(0.52), p(0.54), p(0.56)], // never reaches 0.6: censored at 3
        [p(2), p(null), p(null), p(null)], // non-finite at t = 1: width 1
      ],
      nonFinite: 3,
    };
    const w = rayWidth(r, 0.1);
    [1.25, 3, 1].forEach((x, i) => expect(w.perRay[i]).toBeCloseTo(x, 12));
    expect(w.mean).toBeCloseTo((1.25 + 3 + 1) / 3, 12);
    expect(w.censored).toBe(1);
    expect(() => rayWidth(r, 0)).toThrow('delta must be > 0, got 0');
  });
});

describe('ray width in both directions', () => {
  it('measures each half-ray from t = 0 outwards, as a distance', () => {
    const r = {
      t: [-2, -1, 0, 1, 2],
      curves: [
        // towards −t: crosses 1.1 between |t| = 1 (1.02) and 2 (1.42): 1 + 0.08/0.4 = 1.2; towards +t: 1 + 0.05/0.1 = 1.5
        [p(1.42), p(1.02), p(1), p(1.05), p(1.15)],
        // towards −t: never reaches 0.6 (censored at 2); towards +t: non-finite at t = 1, width 1
        [p(0.55), p(0.52), p(0.5), p(null), p(null)],
      ],
      nonFinite: 2,
    };
    const w = rayWidth(r, 0.1);
    [1.5, 1.2, 1, 2].forEach((x, i) => expect(w.perRay[i]).toBeCloseTo(x, 12));
    expect(w.mean).toBeCloseTo((1.5 + 1.2 + 1 + 2) / 4, 12);
    expect(w.censored).toBe(1);
  });
});
