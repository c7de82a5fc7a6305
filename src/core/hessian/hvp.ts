/**
 * Exact Hessian-vector products by double backprop,
 *
 *   Hv = ∇_w ⟨∇_w L(w), v⟩,
 *
 * and `HessianOperator`, the Hessian of the lab's training loss at a fixed
 * point w: the mean cross-entropy over a fixed evaluation set of training
 * samples (BatchNorm in evaluation mode), accumulated chunk by chunk so that
 * memory stays bounded, optionally plus the L2 term λ‖w‖² (whose Hessian is
 * 2λI). The operator works on flat float64 vectors (the eigen-solvers live in
 * plain JavaScript); each product uploads v and downloads Hv once.
 *
 * Finite differences of gradients are not a substitute on ReLU/max-pool nets:
 * ±εv flips activation patterns, and each flip is a jump in the gradient that
 * does not shrink with ε.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/dataset';
import { type Batch, disposeBatch, makeBatch } from '../data/batches';
import { type Weights, forward } from '../models/convnet';
import { crossEntropy, regularizedLoss } from '../models/loss';
import type { ModelSpec } from '../models/spec';
import { addAll, vectorFromArray, vectorRead, type FlatVector } from '../params';
import { checkNumber } from '../validate';
import { yieldToEventLoop } from '../yield';
import { installSecondOrderGradients } from './second-order';

/** A scalar function of a parameter list, built from tfjs ops (differentiable twice). */
export type LossFunction = (params: tf.Tensor[]) => tf.Scalar;

/**
 * Hv for the loss `f` at `params` (tensors; not modified). Returns new tensors
 * with the shapes of `params` (caller disposes).
 */
export function hessianVectorProduct(f: LossFunction, params: readonly tf.Tensor[], v: readonly tf.Tensor[]): tf.Tensor[] {
  installSecondOrderGradients();
  return tf.tidy(() => {
    const directional = (...ps: tf.Tensor[]): tf.Scalar => {
      const g = tf.grads((...qs: tf.Tensor[]) => f(qs))(ps);
      return addAll(g.map((gi, i) => tf.sum<tf.Scalar>(tf.mul(gi, v[i]!))));
    };
    return tf.grads(directional)([...params]);
  });
}

export interface HessianOptions {
  /** Samples per chunk (memory bound); default 256. */
  chunk?: number;
  /** λ of L(w) + λ‖w‖²: adds 2λv to every product; default 0 (data loss only). */
  l2?: number;
}

/** The Hessian of the mean training cross-entropy (+ λ‖w‖²) at fixed weights, as a linear operator. */
export class HessianOperator {
  /** Number of parameters P (H is P×P). */
  readonly size: number;
  readonly l2: number;
  private readonly batches: Batch[];
  private readonly shapes: number[][];
  private readonly count: number;
  private products = 0;

  /** `weights` are read, never modified; `set` is the evaluation set (its images are uploaded once). */
  constructor(
    private readonly spec: ModelSpec,
    private readonly weights: Weights,
    set: ImageSet,
    options: HessianOptions = {},
  ) {
    const chunk = checkNumber('chunk', options.chunk ?? 256, { min: 1, integer: true });
    this.l2 = checkNumber('l2', options.l2 ?? 0, { min: 0 });
    this.shapes = weights.params.map((p) => p.shape);
    this.size = weights.params.reduce((n, p) => n + p.size, 0);
    this.batches = [];
    for (let s = 0; s < set.count; s += chunk) this.batches.push(makeBatch(set, null, s, Math.min(s + chunk, set.count)));
    this.count = set.count;
  }

  /** Hessian-vector products computed so far. */
  get hvpCount(): number {
    return this.products;
  }

  /** The chunk's mean cross-entropy as a function of the parameters. */
  private chunkLoss(b: Batch): LossFunction {
    return (ps) => crossEntropy(forward(this.spec, { params: ps, state: this.weights.state }, b.x, false).logits, b.y);
  }

  /** H·v for a flat vector v of length P. */
  async apply(v: FlatVector): Promise<FlatVector> {
    if (v.length !== this.size) throw new Error(`HessianOperator.apply: vector has ${v.length} entries, expected ${this.size}`);
    const vt = vectorFromArray(Float32Array.from(v), this.shapes);
    let acc: tf.Tensor[] = this.shapes.map((s) => tf.zeros(s));
    try {
      for (const b of this.batches) {
        const hv = hessianVectorProduct(this.chunkLoss(b), this.weights.params, vt);
        const next = tf.tidy(() => acc.map((a, i) => tf.add(a, tf.mul(hv[i]!, b.size / this.count))));
        tf.dispose([...hv, ...acc]);
        acc = next;
        await yieldToEventLoop();
      }
      const out = Float64Array.from(await vectorRead(acc));
      if (this.l2 > 0) for (let i = 0; i < out.length; i++) out[i]! += 2 * this.l2 * v[i]!;
      this.products += 1;
      return out;
    } finally {
      tf.dispose([...vt, ...acc]);
    }
  }

  /** Mean loss (+ λ‖w‖²) and its gradient over the evaluation set (first order; for tests and cost comparisons). */
  async gradient(): Promise<{ loss: number; grad: FlatVector }> {
    let loss = 0;
    let acc: tf.Tensor[] = this.shapes.map((s) => tf.zeros(s));
    try {
      for (const b of this.batches) {
        const { value, grads } = tf.valueAndGrads((...ps: tf.Tensor[]) => this.chunkLoss(b)(ps))([...this.weights.params]);
        const next = tf.tidy(() => acc.map((a, i) => tf.add(a, tf.mul(grads[i]!, b.size / this.count))));
        loss += ((await value.data())[0]! * b.size) / this.count;
        tf.dispose([value, ...grads, ...acc]);
        acc = next;
      }
      const grad = Float64Array.from(await vectorRead(acc));
      if (this.l2 === 0) return { loss, grad };
      const w = await vectorRead(this.weights.params);
      for (let i = 0; i < grad.length; i++) grad[i]! += 2 * this.l2 * w[i]!;
      return { loss: regularizedLoss(loss, w, this.l2), grad };
    } finally {
      tf.dispose(acc);
    }
  }

  /** Frees the uploaded evaluation images. */
  dispose(): void {
    this.batches.forEach(disposeBatch);
  }
}
