import { afterEach, describe, expect, it } from 'vitest';
import { formatFixed, formatInteger, formatPercent, formatPoint, formatSignificant, setNumberLocale } from '../../src/ui/format';

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

describe('numbers in Russian', () => {
  afterEach(() => setNumberLocale('en'));

  it('use a decimal comma and a narrow no-break space between thousands from five digits', () => {
    setNumberLocale('ru');
    expect(formatFixed(0.05)).toBe('0,050');
    expect(formatFixed(-1.5, 2)).toBe('-1,50');
    expect(formatSignificant(12345)).toBe('1,23e+4');
    expect(formatInteger(1000)).toBe('1000');
    expect(formatInteger(10000)).toBe('10\u202f000');
    expect(formatFixed(1234567.891, 1)).toBe('1\u202f234\u202f567,9');
    expect(formatPercent(0.824)).toBe('82,4\u00a0%');
    expect(formatPoint([-1.5, 1])).toBe('(-1,50; 1,00)');
    expect(formatFixed(Number.NaN)).toBe('NaN');
  });

  it('are written as JavaScript writes them in English', () => {
    expect(formatInteger(10000)).toBe('10000');
    expect(formatPercent(0.824)).toBe('82.4 %');
    expect(formatPercent(null)).toBe('—');
  });
});
