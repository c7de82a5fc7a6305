/**
 * The lecture's table for the runs a student has made: finished experiments
 * with the same settings except the seed are grouped, and each method gets
 * mean ± std over those seeds of test accuracy (and FGE's, from SWA's
 * snapshots), the training objective at the solution, λ_max, λ_max/λ_k, trace
 * and the random-ray basin width (the same columns as `npm run experiment`).
 */
import { rayWidth } from '../core/probes/width';
import type { Experiment } from './experiment';
import { type LabConfig } from './lab';
import { METHODS, type Method } from '../core/methods';

export interface Stat {
  mean: number;
  std: number;
  n: number;
}

export interface HistoryRow {
  /** The group's key (see `settingsKey`). */
  settings: string;
  /** The group's settings, as its first run had them (the seed and the backend aside, the group's runs share them). */
  lab: LabConfig;
  method: Method;
  seeds: number[];
  testAccuracy: Stat;
  /** FGE's accuracy (SWA rows whose runs kept the ensemble), else null. */
  fgeAccuracy: Stat | null;
  /** Train loss + λ‖w‖² at the solution (the rays' value at t = 0). */
  trainLoss: Stat;
  lambdaMax: Stat;
  ratio: Stat;
  trace: Stat;
  width: Stat;
}

/** Loss rise defining the basin width along a ray. */
export const WIDTH_DELTA = 0.1;

/** The test accuracy of method m's solution in a finished experiment: w_SWA's for SWA, the final weights' otherwise. */
export function solutionAccuracy(x: Experiment, m: Method): number {
  const f = x.runs[m].result!.final!;
  return m === 'SWA' && f.swa ? f.swa.accuracy : f.test.accuracy;
}

function stat(xs: number[]): Stat {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const std = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, std, n };
}

/**
 * The key of the group a run belongs to (not shown): the settings the table tells groups apart by (the dataset,
 * the sizes, the label noise to the percent, the model, the budget, the batch, η, c, ρ and ASAM).
 */
export function settingsKey(lab: LabConfig): string {
  const { dataset, trainSize, labelNoise, model, epochs, batchSize, lr, c, rho, adaptive } = lab;
  return JSON.stringify([dataset, trainSize, Math.round(labelNoise * 100), model, epochs, batchSize, lr, c, rho, adaptive]);
}

export function historyTable(experiments: Experiment[]): HistoryRow[] {
  const groups = new Map<string, Experiment[]>();
  for (const x of experiments.filter((e) => e.phase === 'done')) {
    const key = settingsKey(x.lab);
    groups.set(key, [...(groups.get(key) ?? []), x]);
  }
  const rows: HistoryRow[] = [];
  for (const [settings, xs] of groups) {
    for (const method of METHODS) {
      const done = xs.filter((x) => x.analyses[method] && x.runs[method].result?.final);
      if (!done.length) continue;
      const pick = (f: (x: Experiment) => number) => stat(done.map(f));
      rows.push({
        settings,
        lab: done[0]!.lab,
        method,
        seeds: done.map((x) => x.lab.seed),
        testAccuracy: pick((x) => solutionAccuracy(x, method)),
        fgeAccuracy: (() => {
          const fge = done.map((x) => x.runs[method].result!.final!.fge?.accuracy).filter((v): v is number => v !== undefined);
          return fge.length ? stat(fge) : null;
        })(),
        trainLoss: pick((x) => {
          const rays = x.analyses[method]!.rays;
          return rays.curves[0]![rays.t.indexOf(0)]!.trainLoss ?? Number.NaN;
        }),
        lambdaMax: pick((x) => x.analyses[method]!.values[0]!),
        ratio: pick((x) => x.analyses[method]!.ratio),
        trace: pick((x) => x.analyses[method]!.trace.trace),
        width: pick((x) => rayWidth(x.analyses[method]!.rays, WIDTH_DELTA).mean),
      });
    }
  }
  return rows;
}
