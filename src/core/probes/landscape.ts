/**
 * The loss around a solution, the right-hand side of the lecture's table
 * ("loss rises slowly as the parameters move"):
 *
 *  - `rays`: w(t, d) = w + t·d for several directions d and a grid of t
 *    (the lecture's Figure 4): L2-regularised train cross-entropy on a fixed
 *    train subset, L(w) + λ‖w‖², and the test error;
 *  - `interpolation`: (1 − s)·w_a + s·w_b, s also beyond [0, 1];
 *  - `surface`: w + a·d₁ + b·d₂ on a grid (contour / 3D surface).
 *
 * Probes never modify the solution's variables: every point is a fresh set of
 * tensors, freed after its evaluation. With BatchNorm, the running statistics
 * are recomputed at every point on the train subset (averaged or moved weights
 * have no statistics of their own). Non-finite values (far out on a ray) are
 * reported as null and counted, checked on the JavaScript side. Every probe
 * reports progress and stops with `ProbeCancelled` when its signal aborts.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/dataset';
import { throwIfAborted } from '../cancel';
import type { Weights } from '../models/convnet';
import { regularizedLoss } from '../models/loss';
import type { ModelSpec } from '../models/spec';
import { recomputeBatchNorm } from '../optim/batchnorm';
import { newVariable, vectorFromArray, vectorRead, type FlatParams } from '../params';
import { evaluate } from '../train/evaluate';
import { checkNumber } from '../validate';
import { yieldToEventLoop } from '../yield';

export interface ProbeData {
  /** Fixed train subset for the (L2-regularised) train loss. */
  train: ImageSet;
  /** Test subset for the test error. */
  test: ImageSet;
}

export interface ProbeOptions {
  /** λ of the L2 term added to the train loss. */
  l2: number;
  /** Also evaluate the test error (default true). */
  includeTest?: boolean;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** One probe point; null where the value was not finite. */
export interface PointValue {
  trainLoss: number | null;
  trainError: number | null;
  testError: number | null;
}

/** A grid of `points` values from `from` to `to`, with 0 exactly on it when the range spans it evenly. */
export function linspace(from: number, to: number, points: number): number[] {
  checkNumber('points', points, { min: 2, max: 201, integer: true });
  checkNumber('from', from);
  checkNumber('to', to);
  if (!(to > from)) throw new RangeError(`grid end must be > start, got [${from}, ${to}]`);
  return Array.from({ length: points }, (_, i) => (i === points - 1 ? to : from + ((to - from) * i) / (points - 1)));
}

/** Evaluates the parameters produced by `make` (freed afterwards) with `state` (or recomputed BatchNorm statistics). */
async function evaluatePoint(
  spec: ModelSpec,
  make: () => tf.Tensor[],
  state: readonly tf.Tensor[],
  data: ProbeData,
  o: ProbeOptions,
): Promise<PointValue> {
  const params = tf.tidy(make);
  const bnState = spec.batchNorm ? state.map((s) => newVariable(() => s.clone())) : [];
  try {
    if (spec.batchNorm) await recomputeBatchNorm(spec, params, bnState, data.train, 256);
    const weights = { params, state: spec.batchNorm ? bnState : state };
    const train = await evaluate(spec, weights, data.train);
    const loss = regularizedLoss(train.loss, await vectorRead(params), o.l2);
    const test = o.includeTest === false ? null : await evaluate(spec, weights, data.test);
    // A non-finite loss means non-finite logits (or weights) somewhere, so the matching error rate is not trusted either.
    const trainOk = Number.isFinite(loss);
    return {
      trainLoss: trainOk ? loss : null,
      trainError: trainOk ? 1 - train.accuracy : null,
      testError: test !== null && Number.isFinite(test.loss) ? 1 - test.accuracy : null,
    };
  } finally {
    tf.dispose(params);
    bnState.forEach((v) => v.dispose());
  }
}

export interface RayResult {
  t: number[];
  /** One curve per direction. */
  curves: PointValue[][];
  /** Points whose train loss or test error was not finite. */
  nonFinite: number;
}

/** Runs `fn` over every grid point with progress and cancellation; `count` is the total. */
async function sweep<T>(count: number, o: ProbeOptions, what: string, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i++) {
    throwIfAborted(o.signal, what);
    out.push(await fn(i));
    o.onProgress?.(i + 1, count);
    await yieldToEventLoop();
  }
  return out;
}

