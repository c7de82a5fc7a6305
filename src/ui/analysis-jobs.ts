/**
 * The analysis jobs of an experiment: each trained solution's probes
 * (eigenvalues, trace, density, rays), the interpolation from w_SGD to each
 * other solution, and a loss surface on request. A job is ready once its
 * solutions have arrived, and dropped once they never can (a run failed,
 * never started, or the experiment was stopped).
 */
import type { Method } from '../core/methods';
import type { AnalysisSettings, Command, SolutionPayload } from '../worker/protocol';
import type { Experiment } from './experiment';
import type { AnalysisProgress } from './session-types';

export type Job = { kind: 'solution'; method: Method } | { kind: 'interpolation'; to: Method } | { kind: 'surface'; method: Method };

/** The jobs of an experiment training `methods`: each solution, then (with SGD) the interpolation to SWA's and SAM's. */
export function plannedJobs(methods: readonly Method[]): Job[] {
  const jobs = methods.map((m): Job => ({ kind: 'solution', method: m }));
  if (!methods.includes('SGD')) return jobs;
  return [...jobs, ...(['SWA', 'SAM'] as const).filter((m) => methods.includes(m)).map((m): Job => ({ kind: 'interpolation', to: m }))];
}

/** The method whose progress line a job reports on. */
export function jobMethod(j: Job): Method {
  return j.kind === 'interpolation' ? j.to : j.method;
}

/** What a job's progress line shows before its worker reports. */
export function jobStartProgress(j: Job): AnalysisProgress {
  return { stage: j.kind === 'solution' ? 'eigenvalues' : j.kind, done: 0, total: 1 };
}

/** A trained solution as the worker takes it (null until its weights have arrived). */
export function solutionOf(x: Experiment | null, m: Method): SolutionPayload | null {
  const r = x?.runs[m];
  return r?.solution ? { runId: m, config: r.config, weights: r.solution } : null;
}

/** Whether every solution the job reads has arrived. */
export function jobReady(x: Experiment | null, j: Job): boolean {
  if (j.kind === 'interpolation') return Boolean(solutionOf(x, 'SGD') && solutionOf(x, j.to));
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
  return j.kind === 'interpolation' ? can('SGD') && can(j.to) : can(j.method);
}

/** The worker command of a ready job (`surfacePoints` per side for a surface). */
export function jobCommand(x: Experiment, j: Job, settings: AnalysisSettings, surfacePoints: number): Command {
  const solution = (m: Method) => solutionOf(x, m)!;
  switch (j.kind) {
    case 'surface':
      return { type: 'surface', solution: solution(j.method), settings, range: 1, points: surfacePoints };
    case 'solution':
      return { type: 'analyze', job: { kind: 'solution', solution: solution(j.method) }, settings };
    case 'interpolation':
      return { type: 'analyze', job: { kind: 'interpolation', from: solution('SGD'), to: solution(j.to) }, settings };
  }
}
