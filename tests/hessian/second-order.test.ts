import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { disposeBatch, makeBatch } from '../../src/core/data/batches';
import { installSecondOrderGradients } from '../../src/core/hessian/second-order';
import { createModel, disposeModel, forward } from '../../src/core/models/convnet';
import { crossEntropy } from '../../src/core/models/loss';
import { DEFAULT_MODEL, type ModelSpec } from '../../src/core/models/spec';
import { Trainer } from '../../src/core/train/trainer';
import { syntheticSet, tinyData, tinyRun } from '../helpers';

/** First-order gradients of every layer type the builder makes, as raw float32 values. */
function firstOrder(spec: ModelSpec): number[][] {
  const model = createModel(spec, 3);
  const b = makeBatch(syntheticSet(6, [28, 28, 1], 10, 2), null, 0, 6);
  try {
    const { value, grads } = tf.variableGrads(() => crossEntropy(forward(spec, model, b.x, true).logits, b.y), model.params);
    const out = model.params.map((p) => Array.from(grads[p.name]!.dataSync()));
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  } finally {
    disposeBatch(b);
    disposeModel(model);
  }
}

const SPECS: ModelSpec[] = [
  DEFAULT_MODEL,
  { ...DEFAULT_MODEL, activation: 'tanh', pooling: 'avg', batchNorm: true },
  { ...DEFAULT_MODEL, activation: 'softplus' },
];

describe('the second-order gradient registrations', () => {
  it('leave first-order gradients and training bit-for-bit unchanged', async () => {
    const train = async () => {
      const t = new Trainer(tinyRun({ sam: { rho: 0.05, p: 2, adaptive: false } }), tinyData());
      try {
        const r = await t.run();
        return { loss: r.final!.test.loss, w: t.model.params.map((p) => Array.from(p.dataSync())) };
      } finally {
        t.dispose();
      }
    };
    const before = SPECS.map(firstOrder);
    const trainedBefore = await train();
    installSecondOrderGradients();
    expect(SPECS.map(firstOrder)).toEqual(before);
    expect(await train()).toEqual(trainedBefore);
  });

  it('reject overlapping pooling windows by name instead of returning a wrong derivative', () => {
    installSecondOrderGradients();
    const x = tf.randomNormal([1, 6, 6, 1]);
    const v = tf.randomNormal([1, 6, 6, 1]);
    try {
      const f = (y: tf.Tensor) => tf.sum<tf.Scalar>(tf.square(tf.maxPool(y as tf.Tensor4D, 3, 2, 'same')));
      const hv = () => tf.grads((y: tf.Tensor) => tf.sum<tf.Scalar>(tf.mul(tf.grads(f)([y])[0]!, v)))([x]);
      expect(hv).toThrow("second derivative of MaxPoolGrad needs non-overlapping 'valid' windows, got window 3,3 stride 2,2 pad same");
    } finally {
      tf.dispose([x, v]);
    }
  });
});
