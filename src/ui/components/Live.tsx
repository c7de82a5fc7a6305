/**
 * What the student watches while training: each run's progress, and the
 * curves with the live changes marked. The bars' text and the charts' traces
 * are built by charts/progress.ts and charts/live-traces.ts; the sliders are
 * in live/LiveTweaks.tsx.
 */
import type { TFunction } from 'i18next';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Method } from '../../core/methods';
import {
  type ChartRun,
  accuracyChart,
  chartedRuns,
  learningRateChart,
  lossChart,
  sameEpochCharts,
  sharpnessChart,
} from '../charts/live-traces';
import { progressShown, runProgressView, sharesSgdRun, totalProgressText } from '../charts/progress';
import { COLORS } from '../colors';
import type { Experiment } from '../experiment';
import { formatInteger } from '../format';
import { BATCH_LOSS_TEX, SHARPNESS_TEX } from '../formulas';
import type { AnalysisProgress } from '../session-types';
import { Panel } from './Formula';
import { Plot } from './Plot';

export { LiveTweaks, SchedulePreview } from './live/LiveTweaks';

/** One run's bar: its name in its colour, the bar filled to its progress, and its line of text. */
function RunBar({ x, m, analysis, sharing }: { x: Experiment; m: Method; analysis: AnalysisProgress | undefined; sharing: boolean }) {
  const { t } = useTranslation();
  const view = runProgressView(x, m, analysis, sharing, t);
  return (
    <div className="run-progress" data-testid={`progress-${m}`}>
      <b style={{ color: COLORS[m] }}>{m}</b>
      <div className="bar">
        <div style={{ width: view.width, background: view.color }} />
      </div>
      <span>{view.text}</span>
    </div>
  );
}

/** Pause or Resume while training, Stop while training or analysing; nothing once the experiment has ended. */
function Buttons({
  phase,
  paused,
  onPause,
  onResume,
  onStop,
}: {
  phase: Experiment['phase'];
  paused: boolean;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
}) {
  const { t } = useTranslation();
  if (phase !== 'training' && phase !== 'analyzing') return null;
  return (
    <span className="buttons">
      {phase === 'training' &&
        (paused ? (
          <button type="button" data-testid="resume" onClick={onResume}>
            {t('charts.progress.resume')}
          </button>
        ) : (
          <button type="button" data-testid="pause" onClick={onPause}>
            {t('charts.progress.pause')}
          </button>
        ))}
      <button type="button" data-testid="stop" onClick={onStop}>
        {t('charts.progress.stop')}
      </button>
    </span>
  );
}

/** One bar per method (its own steps, rate and ETA, or its analysis), the total ETA, and the controls. */
export function Progress({
  x,
  paused,
  analysis,
  onPause,
  onResume,
  onStop,
}: {
  x: Experiment;
  paused: boolean;
  analysis: Partial<Record<Method, AnalysisProgress>>;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
}) {
  const { t } = useTranslation();
  const sharing = sharesSgdRun(x);
  return (
    <div className="progress" data-testid="progress">
      {progressShown(x).map((m) => (
        <RunBar key={m} x={x} m={m} analysis={analysis[m]} sharing={sharing} />
      ))}
      <div className="run-progress">
        <span data-testid="progress-total">{totalProgressText(x, paused, t)}</span>
        <Buttons phase={x.phase} paused={paused} onPause={onPause} onResume={onResume} onStop={onStop} />
      </div>
    </div>
  );
}

/** `value`, but updated at most once per `ms` (the latest value always arrives). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastShown = useRef(0);
  useEffect(() => {
    const wait = lastShown.current + ms - Date.now();
    const show = () => {
      lastShown.current = Date.now();
      setShown(value);
    };
    if (wait <= 0) {
      show();
      return;
    }
    const t = setTimeout(show, wait);
    return () => clearTimeout(t);
  }, [value, ms]);
  return shown;
}

/** The sharpness chart's hint, naming the tracker's subset (its size, or 'a few' when not known), then the stability bound's reading. */
function sharpnessHint(samples: number | undefined, t: TFunction): string {
  const tracker =
    samples === undefined ? t('charts.live.sharpnessHintFew') : t('charts.live.sharpnessHint', { samples: formatInteger(samples) });
  return `${tracker} ${t('charts.live.stabilityHint')}`;
}

type EpochChartProps = { runs: Record<Method, ChartRun> };

/** Props whose epoch charts are the same: the panel skips the publishes of steps alone (Plot redraws only new data). */
const sameEpochProps = (a: EpochChartProps, b: EpochChartProps) => sameEpochCharts(a.runs, b.runs);

/** Test accuracy at every epoch's end: rebuilt, and redrawn, only when an epoch or a live change arrives. */
const AccuracyPanel = memo(function AccuracyPanel({ runs }: EpochChartProps) {
  const { t } = useTranslation();
  const chart = useMemo(() => accuracyChart(chartedRuns(runs), t), [runs, t]);
  return (
    <Panel title={t('charts.live.accuracyTitle')} hint={t('charts.live.accuracyHint')}>
      <Plot name="test-accuracy" data={chart.data} layout={chart.layout} />
    </Panel>
  );
}, sameEpochProps);

/** λ_max at every tracked epoch with each run's stability bound: rebuilt, and redrawn, only when an epoch or a live change arrives. */
const SharpnessPanel = memo(function SharpnessPanel({ runs }: EpochChartProps) {
  const { t } = useTranslation();
  const chart = useMemo(() => sharpnessChart(chartedRuns(runs), t), [runs, t]);
  return (
    <Panel title={t('charts.live.sharpnessTitle')} tex={SHARPNESS_TEX} hint={sharpnessHint(runs.SGD.config.sharpness?.samples, t)}>
      {chart.data.length ? (
        <Plot name="sharpness-over-time" testId="sharpness-plot" data={chart.data} layout={chart.layout} />
      ) : (
        <p className="hint">{t('charts.live.sharpnessOff')}</p>
      )}
    </Panel>
  );
}, sameEpochProps);

/** The training loss, test accuracy, learning rate and sharpness of every run that has points, the live changes marked. */
export function LiveCharts({ x }: { x: Experiment }) {
  // Charts redraw at most every two seconds while training (on the cpu backend the page shares the cores with the
  // workers: four software-rendered redraws a second took a fifth of a core); the progress bars update more often.
  const runs = useThrottled(x.runs, x.phase === 'training' ? 2000 : 0);
  const { t } = useTranslation();
  // react-i18next gives a new `t` for each language, so the charts are rebuilt on a language switch: the axis titles,
  // and the change labels' digits (format.ts's locale is set before the switch).
  const loss = useMemo(() => lossChart(chartedRuns(runs), t), [runs, t]);
  const learningRate = useMemo(() => learningRateChart(chartedRuns(runs), t), [runs, t]);
  return (
    <div className="grid2">
      <Panel title={t('charts.live.lossTitle')} tex={BATCH_LOSS_TEX}>
        <Plot name="training-loss" data={loss.data} layout={loss.layout} />
      </Panel>
      <AccuracyPanel runs={runs} />
      <Panel title={t('charts.live.learningRateTitle')} hint={t('charts.live.learningRateHint')}>
        <Plot name="learning-rate" data={learningRate.data} layout={learningRate.layout} />
      </Panel>
      <SharpnessPanel runs={runs} />
    </div>
  );
}
