/**
 * The training charts' plotly traces and layouts: plain functions from the
 * runs' curves to plotly objects, no React and no drawing.
 *
 *   training loss   L_B(w) of every kept batch, against the epoch e = step / (steps per epoch)
 *   learning rate   the rate of every kept step, against the step (a staircase: it holds until the next step)
 *   test accuracy   100 · (correct / n) at each epoch's end: w, and in the SWA phase w_SWA and the FGE ensemble
 *   sharpness       λ_max(∇²L) at each epoch's end, at w and at w_SWA, when tracking is on
 *   SWA schedule    α(i) = (1 − t(i))·α₁ + t(i)·α₂ for three cycles, i = 1 … 3c
 *
 * Each run is one colour (COLORS) in every chart; w_SWA is SWA's colour
 * dashed and FGE its own colour dotted. A live change of a hyperparameter is
 * a dotted vertical line in its run's colour at the step it took effect,
 * on epoch axes at e = step / (total steps / epochs).
 */
import type { TFunction } from 'i18next';
import { cyclicLearningRate } from '../../core/optim/schedule';
import type { EpochEvent, LiveHyperparams } from '../../core/train/events';
import { METHODS, type Method } from '../../core/methods';
import { COLORS } from '../colors';
import type { RunState } from '../experiment';
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

/** The four training charts. */
export interface LiveCharts {
  loss: Chart;
  accuracy: Chart;
  learningRate: Chart;
  sharpness: Chart;
}

/** The runs that have points to draw, in METHODS order. */
export function chartedRuns<R extends Pick<RunState, 'points'>>(runs: Record<Method, R>): R[] {
  return METHODS.map((m) => runs[m]).filter((r) => r.points.length > 0);
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
function epochLine<E extends EpochEvent>(name: string, line: Record<string, unknown>, epochs: readonly E[], value: (e: E) => number): Data {
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

/** The four training charts of `runs`, their live changes marked on each, the axes titled in `t`'s language. */
export function liveCharts(runs: readonly ChartRun[], t: TFunction): LiveCharts {
  const byEpoch = changeMarks(runs, 'epoch');
  const byStep = changeMarks(runs, 'step');
  // A new axis object for each chart: plotly writes a zoom's range into the layout's axis.
  const epoch = () => axis(t('charts.axis.epoch'));
  return {
    loss: { data: lossTraces(runs), layout: { xaxis: epoch(), yaxis: axis(t('charts.axis.loss'), { type: 'log' }), ...byEpoch } },
    accuracy: { data: accuracyTraces(runs), layout: { xaxis: epoch(), yaxis: axis(t('charts.axis.testAccuracy')), ...byEpoch } },
    learningRate: {
      data: learningRateTraces(runs),
      layout: { xaxis: axis(t('charts.axis.step')), yaxis: axis(t('charts.axis.learningRate')), ...byStep },
    },
    sharpness: { data: sharpnessTraces(runs), layout: { xaxis: epoch(), yaxis: axis('λ_max'), ...byEpoch } },
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
