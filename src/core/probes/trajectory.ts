/**
 * A training path drawn on the loss landscape (Li et al. 2018, "Visualizing
 * the Loss Landscape of Neural Nets", §7): the recorded iterates w₀ … w_{n−1}
 * are taken relative to the final weights, mᵢ = wᵢ − w_final, and the plane
 * through w_final spanned by the first two principal directions of the mᵢ is
 * the one to draw the path and the loss on (random directions would show a
 * path that hardly moves: it lies in a space of very low dimension).
 *
 * PCA as in the authors' code (scikit-learn's PCA of the matrix of mᵢ): the
 * rows are centred, cᵢ = mᵢ − m̄, and the directions are the top right
 * singular vectors of C. With n ≪ P they come from the n×n Gram matrix
 * G = C·Cᵀ (float64, Jacobi): G·uₖ = λₖ·uₖ gives dₖ = Cᵀuₖ / √λₖ, a unit
 * vector, and the explained-variance ratio of dₖ is λₖ / Σⱼλⱼ = λₖ / tr G.
 * Each iterate's coordinates are the uncentred projections (⟨mᵢ, d₁⟩,
 * ⟨mᵢ, d₂⟩), so the final weights sit at the origin, the centre of the loss
 * grid `surface` evaluates at w_final + a·d₁ + b·d₂.
 *
 * The two ratios are the caveat to show with the picture: the plane holds
 * that fraction of the path's spread, and nothing of the other P − 2
 * dimensions (`offPlane` says how far each point lies from it).
 */
import { dot, symmetricEigen } from '../hessian/linalg';
import type { FlatParams } from '../params';
import { checkNumber } from '../validate';
import { linspace } from './landscape';

/** A point on the plane: its coordinates and its distance from the plane in weight space. */
export interface PlanePoint {
  /** ⟨w − w_final, d₁⟩. */
  x: number;
  /** ⟨w − w_final, d₂⟩. */
  y: number;
  /** ‖(w − w_final) − x·d₁ − y·d₂‖: what the plane leaves out. */
  offPlane: number;
}

export interface TrajectoryPlane {
  /** w_final, the plane's origin (the caller's array). */
  origin: FlatParams;
  /** d₁, d₂ in parameter order: unit norm, orthogonal (float32, as `surface` takes them). */
  directions: [FlatParams, FlatParams];
  /** Fraction of the path's variance along d₁ and along d₂: λ₁ / tr G, λ₂ / tr G. */
  explained: [number, number];
  /** Each iterate on the plane, in path order. */
  points: PlanePoint[];
}

/**
 * The trajectory plane of `iterates` around `final` (see the file comment).
 * Throws on fewer than three iterates, vectors of different lengths,
 * non-finite values, a path that does not move, and one that moves along a
 * single line (it has no second direction).
 */
export function trajectoryPlane(iterates: readonly FlatParams[], final: FlatParams): TrajectoryPlane {
  const n = iterates.length;
  if (n < 3) throw new RangeError(`a trajectory needs at least 3 iterates, got ${n}`);
  checkVector(final, final.length, 'the final weights');
  iterates.forEach((w, i) => checkVector(w, final.length, `iterate ${i}`));
  const centred = centredDifferences(iterates, final);
  const gram = centred.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) gram[i]![j] = gram[j]![i] = dot(centred[i]!, centred[j]!);
  const total = gram.reduce((s, row, i) => s + row[i]!, 0);
  if (!(total > 0)) throw new RangeError(`the path does not move: all ${n} iterates are the same point`);
  const { values, vectors } = symmetricEigen(gram);
  const [l1, l2] = [values[0]!, values[1]!];
  // Below this the second direction is rounding noise of a straight path, not a direction of it.
  if (!(l2 > 1e-10 * total))
    throw new RangeError(`the path moves along a single line (λ₂/tr G = ${l2 / total}): it has no second direction`);
  const start = Float64Array.from(iterates[0]!, (x, k) => x - final[k]!);
  const directions: [FlatParams, FlatParams] = [direction(centred, vectors[0]!, start), direction(centred, vectors[1]!, start)];
  return {
    origin: final,
    directions,
    explained: [l1 / total, l2 / total],
    points: iterates.map((w) => projectOntoPlane({ origin: final, directions }, w)),
  };
}

