import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../../src/core/data/dataset';
import { regularizedLoss } from '../../src/core/models/loss';
import { paramShapes } from '../../src/core/models/spec';
import { vectorFromArray, vectorRead } from '../../src/core/params';
import { gridMinimum, planeGrid, planeProbe, planeThrough } from '../../src/core/probes/plane';
import { createRng } from '../../src/core/rng';
import { evaluate } from '../../src/core/train/evaluate';
import { Trainer } from '../../src/core/train/trainer';
import { TINY_MODEL, tinyData, tinyRun } from '../helpers';

/** ⟨x, y⟩ in float64. */
const dot = (x: ArrayLike<number>, y: ArrayLike<number>) => Array.from(x).reduce((s, xi, i) => s + xi * y[i]!, 0);
const norm = (x: ArrayLike<number>) => Math.sqrt(dot(x, x));
const sub = (x: ArrayLike<number>, y: ArrayLike<number>) => Array.from(x, (xi, i) => xi - y[i]!);

function gaussian(size: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size }, () => scale * rng.normal());
}

describe('planeThrough', () => {
  it('closed form: points along e₁ and −e₂ from p₀ give u = e₁, v = −e₂; a further point projects onto its (a, b) at its distance', () => {
    const p0 = Float32Array.from([1, 1, 1, 1]);
    const plane = planeThrough([p0, Float32Array.from([4, 1, 1, 1]), Float32Array.from([2, -1, 1, 1])]);
    expect(Array.from(plane.u)).toEqual([1, 0, 0, 0]);
    expect(Array.from(plane.v)).toEqual([0, -1, 0, 0]);
    expect(plane.coords).toEqual([
      { a: 0, b: 0 },
      { a: 3, b: 0 },
      { a: 1, b: 2 },
    ]);
    // w = p₀ + 1.5·e₁ − 0.5·e₂ + 5·e₃ + 0·e₄: (a, b) = (1.5, 0.5), distance 5.
    expect(plane.project(Float32Array.from([2.5, 0.5, 6, 1]))).toEqual({ a: 1.5, b: 0.5, distance: 5 });
  });

  it('random points: an orthonormal basis, each point reconstructed, coordinates from lengths and angles, the centroid in the plane', () => {
    const size = 2000;
    const p = [gaussian(size, 1), gaussian(size, 2), gaussian(size, 3)];
    const plane = planeThrough(p);
    expect(dot(plane.u, plane.u)).toBeCloseTo(1, 6);
    expect(dot(plane.v, plane.v)).toBeCloseTo(1, 6);
    expect(Math.abs(dot(plane.u, plane.v))).toBeLessThan(1e-6);
    // Independent coordinates: a₁ = ‖d₁‖; a₂ = ⟨d₂, d₁⟩/‖d₁‖; b₂ = √(‖d₂‖² − a₂²) (Pythagoras).
    const [d1, d2] = [sub(p[1]!, p[0]!), sub(p[2]!, p[0]!)];
    const a2 = dot(d2, d1) / norm(d1);
    const expected = [
      [0, 0],
      [norm(d1), 0],
      [a2, Math.sqrt(dot(d2, d2) - a2 * a2)],
    ];
    plane.coords.forEach((c, i) => {
      expect(c.a).toBeCloseTo(expected[i]![0]!, 9);
      expect(c.b).toBeCloseTo(expected[i]![1]!, 9);
      const rebuilt = Array.from(p[0]!, (x, k) => x + c.a * plane.u[k]! + c.b * plane.v[k]!);
      expect(norm(sub(rebuilt, p[i]!)) / norm(p[i]!)).toBeLessThan(1e-6);
    });
    const centroid = Float32Array.from(p[0]!, (x, k) => (x + p[1]![k]! + p[2]![k]!) / 3);
    const c = plane.project(centroid);
    expect(c.a).toBeCloseTo((expected[1]![0]! + expected[2]![0]!) / 3, 5);
    expect(c.b).toBeCloseTo(expected[2]![1]! / 3, 5);
    expect(c.distance / norm(centroid)).toBeLessThan(1e-6);
    // Off the plane: p₀ + 2·d₁ + 5·n with n a unit vector orthogonal to d₁ and d₂ (two Gram–Schmidt steps written here).
    const unit = (x: number[]) => x.map((xi) => xi / norm(x));
    const minus = (x: number[], e: number[]) => x.map((xi, i) => xi - dot(x, e) * e[i]!);
    const e1 = unit(d1);
    const e2 = unit(minus(d2, e1));
    const n = unit(minus(minus(Array.from(gaussian(size, 4)), e1), e2));
    const off = plane.project(Float32Array.from(p[0]!, (x, i) => x + 2 * d1[i]! + 5 * n[i]!));
    expect(off.a).toBeCloseTo(2 * norm(d1), 3);
    expect(off.b).toBeCloseTo(0, 3);
    expect(off.distance).toBeCloseTo(5, 3);
  });

  it('refuses a wrong count, mismatched lengths, non-finite values, coincident and collinear points, naming the value', () => {
    const v = (...x: number[]) => Float32Array.from(x);
    const p0 = v(1, 2, 3);
    const p1 = v(2, 2, 3);
    expect(() => planeThrough([p0, p1])).toThrow('a plane needs exactly 3 points, got 2');
    expect(() => planeThrough([p0, p1, v(1, 2)])).toThrow('p₂ has 2 values, p₀ has 3');
    expect(() => planeThrough([p0, v(1, Infinity, 0), v(0, 0, 1)])).toThrow('p₁ has a non-finite value at index 1: Infinity');
    expect(() => planeThrough([p0, p1, v(0, NaN, 1)])).toThrow('p₂ has a non-finite value at index 1: NaN');
    expect(() => planeThrough([p0, p0, v(0, 0, 1)])).toThrow('p₁ coincides with p₀: ‖p₁ − p₀‖ = 0');
    expect(() => planeThrough([p0, p1, p0])).toThrow('p₂ coincides with p₀: ‖p₂ − p₀‖ = 0');
    expect(() => planeThrough([p0, p1, p1])).toThrow('p₂ coincides with p₁: ‖p₂ − p₁‖ = 0');
    // p₂ = p₀ + 2(p₁ − p₀), exactly representable: on the line.
    expect(() => planeThrough([p0, p1, v(3, 2, 3)])).toThrow('the points are collinear: p₂’s distance from the line through p₀ and p₁ = 0');
    // Within 10⁻⁶ of the largest norm (‖(3, 2, 3)‖ = √22) of the line: still refused; just beyond it: a plane.
    expect(() => planeThrough([p0, p1, v(3, 2, 3 + 4e-6)])).toThrow('collinear');
    expect(planeThrough([p0, p1, v(3, 2, 3 + 1e-5)]).coords[2].b).toBeCloseTo(1e-5, 6);
    expect(() => planeThrough([p0, p1, v(0, 0, 1)]).project(v(1, 2))).toThrow('w has 2 values, p₀ has 3');
  });
});

