import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Sgd } from '../../src/core/optim/sgd';

describe('SGD with momentum μ and weight decay λ (objective L + λ‖w‖²)', () => {
  it('follows v ← μv + g + 2λw, w ← w − ηv over three steps', () => {
    const mu = 0.9;
    const lambda = 0.01;
    const eta = 0.1;
    const grads = [
      [1, -1],
      [0.5, 2],
      [-3, 0],
    ];
    // By hand, in float64.
    let w = [1, -2];
    let v = [0, 0];
    for (const g of grads) {
      v = v.map((vi, i) => mu * vi + g[i]! + 2 * lambda * w[i]!);
      w = w.map((wi, i) => wi - eta * v[i]!);
    }
    const wt = tf.variable(tf.tensor1d([1, -2]));
    const opt = new Sgd([wt], { momentum: mu, weightDecay: lambda });
    try {
      for (const g of grads) tf.tidy(() => opt.apply([tf.tensor1d(g)], eta));
      Array.from(wt.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(w[i]!, 6));
    } finally {
      opt.dispose();
      wt.dispose();
    }
  });
});
