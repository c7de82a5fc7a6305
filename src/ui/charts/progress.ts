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
 *
 * The text is in `t`'s language, its numbers in format.ts's; a skipped run's
 * reason is shown as the session gives it.
 */
import type { TFunction } from 'i18next';
import type { AnalysisStage } from '../../core/probes/analysis-options';
import { METHODS, type Method } from '../../core/methods';
import { COLORS } from '../colors';
import type { Experiment } from '../experiment';
import { formatFixed, formatInteger } from '../format';
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

/** The catalog's name of each analysis stage. */
const STAGE_KEYS = {
  eigenvalues: 'charts.progress.stage.eigenvalues',
  'power iteration': 'charts.progress.stage.powerIteration',
  trace: 'charts.progress.stage.trace',
  density: 'charts.progress.stage.density',
  rays: 'charts.progress.stage.rays',
  interpolation: 'charts.progress.stage.interpolation',
  surface: 'charts.progress.stage.surface',
} as const satisfies Record<AnalysisStage, string>;

/** An ETA rounded up to whole seconds: eta(2.1, t) = '3 s' ('3 с' in Russian). */
function eta(seconds: number, t: TFunction): string {
  return t('charts.progress.seconds', { seconds: formatInteger(Math.ceil(seconds)) });
}

/** A run's line: its analysis stage, the SWA-shares-SGD note, its step, epoch, rate and ETA, or how it ended. */
export function runProgressText(x: Experiment, m: Method, analysis: AnalysisProgress | undefined, sharing: boolean, t: TFunction): string {
  const r = x.runs[m];
  const p = r.progress;
  if (analysis)
    return t('charts.progress.analysing', {
      stage: t(STAGE_KEYS[analysis.stage]),
      done: formatInteger(analysis.done),
      total: formatInteger(analysis.total),
    });
  if (r.status === 'training' && p.step === 0 && m === 'SWA' && sharing)
    return t('charts.progress.sharesSgd', { epoch: formatInteger(x.lab.swaStart) });
  if (r.status === 'training') {
    const epoch = p.step / Math.max(1, p.total / r.config.epochs);
    return t('charts.progress.step', {
      step: formatInteger(p.step),
      total: formatInteger(p.total),
      epoch: formatFixed(epoch, 1),
      epochs: formatInteger(r.config.epochs),
      rate: formatFixed(p.stepsPerSecond, 1),
      eta: eta(p.etaSeconds, t),
    });
  }
  const status = t(`charts.status.${r.status}`);
  if (x.analyses[m]) return t('charts.progress.analysed', { status });
  return r.skipped ? t('charts.progress.skipped', { reason: r.skipped }) : status;
}

/** A run's bar: filled to done / total of its analysis while that runs (grey), else step / total (0 before the total is known). */
export function runProgressView(
  x: Experiment,
  m: Method,
  analysis: AnalysisProgress | undefined,
  sharing: boolean,
  t: TFunction,
): RunProgressView {
  const p = x.runs[m].progress;
  const fraction = analysis ? analysis.done / Math.max(1, analysis.total) : p.total ? p.step / p.total : 0;
  return {
    text: runProgressText(x, m, analysis, sharing, t),
    // A CSS length, not text: digits as CSS reads them in every language.
    width: `${(100 * Math.min(1, fraction)).toFixed(1)}%`,
    color: analysis ? ANALYSIS_BAR_COLOR : COLORS[m],
  };
}

/** The total line: the ETA while training (and whether paused), then what the experiment is doing or how it ended. */
export function totalProgressText(x: Experiment, paused: boolean, t: TFunction): string {
  switch (x.phase) {
    case 'training': {
      const pause = paused ? ` ${t('charts.progress.paused')}` : '';
      const shared = sharesSgdRun(x) ? ` · ${t('charts.progress.sharedEta')}` : '';
      return `${t('charts.progress.training', { eta: eta(trainingEta(x), t) })}${pause}${shared}`;
    }
    case 'analyzing':
      return t('charts.progress.analysingAll');
    case 'done':
      return t('charts.progress.done');
    default:
      return t('charts.progress.stopped');
  }
}
