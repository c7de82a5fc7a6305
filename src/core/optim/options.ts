/**
 * Option types and validators of the optimizers, free of tfjs so that the
 * page (which never loads tfjs: all tensors live in the worker) can validate
 * settings with exactly the rules the optimizers apply.
 */
import { checkNumber } from '../validate';

export interface SgdOptions {
  /** μ ∈ [0, 1). */
  momentum: number;
  /** λ ≥ 0 in L(w) + λ‖w‖². */
  weightDecay: number;
}

export function validateSgdOptions(o: SgdOptions): void {
  checkNumber('momentum', o.momentum, { min: 0, max: 1, maxExclusive: true });
  checkNumber('weightDecay', o.weightDecay, { min: 0 });
}

export interface SamOptions {
  /** Neighbourhood radius ρ ≥ 0. */
  rho: number;
  /** Norm p > 1 of the neighbourhood; `Infinity` for p = ∞. */
  p: number;
  /** ASAM: scale the neighbourhood by |w|. */
  adaptive: boolean;
}

export function validateSamOptions(o: SamOptions): void {
  checkNumber('rho', o.rho, { min: 0 });
  if (o.p !== Infinity) checkNumber('p', o.p, { min: 1, minExclusive: true });
  if (typeof o.adaptive !== 'boolean') throw new RangeError(`adaptive must be true or false, got ${JSON.stringify(o.adaptive)}`);
}
