/**
 * Builds and runs the convnets described by a `ModelSpec`. The forward pass
 * is a free function of (spec, weights, input), so the same code evaluates
 * the trained weights w, the averaged weights w_SWA, or a probe point
 * w + t·d without touching the model's variables.
 */
import * as tf from '@tensorflow/tfjs';
import { newVariable } from '../params';
import { createRng } from '../rng';
import { type ModelSpec, type ParamShape, paramShapes } from './spec';

/** BatchNorm's ε in (x − μ)/√(σ² + ε). */
export const BN_EPSILON = 1e-5;

/**
 * Everything the forward pass reads: `params` are the trainable tensors in
 * `paramShapes(spec)` order; `state` holds, per BatchNorm layer, its running
 * mean and running variance (empty without BatchNorm).
 */
export interface Weights {
  params: readonly tf.Tensor[];
  state: readonly tf.Tensor[];
}

/** A model: its spec and the variables that hold its weights (owned; `disposeModel` frees them). */
export interface Model {
  spec: ModelSpec;
  shapes: ParamShape[];
  params: tf.Variable[];
  state: tf.Variable[];
}

/** Batch statistics of one BatchNorm layer, per channel (population variance). */
export interface BnBatchStats {
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
  /** Number of values each statistic was computed over (batch × height × width). */
  count: number;
}

export interface ForwardResult {
  logits: tf.Tensor2D;
  /** One entry per BatchNorm layer in training mode; empty in evaluation mode. */
  batchStats: BnBatchStats[];
}

/** BatchNorm layer `l`'s running statistics within `state`, laid out as [mean₀, variance₀, mean₁, variance₁, …]. */
export function bnStatistics<T>(state: readonly T[], l: number): { mean: T; variance: T } {
  const mean = state[2 * l];
  const variance = state[2 * l + 1];
  if (mean === undefined || variance === undefined)
    throw new RangeError(`BatchNorm layer ${l} has no statistics in a state of ${state.length} tensors`);
  return { mean, variance };
}

/**
 * Seeded initialisation by `spec.init` (see `InitScheme`): 'he-glorot' draws
 * kernels He-uniform U(−√(6/fan_in), √(6/fan_in)) (the output layer
 * Glorot-uniform, √(6/(fan_in + fan_out))) and leaves biases zero;
 * 'fan-in-uniform' draws every kernel and the bias that follows it from
 * U(−1/√fan_in, 1/√fan_in). γ is one and β zero; BatchNorm's running mean 0
 * and variance 1. Draws follow parameter order; only uniform draws and
 * `Math.sqrt` are used, so a seed gives bit-identical weights in Node and in
 * every browser.
 */
export function initialWeights(spec: ModelSpec, seed: number): { params: Float32Array[]; state: Float32Array[] } {
  const rng = createRng(seed);
  const shapes = paramShapes(spec);
  const scheme = spec.init ?? 'he-glorot';
  let fanIn = 1;
  const params = shapes.map((p, index) => {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    let limit = 0;
    if (p.kind === 'gamma') values.fill(1);
    if (p.kind === 'kernel') {
      fanIn = p.shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const fanOut = p.shape[p.shape.length - 1]!;
      const isOutput = index === shapes.length - 2;
      limit = scheme === 'fan-in-uniform' ? 1 / Math.sqrt(fanIn) : Math.sqrt(6 / (isOutput ? fanIn + fanOut : fanIn));
    }
    // A bias follows its layer's kernel: fanIn is that kernel's.
    if (p.kind === 'bias' && scheme === 'fan-in-uniform') limit = 1 / Math.sqrt(fanIn);
    if (limit > 0) for (let i = 0; i < size; i++) values[i] = (2 * rng.next() - 1) * limit;
    return values;
  });
  const state: Float32Array[] = [];
  if (spec.batchNorm) {
    for (const conv of spec.convs) {
      state.push(new Float32Array(conv.filters), new Float32Array(conv.filters).fill(1));
    }
  }
  return { params, state };
}

/** Creates a model with seeded initial weights (caller disposes with `disposeModel`). */
export function createModel(spec: ModelSpec, seed: number): Model {
  const shapes = paramShapes(spec);
  const init = initialWeights(spec, seed);
  const params = shapes.map((p, i) => newVariable(() => tf.tensor(init.params[i]!, p.shape), true));
  const state = init.state.map((v) => newVariable(() => tf.tensor1d(v)));
  return { spec, shapes, params, state };
}

/** Frees every variable of a model. */
export function disposeModel(model: Model): void {
  model.params.forEach((v) => v.dispose());
  model.state.forEach((v) => v.dispose());
}

function activate(x: tf.Tensor, spec: ModelSpec): tf.Tensor {
  switch (spec.activation) {
    case 'relu':
      return tf.relu(x);
    case 'softplus':
      return tf.softplus(x);
    case 'tanh':
      return tf.tanh(x);
  }
}

/**
 * Logits for a batch `x` of shape [n, H, W, C] (values in [0, 1]).
 * In training mode BatchNorm normalises with the batch statistics and
 * returns them (the caller decides whether they update the running
 * statistics); in evaluation mode it uses `weights.state`. The returned
 * tensors belong to the caller's tidy scope.
 */
export function forward(spec: ModelSpec, weights: Weights, x: tf.Tensor4D, training: boolean): ForwardResult {
  const p = weights.params;
  const batchStats: BnBatchStats[] = [];
  let k = 0;
  let h: tf.Tensor = x;
  spec.convs.forEach((_, i) => {
    h = tf.conv2d(h as tf.Tensor4D, p[k++] as tf.Tensor4D, 1, spec.padding);
    if (spec.batchNorm) {
      const gamma = p[k++]!;
      const beta = p[k++]!;
      let mean: tf.Tensor;
      let variance: tf.Tensor;
      if (training) {
        const m = tf.moments(h, [0, 1, 2]);
        mean = m.mean;
        variance = m.variance;
        const [n, hh, ww] = h.shape;
        batchStats.push({ mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D, count: n * hh! * ww! });
      } else {
        ({ mean, variance } = bnStatistics(weights.state, i));
      }
      h = tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, BN_EPSILON))), gamma), beta);
    } else {
      h = tf.add(h, p[k++]!);
    }
    h = activate(h, spec);
    if (spec.pooling === 'max') h = tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
    if (spec.pooling === 'avg') h = tf.avgPool(h as tf.Tensor4D, 2, 2, 'valid');
  });
  h = tf.reshape(h, [h.shape[0], -1]);
  spec.dense.forEach(() => {
    h = activate(tf.add(tf.matMul(h as tf.Tensor2D, p[k++] as tf.Tensor2D), p[k++]!), spec);
  });
  const logits = tf.add<tf.Tensor2D>(tf.matMul(h, p[k++] as tf.Tensor2D), p[k++]!);
  return { logits, batchStats };
}
