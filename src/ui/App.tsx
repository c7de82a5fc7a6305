/** The lab: settings on the left; training, then the comparison, on the right; the lecture's formulas next to each plot. */
import { useEffect, useState } from 'react';
import { METHODS } from '../core/methods';
import { ToyLab } from './components/ToyLab';
import type { Message } from './i18n/message';
import { type LabConfig, MODELS } from './lab';
import { Lecture } from './lecture/Lecture';
import { installLectureHook } from './lecture/hook';
import { useLecture } from './lecture/useLecture';
import { longTasks, markTraining, watchLongTasks } from './longtasks';
import { Header } from './page/Header';
import { LabTab } from './page/LabTab';
import { useLabSettings, useSavedExperiments, useTab } from './page/usePage';
import type { ReferenceName } from './reference';
import { installTestHook } from './test-hook';
import { useLabSession } from './useLab';

/** `updated`: the note of a page load that is the first of a new build (see offline.ts), else null. */
export function App({ updated }: { updated: Message | null }) {
  const settings = useLabSettings();
  // The backend and the model its automatic choice is timed on are those the page opened with.
  const [opened] = useState(() => ({ backend: settings.lab.backend, model: MODELS[settings.lab.model] }));
  const { session, state } = useLabSession(opened.backend, opened.model);
  const tab = useTab();
  const lecture = useLecture();
  const [live, setLive] = useState<ReferenceName | null>(null);
  const history = useSavedExperiments(session, state?.saved ?? 0);
  const phase = state?.experiment?.phase;
  const busy = phase === 'training' || phase === 'analyzing';
  useEffect(() => markTraining(phase === 'training'), [phase]);
  useEffect(() => {
    watchLongTasks();
    if (session) installTestHook(() => ({ ...session.getSnapshot(), longTasks: longTasks() }), session);
  }, [session]);
  const { step, presentation } = lecture;
  useEffect(() => installLectureHook(() => ({ step, presentation, live })), [step, presentation, live]);
  const runLive = (name: ReferenceName | null, lab?: LabConfig) => {
    setLive(name);
    if (name === null || !lab) return;
    // The reference run's settings, on the backend this page computes on (the recorded run names the one it used).
    const here = { ...lab, backend: settings.lab.backend };
    settings.update(here);
    session?.start(here, METHODS);
  };
  return (
    <div className="app">
      <Header
        updated={updated}
        tab={tab}
        state={state}
        busy={busy}
        onMeasureAgain={() => session?.measureAgain()}
        lecture={lecture.step !== null}
        onLecture={(open) => lecture.go(open ? (lecture.step ?? 'plan') : null)}
      />
      {lecture.step !== null ? (
        <Lecture lecture={lecture} state={state} busy={busy} live={live} onRunLive={runLive} />
      ) : tab === 'toy' ? (
        <ToyLab />
      ) : (
        <LabTab settings={settings} session={session} state={state} busy={busy} history={history} />
      )}
    </div>
  );
}
