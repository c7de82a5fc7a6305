/** What the lab's session shows the page, and what it needs from its surroundings (the browser's, or a test's). */
import type { Method } from '../core/methods';
import type { AnalysisStage } from '../core/probes/analysis-options';
import type { AdapterInfo, BackendName, BackendTiming, Command, ViewKind, WorkerEvent } from '../worker/protocol';
import type { Experiment } from './experiment';
import type { Message } from './i18n/message';

export interface WorkerPort {
  send(cmd: Command): void;
  terminate(): void;
}

/** What the session needs from its surroundings (the browser's, or a test's). */
export interface SessionEnv {
  spawn(onEvent: (e: WorkerEvent) => void): WorkerPort;
  dataUrl: string;
  /** Cores the browser reports (navigator.hardwareConcurrency). */
  cores: number;
  save(x: Experiment): Promise<void>;
  /** Backend timings remembered for this browser and adapter (null: none). */
  recall(): Promise<BackendTiming[] | null>;
  remember(timings: BackendTiming[]): void;
  newId(): string;
  now(): string;
}

export interface BackendInfo {
  backend: BackendName;
  /** Why a backend could not run, how the backend was chosen, a switch after a lost device. */
  notes: Message[];
  adapter: AdapterInfo | null;
  /** ms/step measured on each backend (the header words them: `timingLine`); empty when the backend was forced. */
  timings: BackendTiming[];
  /**
   * The timings in one English line, for the records that quote the choice
   * (the benchmark's rows, a reference run's provenance), never shown on the
   * page: "webgpu 9 ms/step · webgl 14 · cpu 61 — using webgpu"; null when
   * the backend was forced.
   */
  summary: string | null;
}

export interface AnalysisProgress {
  stage: AnalysisStage;
  done: number;
  total: number;
}

/** A view's computation under way: its units done (grid points, layers, stages) of all, when it started (performance.now()), its ETA. */
export interface ViewProgress {
  done: number;
  total: number;
  started: number;
  /** Seconds left at the pace so far (null before the first unit is done). */
  etaSeconds: number | null;
}

export interface SessionState {
  backend: BackendInfo | null;
  experiment: Experiment | null;
  paused: boolean;
  /** The analysis job under way for each method (what its worker reported last). */
  analysis: Partial<Record<Method, AnalysisProgress>>;
  /** The views of issue 13 being computed, by kind. */
  views: Partial<Record<ViewKind, ViewProgress>>;
  /** What each run of this tab recorded of its path (iterates and SWA snapshots kept): the trajectory and snapshot-plane views need it. */
  recorded: Partial<Record<Method, { iterates: number; snapshots: number }>>;
  /** What went wrong or needs saying, newest last (each dismissable); empty when nothing went wrong. */
  messages: Message[];
  /** Increases each time a finished experiment has been saved. */
  saved: number;
  /** Workers started (1 on a GPU backend; 2 on the cpu backend with two cores). */
  workers: number;
}
