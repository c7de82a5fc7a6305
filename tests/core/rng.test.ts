import { describe, expect, it } from 'vitest';
import { createRng, permutation } from '../../src/core/rng';

describe('seeded RNG', () => {
  it('the same seed gives the same stream; different seeds differ', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('uniform draws have mean ≈ 1/2 and variance ≈ 1/12; normals ≈ N(0, 1)', () => {
    const r = createRng(1);
    const n = 100_000;
    const u = Array.from({ length: n }, () => r.next());
    const mean = u.reduce((s, x) => s + x, 0) / n;
    const variance = u.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
    // Standard errors: 1/√(12n) ≈ 0.0009 for the mean.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    expect(u.every((x) => x >= 0 && x < 1)).toBe(true);
    const z = Array.from({ length: n }, () => r.normal());
    const zm = z.reduce((s, x) => s + x, 0) / n;
    const zv = z.reduce((s, x) => s + (x - zm) ** 2, 0) / n;
    expect(Math.abs(zm)).toBeLessThan(0.02);
    expect(Math.abs(zv - 1)).toBeLessThan(0.03);
  });

  it('int(n) stays in [0, n) and hits every value; permutation is a permutation', () => {
    const r = createRng(9);
    const seen = new Set(Array.from({ length: 1000 }, () => r.int(7)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const p = permutation(1000, r);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(p.slice(0, 10))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rejects non-integer seeds and bounds', () => {
    expect(() => createRng(1.5)).toThrow('seed must be an integer, got 1.5');
    expect(() => createRng(1).int(0)).toThrow('rng.int bound must be a positive integer, got 0');
  });
});
