/** Stability of the toy runs' updates at a minimum, free of tfjs (the page computes it). */

/**
 * The swing of SAM (p = 2) at a minimum of curvature λ along its top
 * eigenvector: ‖ε̂‖ stays ρ however close w gets, so the linearised step
 * x ← x − ηλ(x + ρ·sign x) settles into a two-cycle ±A with A = ηλρ/(2 − ηλ).
 * Infinity where ηλ ≥ 2 (the step itself is unstable).
 */
export function samTwoCycleAmplitude(lr: number, lambda: number, rho: number): number {
  const el = lr * lambda;
  return el < 2 ? (el * rho) / (2 - el) : Infinity;
}
