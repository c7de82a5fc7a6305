import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  addAll,
  vectorAssign,
  vectorAxpy,
  vectorDot,
  vectorFlatten,
  vectorFromArray,
  vectorNorm,
  vectorRead,
  vectorSize,
  vectorUnflatten,
} from '../../src/core/params';

const a = () => [
  tf.tensor2d([
    [1, 2],
    [3, 4],
  ]),
  tf.tensor1d([5, -6]),
];
const b = () => [
  tf.tensor2d([
    [0.5, 0],
    [-1, 2],
  ]),
  tf.tensor1d([1, 1]),
];

describe('flat parameter vectors', () => {
  it('dot, norm and axpy match the concatenated vectors', async () => {
    const x = a();
    const y = b();
    const made: tf.Tensor[] = [...x, ...y];
    try {
      const xf = [1, 2, 3, 4, 5, -6];
      const yf = [0.5, 0, -1, 2, 1, 1];
      expect(vectorSize(x)).toBe(6);
      tf.tidy(() => {
        expect(vectorDot(x, y).dataSync()[0]).toBeCloseTo(
          xf.reduce((s, v, i) => s + v * yf[i]!, 0),
          6,
        );
        expect(vectorNorm(x).dataSync()[0]).toBeCloseTo(Math.hypot(...xf), 6);
      });
      const z = vectorAxpy(2, x, y);
      made.push(...z);
      expect(Array.from(await vectorRead(z))).toEqual(xf.map((v, i) => 2 * v + yf[i]!));
    } finally {
      tf.dispose(made);
    }
  });

  it('flatten and unflatten are inverse; fromArray and assign round-trip', () => {
    tf.tidy(() => {
      const x = a();
      const flat = vectorFlatten(x);
      expect(Array.from(flat.dataSync())).toEqual([1, 2, 3, 4, 5, -6]);
      const back = vectorUnflatten(flat, [[2, 2], [2]]);
      expect(back[0]!.shape).toEqual([2, 2]);
      expect(Array.from(back[1]!.dataSync())).toEqual([5, -6]);
    });
    const vars = [tf.variable(tf.zeros([2, 2])), tf.variable(tf.zeros([2]))];
    try {
      tf.tidy(() => vectorAssign(vars, vectorFromArray(new Float32Array([6, 5, 4, 3, 2, 1]), [[2, 2], [2]])));
      expect(Array.from(vars[1]!.dataSync())).toEqual([2, 1]);
    } finally {
      tf.dispose(vars);
    }
  });

  it('addAll sums any number of tensors (the WebGPU AddN kernel drops inputs after the seventh)', () => {
    tf.tidy(() => {
      const ts = Array.from({ length: 12 }, (_, i) => tf.fill([3], i + 1));
      expect(Array.from(addAll(ts).dataSync())).toEqual([78, 78, 78]);
      expect(() => addAll([])).toThrow('addAll needs at least one tensor');
    });
  });

  it('rejects mismatched shapes with a message', () => {
    tf.tidy(() => {
      expect(() => vectorDot(a(), [tf.zeros([2, 2])])).toThrow(/lists have 2 and 1 tensors/);
      expect(() => vectorUnflatten(tf.zeros<tf.Rank.R1>([5]), [[2, 2], [2]])).toThrow(/5 entries, shapes need 6/);
    });
  });
});
