import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { disposeBatch, makeBatch } from '../../src/core/data/batches';
import { HessianOperator, hessianVectorProduct } from '../../src/core/hessian/hvp';
import { createModel, disposeModel } from '../../src/core/models/convnet';
import type { ModelSpec } from '../../src/core/models/spec';
import { vectorFromArray, vectorRead } from '../../src/core/params';
import { createRng } from '../../src/core/rng';
import { TINY_MODEL, syntheticSet } from '../helpers';

const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / den);
};
const randomVector = (n: number, seed: number) => {
  const r = createRng(seed);
  const v = Float64Array.from({ length: n }, () => r.normal());
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};
/**
 * The activation pattern of TINY_MODEL on `x`, computed independently of the
 * code under test: the sign of every ReLU input and the arg-max of every
 * 2×2 pooling window.
 */
function activationPattern(p: readonly tf.Tensor[], x: tf.Tensor4D): number[] {
  const out: number[] = [];
  const poolArgmax = (a: tf.Tensor4D) => {
    const [n, h, w, c] = a.shape;
    const d = a.dataSync();
    for (let b = 0; b < n; b++)
      for (let i = 0; i + 1 < h; i += 2)
        for (let j = 0; j + 1 < w; j += 2)
          for (let k = 0; k < c; k++) {
            let best = -Infinity;
            let at = -1;
            for (const [di, dj] of [
              [0, 0],
              [0, 1],
              [1, 0],
              [1, 1],
            ] as const) {
              const val = d[((b * h + i + di) * w + j + dj) * c + k]!;
              if (val > best) [best, at] = [val, di * 2 + dj];
            }
            out.push(at);
          }
  };
  tf.tidy(() => {
    const z1 = tf.add(tf.conv2d(x, p[0] as tf.Tensor4D, 1, 'valid'), p[1]!);
    out.push(...Array.from(z1.dataSync(), Math.sign));
    const a1 = tf.relu(z1) as tf.Tensor4D;
    poolArgmax(a1);
    const z2 = tf.add(tf.conv2d(tf.maxPool(a1, 2, 2, 'valid'), p[2] as tf.Tensor4D, 1, 'valid'), p[3]!);
    out.push(...Array.from(z2.dataSync(), Math.sign));
    const a2 = tf.relu(z2) as tf.Tensor4D;
    poolArgmax(a2);
    const flat = tf.reshape<tf.Rank.R2>(tf.maxPool(a2, 2, 2, 'valid'), [x.shape[0], -1]);
    const z3 = tf.add(tf.matMul(flat, p[4] as tf.Tensor2D), p[5]!);
    out.push(...Array.from(z3.dataSync(), Math.sign));
  });
  return out;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i]!, 0);