/** Points whose train loss (or, where the test set is probed, test error) was not finite. */
export const countNonFinite = (values: PointValue[], o: ProbeOptions) =>
  values.filter((v) => v.trainLoss === null || (o.includeTest !== false && v.testError === null)).length;

/**
 * Loss and error along w + t·d for each direction d (flat, in parameter
 * order). The point t = 0 is the solution itself for every direction: it is
 * evaluated once.
 */
export async function rays(
  spec: ModelSpec,
  solution: Weights,
  directions: readonly FlatParams[],
  t: readonly number[],
  data: ProbeData,
  o: ProbeOptions,
): Promise<RayResult> {
  const shapes = solution.params.map((p) => p.shape);
  const dirs = directions.map((d) => vectorFromArray(d, shapes));
  let atSolution: PointValue | null = null;
  try {
    const flat = await sweep(dirs.length * t.length, o, 'ray sweep', async (i) => {
      const d = dirs[Math.floor(i / t.length)]!;
      const ti = t[i % t.length]!;
      if (ti === 0 && atSolution) return { ...atSolution };
      const value = await evaluatePoint(spec, () => solution.params.map((w, k) => tf.add(w, tf.mul(d[k]!, ti))), solution.state, data, o);
      if (ti === 0) atSolution = value;
      return value;
    });
    const curves = dirs.map((_, r) => flat.slice(r * t.length, (r + 1) * t.length));
    return { t: [...t], curves, nonFinite: countNonFinite(flat, o) };
  } finally {
    dirs.forEach((d) => tf.dispose(d));
  }
}

export interface InterpolationResult {
  s: number[];
  values: PointValue[];
  nonFinite: number;
}

/** Loss and error along (1 − s)·a + s·b. BatchNorm statistics are recomputed at every point. */
export async function interpolation(
  spec: ModelSpec,
  a: Weights,
  b: Weights,
  s: readonly number[],
  data: ProbeData,
  o: ProbeOptions,
): Promise<InterpolationResult> {
  const values = await sweep(s.length, o, 'interpolation', (i) =>
    evaluatePoint(spec, () => a.params.map((w, k) => tf.add(tf.mul(w, 1 - s[i]!), tf.mul(b.params[k]!, s[i]!))), a.state, data, o),
  );
  return { s: [...s], values, nonFinite: countNonFinite(values, o) };
}

export interface SurfaceResult {
  a: number[];
  b: number[];
  /** trainLoss[j][i] at w + a[i]·d₁ + b[j]·d₂ (null where not finite). */
  trainLoss: (number | null)[][];
  testError: (number | null)[][] | null;
  nonFinite: number;
}

/** Loss on the grid w + a·d₁ + b·d₂. */
export async function surface(
  spec: ModelSpec,
  solution: Weights,
  d1: FlatParams,
  d2: FlatParams,
  a: readonly number[],
  b: readonly number[],
  data: ProbeData,
  o: ProbeOptions,
): Promise<SurfaceResult> {
  if (a.length * b.length > 41 * 41) throw new RangeError(`surface grid must have at most 41×41 points, got ${a.length}×${b.length}`);
  const shapes = solution.params.map((p) => p.shape);
  const [u, v] = [vectorFromArray(d1, shapes), vectorFromArray(d2, shapes)];
  try {
    const flat = await sweep(a.length * b.length, o, 'surface', (i) => {
      const ai = a[i % a.length]!;
      const bj = b[Math.floor(i / a.length)]!;
      return evaluatePoint(
        spec,
        () => solution.params.map((w, k) => tf.add(tf.add(w, tf.mul(u[k]!, ai)), tf.mul(v[k]!, bj))),
        solution.state,
        data,
        o,
      );
    });
    const rows = <T>(f: (p: PointValue) => T) => b.map((_, j) => flat.slice(j * a.length, (j + 1) * a.length).map(f));
    return {
      a: [...a],
      b: [...b],
      trainLoss: rows((p) => p.trainLoss),
      testError: o.includeTest === false ? null : rows((p) => p.testError),
      nonFinite: countNonFinite(flat, o),
    };
  } finally {
    tf.dispose([...u, ...v]);
  }
}
