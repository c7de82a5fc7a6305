/**
 * The lecture mode: the open step's text in the lecture's words, its
 * formula, and the one view that makes its point, already set up — a bundled
 * reference run shown at once (with "run it live" to retrain it here), the
 * 2D toy in a chosen scene, or a paper's table.
 */
import { useTranslation } from 'react-i18next';
import { ToyLab } from '../components/ToyLab';
import { Formula } from '../components/Formula';
import { formatInteger } from '../format';
import { translate } from '../i18n/message';
import type { LabConfig } from '../lab';
import type { ReferenceName } from '../reference';
import type { SessionState } from '../session-types';
import { LECTURE_STEPS, type Part, STEP_IDS } from './steps';
import { NarrowWideTable, SamPaperTable, SwaPaperTable } from './PaperTables';
import { RunView } from './RunView';
import { TOY_SCENES } from './toy-scenes';
import type { Lecture as LectureState } from './useLecture';

export interface LectureProps {
  lecture: LectureState;
  state: SessionState | null;
  /** The reference run the student retrained live (its views show the live run instead), or null. */
  live: ReferenceName | null;
  /** Retrains the three methods with `lab` (reference `name`'s settings) in this browser; null goes back to the reference runs. */
  onRunLive: (name: ReferenceName | null, lab?: LabConfig) => void;
  /** Whether the session is training or analysing. */
  busy: boolean;
}

function StepPart({ part, props }: { part: Part; props: LectureProps }) {
  const { t } = useTranslation();
  switch (part.kind) {
    case 'toy':
      return (
        <figure className="lecture-toy">
          <figcaption className="hint">{t(`lecture.scenes.${part.scene}`)}</figcaption>
          <ToyLab setup={TOY_SCENES[part.scene]} autoplay compact />
        </figure>
      );
    case 'run':
      return <RunView name={part.reference} panel={part.panel} {...props} />;
    case 'table':
      return part.table === 'narrow-wide' ? <NarrowWideTable /> : part.table === 'swa-paper' ? <SwaPaperTable /> : <SamPaperTable />;
  }
}

function Bar({ lecture }: { lecture: LectureState }) {
  const { t } = useTranslation();
  const i = lecture.step === null ? 0 : STEP_IDS.indexOf(lecture.step);
  return (
    <nav className="lecture-bar">
      <button type="button" onClick={() => lecture.move('previous')} disabled={i === 0} data-testid="lecture-previous">
        {t('lecture.previous')}
      </button>
      <span className="lecture-counter" data-testid="lecture-counter">
        {t('lecture.counter', { n: formatInteger(i + 1), total: formatInteger(STEP_IDS.length) })}
      </span>
      <button type="button" onClick={() => lecture.move('next')} disabled={i === STEP_IDS.length - 1} data-testid="lecture-next">
        {t('lecture.next')}
      </button>
      <label title={t('lecture.presentationHint')}>
        <input
          type="checkbox"
          checked={lecture.presentation}
          onChange={(e) => lecture.setPresentation(e.target.checked)}
          data-testid="lecture-presentation"
        />{' '}
        {t('lecture.presentation')}
      </label>
      <button type="button" className="link" onClick={() => lecture.go(null)} data-testid="lecture-exit">
        {t('lecture.exit')}
      </button>
      <span className="hint">{t('lecture.keys')}</span>
    </nav>
  );
}

export function Lecture(props: LectureProps) {
  const { lecture } = props;
  const { t } = useTranslation();
  const step = LECTURE_STEPS.find((s) => s.id === lecture.step) ?? LECTURE_STEPS[0];
  return (
    <section className="lecture-mode" data-testid="lecture" data-step={step.id}>
      <Bar lecture={lecture} />
      {lecture.problem && (
        <div className="message" data-testid="message">
          {translate(t, lecture.problem)}
        </div>
      )}
      <div className="lecture-slide">
        <h2 data-testid="lecture-title">{t(`lecture.steps.${step.id}.title`)}</h2>
        <p className="lecture-slides">
          {t(step.slides.length > 1 ? 'lecture.slides' : 'lecture.slide', { slides: step.slides.join(', ') })}
        </p>
        <p>{t(`lecture.steps.${step.id}.body`)}</p>
        {step.tex.map((tex) => (
          <Formula key={tex} tex={tex} />
        ))}
        <p className="hint">{t(`lecture.steps.${step.id}.look`)}</p>
      </div>
      <div className="lecture-view" data-testid="lecture-view">
        {step.parts.map((part, k) => (
          <StepPart key={`${step.id}-${k}`} part={part} props={props} />
        ))}
      </div>
    </section>
  );
}
