/**
 * λ_max tracked cheaply during training: each measurement runs a few Lanczos
 * steps warm-started from the previous top eigenvector, which changes slowly
 * from epoch to epoch, giving a sharpness-over-time curve for a handful of
 * Hessian-vector products per measurement.
 */
import type { ImageSet } from '../data/dataset';
import type { Weights } from '../models/convnet';
import type { ModelSpec } from '../models/spec';
import { checkNumber } from '../validate';
import { HessianOperator } from './hvp';
import { lanczos } from './lanczos';

export interface SharpnessOptions {
  /** Lanczos steps per measurement (at most). */
  maxIter: number;
  /** Relative residual tolerance (stops earlier when reached). */
  tol: number;
  seed: number;
}

export interface SharpnessReading {
  lambdaMax: number;
  /** Residual bound: some eigenvalue of H lies within it of lambdaMax. */
  residual: number;
  hvps: number;
}

export class SharpnessTracker {
  private last: Float64Array | null = null;

  /** `set` is the fixed evaluation set of training samples. */
  constructor(
    private readonly spec: ModelSpec,
    private readonly set: ImageSet,
    private readonly options: SharpnessOptions,
  ) {
    checkNumber('sharpness maxIter', options.maxIter, { min: 1, max: 100, integer: true });
    checkNumber('sharpness tol', options.tol, { min: 0, minExclusive: true, max: 1 });
  }

  /** Continues from `other`'s state (a branched run inherits its parent's warm start). */
  continueFrom(other: SharpnessTracker): void {
    this.last = other.last ? Float64Array.from(other.last) : null;
  }

  /** λ_max of the training loss at `weights` (not modified). */
  async measure(weights: Weights, signal?: AbortSignal): Promise<SharpnessReading> {
    const op = new HessianOperator(this.spec, weights, this.set);
    try {
      const r = await lanczos(op, {
        k: 1,
        tol: this.options.tol,
        maxIter: this.options.maxIter,
        start: this.last ?? undefined,
        seed: this.options.seed,
        signal,
      });
      this.last = r.vectors[0]!;
      return { lambdaMax: r.values[0]!, residual: r.residuals[0]!, hvps: r.hvps };
    } finally {
      op.dispose();
    }
  }
}
