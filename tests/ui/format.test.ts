import { describe, expect, it } from 'vitest';
import { formatFixed, formatPoint, formatSignificant } from '../../src/ui/format';

describe('number formatting', () => {
  it('significant digits (toPrecision) and fixed digits (toFixed)', () => {
    expect(formatSignificant(38.04, 3)).toBe('38.0');
    expect(formatSignificant(0.0123, 2)).toBe('0.012');
    expect(formatSignificant(12345)).toBe('1.23e+4');
    expect(formatFixed(0.05)).toBe('0.050');
    expect(formatFixed(-1.5, 2)).toBe('-1.50');
    expect(formatPoint([-1.5, 1])).toBe('(-1.50, 1.00)');
  });

  it('one rule for both: a missing value is a dash, a non-finite one is named', () => {
    for (const f of [formatSignificant, formatFixed]) {
      expect(f(null)).toBe('—');
      expect(f(undefined)).toBe('—');
      expect(f(Number.NaN)).toBe('NaN');
      expect(f(Infinity)).toBe('Infinity');
      expect(f(-Infinity)).toBe('-Infinity');
    }
    expect(formatPoint([Number.NaN, 1])).toBe('(NaN, 1.00)');
  });
});
