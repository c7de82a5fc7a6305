import { describe, expect, it } from 'vitest';
import { pathGrid, projectOntoPlane, trajectoryPlane } from '../../src/core/probes/trajectory';
import { createRng } from '../../src/core/rng';

/** Float64 dot product written here (not the code under test). */
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
};

/**
 * The top two eigenpairs of the covariance S = Σᵢ cᵢcᵢᵀ (P×P, float64) of the centred rows
 * cᵢ = (wᵢ − w_final) − mean, by power iteration with deflation (S ← S − λ·v·vᵀ).
 */
function covariancePca(iterates: Float32Array[], final: Float32Array): { values: number[]; vectors: number[][]; trace: number } {
  const P = final.length;
  const rows = iterates.map((w) => Array.from(w, (x, k) => x - final[k]!));
  const mean = Array.from({ length: P }, (_, k) => rows.reduce((s, r) => s + r[k]!, 0) / rows.length);
  const c = rows.map((r) => r.map((x, k) => x - mean[k]!));
  const S = Array.from({ length: P }, (_, a) => Array.from({ length: P }, (_, b) => c.reduce((s, r) => s + r[a]! * r[b]!, 0)));
  const trace = S.reduce((s, row, a) => s + row[a]!, 0);
  const values: number[] = [];
  const vectors: number[][] = [];
  for (let e = 0; e < 2; e++) {
    let v = Array.from({ length: P }, (_, k) => 1 + k);
    for (let it = 0; it < 5000; it++) {
      const Sv = S.map((row) => dot(row, v));
      const n = Math.sqrt(dot(Sv, Sv));
      v = Sv.map((x) => x / n);
    }
    const lambda = dot(
      S.map((row) => dot(row, v)),
      v,
    );
    values.push(lambda);
    vectors.push(v);
    for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) S[a]![b]! -= lambda * v[a]! * v[b]!;
  }
  return { values, vectors, trace };
}

