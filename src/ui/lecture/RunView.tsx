/**
 * A lecture step's view of a trained convnet: the bundled reference run at
 * once, with where it came from, and "run it live" to retrain the three
 * methods in this browser with its settings (the view then follows the live
 * run, as it trains).
 */
import { useTranslation } from 'react-i18next';
import { LiveCharts, SchedulePreview } from '../components/Live';
import { Rays, ResultsTable, Spectrum } from '../components/Results';
import type { Experiment } from '../experiment';
import { formatInteger } from '../format';
import type { ReferenceName, ReferenceRun } from '../reference';
import type { LectureProps } from './Lecture';
import type { RunPanel } from './steps';
import { panelFigure } from './figures';
import { SwaFgeTable } from './SwaFgeTable';
import { useReference } from './useReference';

function Panel({ panel, x }: { panel: RunPanel; x: Experiment }) {
  switch (panel) {
    case 'overview':
    case 'results':
      return <ResultsTable x={x} />;
    case 'spectrum':
      return <Spectrum x={x} />;
    case 'live':
      return <LiveCharts x={x} />;
    case 'schedule':
      return (
        <>
          <SchedulePreview lab={x.lab} />
          <LiveCharts x={x} />
        </>
      );
    case 'swa-fge':
      return <SwaFgeTable x={x} />;
    case 'rays':
      return <Rays x={x} />;
  }
}

function Provenance({ run }: { run: ReferenceRun }) {
  const { t, i18n } = useTranslation();
  const p = run.provenance;
  // The backend's name; the recorder's note on how it was chosen (English) stays in the file.
  const date = new Date(p.createdAt).toLocaleDateString(i18n.language, { year: 'numeric', month: 'long', day: 'numeric' });
  const machine = `${p.machine.cpu} × ${formatInteger(p.machine.cores)}`;
  return (
    <p className="hint">
      {t('lecture.reference.shown', { command: p.command, seed: p.seed, machine, backend: p.backend.split(' ')[0] ?? p.backend, date })}
    </p>
  );
}

export function RunView({ name, panel, state, busy, live, onRunLive }: LectureProps & { name: ReferenceName; panel: RunPanel }) {
  const { t } = useTranslation();
  const reference = useReference(name);
  const liveRun = live === name ? (state?.experiment ?? null) : null;
  if (!reference.run) {
    return (
      <p className={reference.error ? 'error' : 'hint'} data-testid="reference-status">
        {reference.error ? t('lecture.reference.failed', { reason: reference.error }) : t('lecture.reference.loading')}
      </p>
    );
  }
  const run = reference.run;
  const x = liveRun ?? run;
  return (
    <div
      className="lecture-run"
      data-testid={`lecture-run-${panel}`}
      data-view={`run-${panel}`}
      data-figure={panelFigure(panel, x) ?? undefined}
    >
      <div className="lecture-run-source">
        {liveRun ? <p className="hint">{t('lecture.reference.live')}</p> : <Provenance run={run} />}
        {liveRun ? (
          <button type="button" className="link" onClick={() => onRunLive(null)} data-testid="lecture-show-reference">
            {t('lecture.reference.back')}
          </button>
        ) : (
          <button
            type="button"
            title={t('lecture.reference.runLiveHint')}
            disabled={busy || !state?.backend}
            onClick={() => onRunLive(name, run.lab)}
            data-testid="lecture-run-live"
          >
            {t('lecture.reference.runLive')}
          </button>
        )}
      </div>
      <Panel panel={panel} x={x} />
    </div>
  );
}
