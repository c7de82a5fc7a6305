import { beforeAll, describe, expect, it } from 'vitest';
import { gradient, hessian, loss, losses, namedMinima, symmetricEigen2 } from '../../src/core/toy/analysis';
import { LANDSCAPES, LANDSCAPE_IDS, type Point, landscapeTex, lossGrid } from '../../src/core/toy/landscapes';
import { useNodeCpuBackend } from '../../src/node/backend';
import { referenceGradient, referenceLoss as reference } from './reference';

beforeAll(async () => {
  await useNodeCpuBackend();
});

const probes: Point[] = [
  [-1.45, 1.05],
  [-1.2, 0.9],
  [0.3, -0.2],
  [1.1, -0.4],
  [-2.5, 2],
  [2.2, 1.7],
  [-1.33, 1.2],
];

describe('toy landscapes', () => {
  it('evaluate exactly the documented formula (float32 against float64)', () => {
    for (const id of LANDSCAPE_IDS) {
      const l = LANDSCAPES[id];
      const got = losses(l, probes);
      probes.forEach((p, i) => expect(got[i]).toBeCloseTo(reference(l, p), 4));
      expect(loss(l, probes[0]!)).toBeCloseTo(reference(l, probes[0]!), 4);
    }
  });

  it('the grid is laid out as plotly reads it: z[j][i] = L(xs[i], ys[j])', () => {
    const l = LANDSCAPES['two-basins'];
    const g = lossGrid(l, 9);
    expect(g.xs[0]).toBe(l.domain.x[0]);
    expect(g.ys[8]).toBe(l.domain.y[1]);
    expect(g.z[2]![5]).toBeCloseTo(reference(l, [g.xs[5]!, g.ys[2]!]), 4);
    expect(() => lossGrid(l, 1)).toThrow('grid size must be an integer in [2, 400], got 1');
  });

  it('gradients and Hessians by automatic differentiation match central differences of the formula', () => {
    const h = 1e-6;
    for (const id of LANDSCAPE_IDS) {
      const l = LANDSCAPES[id];
      for (const p of probes) {
        const f = (q: Point) => reference(l, q);
        const fd: Point = [(f([p[0] + h, p[1]]) - f([p[0] - h, p[1]])) / (2 * h), (f([p[0], p[1] + h]) - f([p[0], p[1] - h])) / (2 * h)];
        const g = gradient(l, p);
        const scale = 1 + Math.hypot(...fd);
        expect(Math.hypot(g[0] - fd[0], g[1] - fd[1]) / scale).toBeLessThan(2e-3);
        // The closed-form gradient the simulation tests use, against the same differences.
        const r = referenceGradient(l, p);
        expect(Math.hypot(r[0] - fd[0], r[1] - fd[1]) / scale).toBeLessThan(1e-6);
        const gd = (q: Point): Point => [
          (f([q[0] + h, q[1]]) - f([q[0] - h, q[1]])) / (2 * h),
          (f([q[0], q[1] + h]) - f([q[0], q[1] - h])) / (2 * h),
        ];
        const k = 1e-4;
        const hx = gd([p[0] + k, p[1]]).map((v, i) => (v - gd([p[0] - k, p[1]])[i]!) / (2 * k));
        const hy = gd([p[0], p[1] + k]).map((v, i) => (v - gd([p[0], p[1] - k])[i]!) / (2 * k));
        const H = hessian(l, p);
        const hScale = 1 + Math.abs(hx[0]!) + Math.abs(hy[1]!);
        expect(Math.abs(H[0][0] - hx[0]!) / hScale).toBeLessThan(5e-3);
        expect(Math.abs(H[0][1] - hx[1]!) / hScale).toBeLessThan(5e-3);
        expect(Math.abs(H[1][1] - hy[1]!) / hScale).toBeLessThan(5e-3);
      }
    }
  });

  it('the named minima are where the documented basins put them, with their curvatures', () => {
    const [narrow, wide] = namedMinima(LANDSCAPES['two-basins']);
    expect(narrow![0]).toBeCloseTo(-1.5, 3);
    expect(narrow![1]).toBeCloseTo(1, 3);
    expect(wide![0]).toBeCloseTo(1, 3);
    expect(wide![1]).toBeCloseTo(-0.5, 3);
    const at = (p: Point) => {
      const H = hessian(LANDSCAPES['two-basins'], p);
      return symmetricEigen2(H[0][0], H[0][1], H[1][1]).values;
    };
    at(narrow!).forEach((v) => expect(v).toBeCloseTo(38, 1));
    at(wide!).forEach((v) => expect(v).toBeCloseTo(0.3, 3));
    const ravine = namedMinima(LANDSCAPES.ravine)[0]!;
    const H = hessian(LANDSCAPES.ravine, ravine);
    expect(symmetricEigen2(H[0][0], H[0][1], H[1][1]).values.map((v) => Number(v.toFixed(2)))).toEqual([38, 1.5]);
  });

  it('the 2×2 eigen-decomposition is exact (closed form against the definition)', () => {
    for (const [a, b, d] of [
      [3, 1, 2],
      [1, 0, 5],
      [2, 0, 2],
      [-1, 4, 0.5],
      [38, 0, 38],
    ] as const) {
      const { values, vectors } = symmetricEigen2(a, b, d);
      expect(values[0]).toBeGreaterThanOrEqual(values[1]);
      expect(values[0] + values[1]).toBeCloseTo(a + d, 12);
      expect(values[0] * values[1]).toBeCloseTo(a * d - b * b, 10);
      vectors.forEach((v, k) => {
        expect(Math.hypot(...v)).toBeCloseTo(1, 12);
        expect(a * v[0] + b * v[1]).toBeCloseTo(values[k]! * v[0], 10);
        expect(b * v[0] + d * v[1]).toBeCloseTo(values[k]! * v[1], 10);
      });
    }
  });

  it('writes every landscape as TeX from its parameters', () => {
    expect(landscapeTex(LANDSCAPES['two-basins'])).toBe(
      String.raw`L(w)=-\tau\log\!\big(e^{-q_n/\tau}+e^{-q_w/\tau}\big),\;\; q_n=-0.5+19\,\lVert w-(-1.5,\,1)\rVert^2,\;q_w=0.15\,\lVert w-(1,\,-0.5)\rVert^2,\;\; \tau=0.05`,
    );
    expect(landscapeTex(LANDSCAPES.rugged)).toBe(String.raw`L(w)=0.1\,\lVert w\rVert^2+0.25\,\big(\sin^2 3x+\sin^2 3y\big)`);
    expect(landscapeTex(LANDSCAPES.ravine)).toContain(String.raw`q_n=-0.5+0.75\,(x+1.4)^2+19\,(y-1.1)^2`);
  });
});
