import { describe, expect, it } from 'vitest';
import { DEFAULT_TOY, assertToySettings, validateToySettings } from '../../src/core/toy/options';

describe('the toy settings’ validation', () => {
  it('gives each refused field its rule, value and bound, and the English the CLI and the worker throw', () => {
    const errors = validateToySettings({ ...DEFAULT_TOY, lr: 2, noise: Number.NaN, c: 2.5, p: 3, alpha2: 0.5, steps: 6000 });
    expect(errors).toEqual({
      lr: { field: 'lr', rule: 'range', op: '≤', bound: 1, value: 2, text: 'lr must be ≤ 1, got 2' },
      noise: { field: 'noise', rule: 'finite', value: Number.NaN, text: 'noise must be a finite number, got NaN' },
      p: { field: 'p', rule: 'p', value: 3, text: 'p must be 2 or ∞, got 3' },
      alpha2: { field: 'alpha2', rule: 'alpha2', bound: 0.1, value: 0.5, text: 'alpha2 must be ≤ alpha1 (0.1), got 0.5' },
      c: { field: 'c', rule: 'integer', value: 2.5, text: 'c must be an integer, got 2.5' },
      steps: { field: 'steps', rule: 'range', op: '≤', bound: 5000, value: 6000, text: 'steps must be ≤ 5000, got 6000' },
    });
  });

  it('checks a field’s own range before the rule that ties it to another field', () => {
    expect(validateToySettings({ ...DEFAULT_TOY, alpha2: 0 }).alpha2?.text).toBe('alpha2 must be > 0, got 0');
    expect(validateToySettings({ ...DEFAULT_TOY, swaStart: -1 }).swaStart?.text).toBe('swaStart must be ≥ 0, got -1');
    expect(validateToySettings({ ...DEFAULT_TOY, steps: 100, swaStart: 100 }).swaStart?.text).toBe(
      'swaStart must be before the last iteration (100), got 100',
    );
    expect(validateToySettings(DEFAULT_TOY)).toEqual({});
  });

  it('throws the first refused field’s English', () => {
    expect(() => assertToySettings({ ...DEFAULT_TOY, rho: 3, seed: -1 })).toThrow(new RangeError('rho must be ≤ 2, got 3'));
  });
});
