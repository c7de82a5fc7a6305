import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ProbeCancelled } from '../../src/core/cancel';
import { type WeightArrays, weightArrays } from '../../src/core/checkpoint';
import type { ImageSet } from '../../src/core/data/dataset';
import { disposeBatch, makeBatch } from '../../src/core/data/batches';
import { forward } from '../../src/core/models/convnet';
import { crossEntropy } from '../../src/core/models/loss';
import { type ModelSpec, paramShapes } from '../../src/core/models/spec';
import {
  DEFAULT_REPARAM,
  type ReparamOptions,
  adaptiveHessian,
  reparamReport,
  rescalableLayers,
  rescaleLayer,
} from '../../src/core/probes/reparam';
import { Trainer } from '../../src/core/train/trainer';
import { TINY_MODEL, syntheticSet, tinyData, tinyRun } from '../helpers';

const BN_MODEL: ModelSpec = { ...TINY_MODEL, batchNorm: true };

/** Weights after a few epochs of SGD on the synthetic task (with BatchNorm: trained γ, β and running statistics). */
async function trained(spec: ModelSpec): Promise<WeightArrays> {
  const t = new Trainer(tinyRun({ model: spec, epochs: 3 }), tinyData());
  try {
    await t.run();
    return await weightArrays(t.model);
  } finally {
    t.dispose();
  }
}

/** Tensors for weight arrays (caller disposes). */
const tensors = (spec: ModelSpec, w: WeightArrays) => ({
  params: w.params.map((p, i) => tf.tensor(p, paramShapes(spec)[i]!.shape)),
  state: w.state.map((s) => tf.tensor1d(s)),
});

/** The logits on `set`, in evaluation mode or (BatchNorm on the batch's own statistics) training mode. */
function logits(spec: ModelSpec, w: WeightArrays, set: ImageSet, training: boolean): Float32Array {
  const b = makeBatch(set, null, 0, set.count);
  const t = tensors(spec, w);
  try {
    return tf.tidy(() => forward(spec, t, b.x, training).logits.dataSync() as Float32Array);
  } finally {
    disposeBatch(b);
    tf.dispose([...t.params, ...t.state]);
  }
}

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const sumSquares = (w: WeightArrays) => w.params.flat().reduce((s, x) => s + x * x, 0);

/**
 * The Hessian of the mean cross-entropy on `set` as a dense matrix, column by
 * column from central differences of the gradient (tf.grads of the loss, not
 * the Hessian-vector products under test): column i is
 * (g(w + hᵢeᵢ) − g(w − hᵢeᵢ)) / (2hᵢ), with hᵢ = 10⁻³ × the RMS of the
 * coordinate's tensor (the rescaled tensors differ in scale by α²), and 2hᵢ
 * taken as the float32 difference actually stepped.
 */
function denseHessian(spec: ModelSpec, w: WeightArrays, set: ImageSet): number[][] {
  const shapes = paramShapes(spec).map((p) => p.shape);
  const b = makeBatch(set, null, 0, set.count);
  const flat = Float32Array.from(w.params.flat());
  const gradient = (x: Float32Array): Float32Array => {
    let offset = 0;
    return tf.tidy(() => {
      const params = shapes.map((s) => {
        const n = s.reduce((a, c) => a * c, 1);
        const t = tf.tensor(x.subarray(offset, offset + n), s);
        offset += n;
        return t;
      });
      const loss = (...ps: tf.Tensor[]) => crossEntropy(forward(spec, { params: ps, state: [] }, b.x, false).logits, b.y);
      const g = tf.grads(loss)(params);
      return tf.concat(g.map((gi) => tf.reshape(gi, [-1]))).dataSync() as Float32Array;
    });
  };
  const steps: number[] = [];
  w.params.forEach((p) => {
    const rms = Math.sqrt(p.reduce((s, x) => s + x * x, 0) / p.length);
    p.forEach(() => steps.push(1e-3 * rms));
  });
  try {
    const columns = steps.map((h, i) => {
      const plus = Float32Array.from(flat);
      const minus = Float32Array.from(flat);
      plus[i] = flat[i]! + h;
      minus[i] = flat[i]! - h;
      const gp = gradient(plus);
      const gm = gradient(minus);
      return Array.from(gp, (x, j) => (x - gm[j]!) / (plus[i]! - minus[i]!));
    });
    return columns[0]!.map((_, r) => columns.map((c) => c[r]!));
  } finally {
    disposeBatch(b);
  }
}

