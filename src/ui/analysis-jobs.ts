/**
 * The analysis jobs of an experiment: each trained solution's probes
 * (eigenvalues, trace, density, rays), the interpolation from w_SGD to each
 * other solution, and a loss surface on request. A job is ready once its
 * solutions have arrived, and dropped once they never can (a run failed,
 * never started, or the experiment was stopped).
 */
import { METHODS, type Method } from '../core/methods';
import type { WeightArrays } from '../core/checkpoint';
import type { RecordedPath } from '../core/train/path';
import type { AnalysisSettings, Command, PlaneKind, PlanePoint, SolutionPayload, ViewKind, ViewRequest } from '../worker/protocol';
import { WIDTH_DELTA } from './history';
import type { Experiment } from './experiment';
import type { AnalysisProgress } from './session-types';

/** A view of issue 13 the page asks for (the worker's request is built from the experiment when the job starts). */
export type ViewJob =
  | { kind: 'plane'; plane: PlaneKind }
  | { kind: 'trajectory'; method: Method }
  | { kind: 'layers' }
  | { kind: 'reparam'; method: Method; layer: number; alpha: number };

/** The paths the runs of this tab recorded (RunConfig.path), by method: never saved, so a loaded run has none. */
export type Paths = ReadonlyMap<Method, RecordedPath>;

const NO_PATHS: Paths = new Map();

/**
 * The solutions a view reads (null: it cannot be computed yet): the plane
 * through the solutions all three; the plane through SWA's snapshots and a
 * trajectory their run's solution and a recorded path (three snapshots or
 * iterates at least); per-layer sharpness those there are; a rescaling its own.
 */
function viewSolutions(x: Experiment | null, v: ViewJob, paths: Paths): Method[] | null {
  const have = METHODS.filter((m) => solutionOf(x, m));
  switch (v.kind) {
    case 'plane':
      if (v.plane === 'snapshots') return have.includes('SWA') && (paths.get('SWA')?.snapshots.length ?? 0) >= 3 ? ['SWA'] : null;
      return PLANE_SOLUTIONS.every((m) => have.includes(m)) ? [...PLANE_SOLUTIONS] : null;
    case 'trajectory':
      return have.includes(v.method) && (paths.get(v.method)?.iterates.length ?? 0) >= 3 ? [v.method] : null;
    case 'layers':
      return have.length ? have : null;
    case 'reparam':
      return have.includes(v.method) ? [v.method] : null;
  }
}

export type Job =
  | { kind: 'solution'; method: Method }
  | { kind: 'interpolation'; to: Method }
  | { kind: 'surface'; method: Method }
  | { kind: 'view'; view: ViewJob };

/** Whether a job was asked for after training (a surface, a view): it neither holds back the experiment's end nor stops with it. */
export const onRequest = (j: Job): j is Extract<Job, { kind: 'surface' | 'view' }> => j.kind === 'surface' || j.kind === 'view';

/** The view a job computes, or null for the analysis's own jobs. */
export const viewKind = (j: Job): ViewKind | null => (j.kind === 'view' ? j.view.kind : null);

/** The jobs of an experiment training `methods`: each solution, then (with SGD) the interpolation to SWA's and SAM's. */
export function plannedJobs(methods: readonly Method[]): Job[] {
  const jobs = methods.map((m): Job => ({ kind: 'solution', method: m }));
  if (!methods.includes('SGD')) return jobs;
  return [...jobs, ...(['SWA', 'SAM'] as const).filter((m) => methods.includes(m)).map((m): Job => ({ kind: 'interpolation', to: m }))];
}

/** The method whose progress line an analysis job reports on. */
export function jobMethod(j: Exclude<Job, { kind: 'view' }>): Method {
  return j.kind === 'interpolation' ? j.to : j.method;
}

/** What an analysis job's progress line shows before its worker reports. */
export function jobStartProgress(j: Exclude<Job, { kind: 'view' }>): AnalysisProgress {
  return { stage: j.kind === 'solution' ? 'eigenvalues' : j.kind, done: 0, total: 1 };
}

/** A trained solution as the worker takes it (null until its weights have arrived). */
export function solutionOf(x: Experiment | null, m: Method): SolutionPayload | null {
  const r = x?.runs[m];
  return r?.solution ? { runId: m, config: r.config, weights: r.solution } : null;
}

/** The three solutions a plane through them needs, in the order p₀, p₁, p₂. */
const PLANE_SOLUTIONS = ['SGD', 'SWA', 'SAM'] as const;

