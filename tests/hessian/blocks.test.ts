import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ProbeCancelled } from '../../src/core/cancel';
import { disposeBatch, makeBatch } from '../../src/core/data/batches';
import { BlockOperator, layerBlocks, layerSharpness } from '../../src/core/hessian/blocks';
import { installSecondOrderGradients } from '../../src/core/hessian/second-order';
import { type Model, createModel, disposeModel, forward } from '../../src/core/models/convnet';
import { crossEntropy } from '../../src/core/models/loss';
import type { ModelSpec } from '../../src/core/models/spec';
import { createRng } from '../../src/core/rng';
import { TINY_MODEL, syntheticSet } from '../helpers';

/** Eigenvalues of a symmetric matrix (float64, not modified) by cyclic Jacobi rotations, largest first. */
function jacobiEigenvalues(a: readonly number[][]): number[] {
  const n = a.length;
  const m = a.map((row) => [...row]);
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        total += m[i]![j]! ** 2;
        if (i !== j) off += m[i]![j]! ** 2;
      }
    if (off <= 1e-28 * total) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (m[p]![q] === 0) continue;
        // The rotation in the (p, q) plane that zeroes m[p][q]: tan 2φ = 2m_pq / (m_qq − m_pp).
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * m[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.hypot(theta, 1));
        const c = 1 / Math.hypot(t, 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const [kp, kq] = [m[k]![p]!, m[k]![q]!];
          m[k]![p] = c * kp - s * kq;
          m[k]![q] = s * kp + c * kq;
        }
        for (let k = 0; k < n; k++) {
          const [pk, qk] = [m[p]![k]!, m[q]![k]!];
          m[p]![k] = c * pk - s * qk;
          m[q]![k] = s * pk + c * qk;
        }
      }
  }
  return m.map((row, i) => row[i]!).sort((x, y) => y - x);
}

const subMatrix = (h: readonly number[][], start: number, end: number) => h.slice(start, end).map((row) => row.slice(start, end));
const symmetrized = (h: readonly number[][]) => h.map((row, i) => row.map((x, j) => (x + h[j]![i]!) / 2));
/** ‖A − Aᵀ‖_F / ‖A‖_F: how far a computed Hessian is from symmetric (its error, seen from one side). */
const asymmetry = (h: readonly number[][]) => {
  let num = 0;
  let den = 0;
  h.forEach((row, i) => row.forEach((x, j) => ((num += (x - h[j]![i]!) ** 2), (den += x * x))));
  return Math.sqrt(num / den);
};

/** The mean cross-entropy of `spec` on the batch (x, y) as a function of the parameter tensors (BatchNorm in evaluation mode). */
function lossOf(spec: ModelSpec, model: Model, x: tf.Tensor4D, y: tf.Tensor2D) {
  return (...ps: tf.Tensor[]) => crossEntropy(forward(spec, { params: ps, state: model.state }, x, false).logits, y);
}

/** ∇L at `ps` as one flat tensor (first-order tfjs gradients; inside a tidy). */
const flatGradient = (f: ReturnType<typeof lossOf>, ps: tf.Tensor[]) =>
  tf.concat(
    tf
      .grads(f)(ps)
      .map((g) => tf.reshape(g, [-1])),
  );

/**
 * The dense Hessian by double backprop, one coordinate at a time: row i is
 * ∇_w (∂L/∂w_i). No Hessian-vector-product code, no blocks.
 */
function denseHessianByDoubleBackprop(spec: ModelSpec, model: Model, n: number): number[][] {
  installSecondOrderGradients();
  const b = makeBatch(syntheticSet(n, spec.inputShape, spec.numClasses, 5), null, 0, n);
  try {
    const f = lossOf(spec, model, b.x, b.y);
    const total = model.params.reduce((count, p) => count + p.size, 0);
    return Array.from({ length: total }, (_, i) =>
      tf.tidy(() => {
        const partial = (...ps: tf.Tensor[]) => tf.sum<tf.Scalar>(tf.gather(flatGradient(f, ps), [i]));
        return Array.from(
          tf
            .concat(
              tf
                .grads(partial)([...model.params])
                .map((r) => tf.reshape(r, [-1])),
            )
            .dataSync(),
        );
      }),
    );
  } finally {
    disposeBatch(b);
  }
}