/** ‖A − Aᵀ‖_F / ‖A‖_F: a crossed ReLU kink or pooling switch inside a difference shows up as an asymmetric column. */
function asymmetry(a: number[][]): number {
  let num = 0;
  let den = 0;
  a.forEach((row, i) =>
    row.forEach((x, j) => {
      num += (x - a[j]![i]!) ** 2;
      den += x * x;
    }),
  );
  return Math.sqrt(num / den);
}

/** Eigenvalues of a symmetric matrix, largest first, by cyclic Jacobi rotations in float64. */
function jacobiEigenvalues(a: number[][]): number[] {
  const n = a.length;
  const m = a.map((row) => [...row]);
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let all = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        all += m[i]![j]! ** 2;
        if (i !== j) off += m[i]![j]! ** 2;
      }
    if (off <= 1e-26 * all) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = m[p]![q]!;
        if (apq === 0) continue;
        // The rotation J (c on the diagonal, s at (p, q), −s at (q, p)) with (JᵀMJ)_pq = 0.
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (const row of m) [row[p], row[q]] = [c * row[p]! - s * row[q]!, s * row[p]! + c * row[q]!];
        const [rp, rq] = [m[p]!, m[q]!];
        for (let k = 0; k < n; k++) [rp[k], rq[k]] = [c * rp[k]! - s * rq[k]!, s * rp[k]! + c * rq[k]!];
      }
  }
  return m.map((row, i) => row[i]!).sort((x, y) => y - x);
}

/** (A + Aᵀ)/2, and T·A·T with T = diag(|w|) (w flat). */
const symmetrize = (a: number[][]) => a.map((row, i) => row.map((x, j) => (x + a[j]![i]!) / 2));
const scaled = (a: number[][], w: number[]) => a.map((row, i) => row.map((x, j) => Math.abs(w[i]!) * x * Math.abs(w[j]!)));

const OPTIONS: ReparamOptions = {
  ...DEFAULT_REPARAM,
  tol: 1e-6,
  traceSamples: 6,
  rays: { count: 2, tMax: 1, points: 11, seed: 3 },
  widthDelta: 0.1,
  l2: 0.001,
  chunk: 16,
};

