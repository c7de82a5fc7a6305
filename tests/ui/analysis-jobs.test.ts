import { describe, expect, it } from 'vitest';
import type { WeightArrays } from '../../src/core/checkpoint';
import type { Method } from '../../src/core/methods';
import type { RunResult } from '../../src/core/train/events';
import { jobCommand, jobPossible, jobReady, plannedJobs } from '../../src/ui/analysis-jobs';
import { type Experiment, newExperiment } from '../../src/ui/experiment';
import { DEFAULT_LAB, analysisSettings } from '../../src/ui/lab';

const weights: WeightArrays = { params: [[1, 2]], state: [] };

/** An experiment in which `solved` have their solutions, `failed` ended without one, the rest still train. */
function experiment(solved: Method[], failed: Method[] = []): Experiment {
  const x = newExperiment(DEFAULT_LAB, 'id', '2026-11-25T00:00:00Z');
  for (const m of solved) x.runs[m].solution = weights;
  for (const m of failed) x.runs[m].result = { status: 'failed' } as RunResult;
  return x;
}

describe('analysis jobs', () => {
  it('plans each solution, then the interpolations from w_SGD to the others trained', () => {
    expect(plannedJobs(['SGD', 'SWA', 'SAM'])).toEqual([
      { kind: 'solution', method: 'SGD' },
      { kind: 'solution', method: 'SWA' },
      { kind: 'solution', method: 'SAM' },
      { kind: 'interpolation', to: 'SWA' },
      { kind: 'interpolation', to: 'SAM' },
    ]);
    expect(plannedJobs(['SWA', 'SAM'])).toEqual([
      { kind: 'solution', method: 'SWA' },
      { kind: 'solution', method: 'SAM' },
    ]);
  });

  it('a job is ready once its solutions have arrived', () => {
    const x = experiment(['SAM']);
    expect(jobReady(x, { kind: 'solution', method: 'SAM' })).toBe(true);
    expect(jobReady(x, { kind: 'solution', method: 'SGD' })).toBe(false);
    expect(jobReady(x, { kind: 'interpolation', to: 'SAM' })).toBe(false);
    expect(jobReady(experiment(['SGD', 'SAM']), { kind: 'interpolation', to: 'SAM' })).toBe(true);
  });

  it('a job is impossible once a run it reads ended without a solution, or after a stop', () => {
    const x = experiment(['SAM'], ['SGD']);
    expect(jobPossible(x, { kind: 'interpolation', to: 'SAM' }, false)).toBe(false);
    expect(jobPossible(x, { kind: 'solution', method: 'SAM' }, false)).toBe(true);
    expect(jobPossible(x, { kind: 'solution', method: 'SWA' }, false)).toBe(true);
    expect(jobPossible(x, { kind: 'solution', method: 'SWA' }, true)).toBe(false);
  });

  it('turns a ready job into the worker command that carries its solutions', () => {
    const x = experiment(['SGD', 'SWA']);
    const settings = analysisSettings(DEFAULT_LAB);
    expect(jobCommand(x, { kind: 'surface', method: 'SWA' }, settings, 21)).toMatchObject({ type: 'surface', range: 1, points: 21 });
    const c = jobCommand(x, { kind: 'interpolation', to: 'SWA' }, settings, 21);
    expect(c).toMatchObject({ type: 'analyze', job: { kind: 'interpolation', from: { runId: 'SGD' }, to: { runId: 'SWA' } } });
  });
});
