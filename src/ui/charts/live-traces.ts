/**
 * The training charts' plotly traces and layouts: plain functions from the
 * runs' curves to plotly objects, no React and no drawing.
 *
 *   training loss   L_B(w) of every kept batch, against the epoch e = step / (steps per epoch)
 *   learning rate   the rate of every kept step, against the step (a staircase: it holds until the next step)
 *   test accuracy   100 · (correct / n) at each epoch's end: w, and in the SWA phase w_SWA and the FGE ensemble
 *   sharpness       λ_max(∇²L) at each epoch's end, at w and at w_SWA, when tracking is on, with each
 *                   run's stability bound 2(1 + μ)/η at those epochs (see stabilityBound)
 *   SWA schedule    α(i) = (1 − t(i))·α₁ + t(i)·α₂ for three cycles, i = 1 … 3c
 *
 * Each run is one colour (COLORS) in every chart; w_SWA is SWA's colour
 * dashed, FGE its own colour dotted, a stability bound its run's colour
 * dash-dotted. A live change of a hyperparameter is a dotted vertical line
 * in its run's colour at the step it took effect, on epoch axes at
 * e = step / (total steps / epochs).
 *
 * The accuracy and sharpness charts change only when an epoch ends (or a
 * live change is marked): `sameEpochCharts` says when they need no rebuild,
 * so the page redraws them once an epoch, not on every publish of steps.
 */
import type { TFunction } from 'i18next';
import { cyclicLearningRate } from '../../core/optim/schedule';
import type { EpochEvent, LiveHyperparams } from '../../core/train/events';
import { METHODS, type Method } from '../../core/methods';
import { COLORS } from '../colors';
import type { RunState, StepPoint } from '../experiment';
import { localizeDigits } from '../format';
import type { LabConfig } from '../lab';
import type { Data } from '../plotly';
import { type Chart, type LayoutItem, axis } from './chart';

/** A run as the live charts read it. */
export type ChartRun = Pick<RunState, 'method' | 'config' | 'points' | 'epochs' | 'changes' | 'progress'>;

/** The live changes' vertical lines and their labels, spread into a layout. */
export interface ChangeMarks {
  shapes: LayoutItem[];
  annotations: LayoutItem[];
}

/** The runs that have points to draw, in METHODS order. */
export function chartedRuns<R extends Pick<RunState, 'points'>>(runs: Record<Method, R>): R[] {
  return METHODS.map((m) => runs[m]).filter((r) => r.points.length > 0);
}

/**
 * Whether the accuracy and sharpness charts of `a` and `b` are the same:
 * every run has the same epochs, live changes and config (by identity: the
 * reducer copies them only when they change), the same planned total, and
 * points in both or in neither. Steps alone leave them the same.
 */
export function sameEpochCharts(a: Record<Method, ChartRun>, b: Record<Method, ChartRun>): boolean {
  return METHODS.every((m) => {
    const [p, q] = [a[m], b[m]];
    return (
      p.epochs === q.epochs &&
      p.changes === q.changes &&
      p.config === q.config &&
      p.progress.total === q.progress.total &&
      p.points.length > 0 === q.points.length > 0
    );
  });
}

/** Each run's loss on every kept batch against the epoch, one thin line per run. */
export function lossTraces(runs: readonly ChartRun[]): Data[] {
  return runs.map((r) => ({
    x: r.points.map((p) => p.epoch),
    y: r.points.map((p) => p.loss),
    name: r.method,
    mode: 'lines',
    line: { color: COLORS[r.method], width: 1 },
  }));
}

/** Each run's learning rate on every kept step, drawn as a staircase ('hv': the rate holds until the next step). */
export function learningRateTraces(runs: readonly ChartRun[]): Data[] {
  return runs.map((r) => ({
    x: r.points.map((p) => p.step),
    y: r.points.map((p) => p.lr),
    name: r.method,
    mode: 'lines',
    line: { color: COLORS[r.method], width: 1.5, shape: 'hv' },
  }));
}

type Measured = 'swa' | 'sharpness' | 'swaSharpness';

/** The epochs at which `key` was measured. */
function measured<K extends Measured>(epochs: readonly EpochEvent[], key: K) {
  return epochs.filter((e): e is EpochEvent & { [P in K]: NonNullable<EpochEvent[P]> } => Boolean(e[key]));
}

/** One line with markers: value(e) at each of `epochs`. */
function epochLine<E extends EpochEvent>(
  name: string,
  line: Record<string, unknown>,
  epochs: readonly E[],
  value: (e: E) => number | null,
): Data {
  return { x: epochs.map((e) => e.epoch), y: epochs.map(value), name, mode: 'lines+markers', line };
}

