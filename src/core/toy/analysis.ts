/**
 * What the convnet panels measure, at a toy solution: the exact 2×2 Hessian
 * (double backprop, the convnet's `hessianVectorProduct` with e₁ and e₂), its
 * eigenvalues and eigenvectors in closed form, the loss along a random ray and
 * along the top eigenvector, the ray width (the convnet's `rayWidth`), and the
 * basin the point lies in (where gradient flow from it ends).
 */
import * as tf from '@tensorflow/tfjs';
import { hessianVectorProduct } from '../hessian/hvp';
import type { PointValue } from '../probes/landscape';
import { type RayWidth, rayWidth } from '../probes/width';
import type { Rng } from '../rng';
import { type Landscape, type NamedMinimum, type Point, lossAt } from './landscapes';

export interface Eigen2 {
  /** λ1 ≥ λ2. */
  values: [number, number];
  /** Unit eigenvectors of λ1 and λ2. */
  vectors: [Point, Point];
}

/** Eigen-decomposition of the symmetric matrix [[a, b], [b, d]]: λ = (a + d)/2 ± √(((a − d)/2)² + b²). */
export function symmetricEigen2(a: number, b: number, d: number): Eigen2 {
  const m = (a + d) / 2;
  const r = Math.hypot((a - d) / 2, b);
  const l1 = m + r;
  const l2 = m - r;
  let v: Point;
  if (b === 0) v = a >= d ? [1, 0] : [0, 1];
  else {
    const n = Math.hypot(l1 - d, b);
    v = [(l1 - d) / n, b / n];
  }
  return { values: [l1, l2], vectors: [v, [-v[1], v[0]]] };
}

export function loss(l: Landscape, p: Point): number {
  return tf.tidy(() => lossAt(l, tf.tensor1d(p)).dataSync()[0]!);
}

/** L at each of `points`, in one evaluation. */
export function losses(l: Landscape, points: readonly Point[]): number[] {
  if (points.length === 0) return [];
  return tf.tidy(() => Array.from(l.loss(tf.tensor1d(points.map((p) => p[0])), tf.tensor1d(points.map((p) => p[1]))).dataSync()));
}

export function gradient(l: Landscape, p: Point): Point {
  return tf.tidy(() => {
    const g = tf
      .grad((w: tf.Tensor) => lossAt(l, w))(tf.tensor1d(p))
      .dataSync();
    return [g[0]!, g[1]!];
  });
}

/** ∇²L at p, by exact Hessian-vector products with e₁ and e₂ (symmetrised against round-off). */
export function hessian(l: Landscape, p: Point): [[number, number], [number, number]] {
  const column = (e: Point) =>
    tf.tidy(() => {
      const [hv] = hessianVectorProduct((ps) => lossAt(l, ps[0]!), [tf.tensor1d(p)], [tf.tensor1d(e)]);
      const d = hv!.dataSync();
      return [d[0]!, d[1]!] as Point;
    });
  const [c1, c2] = [column([1, 0]), column([0, 1])];
  const off = (c1[1] + c2[0]) / 2;
  return [
    [c1[0], off],
    [off, c2[1]],
  ];
}

/**
 * Where gradient flow from p ends: steps along −∇L no longer than 0.02 (a
 * fraction of the narrowest well), halved until the loss decreases, and
 * Newton steps once the Hessian is positive definite and the step is that
 * short. Stops at ‖∇L‖ < 1e-6 or after `maxIter` steps.
 */
export function descend(l: Landscape, p: Point, maxIter = 5000): Point {
  let x: Point = [...p];
  let fx = loss(l, x);
  for (let it = 0; it < maxIter; it++) {
    const g = gradient(l, x);
    const gn = Math.hypot(g[0], g[1]);
    if (gn < 1e-6) break;
    const h = hessian(l, x);
    const det = h[0][0] * h[1][1] - h[0][1] ** 2;
    if (h[0][0] > 0 && det > 0) {
      const nx = (h[1][1] * g[0] - h[0][1] * g[1]) / det;
      const ny = (h[0][0] * g[1] - h[0][1] * g[0]) / det;
      if (Math.hypot(nx, ny) < 0.02) {
        x = [x[0] - nx, x[1] - ny];
        fx = loss(l, x);
        continue;
      }
    }
    let s = Math.min(1, 0.02 / gn);
    for (let tries = 0; tries < 40; tries++) {
      const y: Point = [x[0] - s * g[0], x[1] - s * g[1]];
      const fy = loss(l, y);
      if (fy < fx) {
        x = y;
        fx = fy;
        break;
      }
      s /= 2;
    }
  }
  return x;
}

