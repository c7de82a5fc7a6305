/**
 * Numbers as the lab's tables and status lines print them. Two styles, one
 * rule for what is not an ordinary number:
 *
 *   missing (null or undefined)  →  '—'           (nothing to show yet)
 *   not finite (NaN, ±Infinity)  →  String(x)     ('NaN', 'Infinity': it names the value)
 *   finite                       →  the style's digits
 *
 * so a diverged value reads as what it is instead of vanishing into a dash.
 *
 * Digits follow the interface's language (`setNumberLocale`, called when the
 * language is chosen or switched): English writes 0.05 and 10000; Russian
 * writes 0,05 and 10 000 (a decimal comma, and a narrow no-break space between
 * thousands from five integer digits on, as CLDR's Russian grouping does).
 */
import type { Language } from './i18n/language';

/** What a missing value prints as. */
export const MISSING = '—';

/** The narrow no-break space Russian puts between groups of thousands. */
export const THIN_SPACE = '\u202f';

let locale: Language = 'en';

/** The language numbers are written in from now on. */
export function setNumberLocale(language: Language): void {
  locale = language;
}

/** The language numbers are written in now. */
export const numberLocale = (): Language => locale;

/** `text`, digits as JavaScript writes them ('-12345.6', '1.2e+4'), in the locale's style. */
export function localizeDigits(text: string, language: Language = locale): string {
  if (language === 'en') return text;
  return text.replace(/(\d+)(\.\d+)?/, (_, int: string, frac: string | undefined) => {
    const grouped = int.length >= 5 ? int.replace(/\B(?=(\d{3})+$)/g, THIN_SPACE) : int;
    return grouped + (frac ? `,${frac.slice(1)}` : '');
  });
}

/** The shared rule: '—' for a missing value, String(x) for a non-finite one, `digits(x)` otherwise. */
function formatWith(x: number | null | undefined, digits: (x: number) => string): string {
  if (x === null || x === undefined) return MISSING;
  return Number.isFinite(x) ? localizeDigits(digits(x)) : String(x);
}

/**
 * x to `digits` significant digits, x.toPrecision(digits): for values whose
 * scale varies (losses, eigenvalues, traces). formatSignificant(38.04, 3) = '38.0',
 * formatSignificant(0.0123, 2) = '0.012'.
 */
export function formatSignificant(x: number | null | undefined, digits = 3): string {
  return formatWith(x, (v) => v.toPrecision(digits));
}

/**
 * x with `digits` digits after the point, x.toFixed(digits): for values on a
 * known scale (coordinates, rates). formatFixed(0.05, 3) = '0.050',
 * formatFixed(-1.5, 2) = '-1.50'.
 */
export function formatFixed(x: number | null | undefined, digits = 3): string {
  return formatWith(x, (v) => v.toFixed(digits));
}

/** An integer (a count, a step): formatInteger(12000) = '12000' in English, '12 000' in Russian. */
export function formatInteger(x: number | null | undefined): string {
  return formatWith(x, (v) => v.toFixed(0));
}

/** A fraction as a percentage with `digits` decimals: formatPercent(0.824) = '82.4 %' ('82,4 %' in Russian, with a no-break space before the sign). */
export function formatPercent(x: number | null | undefined, digits = 1): string {
  const text = formatWith(x === null || x === undefined ? x : 100 * x, (v) => v.toFixed(digits));
  return text === MISSING ? text : `${text}${locale === 'ru' ? '\u00a0' : ' '}%`;
}

/**
 * A point (x, y) with `digits` digits after the point: formatPoint([-1.5, 1]) = '(-1.50, 1.00)';
 * in Russian, where the comma is the decimal sign, the coordinates are split by a semicolon: '(-1,50; 1,00)'.
 */
export function formatPoint(p: readonly [number, number], digits = 2): string {
  return `(${formatFixed(p[0], digits)}${locale === 'ru' ? ';' : ','} ${formatFixed(p[1], digits)})`;
}
