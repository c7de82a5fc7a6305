import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/train/events';
import { type Experiment, newExperiment, reduce } from '../../src/ui/experiment';
import { historyTable } from '../../src/ui/history';
import { DEFAULT_LAB } from '../../src/ui/lab';
import type { AnalysisPayload } from '../../src/worker/protocol';

const ray = (base: number, slope: number) => ({
  t: [0, 1, 2],
  curves: [[0, 1, 2].map((t) => ({ trainLoss: base + slope * t, trainError: 0, testError: 0.2 }))],
  nonFinite: 0,
});

function finished(seed: number, lambda: number, acc: number): Experiment {
  let x = newExperiment({ ...DEFAULT_LAB, seed }, `x${seed}`, `2026-11-25T0${seed}:00:00Z`);
  const result = {
    status: 'completed',
    steps: 10,
    elapsedSeconds: 1,
    final: { test: { loss: 0.5, accuracy: acc }, swa: null, fge: null },
  } as unknown as RunResult;
  x = reduce(x, { type: 'run-done', method: 'SGD', result, solution: null });
  const analysis = {
    runId: 'SGD',
    values: [lambda, lambda / 2],
    ratio: 2,
    trace: { trace: 10 * lambda, se: 1, hvps: 4, samples: 4 },
    rays: ray(0.3, 0.2),
  } as unknown as AnalysisPayload;
  x = reduce(x, { type: 'analysis', method: 'SGD', analysis });
  return reduce(x, { type: 'phase', phase: 'done' });
}

describe('the table of the student’s own runs', () => {
  it('groups runs that differ only by seed and gives mean ± std per method', () => {
    const rows = historyTable([finished(1, 10, 0.8), finished(2, 14, 0.82), { ...finished(3, 99, 0.5), phase: 'stopped' }]);
    expect(rows.length).toBe(1);
    const r = rows[0]!;
    expect(r.method).toBe('SGD');
    expect(r.seeds).toEqual([1, 2]);
    expect(r.lambdaMax.mean).toBe(12);
    expect(r.lambdaMax.std).toBeCloseTo(Math.SQRT2 * 2, 12);
    expect(r.testAccuracy.mean).toBeCloseTo(0.81, 12);
    expect(r.fgeAccuracy).toBeNull();
    expect(r.trainLoss.mean).toBeCloseTo(0.3, 12);
    // Loss 0.3 + 0.2·t reaches 0.4 at t = 0.5.
    expect(r.width.mean).toBeCloseTo(0.5, 12);
  });
});