/** Whether every solution (and path) the job reads has arrived. */
export function jobReady(x: Experiment | null, j: Job, paths: Paths = NO_PATHS): boolean {
  if (j.kind === 'interpolation') return Boolean(solutionOf(x, 'SGD') && solutionOf(x, j.to));
  if (j.kind === 'view') return viewSolutions(x, j.view, paths) !== null;
  return Boolean(solutionOf(x, j.method));
}

/**
 * Whether the job's solutions can still arrive: a run's result (with its
 * solution) comes after its 'end' event, so until then it may; not after a
 * failure, a skip, or a stop (`stopping`).
 */
export function jobPossible(x: Experiment, j: Job, stopping: boolean, paths: Paths = NO_PATHS): boolean {
  const can = (m: Method) => {
    const r = x.runs[m];
    return Boolean(r.solution) || (r.result === null && r.skipped === undefined && !stopping);
  };
  if (j.kind === 'view') return viewSolutions(x, j.view, paths) !== null;
  return j.kind === 'interpolation' ? can('SGD') && can(j.to) : can(j.method);
}

/** A solution's parameters, flat in `paramShapes` order. */
const flat = (w: WeightArrays) => Float32Array.from(w.params.flat());

/** Three of the recorded snapshots, evenly spread: the first, the middle one and the last. */
function threeSnapshots(path: RecordedPath): [Float32Array, Float32Array, Float32Array] {
  const n = path.snapshots.length;
  return [path.snapshots[0]!, path.snapshots[Math.floor((n - 1) / 2)]!, path.snapshots[n - 1]!];
}

/** The mean of vectors of one length. */
function mean(vs: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(vs[0]!.length);
  for (const v of vs) for (let i = 0; i < v.length; i++) out[i]! += v[i]! / vs.length;
  return out;
}

/** The worker's request for a ready view (`gridPoints` per side of a plane or a trajectory's grid). */
function viewRequest(x: Experiment, v: ViewJob, gridPoints: number, paths: Paths): ViewRequest {
  const solution = (m: Method) => solutionOf(x, m)!;
  const first = solution(viewSolutions(x, v, paths)![0]!);
  const { config } = first;
  const state = first.weights.state;
  switch (v.kind) {
    case 'plane': {
      if (v.plane === 'snapshots') {
        const [w1, w2, w3] = threeSnapshots(paths.get('SWA')!);
        const points: [PlanePoint, PlanePoint, PlanePoint] = [
          { label: 'w₁', params: w1 },
          { label: 'w₂', params: w2 },
          { label: 'w₃', params: w3 },
        ];
        const marks = [
          { label: '(w₁+w₂+w₃)/3', params: mean([w1, w2, w3]) },
          { label: 'w_SWA', params: flat(solution('SWA').weights) },
        ];
        return { kind: 'plane', plane: 'snapshots', config, state, points, marks, gridPoints };
      }
      const [p0, p1, p2] = PLANE_SOLUTIONS.map((m) => ({ label: `w_${m}`, params: flat(solution(m).weights) }));
      return { kind: 'plane', plane: 'solutions', config, state, points: [p0!, p1!, p2!], marks: [], gridPoints };
    }
    case 'trajectory': {
      const path = paths.get(v.method)!;
      // SWA's path is its cyclic iterates; its solution, w_SWA, is their average: shown by its projection.
      const marks = v.method === 'SWA' ? [{ label: 'w_SWA', params: flat(solution('SWA').weights) }] : [];
      return { kind: 'trajectory', method: v.method, config, state, steps: path.steps, iterates: path.iterates, marks, gridPoints };
    }
    case 'layers':
      return { kind: 'layers', config, solutions: viewSolutions(x, v, paths)!.map(solution) };
    case 'reparam':
      return { kind: 'reparam', config, solution: solution(v.method), layer: v.layer, alpha: v.alpha, widthDelta: WIDTH_DELTA };
  }
}

/** The worker command of a ready job (`surfacePoints` per side for a surface and a plane). */
export function jobCommand(x: Experiment, j: Job, settings: AnalysisSettings, surfacePoints: number, paths: Paths = NO_PATHS): Command {
  const solution = (m: Method) => solutionOf(x, m)!;
  switch (j.kind) {
    case 'view':
      return { type: 'view', request: viewRequest(x, j.view, surfacePoints, paths), settings };
    case 'surface':
      return { type: 'surface', solution: solution(j.method), settings, range: 1, points: surfacePoints };
    case 'solution':
      return { type: 'analyze', job: { kind: 'solution', solution: solution(j.method) }, settings };
    case 'interpolation':
      return { type: 'analyze', job: { kind: 'interpolation', from: solution('SGD'), to: solution(j.to) }, settings };
  }
}
