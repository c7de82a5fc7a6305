/**
 * The toy's scenes for the lecture: each a landscape and settings chosen so
 * that the step's point shows within seconds of opening it.
 */
import type { ToySetup } from '../toy-url';
import { defaultSetup } from '../toy-url';
import type { ToyScene } from './steps';

const on = (base: ToySetup, settings: Partial<ToySetup['settings']>): ToySetup => ({
  ...base,
  settings: { ...base.settings, ...settings },
});

export const TOY_SCENES: Record<ToyScene, ToySetup> = {
  /** SGD settles in the narrow deep basin, SAM in the wide shallow one: the left and right columns of the table, drawn. */
  basins: defaultSetup('two-basins'),
  /** SGD's constant rate stays in the first ripple it meets; SWA's cyclic α(i) (c = 20, α₁ = 0.6) hops across ripples. */
  'constant-vs-cyclic': defaultSetup('rugged'),
  /** w_SWA's running average moving over the ripples every c iterations (Algorithm 1). */
  'swa-average': on(defaultSetup('rugged'), { swaStart: 50 }),
  /** SAM's ε̂ (the orange arrow) at every iterate: the neighbourhood's worst direction, radius ρ. */
  'sam-epsilon': on(defaultSetup('two-basins'), { rho: 0.2 }),
  /** p = ∞ in formula (2): ε̂ = ρ·sign(g), a diagonal arrow instead of one along the gradient. */
  'sam-p-inf': on(defaultSetup('two-basins'), { rho: 0.2, p: Infinity }),
  /** Figure 2 live: without gradient noise each SAM step is w_t → w_t + ε̂ → the gradient there → the step from w_t. */
  'sam-step': on(defaultSetup('two-basins'), { rho: 0.2, noise: 0 }),
};
