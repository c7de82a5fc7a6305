/** The page's header: the title, the note of a new build, the two tabs and the lecture, the language, and the backend the lab computes on. */
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';
import { LANGUAGES, type Language, isLanguage, withLanguage } from '../i18n/language';
import { type Message, translate } from '../i18n/message';
import { timingLine } from '../session-messages';
import type { SessionState } from '../session-types';
import type { Tab } from './usePage';

/** The backend in use, its adapter, the measured step times (with "measure again"), and why other backends were not used. */
function BackendStatus({ state, busy, onMeasureAgain }: { state: SessionState | null; busy: boolean; onMeasureAgain: () => void }) {
  const { t } = useTranslation();
  const backend = state?.backend;
  if (!backend) return <>{t('backend.measuring')}</>;
  const { adapter } = backend;
  const adapterName = adapter?.name || t('backend.unnamedAdapter');
  return (
    <>
      <b>{t('backend.used', { name: backend.backend })}</b>
      {adapter && <span> · {adapter.fallback ? t('backend.fallbackAdapter', { name: adapterName }) : adapterName}</span>}
      {state.workers > 1 && <span> · {t('backend.workers', { count: state.workers })}</span>}
      {backend.timings.length > 0 && (
        <div data-testid="backend-timings">
          {timingLine(t, backend.timings, backend.backend)}{' '}
          <button type="button" className="link" disabled={busy} onClick={onMeasureAgain} data-testid="measure-again">
            {t('backend.measureAgain')}
          </button>
        </div>
      )}
      {backend.notes.map((n, i) => (
        <div key={`${i}-${n.key}`} className="note">
          {translate(t, n)}
        </div>
      ))}
    </>
  );
}

export function Header(props: {
  /** The note of a page load that is the first of a new build (see offline.ts), else null. */
  updated: Message | null;
  tab: Tab;
  state: SessionState | null;
  busy: boolean;
  onMeasureAgain: () => void;
  /** Whether the lecture mode is open; `onLecture(true)` opens it at its first step, `onLecture(false)` leaves it. */
  lecture: boolean;
  onLecture: (open: boolean) => void;
}) {
  const { updated, tab, lecture, onLecture } = props;
  const { t } = useTranslation();
  return (
    <header>
      <LanguageSwitch />
      <h1>{t('app.title')}</h1>
      <p className="subtitle">{t('app.subtitle')}</p>
      {updated && (
        <p className="note" data-testid="updated">
          {translate(t, updated)}
        </p>
      )}
      <nav className="tabs">
        <a href="#lab" className={!lecture && tab === 'lab' ? 'active' : ''} onClick={() => onLecture(false)} data-testid="tab-lab">
          {t('tabs.lab')}
        </a>
        <a href="#toy" className={!lecture && tab === 'toy' ? 'active' : ''} onClick={() => onLecture(false)} data-testid="tab-toy">
          {t('tabs.toy')}
        </a>
        <a
          href="?lecture=plan"
          className={lecture ? 'active' : ''}
          onClick={(e) => {
            e.preventDefault();
            onLecture(true);
          }}
          data-testid="tab-lecture"
        >
          {t('lecture.open')}
        </a>
      </nav>
      <div className="backend" data-testid="backend">
        <BackendStatus state={props.state} busy={props.busy} onMeasureAgain={props.onMeasureAgain} />
      </div>
    </header>
  );
}

/** The interface's language; the choice goes into the URL (`lang`), so a shared link opens in it. */
function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const choose = (l: Language) => {
    setLanguage(l);
    window.history.replaceState(null, '', withLanguage(window.location.search, l) + window.location.hash);
  };
  return (
    <label className="language">
      {t('language.label')}{' '}
      <select value={i18n.language} onChange={(e) => isLanguage(e.target.value) && choose(e.target.value)} data-testid="language">
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
