/** What the student watches while training: progress, live sliders, and the curves with the changes marked. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { cyclicLearningRate } from '../../core/optim/schedule';
import type { LiveHyperparams } from '../../core/train/events';
import type { Experiment, RunState } from '../experiment';
import { type LabConfig } from '../lab';
import { METHODS, type Method } from '../../core/methods';
import type { AnalysisProgress } from '../session';
import { Panel } from './Formula';
import { COLORS } from '../colors';
import { Plot } from './Plot';

function describeChange(c: LiveHyperparams): string {
  const names: Record<keyof LiveHyperparams, string> = { lr: 'η', rho: 'ρ', c: 'c', alpha1: 'α₁', alpha2: 'α₂' };
  return Object.entries(c)
    .map(([k, v]) => `${names[k as keyof LiveHyperparams]}→${v}`)
    .join(' ');
}

/** Vertical marks at the steps where a live change took effect, on an x axis in epochs or steps. */
function changeMarks(runs: RunState[], unit: 'epoch' | 'step') {
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  for (const r of runs) {
    const perEpoch = r.progress.total > 0 ? r.progress.total / r.config.epochs : 1;
    for (const ch of r.changes) {
      const x = unit === 'epoch' ? ch.step / perEpoch : ch.step;
      shapes.push({ type: 'line', x0: x, x1: x, yref: 'paper', y0: 0, y1: 1, line: { color: COLORS[r.method], dash: 'dot', width: 1.5 } });
      annotations.push({
        x,
        yref: 'paper',
        y: 1,
        text: `${r.method}: ${describeChange(ch.changes)}`,
        showarrow: false,
        textangle: -90,
        xanchor: 'right',
        yanchor: 'top',
        font: { size: 10, color: COLORS[r.method] },
      });
    }
  }
  return { shapes, annotations };
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
  const shown = METHODS.filter((m) => x.runs[m].status !== 'waiting');
  const training = shown.filter((m) => x.runs[m].status === 'training');
  const eta = Math.max(0, ...training.map((m) => x.runs[m].progress.etaSeconds));
  const swa = x.runs.SWA;
  const sharing = swa.status === 'training' && !swa.branch && x.runs.SGD.status === 'training' && x.lab.swaStart > 0;
  return (
    <div className="progress" data-testid="progress">
      {shown.map((m) => {
        const r = x.runs[m];
        const a = analysis[m];
        const frac = a ? a.done / Math.max(1, a.total) : r.progress.total ? r.progress.step / r.progress.total : 0;
        const perEpoch = Math.max(1, r.progress.total / r.config.epochs);
        let text: string;
        if (a) text = `analysing: ${a.stage} ${a.done} / ${a.total}`;
        else if (r.status === 'training' && r.progress.step === 0 && m === 'SWA' && sharing)
          text = `shares SGD's run until epoch ${x.lab.swaStart}, then branches from it`;
        else if (r.status === 'training')
          text = `step ${r.progress.step} / ${r.progress.total} · epoch ${(r.progress.step / perEpoch).toFixed(1)} / ${r.config.epochs} · ${r.progress.stepsPerSecond.toFixed(1)} steps/s · ETA ${Math.ceil(r.progress.etaSeconds)} s`;
        else if (x.analyses[m]) text = `${r.status}, analysed`;
        else text = r.skipped ? `did not start: ${r.skipped}` : r.status;
        return (
          <div key={m} className="run-progress" data-testid={`progress-${m}`}>
            <b style={{ color: COLORS[m] }}>{m}</b>
            <div className="bar">
              <div style={{ width: `${(100 * Math.min(1, frac)).toFixed(1)}%`, background: a ? '#888' : COLORS[m] }} />
            </div>
            <span>{text}</span>
          </div>
        );
      })}
      <div className="run-progress">
        <span data-testid="progress-total">
          {x.phase === 'training'
            ? `training: ETA ${Math.ceil(eta)} s${paused ? ' (paused)' : ''}${sharing ? ' · a change of η before SWA branches applies to SGD and SWA alike (they share that part)' : ''}`
            : x.phase === 'analyzing'
              ? 'analysing the solutions…'
              : x.phase === 'done'
                ? 'done'
                : 'stopped'}
        </span>
        {(x.phase === 'training' || x.phase === 'analyzing') && (
          <span className="buttons">
            {x.phase === 'training' &&
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
        )}
      </div>
    </div>
  );
}

function Slider({
  label,
  value,
  min,
  max,
  step,
  onChange,
  testId,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange: (v: number) => void;
  testId: string;
}) {
  return (
    <label className="slider">
      <span>
        {label} = <b>{value}</b>
      </span>
      <input
        type="range"
        data-testid={testId}
        min={min}
        max={max}
        step={step}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </label>
  );
}

export function LiveTweaks({ lab, onChange }: { lab: LabConfig; onChange: (c: LiveHyperparams) => void }) {
  return (
    <Panel
      title="Tweak while it trains"
      hint="Each change applies from the next step of the run that uses it (ρ: SAM; c, α₁, α₂: SWA; η: the base schedule of every run) and is marked on the curves."
    >
      <div className="sliders">
        <Slider label="ρ" testId="live-rho" value={lab.rho} min={0} max={0.5} step={0.01} onChange={(v) => onChange({ rho: v })} />
        <Slider label="c" testId="live-c" value={lab.c} min={1} max={50} step={1} onChange={(v) => onChange({ c: v })} />
        <Slider
          label="α₁"
          testId="live-alpha1"
          value={lab.alpha1}
          min={Math.max(lab.alpha2, 0.001)}
          max={0.2}
          step={0.001}
          onChange={(v) => onChange({ alpha1: v })}
        />
        <Slider
          label="α₂"
          testId="live-alpha2"
          value={lab.alpha2}
          min={0}
          max={lab.alpha1}
          step={0.001}
          onChange={(v) => onChange({ alpha2: v })}
        />
        <Slider label="η" testId="live-lr" value={lab.lr} min={0.001} max={0.2} step={0.001} onChange={(v) => onChange({ lr: v })} />
      </div>
    </Panel>
  );
}

export function SchedulePreview({ lab }: { lab: LabConfig }) {
  const data = useMemo(() => {
    const valid = lab.c >= 1 && Number.isInteger(lab.c) && lab.alpha1 >= lab.alpha2 && lab.alpha2 >= 0;
    const n = valid ? Math.min(3 * lab.c, 600) : 0;
    const i = Array.from({ length: n }, (_, k) => k + 1);
    return [
      {
        x: i,
        y: i.map((k) => cyclicLearningRate(k, lab)),
        mode: 'lines+markers',
        marker: { size: 4 },
        line: { color: COLORS.SWA, shape: 'linear' },
        name: 'α(i)',
      },
    ];
  }, [lab]);
  return (
    <Panel
      title="SWA learning rate (three cycles)"
      tex={String.raw`\alpha(i) = (1 - t(i))\,\alpha_1 + t(i)\,\alpha_2,\qquad t(i) = \frac{\operatorname{mod}(i-1,\,c) + 1}{c}`}
      hint="Within each cycle the rate falls from near α₁ to α₂; the weights are averaged at the end of each cycle, where the rate is lowest. c = 1 is a constant rate α₂."
    >
      <Plot
        name="swa-schedule"
        height={200}
        data={data}
        layout={{ xaxis: { title: { text: 'iteration i (within the SWA phase)' } }, yaxis: { title: { text: 'α(i)' } }, showlegend: false }}
      />
    </Panel>
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

export function LiveCharts({ x }: { x: Experiment }) {
  // Charts redraw at most every two seconds while training (on the cpu backend the page shares the cores with the
  // workers: four software-rendered redraws a second took a fifth of a core); the progress bars update more often.
  const allRuns = useThrottled(x.runs, x.phase === 'training' ? 2000 : 0);
  const runs = useMemo(() => METHODS.map((m) => allRuns[m]).filter((r) => r.points.length > 0), [allRuns]);
  const lossData = useMemo(
    () =>
      runs.map((r) => ({
        x: r.points.map((p) => p.epoch),
        y: r.points.map((p) => p.loss),
        name: r.method,
        mode: 'lines',
        line: { color: COLORS[r.method], width: 1 },
      })),
    [runs],
  );
  const lrData = useMemo(
    () =>
      runs.map((r) => ({
        x: r.points.map((p) => p.step),
        y: r.points.map((p) => p.lr),
        name: r.method,
        mode: 'lines',
        line: { color: COLORS[r.method], width: 1.5, shape: 'hv' },
      })),
    [runs],
  );
  const accData = useMemo(() => {
    const traces: Record<string, unknown>[] = [];
    for (const r of runs) {
      traces.push({
        x: r.epochs.map((e) => e.epoch),
        y: r.epochs.map((e) => 100 * e.test.accuracy),
        name: `${r.method} (w)`,
        mode: 'lines+markers',
        line: { color: COLORS[r.method] },
      });
      if (r.epochs.some((e) => e.swa)) {
        const sw = r.epochs.filter((e) => e.swa);
        traces.push({
          x: sw.map((e) => e.epoch),
          y: sw.map((e) => 100 * e.swa!.accuracy),
          name: 'w_SWA',
          mode: 'lines+markers',
          line: { color: COLORS.SWA, dash: 'dash' },
        });
        traces.push({
          x: sw.map((e) => e.epoch),
          y: sw.map((e) => 100 * (e.fge?.accuracy ?? Number.NaN)),
          name: 'FGE',
          mode: 'lines+markers',
          line: { color: COLORS.FGE, dash: 'dot' },
        });
      }
    }
    return traces;
  }, [runs]);
  const sharpData = useMemo(() => {
    const traces: Record<string, unknown>[] = [];
    for (const r of runs) {
      const s = r.epochs.filter((e) => e.sharpness);
      if (s.length)
        traces.push({
          x: s.map((e) => e.epoch),
          y: s.map((e) => e.sharpness!.lambdaMax),
          name: `${r.method} (w)`,
          mode: 'lines+markers',
          line: { color: COLORS[r.method] },
        });
      const sw = r.epochs.filter((e) => e.swaSharpness);
      if (sw.length)
        traces.push({
          x: sw.map((e) => e.epoch),
          y: sw.map((e) => e.swaSharpness!.lambdaMax),
          name: 'w_SWA',
          mode: 'lines+markers',
          line: { color: COLORS.SWA, dash: 'dash' },
        });
    }
    return traces;
  }, [runs]);
  const epochMarks = useMemo(() => changeMarks(runs, 'epoch'), [runs]);
  const stepMarks = useMemo(() => changeMarks(runs, 'step'), [runs]);
  return (
    <div className="grid2">
      <Panel
        title="Training loss (per batch)"
        tex={String.raw`L_B(w) = -\frac{1}{|B|}\sum_{i\in B}\log \operatorname{softmax}(f(x_i; w))_{y_i}`}
      >
        <Plot
          name="training-loss"
          data={lossData}
          layout={{ xaxis: { title: { text: 'epoch' } }, yaxis: { title: { text: 'loss' }, type: 'log' }, ...epochMarks }}
        />
      </Panel>
      <Panel title="Test accuracy" hint="w_SWA and the FGE ensemble of the same snapshots are evaluated at every epoch of the SWA phase.">
        <Plot
          name="test-accuracy"
          data={accData}
          layout={{ xaxis: { title: { text: 'epoch' } }, yaxis: { title: { text: 'test accuracy (%)' } }, ...epochMarks }}
        />
      </Panel>
      <Panel title="Learning rate" hint="SWA follows the SGD schedule, then the cyclic sawtooth α(i).">
        <Plot
          name="learning-rate"
          data={lrData}
          layout={{ xaxis: { title: { text: 'step' } }, yaxis: { title: { text: 'learning rate' } }, ...stepMarks }}
        />
      </Panel>
      <Panel
        title="Sharpness during training"
        tex={String.raw`\lambda_{\max}\big(\nabla^2 L(w)\big)`}
        hint={`At every epoch's end, on ${x.runs.SGD.config.sharpness?.samples ?? 'a few'} fixed training images: two Lanczos steps warm-started from the last epoch's eigenvector (five the first time), so it costs little; its accuracy is stated in docs/BENCHMARKS.md, and the analysis after training gives the converged value on more images. SWA's curve follows w_SWA once its phase starts. Sharp minima have large λ_max.`}
      >
        {sharpData.length ? (
          <Plot
            name="sharpness-over-time"
            data={sharpData}
            layout={{ xaxis: { title: { text: 'epoch' } }, yaxis: { title: { text: 'λ_max' } }, ...epochMarks }}
          />
        ) : (
          <p className="hint">Switch on “track λ_max during training” to see this curve.</p>
        )}
      </Panel>
    </div>
  );
}