describe('exact Hessian-vector products', () => {
  it('(a) least squares: Hv = XᵀXv/n, computed in the test', async () => {
    const r = createRng(3);
    const n = 20;
    const d = 6;
    const X = Array.from({ length: n }, () => Array.from({ length: d }, () => r.normal()));
    const y = Array.from({ length: n }, () => r.normal());
    const Xt = tf.tensor2d(X);
    const yt = tf.tensor2d(y, [n, 1]);
    // L(w, b) = ‖Xw + b − y‖² / (2n): H = [[XᵀX, Xᵀ1], [1ᵀX, n]] / n.
    const f = ([w, b]: tf.Tensor[]) => tf.div<tf.Scalar>(tf.sum(tf.square(tf.sub(tf.add(tf.matMul(Xt, w as tf.Tensor2D), b!), yt))), 2 * n);
    const w = tf.randomNormal([d, 1], 0, 1, 'float32', 4);
    const b = tf.tensor1d([0.3]);
    try {
      const v = randomVector(d + 1, 5);
      const vt = vectorFromArray(Float32Array.from(v), [[d, 1], [1]]);
      const hv = hessianVectorProduct(f, [w, b], vt);
      const got = await vectorRead(hv).finally(() => tf.dispose([...vt, ...hv]));
      const expected = new Float64Array(d + 1);
      for (let i = 0; i < n; i++) {
        const row = [...X[i]!, 1];
        const rv = dot(row, v);
        row.forEach((x, j) => (expected[j]! += (x * rv) / n));
      }
      expect(relErr(got, expected)).toBeLessThan(1e-5);
    } finally {
      tf.dispose([Xt, yt, w, b]);
    }
  });

  it.each(['softplus', 'tanh'] as const)(
    '(b) smooth convnet (%s, average pooling): agrees with central differences',
    async (activation) => {
      const spec: ModelSpec = { ...TINY_MODEL, activation, pooling: 'avg' };
      const model = createModel(spec, 2);
      const set = syntheticSet(16, [8, 8, 1], 3, 4);
      const H = new HessianOperator(spec, model, set, { chunk: 5 });
      try {
        const v = randomVector(H.size, 6);
        const hv = await H.apply(v);
        // Richardson-extrapolated central difference of gradients: O(ε⁴) truncation.
        const fd = async (eps: number) => {
          const at = async (s: number) => {
            const w0 = await vectorRead(model.params);
            const moved = vectorFromArray(
              Float32Array.from(w0, (x, i) => x + s * eps * v[i]!),
              model.shapes.map((p) => p.shape),
            );
            const op = new HessianOperator(spec, { params: moved, state: [] }, set, { chunk: 5 });
            try {
              return (await op.gradient()).grad;
            } finally {
              op.dispose();
              tf.dispose(moved);
            }
          };
          const [gp, gm] = [await at(1), await at(-1)];
          return gp.map((x, i) => (x - gm[i]!) / (2 * eps));
        };
        const d1 = await fd(0.02);
        const d2 = await fd(0.01);
        const richardson = d2.map((x, i) => (4 * x - d1[i]!) / 3);
        expect(relErr(hv, richardson)).toBeLessThan(1e-3);
      } finally {
        H.dispose();
        disposeModel(model);
      }
    },
  );

  it('(c) ReLU + max-pool convnet: agrees with central differences where no activation pattern changes', async () => {
    const model = createModel(TINY_MODEL, 11);
    const set = syntheticSet(4, [8, 8, 1], 3, 12);
    const batch = makeBatch(set, null, 0, set.count);
    try {
      // Move off the initialisation (zero biases put some ReLU inputs at exactly 0, a kink at w itself).
      const r = createRng(14);
      tf.tidy(() =>
        model.params.forEach((p) =>
          p.assign(
            tf.add(
              p,
              tf.mul(
                0.05,
                tf.tensor(
                  Float32Array.from({ length: p.size }, () => r.normal()),
                  p.shape,
                ),
              ),
            ),
          ),
        ),
      );
      const H = new HessianOperator(TINY_MODEL, model, set);
      const v = randomVector(H.size, 13);
      const hv = await H.apply(v).finally(() => H.dispose());
      const w0 = await vectorRead(model.params);
      const shapes = model.shapes.map((p) => p.shape);
      const at = (s: number) =>
        vectorFromArray(
          Float32Array.from(w0, (x, i) => x + s * v[i]!),
          shapes,
        );
      const reference = activationPattern(model.params, batch.x);
      // The test is only valid where ReLU signs and pooling arg-maxes are the same at w ± εv (and ± ε/2) as at w:
      // take the largest such ε from a halving sequence, and assert that one was found.
      const unchanged = (eps: number) =>
        [eps, -eps, eps / 2, -eps / 2].every((s) => {
          const p = at(s);
          const same = JSON.stringify(activationPattern(p, batch.x)) === JSON.stringify(reference);
          tf.dispose(p);
          return same;
        });
      const eps = [4e-3, 2e-3, 1e-3, 5e-4, 2.5e-4].find(unchanged);
      expect(eps).toBeDefined();
      const grads: Float64Array[] = [];
      for (const s of [eps!, -eps!, eps! / 2, -eps! / 2]) {
        const p = at(s);
        const op = new HessianOperator(TINY_MODEL, { params: p, state: [] }, set);
        try {
          expect(activationPattern(p, batch.x)).toEqual(reference);
          grads.push((await op.gradient()).grad);
        } finally {
          op.dispose();
          tf.dispose(p);
        }
      }
      const [gp1, gm1, gp2, gm2] = grads as [Float64Array, Float64Array, Float64Array, Float64Array];
      // Richardson: (4·D(ε/2) − D(ε))/3 with D(h) = (g(w + hv) − g(w − hv))/2h.
      const fd = gp2.map((x, i) => (4 * ((x - gm2[i]!) / eps!) - (gp1[i]! - gm1[i]!) / (2 * eps!)) / 3);
      expect(relErr(hv, fd)).toBeLessThan(1e-3);
    } finally {
      disposeBatch(batch);
      disposeModel(model);
    }
  });

  it('(d) is symmetric: ⟨u, Hv⟩ = ⟨v, Hu⟩ on the ReLU + max-pool convnet, with and without λ', async () => {
    const model = createModel(TINY_MODEL, 7);
    const set = syntheticSet(12, [8, 8, 1], 3, 9);
    try {
      for (const l2 of [0, 0.01]) {
        const H = new HessianOperator(TINY_MODEL, model, set, { chunk: 5, l2 });
        try {
          const u = randomVector(H.size, 1);
          const v = randomVector(H.size, 2);
          const a = dot(u, await H.apply(v));
          const b = dot(v, await H.apply(u));
          expect(Math.abs(a - b) / Math.max(Math.abs(a), 1e-12)).toBeLessThan(1e-4);
          expect(H.hvpCount).toBe(2);
        } finally {
          H.dispose();
        }
      }
    } finally {
      disposeModel(model);
    }
  });

  it('leaves no tensors behind and never modifies the weights', async () => {
    const model = createModel(TINY_MODEL, 7);
    try {
      const before = await vectorRead(model.params);
      const n0 = tf.memory().numTensors;
      const H = new HessianOperator(TINY_MODEL, model, syntheticSet(10), { chunk: 4 });
      try {
        const v = randomVector(H.size, 3);
        await H.apply(v);
        const n1 = tf.memory().numTensors;
        for (let i = 0; i < 5; i++) await H.apply(v);
        await H.gradient();
        expect(tf.memory().numTensors).toBe(n1);
      } finally {
        H.dispose();
      }
      expect(tf.memory().numTensors).toBe(n0);
      expect(Array.from(await vectorRead(model.params))).toEqual(Array.from(before));
    } finally {
      disposeModel(model);
    }
  });
});
