/**
 * Numbers as the lab's tables and status lines print them. Two styles, one
 * rule for what is not an ordinary number:
 *
 *   missing (null or undefined)  →  '—'           (nothing to show yet)
 *   not finite (NaN, ±Infinity)  →  String(x)     ('NaN', 'Infinity': it names the value)
 *   finite                       →  the style's digits
 *
 * so a diverged value reads as what it is instead of vanishing into a dash.
 */

/** What a missing value prints as. */
export const MISSING = '—';

/** The shared rule: '—' for a missing value, String(x) for a non-finite one, `digits(x)` otherwise. */
function formatWith(x: number | null | undefined, digits: (x: number) => string): string {
  if (x === null || x === undefined) return MISSING;
  return Number.isFinite(x) ? digits(x) : String(x);
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

/** A point (x, y) with `digits` digits after the point: formatPoint([-1.5, 1]) = '(-1.50, 1.00)'. */
export function formatPoint(p: readonly [number, number], digits = 2): string {
  return `(${formatFixed(p[0], digits)}, ${formatFixed(p[1], digits)})`;
}
