/**
 * The SWA paper's Figure 1: the loss on the affine plane through three weight
 * vectors p₀, p₁, p₂ (three SWA snapshots, or w_SGD, w_SWA and w_SAM).
 *
 * The plane is { p₀ + a·u + b·v }, with an orthonormal basis from
 * Gram–Schmidt, computed in float64:
 *
 *     u = (p₁ − p₀) / ‖p₁ − p₀‖
 *     v = r / ‖r‖,   r = (p₂ − p₀) − ⟨p₂ − p₀, u⟩·u
 *
 * so the three points sit at (0, 0), (‖p₁ − p₀‖, 0) and
 * (⟨p₂ − p₀, u⟩, ⟨p₂ − p₀, v⟩). Because u and v are orthonormal, distances
 * and angles in the picture are distances and angles in weight space. Any
 * further point w (the lab's w_SWA, which averages more than these three) is
 * marked at its orthogonal projection, a = ⟨w − p₀, u⟩, b = ⟨w − p₀, v⟩,
 * with its distance from the plane ‖w − p₀ − a·u − b·v‖ stated beside it.
 *
 * The probe is the landscape's `surface` with origin p₀ and directions u, v:
 * the L2-regularised train loss L(w) + λ‖w‖² and the test error on a grid.
 */
import * as tf from '@tensorflow/tfjs';
import type { Weights } from '../models/convnet';
import type { ModelSpec } from '../models/spec';
import { type FlatParams, vectorFromArray, vectorRead } from '../params';
import { checkNumber } from '../validate';
import { type PointValue, type ProbeData, type ProbeOptions, type SurfaceResult, linspace, rays, surface } from './landscape';

/**
 * Distances below this fraction of the largest point norm count as zero: two
 * points closer than that coincide, and a p₂ closer than that to the line
 * through p₀ and p₁ makes the three collinear. Float32 weights carry a relative
 * rounding error of about 6·10⁻⁸, so 10⁻⁶ is well above their noise.
 */
export const PLANE_TOLERANCE = 1e-6;

/** A point's coordinates in the plane: p₀ + a·u + b·v. */
export interface PlaneCoords {
  a: number;
  b: number;
}

/** Where a point w lies relative to the plane: its orthogonal projection's coordinates, and ‖w − p₀ − a·u − b·v‖. */
export interface PlaneProjection extends PlaneCoords {
  distance: number;
}

/** The affine plane through three points, with an orthonormal basis. */
export interface Plane {
  /** p₀, p₁, p₂ as given (p₀ is the origin). */
  points: readonly [FlatParams, FlatParams, FlatParams];
  /** The basis in float32, as the probe adds it to the weights; orthonormal to float32 rounding. */
  u: FlatParams;
  v: FlatParams;
  /** The three points' coordinates: (0, 0), (‖p₁ − p₀‖, 0), (⟨p₂ − p₀, u⟩, ⟨p₂ − p₀, v⟩). */
  coords: readonly [PlaneCoords, PlaneCoords, PlaneCoords];
  /** Coordinates of w's orthogonal projection onto the plane and w's distance from it (float64). */
  project(w: FlatParams): PlaneProjection;
}

const NAMES = ['p₀', 'p₁', 'p₂'] as const;

/** Throws unless `w` has `size` finite values; `name` is in the message. */
function checkVector(name: string, w: FlatParams, size: number): void {
  if (w.length !== size) throw new RangeError(`${name} has ${w.length} values, p₀ has ${size}`);
  const bad = w.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new RangeError(`${name} has a non-finite value at index ${bad}: ${w[bad]}`);
}

/** ⟨x, y⟩ in float64. */
function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** w − p₀ in float64. */
function offset(w: FlatParams, origin: FlatParams): Float64Array {
  return Float64Array.from(w, (x, i) => x - origin[i]!);
}

/**
 * The plane through exactly three points of the same length. Refuses
 * non-finite values, coincident points and collinear points (distances below
 * `PLANE_TOLERANCE` times the largest point norm), naming the values.
 */
export function planeThrough(points: readonly FlatParams[]): Plane {
  if (points.length !== 3) throw new RangeError(`a plane needs exactly 3 points, got ${points.length}`);
  const [p0, p1, p2] = points as [FlatParams, FlatParams, FlatParams];
  points.forEach((p, i) => checkVector(NAMES[i]!, p, p0.length));
  const scale = Math.max(...points.map((p) => Math.sqrt(dot(p, p))));
  const floor = PLANE_TOLERANCE * scale;
  const tooClose = (what: string, d: number) => {
    if (d <= floor) throw new RangeError(`${what} = ${d} (≤ ${PLANE_TOLERANCE} × ${scale}, the largest point norm)`);
  };
  const d1 = offset(p1, p0);
  const d2 = offset(p2, p0);
  const n1 = Math.sqrt(dot(d1, d1));
  tooClose('p₁ coincides with p₀: ‖p₁ − p₀‖', n1);
  tooClose('p₂ coincides with p₀: ‖p₂ − p₀‖', Math.sqrt(dot(d2, d2)));
  tooClose('p₂ coincides with p₁: ‖p₂ − p₁‖', Math.sqrt(dot(offset(p2, p1), offset(p2, p1))));
  const u = d1.map((x) => x / n1);
  const a2 = dot(d2, u);
  // Gram–Schmidt: what is left of p₂ − p₀ after removing its u component.
  const r = d2.map((x, i) => x - a2 * u[i]!);
  const b2 = Math.sqrt(dot(r, r));
  tooClose('the points are collinear: p₂’s distance from the line through p₀ and p₁', b2);
  const v = r.map((x) => x / b2);
  return {
    points: [p0, p1, p2],
    u: Float32Array.from(u),
    v: Float32Array.from(v),
    coords: [
      { a: 0, b: 0 },
      { a: n1, b: 0 },
      { a: a2, b: b2 },
    ],
    project(w) {
      checkVector('w', w, p0.length);
      const d = offset(w, p0);
      const a = dot(d, u);
      const b = dot(d, v);
      const rest = d.map((x, i) => x - a * u[i]! - b * v[i]!);
      return { a, b, distance: Math.sqrt(dot(rest, rest)) };
    },
  };
}

