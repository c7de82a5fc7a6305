/**
 * The lecture mode's state on the page: the step (from the URL, written back
 * to it, so a lecturer prepares links like `?lecture=swa-rays&lang=ru`), the
 * presentation toggle (`present=1`, kept in the URL too), and the keys that
 * move between steps. A key typed into a field belongs to the field.
 */
import { useEffect, useState } from 'react';
import type { Message } from '../i18n/message';
import { type Move, moveOfKey, moveStep, queryWithStep, stepFromQuery } from './navigation';
import type { StepId } from './steps';

export interface Lecture {
  /** The open step, or null outside the lecture. */
  step: StepId | null;
  /** What the URL's `lecture` had that names no step. */
  problem: Message | null;
  presentation: boolean;
  go: (step: StepId | null) => void;
  move: (m: Move) => void;
  setPresentation: (on: boolean) => void;
}

const presentationOf = (search: string) => new URLSearchParams(search).get('present') === '1';

function writeUrl(step: StepId | null, presentation: boolean): void {
  const q = new URLSearchParams(queryWithStep(window.location.search, step));
  if (presentation && step !== null) q.set('present', '1');
  else q.delete('present');
  const s = q.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${s ? `?${s}` : ''}${window.location.hash}`);
}

/** Whether a key press was typed into something that takes text or a choice. */
function inField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}

export function useLecture(): Lecture {
  const [{ step, problem }, setStep] = useState(() => stepFromQuery(window.location.search));
  const [presentation, setPresentation] = useState(() => presentationOf(window.location.search));
  useEffect(() => writeUrl(step, presentation), [step, presentation]);
  useEffect(() => {
    if (step === null) return;
    const onKey = (e: KeyboardEvent) => {
      const m = moveOfKey(e.key);
      if (!m || e.altKey || e.ctrlKey || e.metaKey || inField(e.target)) return;
      e.preventDefault();
      setStep((s) => ({ step: s.step === null ? null : moveStep(s.step, m), problem: null }));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step]);
  useEffect(() => {
    document.documentElement.classList.toggle('presentation', presentation && step !== null);
  }, [presentation, step]);
  return {
    step,
    problem,
    presentation,
    go: (s) => setStep({ step: s, problem: null }),
    move: (m) => setStep((s) => ({ step: s.step === null ? null : moveStep(s.step, m), problem: null })),
    setPresentation,
  };
}
