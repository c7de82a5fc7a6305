/**
 * What the student watches while training: each run's progress, and the
 * curves with the live changes marked. The bars' text and the charts' traces
 * are built by charts/progress.ts and charts/live-traces.ts; the sliders are
 * in live/LiveTweaks.tsx.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Method } from '../../core/methods';
import { chartedRuns, liveCharts } from '../charts/live-traces';
import { progressShown, runProgressView, sharesSgdRun, totalProgressText } from '../charts/progress';
import { COLORS } from '../colors';
import type { Experiment } from '../experiment';
import { BATCH_LOSS_TEX, SHARPNESS_TEX } from '../formulas';
import type { AnalysisProgress } from '../session-types';
import { Panel } from './Formula';
import { Plot } from './Plot';

export { LiveTweaks, SchedulePreview } from './live/LiveTweaks';

/** One run's bar: its name in its colour, the bar filled to its progress, and its line of text. */
function RunBar({ x, m, analysis, sharing }: { x: Experiment; m: Method; analysis: AnalysisProgress | undefined; sharing: boolean }) {
  const view = runProgressView(x, m, analysis, sharing);
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
  if (phase !== 'training' && phase !== 'analyzing') return null;
  return (
    <span className="buttons">
      {phase === 'training' &&
        (paused ? (
          <button type="button" data-testid="resume" onClick={onResume}>
            Resume
          </button>
        ) : (
          <button type="button" data-testid="pause" onClick={onPause}>
            Pause
          </button>
        ))}
      <button type="button" data-testid="stop" onClick={onStop}>
        Stop
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
  const sharing = sharesSgdRun(x);
  return (
    <div className="progress" data-testid="progress">
      {progressShown(x).map((m) => (
        <RunBar key={m} x={x} m={m} analysis={analysis[m]} sharing={sharing} />
      ))}
      <div className="run-progress">
        <span data-testid="progress-total">{totalProgressText(x, paused)}</span>
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

/** The tracker's subset, as the sharpness chart's hint names it. */
function sharpnessHint(samples: number | undefined): string {
  return `At every epoch's end, on ${samples ?? 'a few'} fixed training images: two Lanczos steps warm-started from the last epoch's eigenvector (five the first time), so it costs little; its accuracy is stated in docs/BENCHMARKS.md, and the analysis after training gives the converged value on more images. SWA's curve follows w_SWA once its phase starts. Sharp minima have large λ_max.`;
}

/** The training loss, test accuracy, learning rate and sharpness of every run that has points, the live changes marked. */
export function LiveCharts({ x }: { x: Experiment }) {
  // Charts redraw at most every two seconds while training (on the cpu backend the page shares the cores with the
  // workers: four software-rendered redraws a second took a fifth of a core); the progress bars update more often.
  const runs = useThrottled(x.runs, x.phase === 'training' ? 2000 : 0);
  const charts = useMemo(() => liveCharts(chartedRuns(runs)), [runs]);
  return (
    <div className="grid2">
      <Panel title="Training loss (per batch)" tex={BATCH_LOSS_TEX}>
        <Plot name="training-loss" data={charts.loss.data} layout={charts.loss.layout} />
      </Panel>
      <Panel title="Test accuracy" hint="w_SWA and the FGE ensemble of the same snapshots are evaluated at every epoch of the SWA phase.">
        <Plot name="test-accuracy" data={charts.accuracy.data} layout={charts.accuracy.layout} />
      </Panel>
      <Panel title="Learning rate" hint="SWA follows the SGD schedule, then the cyclic sawtooth α(i).">
        <Plot name="learning-rate" data={charts.learningRate.data} layout={charts.learningRate.layout} />
      </Panel>
      <Panel title="Sharpness during training" tex={SHARPNESS_TEX} hint={sharpnessHint(x.runs.SGD.config.sharpness?.samples)}>
        {charts.sharpness.data.length ? (
          <Plot name="sharpness-over-time" data={charts.sharpness.data} layout={charts.sharpness.layout} />
        ) : (
          <p className="hint">Switch on “track λ_max during training” to see this curve.</p>
        )}
      </Panel>
    </div>
  );
}
