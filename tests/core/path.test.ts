import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { type Checkpoint, type PathArrays, makeCheckpoint, parseCheckpoint, pathFromArrays } from '../../src/core/checkpoint';
import { createModel, disposeModel } from '../../src/core/models/convnet';
import { type RunConfig, validateRunConfig } from '../../src/core/train/config';
import type { StepEvent, TrainEvent } from '../../src/core/train/events';
import { type PathConfig, PathRecorder } from '../../src/core/train/path';
import { Trainer } from '../../src/core/train/trainer';
import { tinyData, tinyRun, values } from '../helpers';

/** A recorder fed steps 0 … last − 1 and then the end at `last`; each vector holds its own step, and `reads` lists the steps read. */
async function record(config: PathConfig, last: number, snapshotSteps: number[] = []) {
  const r = new PathRecorder(config);
  const reads: number[] = [];
  const read = (step: number) => () => {
    reads.push(step);
    return Promise.resolve(Float32Array.of(step));
  };
  for (let s = 0; s < last; s++) await r.offerIterate(s, read(s));
  for (const s of snapshotSteps) await r.offerSnapshot(s, read(s));
  await r.end(last, read(last));
  return { r, path: r.path, reads };
}

describe('the path recorder', () => {
  it('keeps every `every`-th step until full, then drops every second one and doubles the spacing', async () => {
    // max 4, every 1: 0 1 2 3 | step 4 thins to 0 2 (every 2), keeps 4 | 6 | step 8 thins to 0 4 (every 4), keeps 8 | end 11.
    const { path, reads } = await record({ every: 1, max: 4, snapshots: 0 }, 11);
    expect(path.steps).toEqual([0, 4, 8, 11]);
    expect(path.every).toBe(4);
    expect(path.iterates.map((v) => v[0])).toEqual([0, 4, 8, 11]);
    // Weights are read only on the steps that are kept.
    expect(reads).toEqual([0, 1, 2, 3, 4, 6, 8, 11]);
  });

  it('with an odd bound, skips a due step that the thinning takes off the spacing', async () => {
    // max 3, every 2: 0 2 4 | step 6 thins to 0 4 (every 4) and is off it | 8 | step 12 thins to 0 8 (every 8), off it | end 12.
    const { path } = await record({ every: 2, max: 3, snapshots: 0 }, 12);
    expect(path.steps).toEqual([0, 8, 12]);
    expect(path.every).toBe(8);
  });

  it('stays within its bound with uniform coverage for any run length', async () => {
    for (const max of [3, 4, 7]) {
      for (let last = 1; last <= 120; last++) {
        const { r, path } = await record({ every: 1, max, snapshots: 0 }, last);
        expect(path.steps.length).toBeLessThanOrEqual(max);
        // Every multiple of the spacing below `last`, from 0; then the end closes the path.
        const grid = Array.from({ length: Math.ceil(last / path.every) }, (_, k) => k * path.every);
        expect(path.steps).toEqual([...grid, last]);
        expect(path.steps.length).toBeGreaterThanOrEqual(Math.min(Math.ceil(max / 2), last + 1));
        expect(r.path.iterates.length).toBe(path.steps.length);
      }
    }
  });

  it('keeps the SWA snapshots in their own bounded list, thinned by their ordinal', async () => {
    // Snapshots after steps 10, 12, …, 22 (ordinals 0–6), at most 3: 0 1 2 | 3 thins to 0 2 | 4 | 6 thins to 0 4, off it.
    const steps = [10, 12, 14, 16, 18, 20, 22];
    const { path } = await record({ every: 5, max: 8, snapshots: 3 }, 25, steps);
    expect(path.snapshotSteps).toEqual([10, 18]);
    expect(path.snapshots.map((v) => v[0])).toEqual([10, 18]);
    const none = await record({ every: 5, max: 8, snapshots: 0 }, 25, steps);
    expect(none.path.snapshots).toEqual([]);
    expect(none.reads).toEqual([0, 5, 10, 15, 20, 25]);
  });

  it('validates its settings with the value in the message', () => {
    expect(() => new PathRecorder({ every: 0, max: 8, snapshots: 0 })).toThrow('path.every must be ≥ 1, got 0');
    expect(() => new PathRecorder({ every: 1.5, max: 8, snapshots: 0 })).toThrow('path.every must be an integer, got 1.5');
    expect(() => new PathRecorder({ every: 1, max: 2, snapshots: 0 })).toThrow('path.max must be ≥ 3, got 2');
    expect(() => new PathRecorder({ every: 1, max: 129, snapshots: 0 })).toThrow('path.max must be ≤ 128, got 129');
    expect(() => new PathRecorder({ every: 1, max: 8, snapshots: 1 })).toThrow('path.snapshots must be ≥ 3, got 1');
    expect(() => validateRunConfig(tinyRun({ path: { every: -2, max: 8, snapshots: 0 } }))).toThrow('path.every must be ≥ 1, got -2');
  });
});

