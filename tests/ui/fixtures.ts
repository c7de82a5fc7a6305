/** Plain events and payloads for the page's tests: only the fields a test states differ from these defaults. */
import type { StepEvent } from '../../src/core/train/events';
import type { Method } from '../../src/core/methods';
import type { AnalysisPayload } from '../../src/worker/protocol';

/**
 * The methods' colours written out: a test that read them from colors.ts
 * could not catch a chart taking the wrong entry.
 */
export const HEX = { SGD: '#d62728', SWA: '#1f77b4', SAM: '#2ca02c', FGE: '#9467bd' } as const;

/** Step `s` of a base-phase run at rate 0.05, batch accuracy 0.5, 10 steps a second; `over` sets the rest (epoch, loss, ETA). */
export function stepEvent(s: number, over: Partial<StepEvent>): StepEvent {
  return {
    type: 'step',
    step: s,
    epoch: s,
    loss: 1,
    accuracy: 0.5,
    lr: 0.05,
    rho: null,
    phase: 'base',
    swaModels: 0,
    stepsPerSecond: 10,
    etaSeconds: 0,
    ...over,
  };
}

/**
 * An analysis of `m`'s solution: λ = (40, 10) ± (0.5, 0.25), trace 120 ± 3.21,
 * two rays on t = 0, 1, 2 (the first has a non-finite point at t = 2); `over` sets the rest.
 */
export function analysisPayload(m: Method, over: Partial<AnalysisPayload> = {}): AnalysisPayload {
  return {
    runId: m,
    values: [40, 10],
    residuals: [0.5, 0.25],
    hvps: 10,
    converged: true,
    ratio: 4,
    trace: { trace: 120, se: 3.21, hvps: 4, samples: 4 },
    density: null,
    rays: {
      t: [0, 1, 2],
      curves: [
        [
          { trainLoss: 0.1, trainError: 0, testError: 0.2 },
          { trainLoss: 0.3, trainError: 0, testError: 0.25 },
          { trainLoss: null, trainError: null, testError: null },
        ],
        [
          { trainLoss: 0.1, trainError: 0, testError: 0.2 },
          { trainLoss: 0.2, trainError: 0, testError: 0.3 },
          { trainLoss: 0.9, trainError: 0, testError: 0.5 },
        ],
      ],
      nonFinite: 1,
    },
    eigenRay: null,
    hessianL2: true,
    own: { trainLoss: 0.123456, testError: 0.2 },
    seconds: 1,
    ...over,
  };
}

/** A 2×2 toy grid: L = 0 at (0, 0), 1 at (1, 0) and (0, 1), 2 at (1, 1). */
export const TINY_GRID = {
  xs: [0, 1],
  ys: [0, 1],
  z: [
    [0, 1],
    [1, 2],
  ],
};
