/**
 * SWA against FGE, measured (the lecture's slide 8): at each epoch of the
 * cyclic phase, the test accuracy of the ensemble of snapshots (FGE, one
 * forward pass per snapshot) and of their weight average (w_SWA, one pass),
 * the gap between them, and the snapshots' spread √((1/n) Σ ‖w_i − w_SWA‖²),
 * the ‖Δ‖ of the derivation: the gap is O(‖Δ‖²).
 */
import type { Experiment } from '../experiment';

export interface SwaFgeRow {
  epoch: number;
  models: number;
  fgeAccuracy: number;
  swaAccuracy: number;
  /** FGE's accuracy minus w_SWA's, in accuracy (a fraction, not points). */
  gap: number;
  /** ‖Δ‖: the snapshots' root-mean-square distance from w_SWA. */
  spread: number;
}

/** One row per epoch where the SWA run measured both FGE and w_SWA. */
export function swaFgeRows(x: Experiment): SwaFgeRow[] {
  return x.runs.SWA.epochs.flatMap((e) =>
    e.swa && e.fge
      ? [
          {
            epoch: e.epoch,
            models: e.swa.models,
            fgeAccuracy: e.fge.accuracy,
            swaAccuracy: e.swa.accuracy,
            gap: e.fge.accuracy - e.swa.accuracy,
            spread: e.swa.spread,
          },
        ]
      : [],
  );
}
