/**
 * In test builds only: the lecture's state on `window.__wideOptimaLecture`,
 * with the numbers its open step shows and the catalog keys i18next could not
 * find, so the browser test checks each step rendered by reading numbers
 * rather than comparing screenshots.
 */
import i18next from 'i18next';
import { missingKeys } from '../i18n';
import type { LectureHookState, TestWindow } from '../test-hook';
import type { ReferenceName } from '../reference';
import type { StepId } from './steps';

/** Installs the hook (test builds only). */
export function installLectureHook(read: () => { step: StepId | null; presentation: boolean; live: ReferenceName | null }): void {
  if (import.meta.env.MODE !== 'test') return;
  const w: TestWindow = window;
  w.__wideOptimaLecture = (): LectureHookState => ({
    ...read(),
    language: i18next.language,
    missingKeys: [...missingKeys],
    figures: [...document.querySelectorAll<HTMLElement>('[data-figure]')].map((e) => ({
      view: e.dataset.view ?? '',
      value: Number(e.dataset.figure),
    })),
  });
}
