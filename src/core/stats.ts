/**
 * Rank statistics for comparing measures across runs (the sharpness-against-
 * generalisation scatter): Kendall's τ-b, the rank correlation Andriushchenko
 * et al. (2023) use to ask whether a sharpness measure orders runs the way
 * their test accuracy does.
 */

/**
 * Kendall's τ-b of paired samples: (P − Q) / √((n₀ − n₁)(n₀ − n₂)), where P and
 * Q count the concordant and discordant pairs, n₀ = n(n − 1)/2, and n₁, n₂ the
 * pairs tied in x and in y. It is 1 when y rises with x in every pair, −1 when
 * it always falls; null with fewer than two pairs or when x or y is constant
 * (no order to compare). O(n²): the scatter holds at most a few hundred runs.
 */
export function kendallTau(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) throw new RangeError(`kendallTau needs samples of equal length, got ${x.length} and ${y.length}`);
  const n = x.length;
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(x[j]! - x[i]!);
      const dy = Math.sign(y[j]! - y[i]!);
      if (dx === 0) tiedX++;
      if (dy === 0) tiedY++;
      if (dx * dy > 0) concordant++;
      else if (dx * dy < 0) discordant++;
    }
  const pairs = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((pairs - tiedX) * (pairs - tiedY));
  return denominator > 0 ? (concordant - discordant) / denominator : null;
}
