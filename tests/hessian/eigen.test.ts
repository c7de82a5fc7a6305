import { describe, expect, it } from 'vitest';
import { spectralDensity } from '../../src/core/hessian/density';
import { ProbeCancelled } from '../../src/core/cancel';
import { lanczos } from '../../src/core/hessian/lanczos';
import type { SymmetricOperator } from '../../src/core/hessian/linalg';
import { powerIteration } from '../../src/core/hessian/power';
import { hutchinsonTrace } from '../../src/core/hessian/trace';
import { createRng } from '../../src/core/rng';

/** A = Q·diag(λ)·Qᵀ with a seeded random orthogonal Q (Gram–Schmidt), and its eigenvectors. */
function knownSpectrum(lambda: number[], seed = 1): { op: SymmetricOperator; q: Float64Array[]; products: () => number } {
  const n = lambda.length;
  const r = createRng(seed);
  const q: Float64Array[] = [];
  while (q.length < n) {
    const v = Float64Array.from({ length: n }, () => r.normal());
    for (const u of q) {
      const d = u.reduce((s, x, i) => s + x * v[i]!, 0);
      u.forEach((x, i) => (v[i]! -= d * x));
    }
    const nv = Math.hypot(...v);
    q.push(v.map((x) => x / nv));
  }
  let count = 0;
  const op: SymmetricOperator = {
    size: n,
    apply: (x) => {
      count += 1;
      const y = new Float64Array(n);
      q.forEach((u, i) => {
        const c = lambda[i]! * u.reduce((s, ui, j) => s + ui * x[j]!, 0);
        u.forEach((ui, j) => (y[j]! += c * ui));
      });
      return Promise.resolve(y);
    },
  };
  return { op, q, products: () => count };
}

const align = (a: Float64Array, b: Float64Array) => Math.abs(a.reduce((s, x, i) => s + x * b[i]!, 0));

/**
 * The m-point Gauss rule of the discrete measure Σᵢ wᵢ δ(xᵢ) (w normalised to sum 1), computed without the
 * Lanczos code: Stieltjes' three-term recurrence for the monic orthogonal polynomials,
 * p_{k+1}(x) = (x − α_k) p_k(x) − β_k p_{k−1}(x), gives the Jacobi matrix J (α on the diagonal, √β beside it);
 * its eigenvalues are the nodes and the squared first components of its eigenvectors the weights (eigenpairs
 * by cyclic Jacobi rotations). Returns (node, weight) pairs, largest node first.
 */
function gaussRule(x: number[], w: number[], m: number): [number, number][] {
  const total = w.reduce((a, b) => a + b, 0);
  const inner = (f: (i: number) => number) => x.reduce((s, _, i) => s + (w[i]! / total) * f(i), 0);
  const alpha: number[] = [];
  const beta: number[] = [];
  let [prev, cur, prevNorm] = [x.map(() => 0), x.map(() => 1), 1];
  for (let k = 0; k < m; k++) {
    const norm = inner((i) => cur[i]! ** 2);
    const a = inner((i) => x[i]! * cur[i]! ** 2) / norm;
    const b = k === 0 ? 0 : norm / prevNorm;
    alpha.push(a);
    if (k > 0) beta.push(b);
    [prev, cur, prevNorm] = [cur, cur.map((p, i) => (x[i]! - a) * p - b * prev[i]!), norm];
  }
  const J = alpha.map((a, i) => alpha.map((_, j) => (i === j ? a : Math.abs(i - j) === 1 ? Math.sqrt(beta[Math.min(i, j)]!) : 0)));
  const V = alpha.map((_, i) => alpha.map((_, j) => (i === j ? 1 : 0)));
  // J ← GᵀJG and V ← VG for the rotation G in the (p, r) plane that zeroes J[p][r] (Numerical Recipes' choice of angle).
  const rotate = (p: number, r: number) => {
    const theta = (J[r]![r]! - J[p]![p]!) / (2 * J[p]![r]!);
    const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    const c = 1 / Math.sqrt(t * t + 1);
    const s = t * c;
    for (const M of [J, V]) for (const row of M) [row[p], row[r]] = [c * row[p]! - s * row[r]!, s * row[p]! + c * row[r]!];
    [J[p], J[r]] = [J[p]!.map((v, k) => c * v - s * J[r]![k]!), J[p]!.map((v, k) => s * v + c * J[r]![k]!)];
  };
  for (let sweep = 0; sweep < 50; sweep++)
    for (let p = 0; p < m; p++) for (let r = p + 1; r < m; r++) if (Math.abs(J[p]![r]!) > 1e-300) rotate(p, r);
  return alpha.map((_, j): [number, number] => [J[j]![j]!, V[0]![j]! ** 2]).sort((a, b) => b[0] - a[0]);
}

