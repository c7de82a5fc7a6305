/**
 * The toy's scenes for the lecture: each a landscape and settings chosen so
 * that the step's point shows within seconds of opening it. Each is one
 * object for the page's life: the embedded toy restarts when its setup object
 * changes.
 */
import { type ToySetup, toySetup } from '../toy/setup';
import type { ToyScene } from './steps';

export const TOY_SCENES: Record<ToyScene, ToySetup> = {
  /** SGD settles in the narrow deep basin (curvature 38), SAM in the wide shallow one (0.3): the table's two columns, drawn. */
  basins: toySetup('two-basins'),
  /** c = 1 and α₂ = α₁: SWA's rate is constant at 0.6, and w keeps jumping across the ripples of a rugged bowl. */
  'constant-lr': toySetup('rugged', { settings: { c: 1, alpha2: 0.6, swaStart: 0 } }),
  /** c = 20: within each cycle the rate falls from α₁ to α₂ and w settles into a nearby minimum; several minima across cycles. */
  'cyclic-lr': toySetup('rugged', { settings: { swaStart: 0 } }),
  /** w_SWA's running average moving once per cycle (Algorithm 1), after 50 plain steps from the start (ŵ). */
  'swa-average': toySetup('rugged', { settings: { swaStart: 50 } }),
  /** SAM's ε̂ (the orange arrow) at every iterate: the neighbourhood's worst direction, radius ρ = 0.5. */
  'sam-epsilon': toySetup('two-basins', { settings: { rho: 0.5 } }),
  /** p = ∞ in formula (2): ε̂ = ρ·sign(g), a diagonal arrow instead of one along the gradient. */
  'sam-p-inf': toySetup('two-basins', { settings: { rho: 0.5, p: Infinity, noise: 0 } }),
  /** Figure 2 live: without gradient noise, w_t → w_t + ε̂ → the gradient there (dotted) → the step from w_t. */
  'sam-step': toySetup('two-basins', { settings: { rho: 0.5, noise: 0 } }),
};