describe('rescaling one ReLU layer pair', () => {
  // Per spec, per layer: the tensors scaled by α and the one scaled by 1/α (from the architecture, written out).
  const cases: [string, ModelSpec, [string[], string][]][] = [
    [
      'ReLU',
      TINY_MODEL,
      [
        [['conv1/kernel', 'conv1/bias'], 'conv2/kernel'],
        [['conv2/kernel', 'conv2/bias'], 'dense1/kernel'],
        [['dense1/kernel', 'dense1/bias'], 'out/kernel'],
      ],
    ],
    [
      'BatchNorm',
      BN_MODEL,
      [
        [['bn1/gamma', 'bn1/beta'], 'conv2/kernel'],
        [['bn2/gamma', 'bn2/beta'], 'dense1/kernel'],
        [['dense1/kernel', 'dense1/bias'], 'out/kernel'],
      ],
    ],
  ];

  it.each(cases)('%s: scales the pair as stated and leaves the logits equal within float tolerance', async (_, spec, layers) => {
    const w = await trained(spec);
    const copy = structuredClone(w);
    const set = syntheticSet(16, [8, 8, 1], 3, 21);
    const names = paramShapes(spec).map((p) => p.name);
    expect(rescalableLayers(spec)).toEqual(['conv1', 'conv2', 'dense1']);
    const modes = spec.batchNorm ? [false, true] : [false];
    for (const [layer, [up, down]] of layers.entries()) {
      for (const alpha of [10, 0.1, 3.7]) {
        const r = rescaleLayer(spec, w, layer, alpha);
        names.forEach((name, i) => {
          const factor = up.includes(name) ? alpha : name === down ? 1 / alpha : 1;
          r.params[i]!.forEach((x, j) => expect(x).toBeCloseTo(w.params[i]![j]! * factor, 12));
        });
        expect(r.state).toEqual(w.state);
        for (const training of modes) {
          const z = logits(spec, w, set, training);
          // float32 rounding of a few dozen operations per logit: ~1e-6 of the logits' scale.
          expect(maxDiff(logits(spec, r, set, training), z)).toBeLessThan(1e-5 * maxAbs(z));
        }
      }
    }
    expect(w).toEqual(copy);
  });

  it('without the 1/α on the next kernel the function changes (the logits check can fail)', async () => {
    const w = await trained(TINY_MODEL);
    const set = syntheticSet(16, [8, 8, 1], 3, 21);
    const halfDone = { ...w, params: w.params.map((p, i) => (i < 2 ? p.map((x) => 10 * x) : p)) };
    const z = logits(TINY_MODEL, w, set, false);
    expect(maxDiff(logits(TINY_MODEL, halfDone, set, false), z)).toBeGreaterThan(0.1 * maxAbs(z));
  });

  it('λ_max and λ_max(THT) of the rescaled net match a dense finite-difference Hessian; λ_max moves by a large factor, THT does not', async () => {
    const w = await trained(TINY_MODEL);
    const set = syntheticSet(8, [8, 8, 1], 3, 31);
    const alpha = 0.1;
    const r = rescaleLayer(TINY_MODEL, w, 1, alpha);
    const report = await reparamReport(TINY_MODEL, w, 1, alpha, { train: set, test: set }, OPTIONS);
    const dense = [w, r].map((x) => denseHessian(TINY_MODEL, x, set));
    // float32 gradients leave an asymmetry of ~2.5e-4; a crossed kink would leave a column of order one.
    dense.forEach((h) => expect(asymmetry(h)).toBeLessThan(1e-3));
    const [h, hr] = dense.map(symmetrize) as [number[][], number[][]];
    const [eig, eigR] = [h, hr].map(jacobiEigenvalues) as [number[], number[]];
    // The eigen-solve itself: Σλ = tr A and Σλ² = ‖A‖²_F.
    expect(
      rel(
        eigR.reduce((s, x) => s + x, 0),
        hr.reduce((s, row, i) => s + row[i]!, 0),
      ),
    ).toBeLessThan(1e-9);
    expect(
      rel(
        eigR.reduce((s, x) => s + x * x, 0),
        hr.flat().reduce((s, x) => s + x * x, 0),
      ),
    ).toBeLessThan(1e-9);
    // Measured 7e-6 and 1.2e-4: the finite differences' float32 noise.
    expect(rel(report.before.eigen.values[0]!, eig[0]!)).toBeLessThan(1e-3);
    expect(rel(report.after.eigen.values[0]!, eigR[0]!)).toBeLessThan(1e-3);
    // Ostrowski: λ_max(D⁻¹HD⁻¹) = θ·λ_max(H), θ ∈ [α², 1/α²] (α < 1); here conv2's block, ×1/α², takes over.
    const ratio = eigR[0]! / eig[0]!;
    expect(ratio).toBeGreaterThan(5);
    expect(ratio).toBeLessThanOrEqual(alpha ** -2 * (1 + 1e-3));
    const [tht, thtR] = [jacobiEigenvalues(scaled(h, w.params.flat()))[0]!, jacobiEigenvalues(scaled(hr, r.params.flat()))[0]!];
    expect(rel(thtR, tht)).toBeLessThan(1e-3);
    expect(rel(report.before.adaptive.values[0]!, tht)).toBeLessThan(1e-3);
    expect(rel(report.after.adaptive.values[0]!, thtR)).toBeLessThan(1e-3);
  });

  it.each([
    ['ReLU', TINY_MODEL, 1, 0.1],
    ['BatchNorm', BN_MODEL, 0, 10],
  ] as const)(
    '%s: accuracy, data loss, λ_max(THT) and filter-normalised widths unchanged; λ_max, trace and L + λ‖w‖² changed',
    async (_, spec, layer, alpha) => {
      const w = await trained(spec);
      const data = tinyData();
      const { before: b, after: a } = await reparamReport(spec, w, layer, alpha, data, OPTIONS);
      expect(a.testAccuracy).toBe(b.testAccuracy);
      expect(rel(a.dataLoss, b.dataLoss)).toBeLessThan(1e-5);
      // L + λ‖w‖² with ‖w‖² summed here in float64 from the arrays.
      const wr = rescaleLayer(spec, w, layer, alpha);
      expect(rel(b.regularizedLoss, b.dataLoss + OPTIONS.l2 * sumSquares(w))).toBeLessThan(1e-6);
      expect(rel(a.regularizedLoss, a.dataLoss + OPTIONS.l2 * sumSquares(wr))).toBeLessThan(1e-6);
      expect(rel(a.regularizedLoss, b.regularizedLoss)).toBeGreaterThan(1e-3);
      const lambdaRatio = a.eigen.values[0]! / b.eigen.values[0]!;
      expect(Math.max(lambdaRatio, 1 / lambdaRatio)).toBeGreaterThan(5);
      expect(Math.abs(Math.log(a.trace.trace / b.trace.trace))).toBeGreaterThan(Math.log(2));
      // THT and the ray points are the same matrices and points up to float32 rounding (measured ≤ 1e-7 relative);
      // 1e-5 leaves room for that rounding to steer Lanczos a little, and is far below the factors λ_max moved by.
      expect(rel(a.adaptive.values[0]!, b.adaptive.values[0]!)).toBeLessThan(1e-5);
      expect(b.width.censored).toBe(0);
      b.width.perRay.forEach((x, i) => expect(rel(a.width.perRay[i]!, x)).toBeLessThan(1e-5));
    },
  );

  it('refuses what would not keep the function, naming the value', async () => {
    const w = await trained(TINY_MODEL);
    expect(() => rescaleLayer(TINY_MODEL, w, 0, 0)).toThrow('alpha must be > 0, got 0');
    expect(() => rescaleLayer(TINY_MODEL, w, 0, -2)).toThrow('alpha must be > 0, got -2');
    expect(() => rescaleLayer(TINY_MODEL, w, 0, Number.NaN)).toThrow('alpha must be a finite number, got NaN');
    expect(() => rescaleLayer(TINY_MODEL, w, 0, Infinity)).toThrow('alpha must be a finite number, got Infinity');
    expect(() => rescaleLayer(TINY_MODEL, w, 3, 2)).toThrow(
      'layer must be one of 0 (conv1), 1 (conv2), 2 (dense1); the output layer has no next layer to take 1/α; got 3',
    );
    expect(() => rescaleLayer(TINY_MODEL, w, 1.5, 2)).toThrow('got 1.5');
    expect(() => rescaleLayer(TINY_MODEL, w, -1, 2)).toThrow('got -1');
    for (const activation of ['softplus', 'tanh'] as const)
      expect(() => rescaleLayer({ ...TINY_MODEL, activation }, w, 0, 2)).toThrow(`model.activation is "${activation}"`);
    expect(() => rescaleLayer(TINY_MODEL, { ...w, params: w.params.slice(1) }, 0, 2)).toThrow(
      'weights have 7 parameter tensors, the model has 8',
    );
    const identity = { size: 3, apply: (x: Float64Array) => Promise.resolve(x) };
    expect(() => adaptiveHessian(identity, [1, 2])).toThrow('adaptiveHessian: w has 2 entries, the operator 3');
    await expect(reparamReport(TINY_MODEL, w, 0, 2, tinyData(), { ...OPTIONS, widthDelta: 0 })).rejects.toThrow(
      'widthDelta must be > 0, got 0',
    );
  });

  it('reports progress, stops on its signal, and leaves no tensors behind', async () => {
    const w = await trained(BN_MODEL);
    const data = tinyData();
    const small = { ...OPTIONS, tol: 1e-3, maxIter: 4, traceSamples: 2, rays: { ...OPTIONS.rays, points: 3 } };
    const n0 = tf.memory().numTensors;
    const seen = new Set<string>();
    await reparamReport(BN_MODEL, w, 1, 4, data, { ...small, onProgress: (s, stage) => seen.add(`${s} ${stage}`) });
    expect([...seen]).toEqual(['before', 'after'].flatMap((s) => ['eigenvalues', 'trace', 'adaptive', 'rays'].map((x) => `${s} ${x}`)));
    expect(tf.memory().numTensors).toBe(n0);
    await reparamReport(BN_MODEL, w, 1, 4, data, small);
    expect(tf.memory().numTensors).toBe(n0);
    const abort = new AbortController();
    const run = reparamReport(BN_MODEL, w, 1, 4, data, {
      ...small,
      signal: abort.signal,
      onProgress: (s, stage) => s === 'after' && stage === 'trace' && abort.abort(),
    });
    await expect(run).rejects.toBeInstanceOf(ProbeCancelled);
    expect(tf.memory().numTensors).toBe(n0);
  });
});
