import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SwaAverager } from '../../src/core/optim/swa';
import { Trainer } from '../../src/core/train/trainer';
import { tinyData, tinyRun } from '../helpers';

const flat = (ts: readonly tf.Tensor[]) => ts.flatMap((t) => Array.from(t.dataSync()));

describe('SWA (Algorithm 1)', () => {
  it('w_SWA is the arithmetic mean of ŵ and the snapshots at i = c, 2c, … of a real run', async () => {
    const c = 3;
    const config = tinyRun({ epochs: 3, swa: { start: 4, startUnit: 'iteration', alpha1: 0.05, alpha2: 0.01, c, fge: false } });
    const trainer = new Trainer(config, tinyData());
    try {
      const models: number[][] = [];
      let swaSteps = 0;
      await trainer.run((e) => {
        if (e.type !== 'step') return;
        if (e.step === 4) models.push(flat(trainer.model.params)); // ŵ: the weights after the 4 base steps
        if (e.phase === 'swa') {
          swaSteps += 1;
          if (swaSteps % c === 0) models.push(flat(trainer.model.params));
        }
      });
      // 18 steps in all: 14 in the SWA phase → snapshots at i = 3, 6, 9, 12 plus ŵ.
      expect(models.length).toBe(5);
      expect(trainer.swa!.count).toBe(5);
      const mean = models[0]!.map((_, k) => models.reduce((s, m) => s + m[k]!, 0) / models.length);
      flat(trainer.swa!.params).forEach((x, k) => expect(x).toBeCloseTo(mean[k]!, 5));
      // Spread √((1/n) Σ ‖wᵢ − w̄‖²), computed directly.
      const spread = Math.sqrt(models.reduce((s, m) => s + m.reduce((a, x, k) => a + (x - mean[k]!) ** 2, 0), 0) / models.length);
      expect(await trainer.swa!.spread()).toBeCloseTo(spread, 4);
    } finally {
      trainer.dispose();
    }
  });

  it('the averager never touches the weights it averages', () => {
    const w = [tf.variable(tf.tensor1d([1, 2]))];
    const avg = new SwaAverager({ params: w, state: [] });
    try {
      tf.tidy(() => w[0]!.assign(tf.tensor1d([3, 6])));
      avg.update(w);
      expect(Array.from(avg.params[0]!.dataSync())).toEqual([2, 4]);
      expect(Array.from(w[0]!.dataSync())).toEqual([3, 6]);
    } finally {
      avg.dispose();
      tf.dispose(w);
    }
  });
});