/** Grid axes: a along u, b along v. */
export interface PlaneGrid {
  a: number[];
  b: number[];
}

/**
 * A square grid of `points`×`points` nodes with the same step on both axes
 * (so the picture is not distorted), centred on the bounding box of `coords`
 * (the three points and any marked points) and reaching `margin` times the
 * box's longer side beyond it on each side: side = (1 + 2·margin)·max(width, height).
 */
export function planeGrid(coords: readonly PlaneCoords[], points: number, margin = 0.25): PlaneGrid {
  checkNumber('points', points, { min: 2, max: 41, integer: true });
  checkNumber('margin', margin, { min: 0, max: 4 });
  if (coords.length === 0) throw new RangeError('a plane grid needs at least one point to cover');
  coords.forEach((c, i) => {
    checkNumber(`coords[${i}].a`, c.a);
    checkNumber(`coords[${i}].b`, c.b);
  });
  const as = coords.map((c) => c.a);
  const bs = coords.map((c) => c.b);
  const [aLo, aHi, bLo, bHi] = [Math.min(...as), Math.max(...as), Math.min(...bs), Math.max(...bs)];
  const half = ((1 + 2 * margin) * Math.max(aHi - aLo, bHi - bLo)) / 2;
  if (!(half > 0)) throw new RangeError(`the points to cover span no area: a ∈ [${aLo}, ${aHi}], b ∈ [${bLo}, ${bHi}]`);
  const [ca, cb] = [(aLo + aHi) / 2, (bLo + bHi) / 2];
  return { a: linspace(ca - half, ca + half, points), b: linspace(cb - half, cb + half, points) };
}

/** The plane's grid values (`surface`'s layout: trainLoss[j][i] at a[i], b[j]) and the three points' own values. */
export interface PlaneProbeResult extends SurfaceResult {
  /** p₀, p₁, p₂ evaluated at their own weights (not read off the grid). */
  points: PointValue[];
}

/** A grid's lowest value and the node (a, b) where it lies. */
export interface GridMinimum extends PlaneCoords {
  value: number;
}

/** The smallest non-null value of `values[j][i]` (ties: the first in row order) and its node (a[i], b[j]); null when every value is null. */
export function gridMinimum(
  values: readonly (readonly (number | null)[])[],
  a: readonly number[],
  b: readonly number[],
): GridMinimum | null {
  let best: GridMinimum | null = null;
  for (let j = 0; j < values.length; j++) {
    for (let i = 0; i < values[j]!.length; i++) {
      const x = values[j]![i]!;
      if (x !== null && (best === null || x < best.value)) best = { value: x, a: a[i]!, b: b[j]! };
    }
  }
  return best;
}

/**
 * L2-regularised train loss and test error on the grid w = p₀ + a·u + b·v
 * (`origin` holds p₀'s tensors: its params must be `plane.points[0]`; its
 * BatchNorm state is where the recomputed statistics start), then at each of
 * the three points' own weights. Progress counts the grid nodes, then the
 * three points. Nothing passed in is modified or disposed.
 */
export async function planeProbe(
  spec: ModelSpec,
  origin: Weights,
  plane: Plane,
  a: readonly number[],
  b: readonly number[],
  data: ProbeData,
  options: Omit<ProbeOptions, 'includeTest'>,
): Promise<PlaneProbeResult> {
  const p0 = await vectorRead(origin.params);
  if (p0.length !== plane.u.length)
    throw new RangeError(`the origin weights have ${p0.length} values, the plane's points ${plane.u.length}`);
  const differs = p0.findIndex((x, i) => x !== plane.points[0][i]);
  if (differs >= 0)
    throw new RangeError(
      `the origin weights must be the plane's p₀, they differ at index ${differs}: ${p0[differs]} vs ${plane.points[0][differs]}`,
    );
  a.forEach((x, i) => checkNumber(`a[${i}]`, x));
  b.forEach((x, j) => checkNumber(`b[${j}]`, x));
  const nodes = a.length * b.length;
  const total = nodes + 3;
  const report = options.onProgress;
  const o = (done: (k: number) => number): ProbeOptions => ({
    ...options,
    includeTest: true,
    onProgress: report && ((k) => report(done(k), total)),
  });
  const grid = await surface(
    spec,
    origin,
    plane.u,
    plane.v,
    a,
    b,
    data,
    o((k) => k),
  );
  const shapes = origin.params.map((p) => p.shape);
  const own = async (params: readonly tf.Tensor[], i: number): Promise<PointValue> => {
    // A ray at t = 0 evaluates the weights as they are, through the same evaluation as the grid.
    const at = await rays(
      spec,
      { params, state: origin.state },
      [plane.u],
      [0],
      data,
      o(() => nodes + i + 1),
    );
    return at.curves[0]![0]!;
  };
  const points = [await own(origin.params, 0)];
  for (const i of [1, 2]) {
    const params = vectorFromArray(plane.points[i]!, shapes);
    try {
      points.push(await own(params, i));
    } finally {
      tf.dispose(params);
    }
  }
  return { ...grid, points };
}
