/**
 * Top-k eigenpairs by power iteration with deflation (PyHessian's method),
 * for comparison with Lanczos: for i = 1 … k, iterate v ← H′v/‖H′v‖ with
 * H′ = H − Σ_{j<i} λⱼ uⱼuⱼᵀ until the Rayleigh quotient vᵀH′v changes by less
 * than `tol` (relative). It converges to the eigenvalue of largest magnitude
 * (for a trained network's Hessian, the largest positive outlier), at a rate
 * set by |λ₂/λ₁|, so it usually needs many more products than Lanczos.
 * `history` holds the Rayleigh quotients of the first eigenpair.
 */
import { createRng } from '../rng';
import { type SymmetricOperator, axpyInPlace, dot, gaussianVector, normalized } from './linalg';
import { throwIfAborted } from '../cancel';
import { type EigenOptions, type EigenResult, validateEigenOptions } from './lanczos';
import type { FlatVector } from '../params';

export async function powerIteration(op: SymmetricOperator, options: EigenOptions): Promise<EigenResult> {
  validateEigenOptions(options, op.size);
  const tol = options.tol ?? 1e-3;
  const maxIter = options.maxIter ?? 100;
  const rng = createRng(options.seed ?? 0);
  const values: number[] = [];
  const vectors: FlatVector[] = [];
  const residuals: number[] = [];
  let hvps = 0;
  let converged = true;
  const history: number[] = [];
  for (let i = 0; i < options.k; i++) {
    let v: FlatVector = normalized(i === 0 && options.start ? options.start : gaussianVector(op.size, rng));
    let theta = Number.NaN;
    let residual = Number.POSITIVE_INFINITY;
    let done = false;
    for (let it = 0; it < maxIter && !done; it++) {
      throwIfAborted(options.signal, 'power iteration');
      const w = await op.apply(v);
      hvps += 1;
      options.onProgress?.(hvps, options.k * maxIter);
      for (let j = 0; j < vectors.length; j++) axpyInPlace(-values[j]! * dot(vectors[j]!, v), vectors[j]!, w);
      const next = dot(v, w);
      if (i === 0) history.push(next);
      done = Math.abs(next - theta) <= tol * Math.abs(next);
      theta = next;
      // ‖H′v − θv‖ for the current unit v: some eigenvalue of H′ lies within it of θ.
      const r = w.slice();
      axpyInPlace(-theta, v, r);
      residual = Math.sqrt(dot(r, r));
      v = normalized(w);
    }
    converged &&= done;
    values.push(theta);
    vectors.push(v);
    residuals.push(residual);
  }
  return { values, vectors, residuals, hvps, converged, history };
}
