/**
 * The toy landscapes' documented formula (landscape-info.ts), written again in
 * plain float64 JavaScript, with its gradient in closed form: the expectations
 * of the toy tests, independent of the tfjs code under test.
 *
 *   L(w) = −τ log Σₖ e^(−qₖ(w)/τ) + A (sin² κx + sin² κy),
 *   qₖ(w) = ℓₖ + ½λₓ,ₖ (x − aₖ)² + ½λ_y,ₖ (y − bₖ)²   (one basin: L = q₁ + ripples)
 */
import type { LandscapeInfo, Point } from '../../src/core/toy/landscape-info';

/** qₖ at w for every basin. */
function basins(l: LandscapeInfo, [x, y]: Point): number[] {
  return l.basins.map((b) => b.level + 0.5 * b.curvature[0] * (x - b.at[0]) ** 2 + 0.5 * b.curvature[1] * (y - b.at[1]) ** 2);
}

/** L(w), the soft minimum computed as m − τ log Σₖ e^((m − qₖ)/τ), m = minₖ qₖ. */
export function referenceLoss(l: LandscapeInfo, w: Point): number {
  const q = basins(l, w);
  let base: number;
  if (q.length === 1) base = q[0]!;
  else {
    const m = Math.min(...q);
    base = m - l.tau * Math.log(q.reduce((s, qk) => s + Math.exp((m - qk) / l.tau), 0));
  }
  const [x, y] = w;
  const r = l.ripples ? l.ripples.amplitude * (Math.sin(l.ripples.frequency * x) ** 2 + Math.sin(l.ripples.frequency * y) ** 2) : 0;
  return base + r;
}

/**
 * ∇L(w) = Σₖ πₖ ∇qₖ(w) + Aκ (sin 2κx, sin 2κy), with πₖ = e^(−qₖ/τ) / Σⱼ e^(−qⱼ/τ)
 * the soft minimum's weights (πₖ = 1 for one basin) and ∇qₖ = (λₓ,ₖ (x − aₖ), λ_y,ₖ (y − bₖ)).
 */
export function referenceGradient(l: LandscapeInfo, w: Point): Point {
  const q = basins(l, w);
  const m = Math.min(...q);
  const e = q.length === 1 ? [1] : q.map((qk) => Math.exp((m - qk) / l.tau));
  const sum = e.reduce((a, b) => a + b, 0);
  const [x, y] = w;
  const g: Point = [0, 0];
  l.basins.forEach((b, k) => {
    const pi = e[k]! / sum;
    g[0] += pi * b.curvature[0] * (x - b.at[0]);
    g[1] += pi * b.curvature[1] * (y - b.at[1]);
  });
  if (l.ripples) {
    const { amplitude: A, frequency: f } = l.ripples;
    g[0] += A * f * Math.sin(2 * f * x);
    g[1] += A * f * Math.sin(2 * f * y);
  }
  return g;
}