/**
 * The dense Hessian by central differences of the (first-order) gradient:
 * column i is (g(w + h e_i) − g(w − h e_i)) / (w_i⁺ − w_i⁻), the step taken
 * as the float32 values actually used, the arithmetic in float64.
 */
function denseHessianByDifferences(spec: ModelSpec, model: Model, n: number, h: number): number[][] {
  const b = makeBatch(syntheticSet(n, spec.inputShape, spec.numClasses, 5), null, 0, n);
  try {
    const f = lossOf(spec, model, b.x, b.y);
    const shapes = model.params.map((p) => p.shape);
    const gradientAt = (flat: Float32Array): number[] =>
      tf.tidy(() => {
        let offset = 0;
        const ps = shapes.map((s) => tf.tensor(flat.subarray(offset, (offset += s.reduce((x, y) => x * y, 1))), s));
        return Array.from(flatGradient(f, ps).dataSync());
      });
    const flat = Float32Array.from(model.params.flatMap((p) => Array.from(p.dataSync())));
    const columns = Array.from(flat, (wi, i) => {
      const plus = Float32Array.from(flat);
      const minus = Float32Array.from(flat);
      plus[i] = wi + h;
      minus[i] = wi - h;
      const gp = gradientAt(plus);
      const gm = gradientAt(minus);
      return gp.map((g, k) => (g - gm[k]!) / (plus[i]! - minus[i]!));
    });
    return columns[0]!.map((_, r) => columns.map((col) => col[r]!));
  } finally {
    disposeBatch(b);
  }
}

/** TINY_MODEL with a smooth activation and pooling and BatchNorm, so that finite differences of the gradient are valid. */
const SMOOTH_BN: ModelSpec = {
  inputShape: [6, 6, 1],
  numClasses: 3,
  convs: [{ filters: 2, kernel: 3 }],
  pooling: 'avg',
  padding: 'valid',
  activation: 'tanh',
  dense: [4],
  batchNorm: true,
};

describe('layer blocks', () => {
  it('partition the parameter vector: every tensor in exactly one layer, the ranges contiguous and covering [0, P)', () => {
    // TINY_MODEL by hand: conv1 3·3·1·3 + 3 = 30; conv2 2·2·3·4 + 4 = 52; 8→6→3→(3×3 after pool)→2→1: dense1 4·6 + 6 = 30; out 6·3 + 3 = 21.
    const tiny = layerBlocks(TINY_MODEL);
    expect(tiny.map((b) => [b.name, b.size])).toEqual([
      ['conv1', 30],
      ['conv2', 52],
      ['dense1', 30],
      ['out', 21],
    ]);
    // SMOOTH_BN: conv1 3·3·1·2 + γ, β (2 + 2) = 22; 6→4→2 after pooling: dense1 2·2·2·4 + 4 = 36; out 4·3 + 3 = 15.
    const bn = layerBlocks(SMOOTH_BN);
    expect(bn.map((b) => [b.name, b.params, b.size])).toEqual([
      ['conv1', ['conv1/kernel', 'bn1/gamma', 'bn1/beta'], 22],
      ['dense1', ['dense1/kernel', 'dense1/bias'], 36],
      ['out', ['out/kernel', 'out/bias'], 15],
    ]);
    for (const [spec, blocks] of [
      [TINY_MODEL, tiny],
      [SMOOTH_BN, bn],
    ] as const) {
      const model = createModel(spec, 1);
      try {
        expect(blocks.flatMap((b) => b.params)).toEqual(model.shapes.map((s) => s.name));
        const covered = new Array<number>(model.params.reduce((n, p) => n + p.size, 0)).fill(0);
        for (const b of blocks) {
          expect(b.end - b.start).toBe(b.size);
          for (let i = b.start; i < b.end; i++) covered[i]! += 1;
        }
        expect(covered.every((c) => c === 1)).toBe(true);
      } finally {
        disposeModel(model);
      }
    }
  });
});