/** `w` on the plane: its coordinates along d₁, d₂ from the origin, and its distance from the plane (float64). */
export function projectOntoPlane(plane: Pick<TrajectoryPlane, 'origin' | 'directions'>, w: FlatParams): PlanePoint {
  const { origin, directions } = plane;
  checkVector(w, origin.length, 'the projected weights');
  const [d1, d2] = directions;
  let x = 0;
  let y = 0;
  for (let k = 0; k < w.length; k++) {
    const m = w[k]! - origin[k]!;
    x += m * d1[k]!;
    y += m * d2[k]!;
  }
  let off = 0;
  for (let k = 0; k < w.length; k++) off += (w[k]! - origin[k]! - x * d1[k]! - y * d2[k]!) ** 2;
  return { x, y, offPlane: Math.sqrt(off) };
}

/**
 * A grid for `surface` that frames the points: along each axis, from the
 * smallest to the largest coordinate (the origin, w_final, included), widened
 * by `margin` times that extent on both sides. The axes are framed separately
 * (the path usually spans far more of d₁ than of d₂), so equal steps in a and
 * b are not equal distances.
 */
export function pathGrid(points: readonly PlanePoint[], gridPoints: number, margin = 0.2): { a: number[]; b: number[] } {
  checkNumber('margin', margin, { min: 0 });
  if (points.length === 0) throw new RangeError('a path grid needs at least one point');
  const axis = (coord: (p: PlanePoint) => number) => {
    const lo = Math.min(0, ...points.map(coord));
    const hi = Math.max(0, ...points.map(coord));
    const pad = margin * (hi - lo);
    return linspace(lo - pad, hi + pad, gridPoints);
  };
  return { a: axis((p) => p.x), b: axis((p) => p.y) };
}

/** Throws unless `v` has `size` finite entries. */
function checkVector(v: FlatParams, size: number, what: string): void {
  if (v.length !== size) throw new RangeError(`${what} has ${v.length} values, the final weights ${size}`);
  const k = v.findIndex((x) => !Number.isFinite(x));
  if (k >= 0) throw new RangeError(`a non-finite value (${v[k]}) at index ${k} of ${what}`);
}

/** cᵢ = (wᵢ − w_final) − mean over i of (wⱼ − w_final), in float64. */
function centredDifferences(iterates: readonly FlatParams[], final: FlatParams): Float64Array[] {
  const rows = iterates.map((w) => Float64Array.from(w, (x, k) => x - final[k]!));
  const mean = new Float64Array(final.length);
  for (const r of rows) for (let k = 0; k < r.length; k++) mean[k]! += r[k]! / rows.length;
  for (const r of rows) for (let k = 0; k < r.length; k++) r[k]! -= mean[k]!;
  return rows;
}

/**
 * d = ±Cᵀu / ‖Cᵀu‖ (‖Cᵀu‖ = √λ in exact arithmetic; normalised in float64,
 * then stored as float32). An eigenvector's sign is arbitrary: it is chosen so
 * that the path's start, `start` = w₀ − w_final, has a coordinate ≥ 0.
 */
function direction(centred: readonly Float64Array[], u: readonly number[], start: Float64Array): FlatParams {
  const d = new Float64Array(start.length);
  centred.forEach((c, i) => {
    for (let k = 0; k < d.length; k++) d[k]! += u[i]! * c[k]!;
  });
  const scale = (dot(d, start) < 0 ? -1 : 1) / Math.sqrt(dot(d, d));
  return Float32Array.from(d, (x) => x * scale);
}
