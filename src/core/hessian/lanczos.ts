/**
 * Top-k Hessian eigenpairs by the Lanczos iteration with full
 * reorthogonalisation. After j steps the Krylov basis Q_j = [q₁ … q_j] and
 * the tridiagonal T_j = Q_jᵀHQ_j (diagonal α, off-diagonal β) give Ritz pairs
 * (θᵢ, Q_j sᵢ); the residual of each is ‖HQ_j sᵢ − θᵢQ_j sᵢ‖ = β_j·|s_{j,i}|,
 * and some eigenvalue of H lies within it of θᵢ. The iteration stops when the
 * top-k residuals are below `tol`·|θᵢ| (or the space is exhausted).
 * Eigenvalues are ordered by value, largest first (λ_max = λ₁).
 */
import { throwIfAborted } from '../cancel';
import { createRng } from '../rng';
import { checkNumber } from '../validate';
import {
  type SymmetricOperator,
  axpyInPlace,
  dot,
  gaussianVector,
  norm,
  normalized,
  orthogonalize,
  symmetricEigen,
  tridiagonal,
} from './linalg';
import type { FlatVector } from '../params';

export interface EigenOptions {
  /** Number of top eigenpairs. */
  k: number;
  /** Relative tolerance on the residual bound (default 1e-3). */
  tol?: number;
  /** Most Hessian-vector products (default min(P, 100)). */
  maxIter?: number;
  /** Starting vector, e.g. the previous eigenvector (warm start); otherwise a seeded Gaussian. */
  start?: FlatVector;
  seed?: number;
  /** Called after every product with (products so far, maximum). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface EigenResult {
  /** λ₁ ≥ λ₂ ≥ … ≥ λ_k. */
  values: number[];
  /** Unit eigenvectors, matching `values`. */
  vectors: FlatVector[];
  /** Residual bound of each eigenvalue (|θ − λ| ≤ residual for some eigenvalue λ of H). */
  residuals: number[];
  /** Hessian-vector products used. */
  hvps: number;
  converged: boolean;
  /** The λ₁ estimate after each product (for convergence plots and HVP counts). */
  history: number[];
}

export interface LanczosResult extends EigenResult {
  /**
   * The Gauss quadrature of T: all Ritz values and the squared first
   * components of their vectors in the basis. From a random (Rademacher)
   * start this is one stochastic-Lanczos-quadrature sample of the spectral
   * density (density.ts), and α₁ = q₁ᵀHq₁ one Hutchinson sample of the trace.
   */
  quadrature: { nodes: number[]; weights: number[]; alpha1: number };
}

export function validateEigenOptions(o: EigenOptions, size: number): void {
  checkNumber('k', o.k, { min: 1, max: size, integer: true });
  if (o.tol !== undefined) checkNumber('tol', o.tol, { min: 0, minExclusive: true, max: 1 });
  if (o.maxIter !== undefined) checkNumber('maxIter', o.maxIter, { min: o.k, integer: true });
  if (o.start && o.start.length !== size) throw new RangeError(`start vector has ${o.start.length} entries, expected ${size}`);
}

/**
 * The Lanczos process itself: each `step` applies H once, extends the
 * orthonormal basis (fully reorthogonalised) and the tridiagonal T.
 */
export class LanczosProcess {
  readonly basis: FlatVector[];
  readonly alpha: number[] = [];
  readonly beta: number[] = [];
  /** True once the Krylov space is exhausted (β ≈ 0): T's eigenvalues are then exact eigenvalues of H. */
  exhausted = false;
  private lastBeta = 0;

  constructor(
    private readonly op: SymmetricOperator,
    start: FlatVector,
  ) {
    this.basis = [normalized(start)];
  }

  /** One product: α_j, β_j and q_{j+1}. Returns β_j (the residual scale of the Ritz pairs). */
  async step(): Promise<number> {
    if (this.exhausted) throw new Error('Lanczos: the Krylov space is exhausted');
    const j = this.alpha.length;
    if (j > 0) this.beta.push(this.lastBeta);
    const q = this.basis[j]!;
    const w = await this.op.apply(q);
    const a = dot(q, w);
    this.alpha.push(a);
    axpyInPlace(-a, q, w);
    if (j > 0) axpyInPlace(-this.beta[j - 1]!, this.basis[j - 1]!, w);
    orthogonalize(w, this.basis);
    const b = norm(w);
    this.lastBeta = b;
    this.exhausted = b <= 1e-10 * Math.max(...this.alpha.map(Math.abs), 1e-300) || this.alpha.length === this.op.size;
    if (!this.exhausted) this.basis.push(w.map((x) => x / b));
    return b;
  }

  /** Ritz values (descending) and the coordinates sᵢ of the Ritz vectors in the basis. */
  ritz(): { values: number[]; vectors: number[][] } {
    return symmetricEigen(tridiagonal(this.alpha, this.beta));
  }

  /** The Ritz vector Q·s as a full vector. */
  expand(s: readonly number[]): FlatVector {
    const v = new Float64Array(this.op.size);
    s.forEach((c, i) => axpyInPlace(c, this.basis[i]!, v));
    return v;
  }
}

export async function lanczos(op: SymmetricOperator, options: EigenOptions): Promise<LanczosResult> {
  validateEigenOptions(options, op.size);
  const { k } = options;
  const tol = options.tol ?? 1e-3;
  const maxIter = Math.min(options.maxIter ?? 100, op.size);
  const process = new LanczosProcess(op, options.start ?? gaussianVector(op.size, createRng(options.seed ?? 0)));
  let ritz = { values: [] as number[], vectors: [] as number[][] };
  let residuals: number[] = [];
  let converged = false;
  const history: number[] = [];
  for (let j = 0; j < maxIter; j++) {
    throwIfAborted(options.signal, 'Lanczos');
    const b = await process.step();
    options.onProgress?.(j + 1, maxIter);
    ritz = process.ritz();
    history.push(ritz.values[0]!);
    const m = process.alpha.length;
    residuals = ritz.vectors.slice(0, k).map((s) => (process.exhausted ? 0 : Math.abs(b * s[m - 1]!)));
    if (m >= k && (process.exhausted || residuals.every((r, i) => r <= tol * Math.abs(ritz.values[i]!)))) {
      converged = true;
      break;
    }
    if (process.exhausted) break;
  }
  const count = Math.min(k, ritz.values.length);
  return {
    values: ritz.values.slice(0, count),
    vectors: ritz.vectors.slice(0, count).map((s) => process.expand(s)),
    residuals: residuals.slice(0, count),
    hvps: process.alpha.length,
    converged,
    history,
    quadrature: { nodes: ritz.values, weights: ritz.vectors.map((v) => v[0]! ** 2), alpha1: process.alpha[0]! },
  };
}