describe('the trajectory plane (PCA of wᵢ − w_final)', () => {
  it('recovers known principal axes and variances of a hand-made 3-D path', () => {
    // w_final + (5 + aᵢ)·e₁ + bᵢ·e₂ + cᵢ·e₃ with rotated axes e₁ = (1, 1, 0)/√2, e₂ = (0, 0, 1), e₃ = (1, −1, 0)/√2;
    // a, b, c have mean 0 and are orthogonal, Σa² = 36, Σb² = 4, Σc² = 1: ratios 36/41 and 4/41, directions ±e₁, ±e₂.
    const r = Math.SQRT1_2;
    const [e1, e2, e3] = [
      [r, r, 0],
      [0, 0, 1],
      [r, -r, 0],
    ];
    const a = [3, -3, 3, -3];
    const b = [1, 1, -1, -1];
    const c = [0.5, -0.5, -0.5, 0.5];
    const final = Float32Array.of(1, 2, 3);
    const iterates = a.map((_, i) => Float32Array.from(final, (f, k) => f + (5 + a[i]!) * e1[k]! + b[i]! * e2[k]! + c[i]! * e3[k]!));
    const plane = trajectoryPlane(iterates, final);
    expect(plane.explained[0]).toBeCloseTo(36 / 41, 6);
    expect(plane.explained[1]).toBeCloseTo(4 / 41, 6);
    // Oriented so that the first iterate has coordinates ≥ 0: d₁ = e₁, d₂ = e₂.
    Array.from(plane.directions[0]).forEach((x, k) => expect(x).toBeCloseTo(e1[k]!, 6));
    Array.from(plane.directions[1]).forEach((x, k) => expect(x).toBeCloseTo(e2[k]!, 6));
    // Coordinates are not centred: the final weights are the origin.
    plane.points.forEach((p, i) => {
      expect(p.x).toBeCloseTo(5 + a[i]!, 5);
      expect(p.y).toBeCloseTo(b[i]!, 5);
      expect(p.offPlane).toBeCloseTo(Math.abs(c[i]!), 5);
    });
    expect(projectOntoPlane(plane, final)).toEqual({ x: 0, y: 0, offPlane: 0 });
  });

  it('agrees with power iteration on the covariance matrix on a random path', () => {
    const rng = createRng(11);
    const P = 6;
    // A random walk with a drift: a path with a dominant direction, as training gives.
    const iterates: Float32Array[] = [];
    let w = Array.from({ length: P }, () => rng.normal());
    for (let i = 0; i < 7; i++) {
      iterates.push(Float32Array.from(w));
      w = w.map((x, k) => x + 0.3 * rng.normal() + (k === 2 ? 1 : 0));
    }
    const final = iterates[iterates.length - 1]!;
    const plane = trajectoryPlane(iterates, final);
    const ref = covariancePca(iterates, final);
    expect(plane.explained[0]).toBeCloseTo(ref.values[0]! / ref.trace, 6);
    expect(plane.explained[1]).toBeCloseTo(ref.values[1]! / ref.trace, 6);
    plane.directions.forEach((d, k) => expect(Math.abs(dot(d, ref.vectors[k]!))).toBeCloseTo(1, 6));
    // Orthonormal (float32 storage).
    const [d1, d2] = plane.directions;
    expect(dot(d1, d1)).toBeCloseTo(1, 6);
    expect(dot(d2, d2)).toBeCloseTo(1, 6);
    expect(dot(d1, d2)).toBeCloseTo(0, 6);
    // Coordinates are the projections of wᵢ − w_final on the returned directions, and ‖m‖² = x² + y² + off².
    plane.points.forEach((p, i) => {
      const m = Array.from(iterates[i]!, (x, k) => x - final[k]!);
      expect(p.x).toBeCloseTo(dot(m, d1), 6);
      expect(p.y).toBeCloseTo(dot(m, d2), 6);
      expect(p.x ** 2 + p.y ** 2 + p.offPlane ** 2).toBeCloseTo(dot(m, m), 5);
      if (i === 0) expect(p.x >= 0 && p.y >= 0).toBe(true);
    });
    expect(plane.points[plane.points.length - 1]).toEqual({ x: 0, y: 0, offPlane: 0 });
  });

  it('refuses paths it cannot draw, saying why', () => {
    const v = (...x: number[]) => Float32Array.of(...x);
    const final = v(0, 0, 0);
    expect(() => trajectoryPlane([v(1, 0, 0), final], final)).toThrow('a trajectory needs at least 3 iterates, got 2');
    expect(() => trajectoryPlane([v(1, 0, 0), v(0, NaN, 0), final], final)).toThrow('a non-finite value (NaN) at index 1 of iterate 1');
    expect(() => trajectoryPlane([v(1, 0), v(0, 1, 0), final], final)).toThrow('iterate 0 has 2 values, the final weights 3');
    expect(() => trajectoryPlane([final, final, final], final)).toThrow('the path does not move: all 3 iterates are the same point');
    expect(() => trajectoryPlane([v(2, 0, 0), v(1, 0, 0), final], final)).toThrow('the path moves along a single line');
    expect(() => trajectoryPlane([v(1, 0, 0), v(0, 1, 0), final], v(Infinity, 0, 0))).toThrow(
      'a non-finite value (Infinity) at index 0 of the final weights',
    );
  });
});

describe('the path grid', () => {
  it('frames the points and the origin with a margin, each axis on its own', () => {
    const points = [
      { x: 3, y: 2, offPlane: 0 },
      { x: -1, y: 0.5, offPlane: 0 },
    ];
    // x spans [−1, 3] (extent 4, margin 1); y spans [0, 2] with the origin (extent 2, margin 0.5).
    expect(pathGrid(points, 3, 0.25)).toEqual({ a: [-2, 1, 4], b: [-0.5, 1, 2.5] });
    expect(() => pathGrid(points, 3, -1)).toThrow('margin must be ≥ 0, got -1');
  });
});
