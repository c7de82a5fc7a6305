import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fnv1a } from '../../src/core/data/format';
import { createModel, disposeModel, forward, initialWeights } from '../../src/core/models/convnet';
import { DEFAULT_MODEL, countParams, paramShapes } from '../../src/core/models/spec';

function hashInit(seed: number): number {
  return fnv1aOf(initialWeights(DEFAULT_MODEL, seed).params);
}

function fnv1aOf(params: Float32Array[]): number {
  const bytes = new Uint8Array(params.reduce((n, p) => n + p.byteLength, 0));
  let off = 0;
  for (const p of params) {
    bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), off);
    off += p.byteLength;
  }
  return fnv1a(bytes);
}

describe('convnet from a spec', () => {
  it('the default model has 14,410 parameters in the documented order', () => {
    // conv 3·3·1·8 + 8, conv 3·3·8·16 + 16, dense 5·5·16·32 + 32, out 32·10 + 10
    expect(countParams(DEFAULT_MODEL)).toBe(80 + 1168 + 12832 + 330);
    expect(paramShapes(DEFAULT_MODEL).map((p) => p.name)).toEqual([
      'conv1/kernel',
      'conv1/bias',
      'conv2/kernel',
      'conv2/bias',
      'dense1/kernel',
      'dense1/bias',
      'out/kernel',
      'out/bias',
    ]);
  });

  it('the same seed gives bit-identical weights (golden hash shared with the browser), another seed differs', () => {
    expect(hashInit(1)).toBe(hashInit(1));
    expect(hashInit(2)).not.toBe(hashInit(1));
    // FNV-1a of the float32 bytes of seed 1; the browser tests check the same value.
    expect(hashInit(1)).toBe(1601269869);
  });

  it('fan-in-uniform: every kernel and its bias within ±1/√fan_in of that layer (hand-computed limits); He-Glorot unchanged by the option', () => {
    const spec = { ...DEFAULT_MODEL, init: 'fan-in-uniform' as const };
    const { params } = initialWeights(spec, 5);
    // fan_in: conv1 3·3·1 = 9, conv2 3·3·8 = 72, dense1 5·5·16 = 400, out 32.
    const limits = [1 / 3, 1 / 3, 1 / Math.sqrt(72), 1 / Math.sqrt(72), 1 / 20, 1 / 20, 1 / Math.sqrt(32), 1 / Math.sqrt(32)];
    params.forEach((p, i) => {
      const top = Math.max(...Array.from(p, Math.abs));
      expect(top).toBeLessThanOrEqual(limits[i]!);
      // The largest of n uniform draws on [−L, L] exceeds L·(1 − 5/n) with probability ≈ 1 − e⁻⁵ or more.
      expect(top).toBeGreaterThan(limits[i]! * (1 - 5 / p.length));
    });
    expect(params[1]!.some((v) => v !== 0)).toBe(true);
    // Naming He/Glorot explicitly gives the golden weights of the default (seed 1) above.
    expect(fnv1aOf(initialWeights({ ...DEFAULT_MODEL, init: 'he-glorot' }, 1).params)).toBe(1601269869);
    expect(() => initialWeights({ ...DEFAULT_MODEL, init: 'xavier' as never }, 1)).toThrow(
      'model.init must be one of "he-glorot", "fan-in-uniform", got "xavier"',
    );
  });

  it('He-uniform kernels stay within ±√(6/fan_in); biases start at zero', () => {
    const { params } = initialWeights(DEFAULT_MODEL, 5);
    const limit = Math.sqrt(6 / 9);
    expect(Math.max(...params[0]!.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...params[0]!.map(Math.abs))).toBeGreaterThan(0.9 * limit);
    expect(params[1]!.every((v) => v === 0)).toBe(true);
  });

  it('forward gives [n, classes] logits; BatchNorm returns batch statistics only in training mode', () => {
    const spec = { ...DEFAULT_MODEL, batchNorm: true };
    const model = createModel(spec, 1);
    try {
      tf.tidy(() => {
        const x = tf.randomUniform<tf.Rank.R4>([4, 28, 28, 1], 0, 1, 'float32', 3);
        const train = forward(spec, model, x, true);
        const evalMode = forward(spec, model, x, false);
        expect(train.logits.shape).toEqual([4, 10]);
        expect(train.batchStats.map((s) => s.count)).toEqual([4 * 26 * 26, 4 * 11 * 11]);
        expect(evalMode.batchStats).toEqual([]);
      });
    } finally {
      disposeModel(model);
    }
  });
});
