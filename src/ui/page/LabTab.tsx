/** The convnet lab's tab: the settings, methods and files on the left; messages, training and the comparison on the right. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { METHODS, type Method } from '../../core/methods';
import type { LiveHyperparams } from '../../core/train/events';
import { Controls } from '../components/Controls';
import { SharpnessScatter } from '../components/SharpnessScatter';
import { History } from '../components/History';
import { LiveCharts, LiveTweaks, Progress, SchedulePreview } from '../components/Live';
import { Interpolation, Rays, ResultsTable, Spectrum, Surface } from '../components/Results';
import { Views } from '../components/Views';
import type { Experiment } from '../experiment';
import { formatFixed, formatInteger } from '../format';
import { type Message, translate } from '../i18n/message';
import { PRESETS, validateLab } from '../lab';
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
  const { t } = useTranslation();
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
        <Controls
          lab={lab}
          set={settings.set}
          errors={errors}
          disabled={busy}
          onPreset={(name) => {
            settings.applyPreset(name);
            setMethods([...(PRESETS[name]?.methods ?? METHODS)]);
          }}
        />
        <MethodPicker methods={methods} setMethods={setMethods} busy={busy} canStart={valid && Boolean(state?.backend)} onStart={start} />
        {!valid && <p className="error">{t('session.tab.fixFields')}</p>}
        <RunFiles x={x} busy={busy} onImport={(e) => session?.load(e)} />
      </aside>
      <main>
        <Messages problems={settings.problems} messages={state?.messages ?? []} onDismiss={(i) => session?.dismiss(i)} />
        <Intro />
        <Training settings={settings} session={session} state={state} x={x} />
        {x && <Comparison x={x} session={session} state={state} />}
        <History experiments={history} />
        <SharpnessScatter experiments={history} />
        <LongTaskFooter />
      </main>
    </>
  );
}

/** The URL's problems (not dismissable: the URL still has them) and the session's messages (dismissable), in the interface's language. */
function Messages({
  problems,
  messages,
  onDismiss,
}: {
  problems: readonly Message[];
  messages: readonly Message[];
  onDismiss: (i: number) => void;
}) {
  const { t } = useTranslation();
  return [...problems, ...messages].map((m, i) => (
    <div key={`${i}-${m.key}`} className="message" data-testid="message">
      {translate(t, m)}
      {i >= problems.length && (
        <button
          type="button"
          aria-label={t('session.tab.dismiss')}
          title={t('session.tab.dismiss')}
          onClick={() => onDismiss(i - problems.length)}
        >
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
  const busy = Object.keys(state?.analysis ?? {}).length > 0 || Object.keys(state?.views ?? {}).length > 0;
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
        <>
          <Surface x={x} busy={busy} onCompute={(m) => session?.computeSurface(m)} />
          <Views
            x={x}
            busy={busy}
            progress={state?.views ?? {}}
            recorded={state?.recorded ?? {}}
            onCompute={(view) => session?.computeView(view)}
          />
        </>
      )}
    </>
  );
}

/** The page thread's long tasks: training in the workers should leave it free. */
function LongTaskFooter() {
  const { t } = useTranslation();
  const tasks = longTasks();
  return (
    <footer>
      {tasks.supported
        ? t('session.tab.longTasks', {
            training: formatInteger(tasks.training.count),
            longest: formatFixed(tasks.training.longestMs, 0),
            all: formatInteger(tasks.all.count),
          })
        : t('session.tab.longTasksUnsupported')}
    </footer>
  );
}