export interface Basin {
  /** The local minimum gradient flow reaches. */
  minimum: Point;
  /** The landscape's named minimum it is, if any (within 0.05). */
  named: NamedMinimum | null;
}

/** The named minima, located numerically from their `near` points (cached per landscape). */
const located = new Map<string, Point[]>();
export function namedMinima(l: Landscape): Point[] {
  let m = located.get(l.id);
  if (!m) {
    m = l.minima.map((n) => descend(l, n.near));
    located.set(l.id, m);
  }
  return m;
}

export function basinOf(l: Landscape, p: Point): Basin {
  const minimum = descend(l, p);
  const i = namedMinima(l).findIndex((m) => Math.hypot(m[0] - minimum[0], m[1] - minimum[1]) < 0.05);
  return { minimum, named: i >= 0 ? l.minima[i]! : null };
}

/** L(p + t·d) for every t, in one evaluation. */
export function rayLoss(l: Landscape, p: Point, d: Point, t: readonly number[]): number[] {
  return tf.tidy(() => {
    const ts = tf.tensor1d(t as number[]);
    return Array.from(l.loss(tf.add(p[0], tf.mul(ts, d[0])), tf.add(p[1], tf.mul(ts, d[1]))).dataSync());
  });
}

export interface ToyAnalysis {
  point: Point;
  loss: number;
  gradNorm: number;
  hessian: [[number, number], [number, number]];
  eigen: Eigen2;
  basin: Basin;
  /** t from −tMax to tMax; loss along the random unit ray and along the top eigenvector. */
  t: number[];
  randomRay: { direction: Point; loss: number[] };
  eigenRay: { direction: Point; loss: number[] };
  /** Distance along ±d at which L rises by `delta`, over the two half-rays of each direction. */
  width: { random: RayWidth; eigen: RayWidth };
}

export interface ToyAnalysisOptions {
  tMax: number;
  points: number;
  delta: number;
}

export const DEFAULT_TOY_ANALYSIS: ToyAnalysisOptions = { tMax: 1.5, points: 61, delta: 0.1 };

/** The same quantities as the convnet panels, at `p`; `rng` draws the random ray's direction. */
export function analyzePoint(l: Landscape, p: Point, rng: Rng, o: ToyAnalysisOptions = DEFAULT_TOY_ANALYSIS): ToyAnalysis {
  const h = hessian(l, p);
  const eigen = symmetricEigen2(h[0][0], h[0][1], h[1][1]);
  const g = gradient(l, p);
  const angle = 2 * Math.PI * rng.next();
  const random: Point = [Math.cos(angle), Math.sin(angle)];
  const top = eigen.vectors[0];
  const n = o.points % 2 === 1 ? o.points : o.points + 1;
  const t = Array.from({ length: n }, (_, i) => -o.tMax + (2 * o.tMax * i) / (n - 1));
  const half = t.slice((n - 1) / 2);
  const widthAlong = (d: Point): RayWidth => {
    const curve = (s: number) =>
      rayLoss(l, p, [s * d[0], s * d[1]], half).map((v): PointValue => ({
        trainLoss: Number.isFinite(v) ? v : null,
        trainError: null,
        testError: null,
      }));
    return rayWidth({ t: half, curves: [curve(1), curve(-1)], nonFinite: 0 }, o.delta);
  };
  return {
    point: [...p],
    loss: loss(l, p),
    gradNorm: Math.hypot(g[0], g[1]),
    hessian: h,
    eigen,
    basin: basinOf(l, p),
    t,
    randomRay: { direction: random, loss: rayLoss(l, p, random, t) },
    eigenRay: { direction: top, loss: rayLoss(l, p, top, t) },
    width: { random: widthAlong(random), eigen: widthAlong(top) },
  };
}