/** (node, weight) pairs of a quadrature, largest node first. */
const byNode = (nodes: number[], weights: number[]) => nodes.map((x, i): [number, number] => [x, weights[i]!]).sort((a, b) => b[0] - a[0]);

// Outliers 10, 9.9 (close), 7; a bulk in [−1, 2] with negative eigenvalues; a negative outlier −3.
const r = createRng(5);
const SPECTRUM = [10, 9.9, 7, -3, ...Array.from({ length: 56 }, () => -1 + 3 * r.next())];

describe('eigenvalues of a matrix with a known spectrum', () => {
  it('Lanczos finds the top 3 within 1e-3 relative, with their eigenvectors', async () => {
    const { op, q } = knownSpectrum(SPECTRUM);
    const res = await lanczos(op, { k: 3, tol: 1e-6, seed: 2 });
    expect(res.converged).toBe(true);
    [10, 9.9, 7].forEach((l, i) => expect(Math.abs(res.values[i]! - l) / l).toBeLessThan(1e-3));
    res.vectors.forEach((v, i) => expect(align(v, q[i]!)).toBeGreaterThan(0.999));
    expect(res.hvps).toBeLessThanOrEqual(60);
  });

  it('power iteration with deflation agrees with Lanczos (and needs more products)', async () => {
    const { op } = knownSpectrum(SPECTRUM);
    const l = await lanczos(op, { k: 3, tol: 1e-4, seed: 2 });
    const p = await powerIteration(op, { k: 3, tol: 1e-6, maxIter: 2000, seed: 2 });
    p.values.forEach((v, i) => expect(Math.abs(v - l.values[i]!) / l.values[i]!).toBeLessThan(0.01));
    expect(p.hvps).toBeGreaterThan(l.hvps);
  });

  it('a warm start near the top eigenvector needs far fewer products than a cold one', async () => {
    const { op, q } = knownSpectrum(SPECTRUM);
    const warm = q[0]!.map((x, i) => x + 1e-3 * Math.sin(i));
    const cold = await lanczos(op, { k: 1, tol: 1e-4, seed: 3 });
    const res = await lanczos(op, { k: 1, tol: 1e-4, start: warm });
    expect(res.values[0]).toBeCloseTo(10, 3);
    expect(res.hvps).toBeLessThanOrEqual(Math.min(6, cold.hvps / 2));
  });

  it('finds negative eigenvalues at the bottom of the spectrum (Lanczos of −H)', async () => {
    const { op } = knownSpectrum(SPECTRUM);
    const neg: SymmetricOperator = { size: op.size, apply: async (x) => (await op.apply(x)).map((y) => -y) };
    const res = await lanczos(neg, { k: 1, tol: 1e-6 });
    expect(-res.values[0]!).toBeCloseTo(-3, 4);
  });

  it('Hutchinson: the trace lies within 3 standard errors of the true trace', async () => {
    const { op } = knownSpectrum(SPECTRUM);
    const truth = SPECTRUM.reduce((a, b) => a + b, 0);
    const res = await hutchinsonTrace(op, { maxSamples: 200, minSamples: 200, seed: 4 });
    expect(res.samples.length).toBe(200);
    expect(Math.abs(res.trace - truth)).toBeLessThan(3 * res.se);
    expect(res.se).toBeGreaterThan(0);
  });

  it('spectral density: each run’s weights sum to 1, the curve integrates to 1, peaks sit at the clusters', async () => {
    const rr = createRng(8);
    const clusters: [number, number][] = [
      [-2, 60],
      [0, 150],
      [5, 90],
    ];
    const spectrum = clusters.flatMap(([c, n]) => Array.from({ length: n }, () => c + 0.05 * rr.normal()));
    const { op } = knownSpectrum(spectrum, 3);
    const res = await spectralDensity(op, { runs: 5, steps: 40, sigma: 0.2, gridSize: 801, seed: 6 });
    res.weights.forEach((w) => expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10));
    // Simpson's rule, independent of the trapezoid normalisation.
    const h = res.grid[1]! - res.grid[0]!;
    const d = res.density;
    let simpson = d[0]! + d[d.length - 1]!;
    for (let i = 1; i < d.length - 1; i++) simpson += (i % 2 ? 4 : 2) * d[i]!;
    expect((simpson * h) / 3).toBeCloseTo(1, 3);
    // Local maxima near −2, 0, 5, each holding about its share of the 300 eigenvalues.
    const peaks = d.flatMap((v, i) => (i > 0 && i < d.length - 1 && v > d[i - 1]! && v >= d[i + 1]! && v > 0.02 ? [res.grid[i]!] : []));
    expect(peaks.length).toBe(3);
    clusters.forEach(([c], i) => expect(Math.abs(peaks[i]! - c)).toBeLessThan(0.1));
    clusters.forEach(([c, n]) => {
      const mass = d.reduce((a, v, i) => a + (Math.abs(res.grid[i]! - c) < 1 ? v * h : 0), 0);
      expect(Math.abs(mass - n / 300)).toBeLessThan(0.1);
    });
  });

  it('stops with ProbeCancelled when aborted, and validates k', async () => {
    const { op } = knownSpectrum(SPECTRUM);
    const ac = new AbortController();
    const run = lanczos(op, { k: 2, tol: 1e-12, onProgress: (done) => done === 5 && ac.abort(), signal: ac.signal });
    await expect(run).rejects.toThrow(ProbeCancelled);
    await expect(lanczos(op, { k: 0 })).rejects.toThrow('k must be ≥ 1, got 0');
    await expect(lanczos(op, { k: 2, tol: 0 })).rejects.toThrow('tol must be > 0, got 0');
  });
});

