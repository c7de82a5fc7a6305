/**
 * Hyperparameter checks shared by every constructor. Messages name the
 * parameter and the offending value, e.g. `rho must be ≥ 0, got -0.1`.
 */

/** Options of `checkNumber`: bounds are inclusive unless marked exclusive. */
export interface NumberRule {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  integer?: boolean;
}

/** Throws unless `value` is a finite number satisfying `rule`; returns it. */
export function checkNumber(name: string, value: unknown, rule: NumberRule = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${String(value)}`);
  }
  if (rule.integer && !Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
  if (rule.min !== undefined) {
    if (rule.minExclusive ? value <= rule.min : value < rule.min) {
      throw new RangeError(`${name} must be ${rule.minExclusive ? '>' : '≥'} ${rule.min}, got ${value}`);
    }
  }
  if (rule.max !== undefined) {
    if (rule.maxExclusive ? value >= rule.max : value > rule.max) {
      throw new RangeError(`${name} must be ${rule.maxExclusive ? '<' : '≤'} ${rule.max}, got ${value}`);
    }
  }
  return value;
}

/** Throws unless `value` is one of `options`; returns it. */
export function checkChoice<T extends string | number | boolean>(name: string, value: unknown, options: readonly T[]): T {
  if (!options.includes(value as T)) {
    throw new RangeError(`${name} must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}