/**
 * Test accuracy in % at each epoch's end: each run's w, then (in SWA's phase)
 * w_SWA and the FGE ensemble of the same snapshots. An epoch with w_SWA but
 * no FGE evaluation is a gap (NaN) on FGE's line.
 */
export function accuracyTraces(runs: readonly ChartRun[]): Data[] {
  return runs.flatMap((r) => {
    const atW = epochLine(`${r.method} (w)`, { color: COLORS[r.method] }, r.epochs, (e) => 100 * e.test.accuracy);
    const sw = measured(r.epochs, 'swa');
    if (!sw.length) return [atW];
    const swa = epochLine('w_SWA', { color: COLORS.SWA, dash: 'dash' }, sw, (e) => 100 * e.swa.accuracy);
    const fge = epochLine('FGE', { color: COLORS.FGE, dash: 'dot' }, sw, (e) => 100 * (e.fge?.accuracy ?? Number.NaN));
    return [atW, swa, fge];
  });
}

/** λ_max at each epoch where it was tracked: at w in the run's colour, at w_SWA dashed in SWA's; none without tracking. */
export function sharpnessTraces(runs: readonly ChartRun[]): Data[] {
  return runs.flatMap((r) => {
    const atW = measured(r.epochs, 'sharpness');
    const atSwa = measured(r.epochs, 'swaSharpness');
    const traces: Data[] = [];
    if (atW.length) traces.push(epochLine(`${r.method} (w)`, { color: COLORS[r.method] }, atW, (e) => e.sharpness.lambdaMax));
    if (atSwa.length) traces.push(epochLine('w_SWA', { color: COLORS.SWA, dash: 'dash' }, atSwa, (e) => e.swaSharpness.lambdaMax));
    return traces;
  });
}

/**
 * The stability bound of heavy-ball gradient descent, the lab's SGD
 * (v ← μv + g, w ← w − ηv), on a quadratic of curvature λ: along an
 * eigenvector the error follows x_{k+1} = (1 + μ − ηλ)·x_k − μ·x_{k−1},
 * whose roots of z² − (1 + μ − ηλ)z + μ = 0 lie inside the unit circle iff
 * 0 < ηλ < 2(1 + μ) (for 0 ≤ μ < 1). So it is stable while
 *
 *   λ < 2(1 + μ)/η        (2/η without momentum)
 *
 * and diverges along any direction of larger curvature. The chart compares
 * it with λ_max of the data loss L; the lab's objective L + λ_wd‖w‖² has
 * curvature 2λ_wd more (2·10⁻⁴ by default: invisible). Null for η ≤ 0 (no
 * step, no bound).
 */
export function stabilityBound(lr: number, momentum: number): number | null {
  return lr > 0 ? (2 * (1 + momentum)) / lr : null;
}