describe('one Lanczos run as three estimates', () => {
  const lambda = [9, 5, 3, 2, 1.5, 1, 0.5, 0.25, -0.5, -1];
  const z = Float64Array.from([1, -1, 1, 1, -1, 1, -1, -1, 1, -1]);

  it('its quadrature weights sum to 1 and α₁ is zᵀAz/‖z‖², a Hutchinson sample', async () => {
    const { op, q } = knownSpectrum(lambda, 4);
    const r = await lanczos(op, { k: 2, tol: 1e-12, maxIter: 10, start: z });
    expect(r.quadrature.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // zᵀAz = Σᵢ λᵢ (uᵢᵀz)², from the known eigenpairs.
    const zAz = q.reduce((s, u, i) => s + lambda[i]! * u.reduce((t, x, j) => t + x * z[j]!, 0) ** 2, 0);
    expect(z.length * r.quadrature.alpha1).toBeCloseTo(zAz, 10);
    // Exhausted after n steps: the nodes are the spectrum, the weights (uᵢᵀz)²/‖z‖².
    expect([...r.quadrature.nodes].sort((a, b) => b - a).map((x) => x.toFixed(8))).toEqual(lambda.map((x) => x.toFixed(8)));
  });

  it('its quadrature is an SLQ run: it and spectralDensity, from the same Rademacher start and steps, give the same Gauss rule', async () => {
    const { op, q } = knownSpectrum(lambda, 5);
    const density = await spectralDensity(op, { runs: 1, steps: 4, seed: 3 });
    const rng = createRng(3);
    const start = Float64Array.from({ length: lambda.length }, () => (rng.next() < 0.5 ? -1 : 1));
    const r = await lanczos(op, { k: 1, tol: 1e-12, maxIter: 4, start });
    // Independent: the spectral measure of the start, Σᵢ (uᵢᵀz)²/‖z‖² δ(λᵢ) from the known eigenpairs, and its 4-point Gauss rule.
    const expected = gaussRule(
      lambda,
      q.map((u) => u.reduce((s, x, j) => s + x * start[j]!, 0) ** 2),
      4,
    );
    for (const got of [byNode(r.quadrature.nodes, r.quadrature.weights), byNode(density.nodes[0]!, density.weights[0]!)]) {
      expect(got.length).toBe(4);
      got.forEach(([node, weight], i) => {
        expect(node).toBeCloseTo(expected[i]![0], 9);
        expect(weight).toBeCloseTo(expected[i]![1], 9);
      });
    }
  });

  it('Hutchinson counts prior samples towards its mean and its budget', async () => {
    const { op } = knownSpectrum(lambda, 6);
    const r = await hutchinsonTrace(op, { prior: [100], maxSamples: 3, minSamples: 2, tol: 0, seed: 2 });
    expect(r.samples.length).toBe(3);
    expect(r.samples[0]).toBe(100);
    expect(r.hvps).toBe(2);
    expect(r.trace).toBeCloseTo((100 + r.samples[1]! + r.samples[2]!) / 3, 12);
  });
});