describe('planeGrid and gridMinimum', () => {
  it('a square grid over the points’ bounding box, margin × the longer side beyond it on each side', () => {
    // Box a ∈ [0, 4], b ∈ [0, 2]; longer side 4, margin 0.25 → 1 beyond it; side 6 centred on (2, 1).
    const g = planeGrid(
      [
        { a: 0, b: 0 },
        { a: 4, b: 0 },
        { a: 1, b: 2 },
      ],
      5,
    );
    expect(g.a).toEqual([-1, 0.5, 2, 3.5, 5]);
    expect(g.b).toEqual([-2, -0.5, 1, 2.5, 4]);
    // A marked point widens the box: a ∈ [0, 4], b ∈ [−4, 2] → side 6·1.5 = 9, centred on (2, −1).
    const marked = planeGrid(
      [
        { a: 0, b: 0 },
        { a: 4, b: 0 },
        { a: 1, b: 2 },
        { a: 2, b: -4 },
      ],
      3,
    );
    expect(marked).toEqual({ a: [-2.5, 2, 6.5], b: [-5.5, -1, 3.5] });
    expect(() => planeGrid([{ a: 0, b: 0 }], 5)).toThrow('span no area');
    expect(() => planeGrid([{ a: 0, b: 0 }], 42)).toThrow('points must be ≤ 41, got 42');
    expect(() => planeGrid([{ a: 0, b: 0 }], 1)).toThrow('points must be ≥ 2, got 1');
    expect(() => planeGrid([{ a: 0, b: 1 }], 5, -0.1)).toThrow('margin must be ≥ 0, got -0.1');
    expect(() => planeGrid([{ a: NaN, b: 1 }], 5)).toThrow('coords[0].a must be a finite number, got NaN');
  });

  it('gridMinimum finds the lowest non-null value and its node', () => {
    const values = [
      [3, null, 2],
      [null, 1, 5],
    ];
    expect(gridMinimum(values, [10, 20, 30], [-1, 1])).toEqual({ value: 1, a: 20, b: 1 });
    expect(gridMinimum([[null]], [0], [0])).toBeNull();
  });
});

