/**
 * One experiment as the page holds it: the settings, the three runs (live
 * curves, epochs, live changes, results, solution weights) and the analysis.
 * A pure reducer turns worker events into state; the same record is what is
 * saved in IndexedDB, exported as JSON and imported back (validated).
 */
import type { WeightArrays } from '../core/checkpoint';
import type { InterpolationResult, SurfaceResult } from '../core/probes/landscape';
import type { RunConfig } from '../core/train/config';
import type { EpochEvent, HyperparamsEvent, RunStatus, StepEvent, TrainEvent } from '../core/train/events';
import type { RunResult } from '../core/train/events';
import type { AnalysisPayload, LayersView, PlaneKind, PlaneView, ReparamView, TrajectoryView, ViewResult } from '../worker/protocol';
import { type LabConfig, runConfig } from './lab';
import { METHODS, type Method, isMethod } from '../core/methods';

/** One point of the live curves (every step is kept up to MAX_POINTS, then every other one). */
export interface StepPoint {
  step: number;
  epoch: number;
  loss: number;
  lr: number;
  rho: number | null;
}

export const MAX_POINTS = 3000;

export interface RunState {
  method: Method;
  config: RunConfig;
  status: 'waiting' | 'training' | RunStatus;
  points: StepPoint[];
  /** Keep every `stride`-th step (doubles when the curve reaches MAX_POINTS). */
  stride: number;
  epochs: EpochEvent[];
  changes: HyperparamsEvent[];
  progress: { step: number; total: number; etaSeconds: number; stepsPerSecond: number };
  result: RunResult | null;
  /** The method's solution: final weights (SGD, SAM) or w_SWA (SWA). */
  solution: WeightArrays | null;
  /** Set when this run continued another's state from a step on (SWA from SGD at SWA's start). */
  branch?: { from: Method; step: number };
  /** Why the run never started (its parent ended before the branch point). */
  skipped?: string;
}

export type Phase = 'idle' | 'training' | 'analyzing' | 'done' | 'stopped';

export interface Experiment {
  format: 'wide-optima-lab/experiment';
  version: 1;
  id: string;
  createdAt: string;
  lab: LabConfig;
  phase: Phase;
  runs: Record<Method, RunState>;
  analyses: Partial<Record<Method, AnalysisPayload>>;
  interpolations: Partial<Record<Method, InterpolationResult>>;
  surface: { method: Method; result: SurfaceResult } | null;
  /** The views of issue 13 computed on request (absent in runs saved before they existed). */
  views?: ExperimentViews;
}

/** The views computed for an experiment, each kept until it is computed again. */
export interface ExperimentViews {
  plane?: Partial<Record<PlaneKind, PlaneView>>;
  trajectory?: Partial<Record<Method, TrajectoryView>>;
  layers?: LayersView;
  /** The latest rescaling measured. */
  reparam?: ReparamView;
}

export function newExperiment(lab: LabConfig, id: string, createdAt: string): Experiment {
  const runs = Object.fromEntries(
    METHODS.map((m): [Method, RunState] => [
      m,
      {
        method: m,
        config: runConfig(lab, m),
        status: 'waiting',
        points: [],
        stride: 1,
        epochs: [],
        changes: [],
        progress: { step: 0, total: 0, etaSeconds: 0, stepsPerSecond: 0 },
        result: null,
        solution: null,
      },
    ]),
  ) as Record<Method, RunState>;
  return {
    format: 'wide-optima-lab/experiment',
    version: 1,
    id,
    createdAt,
    lab,
    phase: 'idle',
    runs,
    analyses: {},
    interpolations: {},
    surface: null,
  };
}

export type ExperimentAction =
  | { type: 'phase'; phase: Phase }
  | { type: 'run-started'; method: Method; config: RunConfig }
  | { type: 'run-event'; method: Method; event: TrainEvent }
  /** Many step events of one run at once (the page applies a burst of steps with one copy of the curve). */
  | { type: 'run-steps'; method: Method; events: StepEvent[] }
  | { type: 'run-skipped'; method: Method; message: string }
  | { type: 'run-done'; method: Method; result: RunResult; solution: WeightArrays | null }
  | { type: 'analysis'; method: Method; analysis: AnalysisPayload }
  | { type: 'interpolation'; to: Method; result: InterpolationResult }
  | { type: 'surface'; method: Method; result: SurfaceResult }
  | { type: 'view'; result: ViewResult };

