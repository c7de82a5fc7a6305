import { describe, expect, it } from 'vitest';
import { kendallTau } from '../../src/core/stats';

describe("Kendall's τ-b", () => {
  it('is 1 for a monotone rise and −1 for a monotone fall, whatever the spacing', () => {
    expect(kendallTau([1, 2, 3, 10], [0.1, 0.5, 0.6, 9])).toBe(1);
    expect(kendallTau([1, 2, 3, 10], [9, 0.6, 0.5, 0.1])).toBe(-1);
  });

  it('counts pairs by hand on a small case', () => {
    // x = 1 2 3 4, y = 1 3 2 4: of the 6 pairs only (2,3) is discordant, so τ = (5 − 1)/6 = 2/3.
    expect(kendallTau([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(2 / 3, 12);
  });

  it('corrects for ties (τ-b)', () => {
    // x = 1 1 2 3, y = 1 2 2 3: pairs (1,2) tied in x, (2,3) tied in y; P = 4, Q = 0; n₀ = 6, n₁ = n₂ = 1.
    // τ-b = 4 / √(5 · 5) = 0.8.
    expect(kendallTau([1, 1, 2, 3], [1, 2, 2, 3])).toBeCloseTo(0.8, 12);
  });

  it('has no value without an order to compare, and refuses unequal lengths', () => {
    expect(kendallTau([1], [2])).toBeNull();
    expect(kendallTau([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(() => kendallTau([1, 2], [1])).toThrow(/equal length, got 2 and 1/);
  });
});
