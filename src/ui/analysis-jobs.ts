/**
 * The analysis jobs of an experiment: each trained solution's probes
 * (eigenvalues, trace, density, rays), the interpolation from w_SGD to each
 * other solution, and a loss surface on request. A job is ready once its
 * solutions have arrived, and dropped once they never can (a run failed,
 * never started, or the experiment was stopped).
 */
import { METHODS, type Method } from '../core/methods';
import type { AnalysisSettings, Command, PlaneKind, SolutionPayload, ViewKind, ViewRequest } from '../worker/protocol';
import { WIDTH_DELTA } from './history';
import type { Experiment } from './experiment';
import type { AnalysisProgress } from './session-types';

/** A view of issue 13 the page asks for (the worker's request is built from the experiment when the job starts). */
export type ViewJob =
  { kind: 'plane'; plane: PlaneKind } | { kind: 'layers' } | { kind: 'reparam'; method: Method; layer: number; alpha: number };

/** The solutions a view reads: the plane all three, per-layer sharpness those there are (at least one), a rescaling its own. */
function viewSolutions(x: Experiment | null, v: ViewJob): Method[] | null {
  const have = METHODS.filter((m) => solutionOf(x, m));
  if (v.kind === 'plane') return PLANE_SOLUTIONS.every((m) => have.includes(m)) ? [...PLANE_SOLUTIONS] : null;
  if (v.kind === 'layers') return have.length ? have : null;
  return have.includes(v.method) ? [v.method] : null;
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

/** Whether every solution the job reads has arrived. */
export function jobReady(x: Experiment | null, j: Job): boolean {
  if (j.kind === 'interpolation') return Boolean(solutionOf(x, 'SGD') && solutionOf(x, j.to));
  if (j.kind === 'view') return viewSolutions(x, j.view) !== null;
  return Boolean(solutionOf(x, j.method));
}

/**
 * Whether the job's solutions can still arrive: a run's result (with its
 * solution) comes after its 'end' event, so until then it may; not after a
 * failure, a skip, or a stop (`stopping`).
 */
export function jobPossible(x: Experiment, j: Job, stopping: boolean): boolean {
  const can = (m: Method) => {
    const r = x.runs[m];
    return Boolean(r.solution) || (r.result === null && r.skipped === undefined && !stopping);
  };
  if (j.kind === 'view') return viewSolutions(x, j.view) !== null;
  return j.kind === 'interpolation' ? can('SGD') && can(j.to) : can(j.method);
}

/** The worker's request for a ready view (`gridPoints` per side of a plane). */
function viewRequest(x: Experiment, v: ViewJob, gridPoints: number): ViewRequest {
  const solution = (m: Method) => solutionOf(x, m)!;
  const config = solution(viewSolutions(x, v)![0]!).config;
  switch (v.kind) {
    case 'plane': {
      const [p0, p1, p2] = PLANE_SOLUTIONS.map((m) => ({ label: `w_${m}`, weights: solution(m).weights }));
      return { kind: 'plane', plane: v.plane, config, points: [p0!, p1!, p2!], marks: [], gridPoints };
    }
    case 'layers':
      return { kind: 'layers', config, solutions: viewSolutions(x, v)!.map(solution) };
    case 'reparam':
      return { kind: 'reparam', config, solution: solution(v.method), layer: v.layer, alpha: v.alpha, widthDelta: WIDTH_DELTA };
  }
}

/** The worker command of a ready job (`surfacePoints` per side for a surface and a plane). */
export function jobCommand(x: Experiment, j: Job, settings: AnalysisSettings, surfacePoints: number): Command {
  const solution = (m: Method) => solutionOf(x, m)!;
  switch (j.kind) {
    case 'view':
      return { type: 'view', request: viewRequest(x, j.view, surfacePoints), settings };
    case 'surface':
      return { type: 'surface', solution: solution(j.method), settings, range: 1, points: surfacePoints };
    case 'solution':
      return { type: 'analyze', job: { kind: 'solution', solution: solution(j.method) }, settings };
    case 'interpolation':
      return { type: 'analyze', job: { kind: 'interpolation', from: solution('SGD'), to: solution(j.to) }, settings };
  }
}
