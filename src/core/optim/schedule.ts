/**
 * Learning-rate schedules.
 *
 * The SWA/FGE cyclic schedule of iteration i = 1, 2, … (MISSION.md §2):
 *
 *   α(i) = (1 − t(i))·α1 + t(i)·α2,   t(i) = (mod(i − 1, c) + 1) / c
 *
 * falls linearly within each cycle from near α1 to α2; c = 1 gives α2.
 * The base schedules run before the SWA phase (and for plain SGD/SAM).
 */
import { checkChoice, checkNumber } from '../validate';

export interface CyclicOptions {
  /** α1, the high rate at the start of a cycle. */
  alpha1: number;
  /** α2 ≤ α1, the low rate at the end of a cycle (where snapshots are taken). */
  alpha2: number;
  /** Cycle length c ≥ 1, an integer. */
  c: number;
}

export function validateCyclicOptions(o: CyclicOptions): void {
  checkNumber('alpha1', o.alpha1, { min: 0 });
  checkNumber('alpha2', o.alpha2, { min: 0 });
  if (o.alpha1 < o.alpha2) throw new RangeError(`alpha1 must be ≥ alpha2, got alpha1 = ${o.alpha1} < alpha2 = ${o.alpha2}`);
  checkNumber('c', o.c, { min: 1, integer: true });
}

/** t(i) = (mod(i − 1, c) + 1)/c for i ≥ 1. */
export function cyclePosition(i: number, c: number): number {
  return (((i - 1) % c) + 1) / c;
}

/** α(i) of the cyclic schedule, i ≥ 1. */
export function cyclicLearningRate(i: number, o: CyclicOptions): number {
  const t = cyclePosition(i, o.c);
  return (1 - t) * o.alpha1 + t * o.alpha2;
}

export type BaseScheduleKind = 'constant' | 'linear' | 'cosine';

export interface BaseSchedule {
  kind: BaseScheduleKind;
  /** Initial learning rate η₀ > 0. */
  lr: number;
  /** Final rate, as a fraction of η₀, reached at the last step of the budget ('linear' and 'cosine'). */
  finalFraction: number;
}

export function validateBaseSchedule(s: BaseSchedule): void {
  checkChoice('schedule', s.kind, ['constant', 'linear', 'cosine'] as const);
  checkNumber('lr', s.lr, { min: 0, minExclusive: true, max: 10 });
  checkNumber('finalFraction', s.finalFraction, { min: 0, max: 1 });
}

/**
 * η at step `step` (0-based) of a budget of `total` steps: constant η₀;
 * linear from η₀ to f·η₀; cosine η₀(f + (1 − f)(1 + cos(π s/(T−1)))/2).
 */
export function baseLearningRate(s: BaseSchedule, step: number, total: number): number {
  if (s.kind === 'constant' || total <= 1) return s.lr;
  const x = Math.min(Math.max(step / (total - 1), 0), 1);
  const f = s.finalFraction;
  const shape = s.kind === 'linear' ? 1 - x : (1 + Math.cos(Math.PI * x)) / 2;
  return s.lr * (f + (1 - f) * shape);
}
