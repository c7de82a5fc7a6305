import { describe, expect, it } from 'vitest';
import { regularizedLoss } from '../../src/core/models/loss';

describe('regularizedLoss', () => {
  it('is L(w) + λ‖w‖² (closed form: ‖(1, −2, 2)‖² = 9)', () => {
    // 0.7 + 0.01 · 9 = 0.79
    expect(regularizedLoss(0.7, Float32Array.from([1, -2, 2]), 0.01)).toBeCloseTo(0.79, 12);
    expect(regularizedLoss(0.7, Float32Array.from([1, -2, 2]), 0)).toBe(0.7);
  });

  it('sums ‖w‖² in float64: 10⁶ weights of 10⁻³ give exactly 1 to 1e-9', () => {
    // float32 accumulation would drift by ~1e-4 here; the sum of 10⁶ · (10⁻³)² is 1.
    const w = new Float32Array(1_000_000).fill(1e-3);
    expect(regularizedLoss(0, w, 1)).toBeCloseTo(Math.fround(1e-3) ** 2 * 1e6, 9);
  });

  it('is non-finite when the data loss or a weight is', () => {
    expect(regularizedLoss(Number.NaN, Float32Array.from([1]), 0.1)).toBeNaN();
    expect(regularizedLoss(1, Float32Array.from([Infinity]), 0.1)).toBe(Infinity);
  });
});