function updateRun(x: Experiment, m: Method, f: (r: RunState) => RunState): Experiment {
  return { ...x, runs: { ...x.runs, [m]: f(x.runs[m]) } };
}

/** The experiment after action `a` (a new object; `x` is not changed). */
export function reduce(x: Experiment, a: ExperimentAction): Experiment {
  switch (a.type) {
    case 'phase':
      return { ...x, phase: a.phase };
    case 'run-started':
      // A run restarted after a lost GPU device starts its curves afresh.
      return updateRun(x, a.method, (r) => ({
        ...r,
        config: a.config,
        status: 'training',
        points: [],
        stride: 1,
        epochs: [],
        changes: [],
      }));
    case 'run-event':
      return a.event.type === 'step'
        ? reduce(x, { type: 'run-steps', method: a.method, events: [a.event] })
        : runEvent(x, a.method, a.event);
    case 'run-steps':
      return updateRun(x, a.method, (r) => withSteps(r, a.events));
    case 'run-skipped':
      return updateRun(x, a.method, (r) => ({ ...r, status: 'cancelled', skipped: a.message }));
    case 'run-done':
      return updateRun(x, a.method, (r) => ({ ...r, status: a.result.status, result: a.result, solution: a.solution }));
    case 'analysis':
      return { ...x, analyses: { ...x.analyses, [a.method]: a.analysis } };
    case 'interpolation':
      return { ...x, interpolations: { ...x.interpolations, [a.to]: a.result } };
    case 'surface':
      return { ...x, surface: { method: a.method, result: a.result } };
    case 'view':
      return { ...x, views: withView(x.views ?? {}, a.result) };
  }
}

/** The views with `r` in its place. */
function withView(views: ExperimentViews, r: ViewResult): ExperimentViews {
  switch (r.kind) {
    case 'plane':
      return { ...views, plane: { ...views.plane, [r.view.plane]: r.view } };
    case 'trajectory':
      return { ...views, trajectory: { ...views.trajectory, [r.view.method]: r.view } };
    case 'layers':
      return { ...views, layers: r.view };
    case 'reparam':
      return { ...views, reparam: r.view };
  }
}

/** A run's event other than a step: its start (a branched run's curves begin as its parent's), an epoch, a live change, its end. */
function runEvent(x: Experiment, m: Method, e: Exclude<TrainEvent, StepEvent>): Experiment {
  const from = e.type === 'start' ? e.branchedFrom : null;
  if (e.type === 'start' && isMethod(from)) {
    const parent = x.runs[from];
    const upTo = <T extends { step: number }>(xs: T[]) => xs.filter((p) => p.step <= e.firstStep);
    return updateRun(x, m, (r) => ({
      ...r,
      points: upTo(parent.points),
      stride: parent.stride,
      epochs: upTo(parent.epochs),
      changes: upTo(parent.changes),
      progress: { ...r.progress, step: e.firstStep, total: e.totalSteps },
      branch: { from, step: e.firstStep },
    }));
  }
  return updateRun(x, m, (r) => {
    switch (e.type) {
      case 'start':
        return { ...r, progress: { ...r.progress, total: e.totalSteps } };
      case 'epoch':
        return { ...r, epochs: [...r.epochs, e] };
      case 'hyperparams':
        return { ...r, changes: [...r.changes, e] };
      case 'end':
        return { ...r, status: e.status };
    }
  });
}

/** Steps join the curve every `stride`-th; the stride doubles (and the curve thins) whenever it passes MAX_POINTS. */
function withSteps(r: RunState, events: readonly StepEvent[]): RunState {
  let { points, stride } = r;
  const added = events
    .filter((e) => e.step % stride === 0)
    .map((e) => ({ step: e.step, epoch: e.epoch, loss: e.loss, lr: e.lr, rho: e.rho }));
  points = added.length ? [...points, ...added] : points;
  while (points.length > MAX_POINTS) {
    stride *= 2;
    points = points.filter((p) => p.step % stride === 0);
  }
  const last = events[events.length - 1];
  const progress = last
    ? { step: last.step, total: r.progress.total, etaSeconds: last.etaSeconds, stepsPerSecond: last.stepsPerSecond }
    : r.progress;
  return { ...r, points, stride, progress };
}