/** The rate in force at `step`: that of the last kept point at or before it (null before the first); points are in step order. */
export function rateAt(points: readonly Pick<StepPoint, 'step' | 'lr'>[], step: number): number | null {
  // Binary search for the last point with p.step ≤ step.
  let [lo, hi] = [0, points.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.step <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? points[lo - 1]!.lr : null;
}

/**
 * Each run's stability bound 2(1 + μ)/η (stabilityBound) at the epochs where
 * its λ_max at w was tracked, η the rate in force at that epoch's last step;
 * dash-dotted in the run's colour, a gap where there is no bound. In SWA's
 * phase the tracker follows w_SWA, which no step moves: no bound there.
 */
export function stabilityTraces(runs: readonly ChartRun[]): Data[] {
  return runs.flatMap((r) => {
    const at = measured(r.epochs, 'sharpness');
    if (!at.length) return [];
    const bound = (e: EpochEvent) => {
      const lr = rateAt(r.points, e.step);
      return lr === null ? null : stabilityBound(lr, r.config.sgd.momentum);
    };
    const name = `${r.method}: ${r.config.sgd.momentum > 0 ? '2(1 + μ)/η' : '2/η'}`;
    return [{ ...epochLine(name, { color: COLORS[r.method], dash: 'dashdot', width: 1.5 }, at, bound), mode: 'lines' }];
  });
}

const SYMBOLS: Record<keyof LiveHyperparams, string> = { lr: 'η', rho: 'ρ', c: 'c', alpha1: 'α₁', alpha2: 'α₂' };

/** A live change as the chart labels it: changeLabel({ lr: 0.1, rho: 0.02 }) = 'η→0.1 ρ→0.02' ('η→0,1 ρ→0,02' in Russian). */
export function changeLabel(c: LiveHyperparams): string {
  return Object.entries(c)
    .map(([k, v]) => `${SYMBOLS[k as keyof LiveHyperparams]}→${localizeDigits(String(v))}`)
    .join(' ');
}

/**
 * Vertical dotted lines at the steps where a live change took effect, each
 * labelled "METHOD: change" at the top. On an epoch axis the step s sits at
 * s / (total / epochs); before a run knows its total, at s.
 */
export function changeMarks(runs: readonly ChartRun[], unit: 'epoch' | 'step'): ChangeMarks {
  const marks = runs.flatMap((r) => {
    const perEpoch = r.progress.total > 0 ? r.progress.total / r.config.epochs : 1;
    const color = COLORS[r.method];
    return r.changes.map((ch) => {
      const x = unit === 'epoch' ? ch.step / perEpoch : ch.step;
      const shape = { type: 'line', x0: x, x1: x, yref: 'paper', y0: 0, y1: 1, line: { color, dash: 'dot', width: 1.5 } };
      const annotation = {
        x,
        yref: 'paper',
        y: 1,
        text: `${r.method}: ${changeLabel(ch.changes)}`,
        showarrow: false,
        textangle: -90,
        xanchor: 'right',
        yanchor: 'top',
        font: { size: 10, color },
      };
      return { shape, annotation };
    });
  });
  return { shapes: marks.map((m) => m.shape), annotations: marks.map((m) => m.annotation) };
}

/** The epoch axis titled in `t`'s language: a new object for each chart (plotly writes a zoom's range into the layout's axis). */
const epochAxis = (t: TFunction) => axis(t('charts.axis.epoch'));

/** The training loss of every kept batch (log axis), the live changes marked. */
export function lossChart(runs: readonly ChartRun[], t: TFunction): Chart {
  return {
    data: lossTraces(runs),
    layout: { xaxis: epochAxis(t), yaxis: axis(t('charts.axis.loss'), { type: 'log' }), ...changeMarks(runs, 'epoch') },
  };
}

/** The learning rate of every kept step, the live changes marked. */
export function learningRateChart(runs: readonly ChartRun[], t: TFunction): Chart {
  return {
    data: learningRateTraces(runs),
    layout: { xaxis: axis(t('charts.axis.step')), yaxis: axis(t('charts.axis.learningRate')), ...changeMarks(runs, 'step') },
  };
}

/** Test accuracy at each epoch's end, the live changes marked. */
export function accuracyChart(runs: readonly ChartRun[], t: TFunction): Chart {
  return {
    data: accuracyTraces(runs),
    layout: { xaxis: epochAxis(t), yaxis: axis(t('charts.axis.testAccuracy')), ...changeMarks(runs, 'epoch') },
  };
}

/**
 * λ_max at each tracked epoch with each run's stability bound, the live
 * changes marked. A log axis: as a decaying schedule lowers η the bound
 * rises (2 · 1.9/0.01 = 380 at the lecture preset's end, against λ_max of
 * 10 to 20), and a ratio reads the same anywhere on it.
 */
export function sharpnessChart(runs: readonly ChartRun[], t: TFunction): Chart {
  return {
    data: [...sharpnessTraces(runs), ...stabilityTraces(runs)],
    layout: { xaxis: epochAxis(t), yaxis: axis('λ_max', { type: 'log' }), ...changeMarks(runs, 'epoch') },
  };
}

/** The longest preview: 3c iterations, at most this many. */
const SCHEDULE_PREVIEW_MAX = 600;

/**
 * Three cycles of SWA's rate, α(i) for i = 1 … min(3c, 600), in SWA's colour
 * (the x axis titled in `t`'s language);
 * no points while the settings are not a valid schedule (c a positive
 * integer, α₁ ≥ α₂ ≥ 0).
 */
export function scheduleChart(lab: Pick<LabConfig, 'c' | 'alpha1' | 'alpha2'>, t: TFunction): Chart {
  const valid = lab.c >= 1 && Number.isInteger(lab.c) && lab.alpha1 >= lab.alpha2 && lab.alpha2 >= 0;
  const n = valid ? Math.min(3 * lab.c, SCHEDULE_PREVIEW_MAX) : 0;
  const i = Array.from({ length: n }, (_, k) => k + 1);
  const trace = {
    x: i,
    y: i.map((k) => cyclicLearningRate(k, lab)),
    mode: 'lines+markers',
    marker: { size: 4 },
    line: { color: COLORS.SWA, shape: 'linear' },
    name: 'α(i)',
  };
  return { data: [trace], layout: { xaxis: axis(t('charts.axis.iteration')), yaxis: axis('α(i)'), showlegend: false } };
}
