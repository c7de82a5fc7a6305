/**
 * What the progress bars show: one bar per started run and a total line,
 * as plain data from the experiment (no React).
 *
 *   a run's bar      step / total while it trains; done / total of its analysis while that runs (grey)
 *   its epoch        step / max(1, total / epochs)
 *   the total ETA    max over the training runs of their ETAs (they train at the same time), 0 when none trains
 *
 * Until SWA's phase starts, SWA is SGD's run (it branches from SGD's state at
 * epoch swaStart), so while neither has branched SWA's bar says so and the
 * total line warns that a change of η applies to both.
 */
import { METHODS, type Method } from '../../core/methods';
import { COLORS } from '../colors';
import type { Experiment } from '../experiment';
import { formatFixed } from '../format';
import type { AnalysisProgress } from '../session-types';

/** The bar of a run whose analysis is running. */
export const ANALYSIS_BAR_COLOR = '#888';

/** One run's bar: its label, its filled width (a CSS percentage) and its colour. */
export interface RunProgressView {
  text: string;
  width: string;
  color: string;
}

/** The runs with a bar: every run that is no longer waiting, in METHODS order. */
export function progressShown(x: Pick<Experiment, 'runs'>): Method[] {
  return METHODS.filter((m) => x.runs[m].status !== 'waiting');
}

/** Whether SWA still shares SGD's run: both training, SWA not yet branched, and an SWA start after epoch 0. */
export function sharesSgdRun(x: Pick<Experiment, 'runs' | 'lab'>): boolean {
  const swa = x.runs.SWA;
  return swa.status === 'training' && !swa.branch && x.runs.SGD.status === 'training' && x.lab.swaStart > 0;
}

/** The total ETA in seconds: the longest ETA of the runs still training (they run concurrently), 0 when none is. */
export function trainingEta(x: Pick<Experiment, 'runs'>): number {
  const training = METHODS.filter((m) => x.runs[m].status === 'training');
  return Math.max(0, ...training.map((m) => x.runs[m].progress.etaSeconds));
}

/** A run's line: its analysis stage, the SWA-shares-SGD note, its step, epoch, rate and ETA, or how it ended. */
export function runProgressText(x: Experiment, m: Method, analysis: AnalysisProgress | undefined, sharing: boolean): string {
  const r = x.runs[m];
  const p = r.progress;
  if (analysis) return `analysing: ${analysis.stage} ${analysis.done} / ${analysis.total}`;
  if (r.status === 'training' && p.step === 0 && m === 'SWA' && sharing)
    return `shares SGD's run until epoch ${x.lab.swaStart}, then branches from it`;
  if (r.status === 'training') {
    const epoch = p.step / Math.max(1, p.total / r.config.epochs);
    return `step ${p.step} / ${p.total} · epoch ${formatFixed(epoch, 1)} / ${r.config.epochs} · ${formatFixed(p.stepsPerSecond, 1)} steps/s · ETA ${Math.ceil(p.etaSeconds)} s`;
  }
  if (x.analyses[m]) return `${r.status}, analysed`;
  return r.skipped ? `did not start: ${r.skipped}` : r.status;
}

/** A run's bar: filled to done / total of its analysis while that runs (grey), else step / total (0 before the total is known). */
export function runProgressView(x: Experiment, m: Method, analysis: AnalysisProgress | undefined, sharing: boolean): RunProgressView {
  const p = x.runs[m].progress;
  const fraction = analysis ? analysis.done / Math.max(1, analysis.total) : p.total ? p.step / p.total : 0;
  return {
    text: runProgressText(x, m, analysis, sharing),
    width: `${formatFixed(100 * Math.min(1, fraction), 1)}%`,
    color: analysis ? ANALYSIS_BAR_COLOR : COLORS[m],
  };
}

/** The total line: the ETA while training (and whether paused), then what the experiment is doing or how it ended. */
export function totalProgressText(x: Experiment, paused: boolean): string {
  switch (x.phase) {
    case 'training': {
      const pause = paused ? ' (paused)' : '';
      const shared = sharesSgdRun(x) ? ' · a change of η before SWA branches applies to SGD and SWA alike (they share that part)' : '';
      return `training: ETA ${Math.ceil(trainingEta(x))} s${pause}${shared}`;
    }
    case 'analyzing':
      return 'analysing the solutions…';
    case 'done':
      return 'done';
    default:
      return 'stopped';
  }
}
