/** The page's header: the title, the note of a new build, the two tabs, and the backend the lab computes on. */
import type { SessionState } from '../session-types';
import type { Tab } from './usePage';

function BackendStatus({ state, busy, onMeasureAgain }: { state: SessionState | null; busy: boolean; onMeasureAgain: () => void }) {
  const backend = state?.backend;
  if (!backend) return <>measuring the backends on this browser (a few warm training steps each)…</>;
  return (
    <>
      <b>backend: {backend.backend}</b>
      {backend.adapter && <span> · {backend.adapter}</span>}
      {state.workers > 1 && <span> · {state.workers} workers (one core each)</span>}
      {backend.summary && (
        <div data-testid="backend-timings">
          {backend.summary}{' '}
          <button type="button" className="link" disabled={busy} onClick={onMeasureAgain} data-testid="measure-again">
            measure again
          </button>
        </div>
      )}
      {backend.notes.map((n) => (
        <div key={n} className="note">
          {n}
        </div>
      ))}
    </>
  );
}

export function Header(props: {
  /** The note of a page load that is the first of a new build (see offline.ts), else null. */
  updated: string | null;
  tab: Tab;
  state: SessionState | null;
  busy: boolean;
  onMeasureAgain: () => void;
}) {
  const { updated, tab } = props;
  return (
    <header>
      <h1>Wide Optima Lab</h1>
      <p className="subtitle">Why flat minima generalize: SGD, SWA and SAM on the same convnet, side by side.</p>
      {updated && (
        <p className="note" data-testid="updated">
          {updated}
        </p>
      )}
      <nav className="tabs">
        <a href="#lab" className={tab === 'lab' ? 'active' : ''} data-testid="tab-lab">
          Convnet lab
        </a>
        <a href="#toy" className={tab === 'toy' ? 'active' : ''} data-testid="tab-toy">
          2D toy landscape
        </a>
      </nav>
      <div className="backend" data-testid="backend">
        <BackendStatus state={props.state} busy={props.busy} onMeasureAgain={props.onMeasureAgain} />
      </div>
    </header>
  );
}
