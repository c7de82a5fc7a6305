/**
 * Settings of the 2D toy runs and their validation, free of tfjs so that the
 * page can flag a bad field with exactly the rules the simulation applies.
 */
import { checkNumber } from '../validate';

export interface ToySettings {
  /** η of SGD and SAM, and of SWA before its cyclic phase starts. */
  lr: number;
  /** σ of the gradient noise g + σz, z ~ N(0, I) ("stochastic" gradients); 0 is full-batch. */
  noise: number;
  /** SAM's radius ρ. */
  rho: number;
  /** SAM's norm: 2 or Infinity. */
  p: number;
  /** SWA's cyclic schedule α(i) from α1 down to α2 over c iterations. */
  alpha1: number;
  alpha2: number;
  c: number;
  /** SGD iterations before SWA's cyclic phase (ŵ is the iterate there). */
  swaStart: number;
  /** Iterations per run. */
  steps: number;
  /** Seeds the gradient noise (the same draws for all three methods) and the random rays. */
  seed: number;
}

export const DEFAULT_TOY: ToySettings = {
  lr: 0.05,
  noise: 0.3,
  rho: 0.1,
  p: 2,
  alpha1: 0.1,
  alpha2: 0.05,
  c: 10,
  swaStart: 100,
  steps: 1000,
  seed: 1,
};

/** Settings a student may change while the trajectories run. */
export const LIVE_TOY_FIELDS = ['lr', 'noise', 'rho', 'p', 'alpha1', 'alpha2', 'c'] as const satisfies readonly (keyof ToySettings)[];

export type ToyErrors = Partial<Record<keyof ToySettings, string>>;

/** Every invalid field with its reason (empty when the settings can run). */
export function validateToySettings(s: ToySettings): ToyErrors {
  const errors: ToyErrors = {};
  const check = (field: keyof ToySettings, f: () => unknown) => {
    try {
      f();
    } catch (e) {
      errors[field] = (e as Error).message;
    }
  };
  check('lr', () => checkNumber('lr', s.lr, { min: 0, minExclusive: true, max: 1 }));
  check('noise', () => checkNumber('noise', s.noise, { min: 0, max: 3 }));
  check('rho', () => checkNumber('rho', s.rho, { min: 0, max: 2 }));
  check('p', () => {
    if (s.p !== 2 && s.p !== Infinity) throw new RangeError(`p must be 2 or ∞, got ${s.p}`);
  });
  check('alpha1', () => checkNumber('alpha1', s.alpha1, { min: 0, minExclusive: true, max: 1 }));
  check('alpha2', () => {
    checkNumber('alpha2', s.alpha2, { min: 0, minExclusive: true, max: 1 });
    if (Number.isFinite(s.alpha1) && s.alpha1 < s.alpha2) throw new RangeError(`alpha2 must be ≤ alpha1 (${s.alpha1}), got ${s.alpha2}`);
  });
  check('c', () => checkNumber('c', s.c, { min: 1, max: 200, integer: true }));
  check('steps', () => checkNumber('steps', s.steps, { min: 1, max: 5000, integer: true }));
  check('swaStart', () => {
    checkNumber('swaStart', s.swaStart, { min: 0, integer: true });
    if (Number.isFinite(s.steps) && s.swaStart >= s.steps)
      throw new RangeError(`swaStart must be before the last iteration (${s.steps}), got ${s.swaStart}`);
  });
  check('seed', () => checkNumber('seed', s.seed, { min: 0, max: 2 ** 32 - 1, integer: true }));
  return errors;
}

/** Throws a RangeError with the first invalid field's reason. */
export function assertToySettings(s: ToySettings): ToySettings {
  const first = Object.values(validateToySettings(s))[0];
  if (first !== undefined) throw new RangeError(first);
  return s;
}
