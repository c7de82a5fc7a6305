/** What the lab's session shows the page, and what it needs from its surroundings (the browser's, or a test's). */
import type { Method } from '../core/methods';
import type { AnalysisStage } from '../core/probes/analysis-options';
import type { BackendName, BackendTiming, Command, WorkerEvent } from '../worker/protocol';
import type { Experiment } from './experiment';

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
  notes: string[];
  adapter: string | null;
  timings: BackendTiming[];
  /** "webgpu 9 ms/step · webgl 14 · cpu 61 — using webgpu", or null when the backend was forced. */
  summary: string | null;
}

export interface AnalysisProgress {
  stage: AnalysisStage;
  done: number;
  total: number;
}

export interface SessionState {
  backend: BackendInfo | null;
  experiment: Experiment | null;
  paused: boolean;
  /** The analysis job under way for each method (what its worker reported last). */
  analysis: Partial<Record<Method, AnalysisProgress>>;
  messages: string[];
  /** Increases each time a finished experiment has been saved. */
  saved: number;
  /** Workers started (1 on a GPU backend; 2 on the cpu backend with two cores). */
  workers: number;
}