describe('BlockOperator', () => {
  const matrix = (a: number[][]) => ({
    size: a.length,
    apply: (x: Float64Array) => Promise.resolve(Float64Array.from(a.map((row) => row.reduce((s, v, j) => s + v * x[j]!, 0)))),
  });

  it('applies the sub-matrix A[B, B] (zero outside the block in, the block’s rows out)', async () => {
    const r = createRng(4);
    const a = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => r.normal()));
    const op = new BlockOperator(matrix(symmetrized(a)), { start: 2, end: 5 });
    const x = Float64Array.from([1, -2, 0.5]);
    const sub = subMatrix(symmetrized(a), 2, 5);
    expect(Array.from(await op.apply(x))).toEqual(sub.map((row) => row.reduce((s, v, j) => s + v * x[j]!, 0)));
    await expect(op.apply(new Float64Array(4))).rejects.toThrow('vector has 4 entries, expected 3');
    expect(() => new BlockOperator(matrix(a), { start: 4, end: 7 })).toThrow('block end must be ≤ 6, got 7');
    expect(() => new BlockOperator(matrix(a), { start: 3, end: 3 })).toThrow('block end must be > 3, got 3');
  });

  it('the sum of block maxima bounds λ_max from above for a PSD matrix, and not for an indefinite one', () => {
    const r = createRng(9);
    const g = Array.from({ length: 10 }, () => Array.from({ length: 7 }, () => r.normal()));
    const psd = g[0]!.map((_, i) => g[0]!.map((__, j) => g.reduce((s, row) => s + row[i]! * row[j]!, 0)));
    const blocks = [
      [0, 2],
      [2, 5],
      [5, 7],
    ];
    const maxima = blocks.map(([s, e]) => jacobiEigenvalues(subMatrix(psd, s!, e!))[0]!);
    const top = jacobiEigenvalues(psd)[0]!;
    expect(Math.max(...maxima)).toBeLessThanOrEqual(top);
    expect(top).toBeLessThanOrEqual(maxima.reduce((a, b) => a + b, 0));
    // [[0, 1], [1, 0]] (indefinite): both 1×1 blocks are 0, yet λ_max = 1; with c = −λ_min = 1 the shifted bound Σ + (b − 1)·c = 1 holds.
    const [up, down] = jacobiEigenvalues([
      [0, 1],
      [1, 0],
    ]);
    expect(up).toBeCloseTo(1, 12);
    expect(down).toBeCloseTo(-1, 12);
    const blockSum = 0 + 0;
    expect(up!).toBeGreaterThan(blockSum);
    expect(up!).toBeLessThanOrEqual(blockSum + (2 - 1) * -down! + 1e-12);
  });
});

describe('per-layer sharpness against the explicit Hessian', () => {
  /**
   * λ₁, λ₂ of every block against the Jacobi eigenvalues of the dense
   * Hessian's sub-matrices, and the bounds that tie the blocks to λ_max(H).
   * Tolerance: the dense matrix A has some error E. By Weyl, eigenvalues of
   * the symmetrised (A + Aᵀ)/2 lie within ‖E_sym‖₂ ≤ ‖E_sym‖_F of the exact
   * ones; the antisymmetric part of E is measured exactly, ‖A − Aᵀ‖_F / 2,
   * and the symmetric part is allowed twice that. Lanczos adds its stopping
   * residual (≤ 1e-6·|θ| at tol = 1e-6) and float32 rounding of each product
   * (ε ≈ 6e-8 over sums of a few hundred terms), covered by 1e-5 of the block's scale.
   */
  async function compare(spec: ModelSpec, dense: number[][], model: Model, n: number) {
    const H = symmetrized(dense);
    const slack = Math.sqrt(dense.reduce((s, row, i) => row.reduce((t, x, j) => t + (x - dense[j]![i]!) ** 2, s), 0));
    const set = syntheticSet(n, spec.inputShape, spec.numClasses, 5);
    const result = await layerSharpness(spec, model, { train: set }, { k: 2, tol: 1e-6, chunk: 7 });
    const full = jacobiEigenvalues(H);
    const [top, bottom] = [full[0]!, full[full.length - 1]!];
    for (const r of result) {
      const block = jacobiEigenvalues(subMatrix(H, r.layer.start, r.layer.end));
      const tolerance = slack + 1e-5 * Math.max(Math.abs(block[0]!), Math.abs(block[block.length - 1]!));
      expect(r.converged).toBe(true);
      r.values.forEach((v, i) => expect(Math.abs(v - block[i]!)).toBeLessThanOrEqual(tolerance));
      // Cauchy interlacing: a block's λ_max never exceeds the whole Hessian's.
      expect(r.values[0]!).toBeLessThanOrEqual(top + tolerance);
    }
    // Above: λ_max(H) ≤ Σ_B λ_max(H_BB) + (b − 1)·max(0, −λ_min(H)).
    const sum = result.reduce((s, r) => s + r.values[0]!, 0);
    expect(top).toBeLessThanOrEqual(sum + (result.length - 1) * Math.max(0, -bottom) + slack);
  }

  it('ReLU, max pooling (TINY_MODEL, 20 samples): the dense Hessian by double backprop, one coordinate at a time', async () => {
    const model = createModel(TINY_MODEL, 3);
    try {
      const dense = denseHessianByDoubleBackprop(TINY_MODEL, model, 20);
      expect(asymmetry(dense)).toBeLessThan(1e-6);
      await compare(TINY_MODEL, dense, model, 20);
    } finally {
      disposeModel(model);
    }
  });

  it('tanh, average pooling, BatchNorm γ and β in the conv block: the dense Hessian by central differences of the gradient', async () => {
    const model = createModel(SMOOTH_BN, 3);
    try {
      // h = 3e-3 balances the h²-truncation against float32 rounding of the gradients (ε/h): measured 4e-5 relative.
      const dense = denseHessianByDifferences(SMOOTH_BN, model, 20, 3e-3);
      expect(asymmetry(dense)).toBeLessThan(1e-4);
      await compare(SMOOTH_BN, dense, model, 20);
    } finally {
      disposeModel(model);
    }
  });
});

