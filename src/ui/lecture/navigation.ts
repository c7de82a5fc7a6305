/**
 * Moving through the lecture: the step named in the URL (`?lecture=swa-rays`),
 * the keys that move (← →, Home, End, and PageUp/PageDown, which a
 * presentation clicker sends), and the URL of a step. Pure functions: the
 * hook in useLecture.ts wires them to the page.
 */
import { type Message, message } from '../i18n/message';
import { STEP_IDS, type StepId, isStepId } from './steps';

/** The lecture's step from a query string: null when there is no `lecture` key; an unknown id opens the first step and says so. */
export function stepFromQuery(search: string): { step: StepId | null; problem: Message | null } {
  const asked = new URLSearchParams(search).get('lecture');
  if (asked === null) return { step: null, problem: null };
  if (isStepId(asked)) return { step: asked, problem: null };
  const first = STEP_IDS[0]!;
  return { step: first, problem: message('lecture.unknownStep', { value: asked, steps: STEP_IDS.join(', '), first }) };
}

/** `search` with the lecture at `step` (null leaves the lecture), every other key kept. */
export function queryWithStep(search: string, step: StepId | null): string {
  const q = new URLSearchParams(search);
  if (step === null) q.delete('lecture');
  else q.set('lecture', step);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export type Move = 'next' | 'previous' | 'first' | 'last';

/** The move a key asks for, or null (a key typed into a field is the field's, not the lecture's: the caller checks). */
export function moveOfKey(key: string): Move | null {
  switch (key) {
    case 'ArrowRight':
    case 'PageDown':
      return 'next';
    case 'ArrowLeft':
    case 'PageUp':
      return 'previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}

/** The step after `move` from `step`; the ends stay where they are. */
export function moveStep(step: StepId, move: Move): StepId {
  const i = STEP_IDS.indexOf(step);
  const last = STEP_IDS.length - 1;
  const j = move === 'next' ? Math.min(i + 1, last) : move === 'previous' ? Math.max(i - 1, 0) : move === 'first' ? 0 : last;
  return STEP_IDS[j]!;
}