/** Direct L2-regularised train loss and test error of flat weights (evaluate + regularizedLoss, no probe code). */
async function direct(w: Float32Array, data: { train: ImageSet; test: ImageSet }, l2: number) {
  const params = vectorFromArray(
    w,
    paramShapes(TINY_MODEL).map((s) => s.shape),
  );
  try {
    const train = await evaluate(TINY_MODEL, { params, state: [] }, data.train);
    const test = await evaluate(TINY_MODEL, { params, state: [] }, data.test);
    return { trainLoss: regularizedLoss(train.loss, w, l2), testError: 1 - test.accuracy };
  } finally {
    tf.dispose(params);
  }
}

/** The flat weights of a tiny run trained with `seed`. */
async function trained(seed: number): Promise<Float32Array> {
  const t = new Trainer(tinyRun({ seed }), tinyData());
  try {
    await t.run();
    return await vectorRead(t.model.params);
  } finally {
    t.dispose();
  }
}

describe('planeProbe on the tiny model', () => {
  const l2 = 0.01;
  const data = tinyData();
  const shapes = paramShapes(TINY_MODEL).map((s) => s.shape);

  it('the three points’ own values equal the grid’s values at their nodes and a direct evaluation', async () => {
    const p = [await trained(1), await trained(2), await trained(3)];
    const plane = planeThrough(p);
    // A grid whose nodes include the three points' coordinates (a₁ > 0 = a₀; b₀ = b₁ = 0 < b₂).
    const a = [...new Set(plane.coords.map((c) => c.a))].sort((x, y) => x - y);
    const b = [0, plane.coords[2].b];
    expect(a.length).toBe(3);
    const origin = { params: vectorFromArray(p[0]!, shapes), state: [] };
    try {
      const progress: number[] = [];
      const res = await planeProbe(TINY_MODEL, origin, plane, a, b, data, { l2, onProgress: (done, total) => progress.push(done / total) });
      expect(progress).toEqual(Array.from({ length: 9 }, (_, i) => (i + 1) / 9));
      expect(res.nonFinite).toBe(0);
      for (let i = 0; i < 3; i++) {
        const own = await direct(p[i]!, data, l2);
        const [ia, jb] = [a.indexOf(plane.coords[i]!.a), b.indexOf(plane.coords[i]!.b)];
        expect(res.trainLoss[jb]![ia]).toBeCloseTo(own.trainLoss, 5);
        expect(res.testError![jb]![ia]).toBeCloseTo(own.testError, 10);
        expect(res.points[i]!.trainLoss).toBeCloseTo(own.trainLoss, 6);
        expect(res.points[i]!.testError).toBeCloseTo(own.testError, 10);
      }
      // Off the points the plane is not flat: the node (a₂, 0) is none of them.
      const a2 = a.indexOf(plane.coords[2].a);
      const others = res.points.map((v) => v.trainLoss!);
      others.forEach((x) => expect(Math.abs(res.trainLoss[0]![a2]! - x)).toBeGreaterThan(1e-4));
    } finally {
      tf.dispose(origin.params);
    }
  });

  it('refuses origin weights that are not p₀; leaks no tensors over repeated probes (BatchNorm model too)', async () => {
    const spec = { ...TINY_MODEL, batchNorm: true };
    const bnShapes = paramShapes(spec).map((s) => s.shape);
    const size = bnShapes.reduce((n, s) => n + s.reduce((x, y) => x * y, 1), 0);
    const p = [gaussian(size, 5, 0.3), gaussian(size, 6, 0.3), gaussian(size, 7, 0.3)];
    const plane = planeThrough(p);
    const state = spec.convs.flatMap((c) => [tf.zeros([c.filters]), tf.ones([c.filters])]);
    const origin = { params: vectorFromArray(p[0]!, bnShapes), state };
    const wrong = { params: vectorFromArray(p[1]!, bnShapes), state };
    try {
      await expect(planeProbe(spec, wrong, plane, [0, 1], [0, 1], data, { l2 })).rejects.toThrow(
        "the origin weights must be the plane's p₀, they differ at index 0",
      );
      const n0 = tf.memory().numTensors;
      const first = await planeProbe(spec, origin, plane, [0, 1], [0, 1], data, { l2 });
      expect(tf.memory().numTensors).toBe(n0);
      const second = await planeProbe(spec, origin, plane, [0, 1], [0, 1], data, { l2 });
      expect(tf.memory().numTensors).toBe(n0);
      expect(second).toEqual(first);
      expect(Array.from(await vectorRead(origin.params))).toEqual(Array.from(p[0]!));
    } finally {
      tf.dispose([...origin.params, ...wrong.params, ...state]);
    }
  });
});
