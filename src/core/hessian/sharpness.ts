/**
 * λ_max tracked cheaply during training. The top eigenvector changes slowly
 * from epoch to epoch, so each measurement starts from the previous one's
 * vector (a warm start) and runs only `maxIter` Lanczos steps; the first
 * measurement, from a random vector, may run `firstMaxIter`.
 *
 * With one step per measurement the tracker is power iteration spread over
 * training: it reports the Rayleigh quotient λ̂ = vᵀHv of the current vector
 * (a lower bound on λ_max whose error shrinks as v converges) and moves on
 * to v ← Hv/‖Hv‖, one Hessian-vector product per measurement. With two or
 * more it keeps the Ritz vector of the Krylov space {v, Hv, …}.
 */
import type { ImageSet } from '../data/dataset';
import type { Weights } from '../models/convnet';
import type { ModelSpec } from '../models/spec';
import { createRng } from '../rng';
import { checkNumber } from '../validate';
import { HessianOperator } from './hvp';
import { throwIfAborted } from '../cancel';
import { LanczosProcess } from './lanczos';
import { axpyInPlace, gaussianVector, normalized } from './linalg';
import type { FlatVector } from '../params';

export interface SharpnessOptions {
  /** Lanczos steps of every measurement after the first (at most). */
  maxIter: number;
  /** Lanczos steps of the first measurement, from a random vector (default: maxIter). */
  firstMaxIter?: number;
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
  private last: FlatVector | null = null;

  /** `set` is the fixed evaluation set of training samples. */
  constructor(
    private readonly spec: ModelSpec,
    private readonly set: ImageSet,
    private readonly options: SharpnessOptions,
  ) {
    checkNumber('sharpness maxIter', options.maxIter, { min: 1, max: 100, integer: true });
    if (options.firstMaxIter !== undefined)
      checkNumber('sharpness firstMaxIter', options.firstMaxIter, { min: 1, max: 100, integer: true });
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
      const first = this.last === null;
      const steps = first ? (this.options.firstMaxIter ?? this.options.maxIter) : this.options.maxIter;
      const process = new LanczosProcess(op, this.last ?? gaussianVector(op.size, createRng(this.options.seed)));
      let ritz = { values: [0], vectors: [[1]] };
      let residual = Infinity;
      let beta = 0;
      for (let j = 0; j < steps && !process.exhausted; j++) {
        throwIfAborted(signal, 'sharpness tracking');
        beta = await process.step();
        ritz = process.ritz();
        residual = process.exhausted ? 0 : Math.abs(beta * ritz.vectors[0]![process.alpha.length - 1]!);
        if (residual <= this.options.tol * Math.abs(ritz.values[0]!)) break;
      }
      this.last = process.alpha.length === 1 && !process.exhausted ? powerStep(process, beta) : process.expand(ritz.vectors[0]!);
      return { lambdaMax: ritz.values[0]!, residual, hvps: process.alpha.length };
    } finally {
      op.dispose();
    }
  }
}

/** After one Lanczos step, Hq₁ = α₁q₁ + β₁q₂: the power iteration's next vector Hq₁/‖Hq₁‖. */
function powerStep(process: LanczosProcess, beta: number): FlatVector {
  const v = process.basis[0]!.map((x) => x * process.alpha[0]!);
  axpyInPlace(beta, process.basis[1]!, v);
  return normalized(v);
}
