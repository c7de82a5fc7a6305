/** The convnet lab's tab: the settings, methods and files on the left; messages, training and the comparison on the right. */
import { useMemo, useState } from 'react';
import { METHODS, type Method } from '../../core/methods';
import type { LiveHyperparams } from '../../core/train/events';
import { Controls } from '../components/Controls';
import { History } from '../components/History';
import { LiveCharts, LiveTweaks, Progress, SchedulePreview } from '../components/Live';
import { Interpolation, Rays, ResultsTable, Spectrum, Surface } from '../components/Results';
import type { Experiment } from '../experiment';
import { validateLab } from '../lab';
import { longTasks, resetLongTasks } from '../longtasks';
import type { LabSession } from '../session';
import type { SessionState } from '../session-types';
import { Intro } from './Intro';
import { MethodPicker } from './MethodPicker';
import { RunFiles } from './RunFiles';
import type { LabSettings } from './usePage';

interface TabProps {
  settings: LabSettings;
  session: LabSession | null;
  state: SessionState | null;
  busy: boolean;
}

/** `history`: the experiments saved in this browser, newest first. */
export function LabTab({ settings, session, state, busy, history }: TabProps & { history: Experiment[] }) {
  const { lab } = settings;
  const [methods, setMethods] = useState<Method[]>([...METHODS]);
  const errors = useMemo(() => validateLab(lab), [lab]);
  const valid = Object.keys(errors).length === 0;
  const x = state?.experiment ?? null;
  const start = () => {
    resetLongTasks();
    session?.start(lab, methods);
  };
  return (
    <>
      <aside>
        <Controls lab={lab} set={settings.set} errors={errors} disabled={busy} onPreset={settings.applyPreset} />
        <MethodPicker methods={methods} setMethods={setMethods} busy={busy} canStart={valid && Boolean(state?.backend)} onStart={start} />
        {!valid && <p className="error">Fix the fields marked in red to start.</p>}
        <RunFiles x={x} busy={busy} onImport={(e) => session?.load(e)} />
      </aside>
      <main>
        <Messages problems={settings.problems} messages={state?.messages ?? []} onDismiss={(i) => session?.dismiss(i)} />
        <Intro />
        <Training settings={settings} session={session} state={state} x={x} />
        {x && <Comparison x={x} session={session} state={state} />}
        <History experiments={history} />
        <LongTaskFooter />
      </main>
    </>
  );
}

/** The URL's problems (not dismissable: the URL still has them) and the session's messages (dismissable). */
function Messages({ problems, messages, onDismiss }: { problems: string[]; messages: string[]; onDismiss: (i: number) => void }) {
  return [...problems, ...messages].map((m, i) => (
    <div key={`${i}-${m}`} className="message" data-testid="message">
      {m}
      {i >= problems.length && (
        <button type="button" onClick={() => onDismiss(i - problems.length)}>
          ×
        </button>
      )}
    </div>
  ));
}

/** Progress and controls of the runs, the live sliders with the schedule they give, and the training charts. */
function Training({ settings, session, state, x }: Omit<TabProps, 'busy'> & { x: Experiment | null }) {
  const live = (c: LiveHyperparams) => {
    settings.update(c);
    session?.live(c);
  };
  return (
    <>
      {x && session && state && (
        <Progress
          x={x}
          paused={state.paused}
          analysis={state.analysis}
          onPause={() => session.pause()}
          onResume={() => session.resume()}
          onStop={() => session.stop()}
        />
      )}
      <div className="grid2">
        <LiveTweaks lab={settings.lab} onChange={live} />
        <SchedulePreview lab={settings.lab} />
      </div>
      {x && <LiveCharts x={x} />}
    </>
  );
}

/** The results table once a run has finished, the probes once a solution is analysed, the surface on request at the end. */
function Comparison({ x, session, state }: { x: Experiment; session: LabSession | null; state: SessionState | null }) {
  return (
    <>
      {METHODS.some((m) => x.runs[m].result) && <ResultsTable x={x} />}
      {Object.keys(x.analyses).length > 0 && (
        <>
          <Spectrum x={x} />
          <Rays x={x} />
          <Interpolation x={x} />
        </>
      )}
      {(x.phase === 'done' || x.phase === 'stopped') && (
        <Surface x={x} busy={Object.keys(state?.analysis ?? {}).length > 0} onCompute={(m) => session?.computeSurface(m)} />
      )}
    </>
  );
}

function LongTaskFooter() {
  const t = longTasks();
  return (
    <footer>
      {t.supported
        ? `Page-thread tasks over 50 ms while training: ${t.training.count} (longest ${t.training.longestMs.toFixed(0)} ms); in all since the last start: ${t.all.count}.`
        : 'Page-thread long tasks are not measurable in this browser.'}
    </footer>
  );
}
