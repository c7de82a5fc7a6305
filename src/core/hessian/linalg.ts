/**
 * Small dense linear algebra in float64 for the eigen-solvers: vector
 * helpers, a symmetric linear-operator interface, and the eigen-decomposition
 * of a small symmetric matrix (cyclic Jacobi; the Lanczos tridiagonals are at
 * most a few hundred rows).
 */
import type { Rng } from '../rng';
import type { FlatVector } from '../params';

/** y = H·x for a symmetric H of order `size` (the Hessian, or a test matrix). */
export interface SymmetricOperator {
  readonly size: number;
  apply(x: FlatVector): Promise<FlatVector>;
}

export function dot(a: FlatVector, b: FlatVector): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm(a: FlatVector): number {
  return Math.sqrt(dot(a, a));
}

/** y ← y + α·x (in place). */
export function axpyInPlace(alpha: number, x: FlatVector, y: FlatVector): void {
  for (let i = 0; i < y.length; i++) y[i]! += alpha * x[i]!;
}

/** x / ‖x‖ (new array). Throws on a zero vector. */
export function normalized(x: FlatVector): FlatVector {
  const n = norm(x);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`cannot normalise a vector of norm ${n}`);
  return x.map((v) => v / n);
}

/** A standard normal vector. */
export function gaussianVector(n: number, rng: Rng): FlatVector {
  return Float64Array.from({ length: n }, () => rng.normal());
}

/** A Rademacher vector (entries ±1 with probability ½). */
export function rademacherVector(n: number, rng: Rng): FlatVector {
  return Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? -1 : 1));
}

/** Makes `w` orthogonal to every vector of `basis` (orthonormal), twice for numerical safety. */
export function orthogonalize(w: FlatVector, basis: readonly FlatVector[]): void {
  for (let pass = 0; pass < 2; pass++) for (const q of basis) axpyInPlace(-dot(q, w), q, w);
}

/**
 * Eigen-decomposition of a symmetric n×n matrix `a` (row-major, not
 * modified) by cyclic Jacobi rotations. Returns eigenvalues in descending
 * order and the matching orthonormal eigenvectors (vectors[i] is the i-th).
 */
export function symmetricEigen(a: readonly number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((row) => [...row]);
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += m[i]![i]! ** 2;
      for (let j = i + 1; j < n; j++) off += m[i]![j]! ** 2;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p]![q]!;
        if (apq === 0) continue;
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k]![p]!;
          const mkq = m[k]![q]!;
          m[k]![p] = c * mkp - s * mkq;
          m[k]![q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p]![k]!;
          const mqk = m[q]![k]!;
          m[p]![k] = c * mpk - s * mqk;
          m[q]![k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j]![j]! - m[i]![i]!);
  return { values: order.map((i) => m[i]![i]!), vectors: order.map((i) => v.map((row) => row[i]!)) };
}

/** The symmetric tridiagonal matrix with diagonal `alpha` and off-diagonal `beta` (beta.length = alpha.length − 1). */
export function tridiagonal(alpha: readonly number[], beta: readonly number[]): number[][] {
  const n = alpha.length;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? alpha[i]! : Math.abs(i - j) === 1 ? beta[Math.min(i, j)]! : 0)),
  );
}
