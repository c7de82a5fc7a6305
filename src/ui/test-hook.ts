/**
 * In test builds only (`vite build --mode test`), exposes the lab's state on
 * `window.__wideOptimaLab` so the end-to-end tests read numbers instead of
 * scraping plotly's DOM, and `window.__wideOptimaLabLoseDevice` to exercise
 * the lost-GPU-device path, and `window.__wideOptimaLabMemory` for every worker's
 * tfjs memory. In every other build this is a no-op.
 *
 * The types below are the one description of that test-only window API: the
 * browser tests and the benchmark import them (type-only) and read the page
 * through them, so a change to what the page hands over is a type error there.
 */
import type { ToyAnalysis } from '../core/toy/analysis';
import type { Point } from '../core/toy/landscape-info';
import type { ToySettings } from '../core/toy/options';
import type { LongTaskReport } from './longtasks';
import type { LabSession } from './session';
import type { SessionState } from './session-types';
import type { Method } from '../core/methods';

/** What `window.__wideOptimaLab()` returns: the session's snapshot and the page thread's long tasks. */
export type LabHookState = SessionState & { longTasks: LongTaskReport };

/** One worker's tfjs memory, as `window.__wideOptimaLabMemory()` lists them. */
export type WorkerMemory = Awaited<ReturnType<LabSession['memory']>>[number];

/** What `window.__wideOptimaToy()` returns: the toy tab's run, its settings and its analysis. */
export interface ToyHookState {
  iteration: number;
  done: boolean;
  start: Point;
  settings: ToySettings;
  analysis: Record<Method, ToyAnalysis> | null;
  /** Frames per second of the animation, once measured. */
  fps: number | null;
  error: string | null;
  /** The methods that stopped early, with the reason. */
  stopped: Partial<Record<Method, string>>;
}

/** What `window.__wideOptimaLecture()` returns: the open step, and the numbers its views show (`data-figure`). */
export interface LectureHookState {
  step: string | null;
  presentation: boolean;
  /** The reference run retrained live, or null. */
  live: string | null;
  language: string;
  /** Catalog keys asked for and found in no catalog. */
  missingKeys: string[];
  /** One entry per view of the step that shows a number: which view, and the number. */
  figures: { view: string; value: number }[];
}

/** The test-only window API; every member is absent outside a test build (and before the page installs it). */
export interface TestHooks {
  __wideOptimaLab?: () => LabHookState;
  __wideOptimaLabLoseDevice?: (message: string) => void;
  __wideOptimaLabMemory?: () => Promise<WorkerMemory[]>;
  __wideOptimaToy?: () => ToyHookState;
  __wideOptimaLecture?: () => LectureHookState;
}

/** `window` as a test build has it (cast `window` to this inside `page.evaluate`). */
export type TestWindow = Window & TestHooks;

/** Installs the lab's hooks (test builds only). */
export function installTestHook(read: () => LabHookState, session: Pick<LabSession, 'simulateDeviceLoss' | 'memory'>): void {
  if (import.meta.env.MODE !== 'test') return;
  const w: TestWindow = window;
  w.__wideOptimaLab = read;
  w.__wideOptimaLabLoseDevice = (m) => session.simulateDeviceLoss(m);
  w.__wideOptimaLabMemory = () => session.memory();
}

/** In test builds only: the toy tab's state on `window.__wideOptimaToy`. */
export function installToyHook(read: () => ToyHookState): void {
  if (import.meta.env.MODE !== 'test') return;
  const w: TestWindow = window;
  w.__wideOptimaToy = read;
}
