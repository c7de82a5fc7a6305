import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/core/train/config';
import { Trainer } from '../../src/core/train/trainer';
import { TINY_MODEL, tinyData, tinyRun } from '../helpers';

const swa = { start: 2, startUnit: 'epoch' as const, alpha1: 0.05, alpha2: 0.01, c: 3, fge: true };
const sam = { rho: 0.05, p: 2, adaptive: false };

const CASES: [string, Partial<RunConfig>][] = [
  ['SGD', {}],
  ['SAM p = 2', { sam }],
  ['ASAM p = ∞', { sam: { rho: 0.5, p: Infinity, adaptive: true } }],
  ['SAM p = 3', { sam: { rho: 0.05, p: 3, adaptive: false } }],
  ['SWA + FGE', { swa }],
  ['SWA + SAM', { swa, sam }],
  ['SWA with BatchNorm', { swa, model: { ...TINY_MODEL, batchNorm: true } }],
  ['SWA with λ_max tracking', { swa, sharpness: { samples: 16, maxIter: 3 } }],
];

/** Runs `config`, recording numTensors and numBytes after every step. */
async function track(config: RunConfig, during?: (t: Trainer, step: number) => void) {
  const before = tf.memory().numTensors;
  const t = new Trainer(config, tinyData());
  const counts: { step: number; tensors: number; bytes: number }[] = [];
  const result = await t
    .run((e) => {
      if (e.type !== 'step') return;
      counts.push({ step: e.step, tensors: tf.memory().numTensors, bytes: tf.memory().numBytes });
      during?.(t, e.step);
    })
    .finally(() => t.dispose());
  return { before, after: tf.memory().numTensors, counts, result };
}

describe('tensor memory is flat', () => {
  it.each(CASES)('%s: same numTensors and bytes after every step of each phase, none left after dispose', async (_, o) => {
    const { before, after, counts, result } = await track(tinyRun({ epochs: 8, ...o }));
    expect(result.status).toBe('completed');
    expect(counts.length).toBe(48);
    // The SWA phase owns w_SWA, its M2 buffers and the FGE sums from its first step on.
    const phases = o.swa ? [counts.slice(0, 12), counts.slice(12)] : [counts];
    for (const phase of phases) {
      expect(new Set(phase.map((c) => c.tensors)).size).toBe(1);
      expect(new Set(phase.map((c) => c.bytes)).size).toBe(1);
    }
    expect(after).toBe(before);
  });

  it('a cancelled run leaks nothing', async () => {
    const { before, after, result } = await track(tinyRun({ epochs: 8, swa, sam }), (t, step) => step === 20 && t.cancel());
    expect(result.status).toBe('cancelled');
    expect(after).toBe(before);
  });

  it('a diverged run leaks nothing (SAM and SWA)', async () => {
    const sgd = { lr: 5, momentum: 0, weightDecay: 1, schedule: 'constant' as const, finalFraction: 1 };
    const { before, after, result } = await track(tinyRun({ epochs: 20, sgd, sam, swa: { ...swa, start: 1 } }));
    expect(result.status).toBe('diverged');
    expect(after).toBe(before);
  });
});
