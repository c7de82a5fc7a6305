/**
 * Settings of the 2D toy runs and their validation, free of tfjs so that the
 * page can flag a bad field with exactly the rules the simulation applies.
 * A refused field comes as data (rule, value, bound), which the page
 * translates, with its English text, which the worker and the CLI throw.
 */
import type { NumberRule } from '../validate';

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

/**
 * Why a field is refused, as data (the page writes it in the reader's
 * language): the rule it breaks, its value, and the bound it was held to.
 */
export type ToyProblem =
  /** Not a finite number (an empty field is NaN). */
  | { rule: 'finite'; value: number }
  | { rule: 'integer'; value: number }
  /** The value must be `op` `bound`. */
  | { rule: 'range'; op: '>' | '≥' | '<' | '≤'; bound: number; value: number }
  /** SAM's norm must be 2 or ∞. */
  | { rule: 'p'; value: number }
  /** α₂ must be ≤ α₁ (`bound`): the cycle falls from α₁ to α₂. */
  | { rule: 'alpha2'; bound: number; value: number }
  /** SWA must start before the last iteration (`bound`, the run's length). */
  | { rule: 'swaStart'; bound: number; value: number };

/** A refused field: its problem, and the problem in English (the errors the worker and the CLI throw). */
export type ToyFieldError = ToyProblem & { field: keyof ToySettings; text: string };

export type ToyErrors = Partial<Record<keyof ToySettings, ToyFieldError>>;

/** The range of each number field (bounds inclusive unless marked exclusive), as `checkNumber` reads them. */
const RANGES: Record<Exclude<keyof ToySettings, 'p'>, NumberRule> = {
  lr: { min: 0, minExclusive: true, max: 1 },
  noise: { min: 0, max: 3 },
  rho: { min: 0, max: 2 },
  alpha1: { min: 0, minExclusive: true, max: 1 },
  alpha2: { min: 0, minExclusive: true, max: 1 },
  c: { min: 1, max: 200, integer: true },
  steps: { min: 1, max: 5000, integer: true },
  swaStart: { min: 0, integer: true },
  seed: { min: 0, max: 2 ** 32 - 1, integer: true },
};

/** What is wrong with `value` under `rule`, in `checkNumber`'s order (finite, integer, min, max), or null. */
function numberProblem(value: number, rule: NumberRule): ToyProblem | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return { rule: 'finite', value };
  if (rule.integer && !Number.isInteger(value)) return { rule: 'integer', value };
  if (rule.min !== undefined && (rule.minExclusive ? value <= rule.min : value < rule.min))
    return { rule: 'range', op: rule.minExclusive ? '>' : '≥', bound: rule.min, value };
  if (rule.max !== undefined && (rule.maxExclusive ? value >= rule.max : value > rule.max))
    return { rule: 'range', op: rule.maxExclusive ? '<' : '≤', bound: rule.max, value };
  return null;
}

/** `p` about `field` in English, worded as `checkNumber` words its errors: `rho must be ≥ 0, got -1`. */
export function toyProblemText(field: keyof ToySettings, p: ToyProblem): string {
  switch (p.rule) {
    case 'finite':
      return `${field} must be a finite number, got ${String(p.value)}`;
    case 'integer':
      return `${field} must be an integer, got ${p.value}`;
    case 'range':
      return `${field} must be ${p.op} ${p.bound}, got ${p.value}`;
    case 'p':
      return `p must be 2 or ∞, got ${p.value}`;
    case 'alpha2':
      return `alpha2 must be ≤ alpha1 (${p.bound}), got ${p.value}`;
    case 'swaStart':
      return `swaStart must be before the last iteration (${p.bound}), got ${p.value}`;
  }
}

/** The problem of one field of `s`, or null; the rules that tie two fields come after the field's own range. */
function fieldProblem(s: ToySettings, field: keyof ToySettings): ToyProblem | null {
  if (field === 'p') return s.p === 2 || s.p === Infinity ? null : { rule: 'p', value: s.p };
  const own = numberProblem(s[field], RANGES[field]);
  if (own) return own;
  if (field === 'alpha2' && Number.isFinite(s.alpha1) && s.alpha1 < s.alpha2) return { rule: 'alpha2', bound: s.alpha1, value: s.alpha2 };
  if (field === 'swaStart' && Number.isFinite(s.steps) && s.swaStart >= s.steps)
    return { rule: 'swaStart', bound: s.steps, value: s.swaStart };
  return null;
}

/** The order fields are checked in (and `assertToySettings` reports the first of). */
const CHECKED: readonly (keyof ToySettings)[] = ['lr', 'noise', 'rho', 'p', 'alpha1', 'alpha2', 'c', 'steps', 'swaStart', 'seed'];

/** Every invalid field with its problem and its English text (empty when the settings can run). */
export function validateToySettings(s: ToySettings): ToyErrors {
  const errors: ToyErrors = {};
  for (const field of CHECKED) {
    const p = fieldProblem(s, field);
    if (p) errors[field] = { ...p, field, text: toyProblemText(field, p) };
  }
  return errors;
}

/** Throws a RangeError with the first invalid field's reason (in English). */
export function assertToySettings(s: ToySettings): ToySettings {
  const first = Object.values(validateToySettings(s))[0];
  if (first !== undefined) throw new RangeError(first.text);
  return s;
}
