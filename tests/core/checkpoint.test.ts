import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { type Checkpoint, makeCheckpoint, parseCheckpoint, weightsFromArrays } from '../../src/core/checkpoint';
import { createModel, disposeModel } from '../../src/core/models/convnet';
import { TINY_MODEL, tinyRun } from '../helpers';

/** A checkpoint's JSON with the fields the malformed cases write loosened (a wrong version, a string among the weights). */
type Malformed = Omit<Checkpoint, 'version' | 'weights'> & { version: number; weights: { params: unknown[][]; state: unknown[][] } };

describe('checkpoints', () => {
  it('round-trip weights bit-exactly through JSON', async () => {
    const config = tinyRun({ model: { ...TINY_MODEL, batchNorm: true } });
    const m = createModel(config.model, 3);
    try {
      const ckpt = await makeCheckpoint(config, m, { ...m, models: 4 });
      const back = parseCheckpoint(JSON.parse(JSON.stringify(ckpt)), 'run.json');
      const w = weightsFromArrays(back.config, back.weights);
      try {
        w.params.forEach((p, i) => expect(Array.from(p.dataSync())).toEqual(Array.from(m.params[i]!.dataSync())));
        expect(w.state.length).toBe(4);
        expect(back.swa!.models).toBe(4);
      } finally {
        tf.dispose([...w.params, ...w.state]);
      }
    } finally {
      disposeModel(m);
    }
  });

  it('reject malformed files with a message naming the problem', async () => {
    const config = tinyRun();
    const m = createModel(config.model, 3);
    // A checkpoint as read from a file: plain JSON, patched below into each malformed shape.
    const good = JSON.parse(JSON.stringify(await makeCheckpoint(config, m, null).finally(() => disposeModel(m)))) as Malformed;
    const bad = (patch: (c: Malformed) => void) => {
      const c = structuredClone(good);
      patch(c);
      return () => parseCheckpoint(c, 'x.json');
    };
    expect(() => parseCheckpoint([], 'x.json')).toThrow('x.json is not a valid checkpoint: format is undefined');
    expect(bad((c) => (c.version = 2))).toThrow('version is 2, expected 1');
    expect(bad((c) => (c.config.sgd.lr = -1))).toThrow('config: lr must be > 0, got -1');
    expect(bad((c) => c.weights.params.pop())).toThrow('weights.params has 7 tensors, the model has 8');
    expect(bad((c) => c.weights.params[0]!.pop())).toThrow('weights.params[0] (conv1/kernel) must have 27 numbers');
    expect(bad((c) => (c.weights.params[2]![0] = 'x'))).toThrow('weights.params[2] (conv2/kernel) has a non-finite value');
    expect(bad((c) => (c.swa = { params: [], state: [], models: 1 }))).toThrow('swa.params has 0 tensors');
  });
});
