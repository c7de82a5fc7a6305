import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../src/core/train/config';
import type { StepEvent, TrainEvent } from '../../src/core/train/events';
import { Trainer } from '../../src/core/train/trainer';
import { tinyData, tinyRun, values } from '../helpers';

const steps = (events: TrainEvent[]) => events.filter((e): e is StepEvent => e.type === 'step');

describe('the training loop', () => {
  it('is deterministic for a seed, and SGD and SAM start from the same weights and batches', async () => {
    const run = async (sam: boolean) => {
      const t = new Trainer(tinyRun({ sam: sam ? { rho: 0.05, p: 2, adaptive: false } : null }), tinyData());
      const ev: TrainEvent[] = [];
      try {
        await t.run((e) => ev.push(e));
      } finally {
        t.dispose();
      }
      return steps(ev).map((e) => e.loss);
    };
    const a = await run(false);
    const b = await run(false);
    const s = await run(true);
    expect(a).toEqual(b);
    expect(s[0]).toBe(a[0]); // same w₀ and first batch
    expect(s[1]).not.toBe(a[1]); // different update rule
  });

  it('reports start, steps with lr/ETA, epochs with test metrics, and end', async () => {
    const t = new Trainer(tinyRun({ epochs: 2 }), tinyData());
    try {
      const ev: TrainEvent[] = [];
      const result = await t.run((e) => ev.push(e));
      expect(ev[0]).toMatchObject({ type: 'start', method: 'SGD', totalSteps: 12, stepsPerEpoch: 6 });
      const st = steps(ev);
      expect(st.map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(st.every((e) => e.lr === 0.05 && e.rho === null && e.phase === 'base' && Number.isFinite(e.etaSeconds))).toBe(true);
      expect(st[11]!.etaSeconds).toBe(0);
      const epochs = ev.filter((e) => e.type === 'epoch');
      expect(epochs.length).toBe(2);
      expect(ev[ev.length - 1]).toEqual({ type: 'end', status: 'completed', step: 12, message: null });
      expect(result.final!.test.accuracy).toBeGreaterThanOrEqual(0);
      expect(result.epochs.length).toBe(2);
    } finally {
      t.dispose();
    }
  });

  it('applies live ρ and lr changes from the next step and records them', async () => {
    const t = new Trainer(tinyRun({ sam: { rho: 0.05, p: 2, adaptive: false } }), tinyData());
    try {
      const ev: TrainEvent[] = [];
      await t.run((e) => {
        ev.push(e);
        if (e.type === 'step' && e.step === 3) t.setHyperparams({ rho: 0.2, lr: 0.01 });
      });
      const st = steps(ev);
      expect(st.slice(0, 3).map((e) => [e.rho, e.lr])).toEqual([
        [0.05, 0.05],
        [0.05, 0.05],
        [0.05, 0.05],
      ]);
      expect(st.slice(3).every((e) => e.rho === 0.2 && e.lr === 0.01)).toBe(true);
      const change = ev.find((e) => e.type === 'hyperparams');
      expect(change).toEqual({ type: 'hyperparams', step: 4, changes: { rho: 0.2, lr: 0.01 } });
    } finally {
      t.dispose();
    }
  });

  it('applies a live c change to the SWA phase: a fresh cycle starts at the next step', async () => {
    const swa = { start: 2, startUnit: 'iteration' as const, alpha1: 0.1, alpha2: 0.02, c: 4, fge: false };
    const t = new Trainer(tinyRun({ swa }), tinyData());
    try {
      const ev: TrainEvent[] = [];
      await t.run((e) => {
        ev.push(e);
        if (e.type === 'step' && e.step === 4) t.setHyperparams({ c: 2 });
      });
      const lr = steps(ev).map((e) => e.lr);
      // Steps 1–2 base (0.05); steps 3–4: i = 1, 2 of c = 4; from step 5: cycles of 2 (t = 1/2, 1).
      expect(lr.slice(0, 8).map((x) => +x.toFixed(6))).toEqual([0.05, 0.05, 0.08, 0.06, 0.06, 0.02, 0.06, 0.02]);
      // ŵ plus one snapshot per completed 2-cycle over steps 5–12.
      expect(t.swa!.count).toBe(1 + 4);
    } finally {
      t.dispose();
    }
  });

  it('decays the base schedule over horizonEpochs when given (a longer SWA run keeps the SGD part of the baseline)', async () => {
    const sgd = { lr: 0.1, momentum: 0.9, weightDecay: 0, schedule: 'linear' as const, finalFraction: 0.1 };
    const lrs = async (o: Partial<RunConfig>) => {
      const t = new Trainer(tinyRun({ epochs: 2, sgd, ...o }), tinyData());
      const ev: TrainEvent[] = [];
      try {
        await t.run((e) => ev.push(e));
      } finally {
        t.dispose();
      }
      return steps(ev).map((e) => e.lr);
    };
    const longer = await lrs({ epochs: 3, sgd: { ...sgd, horizonEpochs: 2 } });
    // The 2-epoch baseline's 12 steps: linear from η₀ = 0.1 at the first to f·η₀ = 0.01 at the last,
    // η_k = 0.1·(1 − 0.9·k/11); the 3-epoch run repeats them, then stays at 0.01.
    expect(longer.length).toBe(18);
    longer.slice(0, 12).forEach((x, k) => expect(x).toBeCloseTo(0.1 * (1 - (0.9 * k) / 11), 12));
    expect(longer.slice(12).every((x) => Math.abs(x - 0.01) < 1e-12)).toBe(true);
  });

  it('rejects bad live values with the value in the message, and values that do not apply', () => {
    const t = new Trainer(tinyRun({ sam: { rho: 0.05, p: 2, adaptive: false } }), tinyData());
    try {
      expect(() => t.setHyperparams({ rho: -0.1 })).toThrow('rho must be ≥ 0, got -0.1');
      expect(() => t.setHyperparams({ lr: Number.NaN })).toThrow('lr must be a finite number, got NaN');
      expect(() => t.setHyperparams({ c: 3 })).toThrow('c, alpha1 and alpha2 apply only to SWA runs');
    } finally {
      t.dispose();
    }
    const s = new Trainer(tinyRun({ swa: { start: 1, startUnit: 'epoch', alpha1: 0.05, alpha2: 0.01, c: 2, fge: false } }), tinyData());
    try {
      expect(() => s.setHyperparams({ c: 0 })).toThrow('c must be ≥ 1, got 0');
      expect(() => s.setHyperparams({ c: 1.5 })).toThrow('c must be an integer, got 1.5');
      expect(() => s.setHyperparams({ alpha2: 0.2 })).toThrow('alpha1 must be ≥ alpha2, got alpha1 = 0.05 < alpha2 = 0.2');
      expect(() => s.setHyperparams({ rho: 0.1 })).toThrow('rho applies only to SAM runs');
    } finally {
      s.dispose();
    }
  });

  it('stops a diverged run with a named error and keeps the last weights with a finite loss', async () => {
    const t = new Trainer(tinyRun({ epochs: 3 }), tinyData());
    try {
      let good: number[][] = [];
      const ev: TrainEvent[] = [];
      const result = await t.run((e) => {
        ev.push(e);
        if (e.type !== 'step') return;
        if (e.step === 2) good = values(t.model.params); // w₂: step 3's loss is taken here, and is finite
        if (e.step === 3) tf.tidy(() => t.model.params[0]!.assign(tf.fill(t.model.params[0]!.shape, Number.NaN)));
      });
      expect(result.status).toBe('diverged');
      expect(result.message).toMatch(/training loss became NaN \(diverged\)/);
      expect(result.steps).toBe(3);
      expect(values(t.model.params)).toEqual(good);
      expect(result.final!.test.loss).toBeGreaterThan(0);
      expect(ev[ev.length - 1]).toMatchObject({ type: 'end', status: 'diverged', step: 3 });
    } finally {
      t.dispose();
    }
  });

  it('detects a genuinely exploding learning rate', async () => {
    // The L2 term λ‖w‖² has curvature 2λ; a step size above 2/(2λ) is unstable: w ← (1 − 2ηλ)w = −9w
    // each step, so the weights overflow float32 within about 40 steps.
    const sgd = { lr: 5, momentum: 0, weightDecay: 1, schedule: 'constant' as const, finalFraction: 1 };
    const t = new Trainer(tinyRun({ epochs: 20, sgd }), tinyData());
    try {
      const result = await t.run();
      expect(result.status).toBe('diverged');
      expect(result.steps).toBeLessThan(60);
      expect(values(t.model.params).flat().every(Number.isFinite)).toBe(true);
    } finally {
      t.dispose();
    }
  });

  it('cancels after the current step and keeps its results; pause holds the loop', async () => {
    const t = new Trainer(tinyRun({ epochs: 5 }), tinyData());
    try {
      let timerRan = false;
      const result = await t.run((e) => {
        if (e.type !== 'step') return;
        if (e.step === 2) {
          t.pause();
          setTimeout(() => {
            timerRan = true;
            t.resume();
          }, 50);
        }
        // Step 3 can only happen after the resume.
        if (e.step === 3) expect(timerRan).toBe(true);
        if (e.step === 5) t.cancel();
      });
      expect(result.status).toBe('cancelled');
      expect(result.steps).toBe(5);
      expect(result.message).toBe('cancelled after 5 of 30 steps');
      expect(result.final).not.toBeNull();
    } finally {
      t.dispose();
    }
  });

  it('composes SWA and SAM with no special path', async () => {
    const t = new Trainer(
      tinyRun({
        sam: { rho: 0.05, p: Infinity, adaptive: true },
        swa: { start: 1, startUnit: 'epoch', alpha1: 0.05, alpha2: 0.01, c: 2, fge: true },
      }),
      tinyData(),
    );
    try {
      const ev: TrainEvent[] = [];
      const result = await t.run((e) => ev.push(e));
      expect(result.method).toBe('SWA+SAM');
      expect(
        steps(ev)
          .filter((e) => e.phase === 'swa')
          .every((e) => e.rho === 0.05),
      ).toBe(true);
      expect(result.final!.swa!.models).toBe(1 + 3);
      expect(result.final!.fge!.models).toBe(1 + 3);
      expect(result.final!.swa!.spread).toBeGreaterThan(0);
    } finally {
      t.dispose();
    }
  });
});