describe('layerSharpness', () => {
  const set = syntheticSet(12, [8, 8, 1], 3, 5);

  it('reports every layer with its products and progress, and leaves the tensor count flat across calls', async () => {
    const model = createModel(TINY_MODEL, 3);
    try {
      const progress: string[] = [];
      const once = () =>
        layerSharpness(
          TINY_MODEL,
          model,
          { train: set },
          { maxIter: 4, tol: 1e-12, onProgress: (l, d, t) => progress.push(`${l} ${d}/${t}`) },
        );
      const first = await once();
      const before = tf.memory().numTensors;
      await once();
      await once();
      expect(tf.memory().numTensors).toBe(before);
      expect(first.map((r) => [r.layer.name, r.hvps, r.values.length])).toEqual([
        ['conv1', 4, 1],
        ['conv2', 4, 1],
        ['dense1', 4, 1],
        ['out', 4, 1],
      ]);
      expect(progress.slice(0, 5)).toEqual(['conv1 1/4', 'conv1 2/4', 'conv1 3/4', 'conv1 4/4', 'conv2 1/4']);
    } finally {
      disposeModel(model);
    }
  });

  it('refuses bad options, naming the value, before any work; stops on its AbortSignal', async () => {
    const model = createModel(TINY_MODEL, 3);
    try {
      const before = tf.memory().numTensors;
      const bad: [object, string][] = [
        [{ k: 0 }, 'k must be ≥ 1, got 0'],
        [{ k: 22 }, 'k must be ≤ 21 (the parameters of layer out), got 22'],
        [{ tol: 0 }, 'tol must be > 0, got 0'],
        [{ maxIter: 2.5 }, 'maxIter must be an integer, got 2.5'],
        [{ k: 3, maxIter: 2 }, 'maxIter must be ≥ 3, got 2'],
        [{ chunk: 0 }, 'chunk must be ≥ 1, got 0'],
        [{ l2: -0.1 }, 'l2 must be ≥ 0, got -0.1'],
        [{ seed: 0.5 }, 'seed must be an integer, got 0.5'],
      ];
      for (const [options, message] of bad)
        await expect(layerSharpness(TINY_MODEL, model, { train: set }, options)).rejects.toThrow(message);
      const controller = new AbortController();
      const run = layerSharpness(
        TINY_MODEL,
        model,
        { train: set },
        { maxIter: 4, signal: controller.signal, onProgress: () => controller.abort() },
      );
      await expect(run).rejects.toThrow(ProbeCancelled);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      disposeModel(model);
    }
  });
});
