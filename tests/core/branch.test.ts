import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/core/train/config';
import type { TrainEvent } from '../../src/core/train/events';
import type { RunResult } from '../../src/core/train/events';
import { Trainer } from '../../src/core/train/trainer';
import { TINY_MODEL, tinyData, tinyRun, values } from '../helpers';

// SWA starts mid-epoch (step 9 of 6 per epoch), with BatchNorm, a decaying base schedule and λ_max tracking:
// everything the branch has to carry over (weights, BN statistics, momentum, data position, tracker) matters.
const shared: Partial<RunConfig> = {
  model: { ...TINY_MODEL, batchNorm: true },
  epochs: 3,
  sgd: { lr: 0.05, momentum: 0.9, weightDecay: 0.001, schedule: 'cosine', finalFraction: 0.2 },
  sharpness: { samples: 16, maxIter: 3 },
};
const swa = { start: 9, startUnit: 'iteration' as const, alpha1: 0.05, alpha2: 0.01, c: 2, fge: true };
const sgdConfig = tinyRun(shared);
const swaConfig = tinyRun({ ...shared, swa });

interface Outcome {
  result: RunResult;
  swaWeights: number[][];
  events: TrainEvent[];
}

async function finish(t: Trainer, live?: (t: Trainer, e: TrainEvent) => void): Promise<Outcome> {
  const events: TrainEvent[] = [];
  try {
    const result = await t.run((e) => {
      events.push(e);
      live?.(t, e);
    });
    return { result, swaWeights: values([...t.swa!.weights.params, ...t.swa!.weights.state]), events };
  } finally {
    t.dispose();
  }
}

/** SGD, branched into SWA at SWA's start; both run to their ends concurrently, as in the worker. */
async function branched(live?: (t: Trainer, e: TrainEvent) => void): Promise<Outcome> {
  const sgd = new Trainer(sgdConfig, tinyData());
  let child: Promise<Outcome> | null = null;
  sgd.branchAt(swaConfig, (t) => {
    child = finish(t);
  });
  const events: TrainEvent[] = [];
  try {
    await sgd.run((e) => {
      events.push(e);
      live?.(sgd, e);
    });
  } finally {
    sgd.dispose();
  }
  expect(child).not.toBeNull();
  return child!;
}

describe('SWA branched from SGD', () => {
  it('gives w_SWA bit for bit equal to an SWA run trained from scratch, and the same epochs and final numbers', async () => {
    const scratch = await finish(new Trainer(swaConfig, tinyData()));
    const b = await branched();
    expect(b.swaWeights).toEqual(scratch.swaWeights);
    expect(b.result.final).toEqual(scratch.result.final);
    const strip = (r: RunResult) =>
      r.epochs.map(({ sharpness, swaSharpness, ...rest }) => ({
        ...rest,
        lambda: sharpness?.lambdaMax,
        swaLambda: swaSharpness?.lambdaMax,
      }));
    expect(strip(b.result)).toEqual(strip(scratch.result));
    expect(b.result.steps).toBe(18);
    const start = b.events[0]!;
    expect(start).toMatchObject({ type: 'start', method: 'SWA', firstStep: 9, branchedFrom: 'SGD' });
    const steps = b.events.filter((e) => e.type === 'step').map((e) => (e.type === 'step' ? e.step : 0));
    expect(steps[0]).toBe(10);
    expect(steps[steps.length - 1]).toBe(18);
  });

  it('carries a live change made to the shared part into both runs, as from scratch', async () => {
    const change = (t: Trainer, e: TrainEvent) => e.type === 'step' && e.step === 4 && t.setHyperparams({ lr: 0.02 });
    const scratch = await finish(new Trainer(swaConfig, tinyData()), change);
    const b = await branched(change);
    expect(b.swaWeights).toEqual(scratch.swaWeights);
    expect(b.result.hyperparamChanges).toEqual([{ type: 'hyperparams', step: 5, changes: { lr: 0.02 } }]);
  });

  it('rejects a branch that does not share the run', () => {
    const sgd = new Trainer(sgdConfig, tinyData());
    try {
      expect(() => sgd.branchAt({ ...swaConfig, seed: 2 }, () => {})).toThrow(/share every setting/);
      expect(() => sgd.branchAt(sgdConfig, () => {})).toThrow(/must be an SWA run/);
    } finally {
      sgd.dispose();
    }
  });

  it('leaves no tensors behind', async () => {
    await branched();
    const before = tf.memory().numTensors;
    await branched();
    expect(tf.memory().numTensors).toBe(before);
  });
});
