import { describe, expect, it } from 'vitest';
import type { Method } from '../../src/core/methods';
import type { RunResult } from '../../src/core/train/events';
import { scatterChart, scatterPoints, scatterTaus } from '../../src/ui/charts/scatter';
import { type Experiment, newExperiment, reduce } from '../../src/ui/experiment';
import { DEFAULT_LAB } from '../../src/ui/lab';
import { analysisPayload } from './fixtures';
import { englishT } from './charts-i18n';

/** A finished experiment at learning rate `lr` whose methods have the given (λ_max, test accuracy). */
function finished(seed: number, lr: number, rho: number, solutions: Partial<Record<Method, [number, number]>>): Experiment {
  let x = newExperiment({ ...DEFAULT_LAB, seed, lr, rho }, `x${seed}`, `2026-11-26T0${seed}:00:00Z`);
  for (const [m, [lambda, acc]] of Object.entries(solutions) as [Method, [number, number]][]) {
    const swa = m === 'SWA' ? { loss: 0.4, accuracy: acc, models: 3 } : null;
    const result = {
      status: 'completed',
      steps: 10,
      elapsedSeconds: 1,
      final: { test: { loss: 0.5, accuracy: m === 'SWA' ? 0.1 : acc }, swa, fge: null },
    } as unknown as RunResult;
    x = reduce(x, { type: 'run-done', method: m, result, solution: null });
    const analysis = analysisPayload(m, { values: [lambda, lambda / 2], trace: { trace: 20 * lambda, se: 1, hvps: 4, samples: 4 } });
    x = reduce(x, { type: 'analysis', method: m, analysis });
  }
  return reduce(x, { type: 'phase', phase: 'done' });
}

describe('sharpness against generalisation over saved runs', () => {
  const runs = [
    finished(1, 0.01, 0.05, { SGD: [40, 0.8], SWA: [20, 0.83], SAM: [25, 0.82] }),
    finished(2, 0.1, 0.2, { SGD: [10, 0.84], SAM: [8, 0.81] }),
    { ...finished(3, 0.5, 0.05, { SGD: [1, 0.1] }), phase: 'stopped' as const },
  ];

  it("takes one point per analysed solution of each finished run: w_SWA's accuracy for SWA, ρ only for SAM", () => {
    const points = scatterPoints(runs);
    expect(points.map((p) => [p.method, p.lr, p.rho, p.lambdaMax, p.trace, p.accuracy])).toEqual([
      ['SGD', 0.01, 0, 40, 800, 0.8],
      ['SWA', 0.01, 0, 20, 400, 0.83],
      ['SAM', 0.01, 0.05, 25, 500, 0.82],
      ['SGD', 0.1, 0, 10, 200, 0.84],
      ['SAM', 0.1, 0.2, 8, 160, 0.81],
    ]);
  });

  it("gives Kendall's τ of λ_max against accuracy and against η, counted by hand", () => {
    // λ = 40 20 25 10 8, acc = .80 .83 .82 .84 .81: of the 10 pairs, concordant (λ and acc move together):
    // (20,8) (25,8) (10,8) → 3; discordant: the other 7. τ = (3 − 7)/10 = −0.4.
    // η = .01 .01 .01 .1 .1: 3 + 1 = 4 pairs tied in η; the 6 others all pair a larger λ with the smaller η: Q = 6.
    // τ-b = −6 / √(10 · 6) = −0.7746.
    const taus = scatterTaus(scatterPoints(runs), 'lambdaMax');
    expect(taus.accuracy).toBeCloseTo(-0.4, 12);
    expect(taus.lr).toBeCloseTo(-6 / Math.sqrt(60), 12);
  });

  it('draws one trace per method with its marker, coloured by log₁₀ η or by ρ, the measure on a log axis', () => {
    const points = scatterPoints(runs);
    const byLr = scatterChart(points, 'trace', 'lr', englishT);
    expect(byLr.data.map((d) => d.name)).toEqual(['SGD', 'SWA', 'SAM']);
    const sam = byLr.data[2]!;
    expect(sam.x).toEqual([500, 160]);
    expect(sam.y).toEqual([82, 81]);
    const marker = sam.marker as { symbol: string; color: number[] };
    expect(marker.symbol).toBe('diamond');
    expect(marker.color[0]).toBeCloseTo(-2, 12);
    expect(marker.color[1]).toBeCloseTo(-1, 12);
    expect((byLr.layout.xaxis as { type: string }).type).toBe('log');
    const byRho = scatterChart(points, 'lambdaMax', 'rho', englishT);
    expect((byRho.data[2]!.marker as { color: number[] }).color).toEqual([0.05, 0.2]);
    expect(byRho.data[0]!.x).toEqual([40, 10]);
  });
});