/** The flat parameters as one float64 list, read independently of the recorder. */
const flatValues = (ts: readonly tf.Tensor[]) => values(ts).flat();

/** Runs `config` to the end; returns what was recorded, the final weights, w_SWA and the step losses. */
async function trainWith(config: RunConfig) {
  const t = new Trainer(config, tinyData());
  try {
    const events: TrainEvent[] = [];
    await t.run((e) => events.push(e));
    return {
      path: t.path,
      final: flatValues(t.model.params),
      swa: t.swa ? flatValues(t.swa.params) : null,
      losses: events.filter((e): e is StepEvent => e.type === 'step').map((e) => e.loss),
    };
  } finally {
    t.dispose();
  }
}

const PATH: PathConfig = { every: 2, max: 16, snapshots: 8 };
// 12 steps; SWA from step 4 with c = 2: snapshots after steps 6, 8, 10 and 12.
const SWA = { start: 4, startUnit: 'iteration' as const, alpha1: 0.05, alpha2: 0.01, c: 2, fge: false };

describe('a training run with path recording', () => {
  it('records the initial weights, every second step and the final weights, without changing the run', async () => {
    const config = tinyRun({ path: PATH });
    const run = await trainWith(config);
    const plain = await trainWith(tinyRun());
    expect(run.losses).toEqual(plain.losses);
    const path = run.path!;
    expect(path.steps).toEqual([0, 2, 4, 6, 8, 10, 12]);
    const m = createModel(config.model, config.seed);
    try {
      expect(Array.from(path.iterates[0]!)).toEqual(flatValues(m.params));
    } finally {
      disposeModel(m);
    }
    expect(Array.from(path.iterates[6]!)).toEqual(run.final);
    expect(path.snapshots).toEqual([]);
    expect(plain.path).toBeNull();
  });

  it('records the SWA snapshots, and w_SWA is the mean of ŵ and them', async () => {
    const run = await trainWith(tinyRun({ path: PATH, swa: SWA }));
    const path = run.path!;
    expect(path.snapshotSteps).toEqual([6, 8, 10, 12]);
    // The last snapshot is taken after the last step: the final weights.
    expect(Array.from(path.snapshots[3]!)).toEqual(run.final);
    // ŵ, the weights at the SWA start (step 4), starts the average: w_SWA = (ŵ + w₆ + w₈ + w₁₀ + w₁₂) / 5 (Algorithm 1).
    const averaged = [path.iterates[path.steps.indexOf(4)]!, ...path.snapshots];
    const mean = run.final.map((_, k) => averaged.reduce((s, w) => s + w[k]!, 0) / averaged.length);
    run.swa!.forEach((x, k) => expect(x).toBeCloseTo(mean[k]!, 5));
  });

  it('gives a branch the path of the run it branched from, then its own: that of an SWA run from scratch', async () => {
    const scratch = await trainWith(tinyRun({ path: PATH, swa: { ...SWA, start: 5 } }));
    const sgd = new Trainer(tinyRun({ path: PATH }), tinyData());
    const branches: Trainer[] = [];
    sgd.branchAt(tinyRun({ path: PATH, swa: { ...SWA, start: 5 } }), (t) => branches.push(t));
    try {
      await sgd.run();
      expect(branches.length).toBe(1);
      const child = branches[0]!;
      try {
        await child.run();
        const shared = sgd.path!;
        const own = child.path!;
        expect(own.steps).toEqual([0, 2, 4, 6, 8, 10, 12]);
        // The shared part (steps 0, 2, 4 before the branch at step 5) is the parent's own record.
        own.iterates.slice(0, 3).forEach((w, i) => expect(w).toBe(shared.iterates[i]));
        expect(own.iterates.map((w) => Array.from(w))).toEqual(scratch.path!.iterates.map((w) => Array.from(w)));
        expect(own.snapshotSteps).toEqual(scratch.path!.snapshotSteps);
      } finally {
        child.dispose();
      }
    } finally {
      sgd.dispose();
    }
  });

  it('ends a diverged run’s path at the weights it restored, not at the ones it diverged from', async () => {
    const t = new Trainer(tinyRun({ epochs: 3, path: { every: 1, max: 16, snapshots: 0 } }), tinyData());
    try {
      // As in the trainer's test: w₃ is spoilt, step 4's loss is NaN, the run restores w₂ and reports 3 steps.
      const result = await t.run((e) => {
        if (e.type === 'step' && e.step === 3) tf.tidy(() => t.model.params[0]!.assign(tf.fill(t.model.params[0]!.shape, Number.NaN)));
      });
      expect(result.status).toBe('diverged');
      const path = t.path!;
      expect(path.steps).toEqual([0, 1, 2, 3]);
      expect(Array.from(path.iterates[3]!)).toEqual(flatValues(t.model.params));
      expect(path.iterates[3]).toEqual(path.iterates[2]);
    } finally {
      t.dispose();
    }
  });

  it('leaves no tensors behind', async () => {
    const config = tinyRun({ path: PATH, swa: SWA });
    await trainWith(config);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) await trainWith(config);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a recorded path in a checkpoint', () => {
  it('round-trips bit-exactly through JSON, and a malformed one is rejected naming the problem', async () => {
    const config = tinyRun({ path: PATH, swa: SWA });
    const t = new Trainer(config, tinyData());
    try {
      await t.run();
      const recorded = t.path!;
      const json = JSON.parse(JSON.stringify(await makeCheckpoint(t.config, t.model, null, recorded))) as Checkpoint;
      const back = pathFromArrays(parseCheckpoint(json, 'run.json').path!);
      expect(back.steps).toEqual(recorded.steps);
      back.iterates.forEach((w, i) => expect(w).toEqual(recorded.iterates[i]));
      expect(back.snapshotSteps).toEqual([6, 8, 10, 12]);
      back.snapshots.forEach((w, i) => expect(w).toEqual(recorded.snapshots[i]));
      const bad = (patch: (p: PathArrays) => void) => {
        const c = structuredClone(json);
        patch(c.path!);
        return () => parseCheckpoint(c, 'x.json');
      };
      expect(bad((p) => p.steps.pop())).toThrow('x.json is not a valid checkpoint: path has 6 steps and 7 iterates');
      expect(bad((p) => (p.steps[2] = 1))).toThrow('path.steps must be increasing integers ≥ 0, got 1 at 2');
      expect(bad((p) => p.iterates[1]!.pop())).toThrow('path.iterates[1] must have 133 numbers'); // the tiny model: 30 + 52 + 30 + 21 parameters
      expect(bad((p) => (p.snapshots[0]![5] = Number.NaN))).toThrow('path.snapshots[0] has a non-finite value');
      const { path: _, ...old } = json;
      expect(parseCheckpoint(old, 'old.json').path).toBeUndefined();
    } finally {
      t.dispose();
    }
  });
});
