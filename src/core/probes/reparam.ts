/**
 * Sharpness is not reparametrisation-invariant (Dinh et al., 2017). In a ReLU
 * net, multiplying one layer's output by α > 0 and dividing the next layer's
 * kernel by α gives exactly the same function, since ReLU, max and average
 * pooling and zero padding are positively homogeneous: relu(α·z) = α·relu(z).
 * Writing the rescaling as w′ = D·w, with D diagonal (α on the layer's own
 * parameters, 1/α on the next kernel, 1 elsewhere), the loss is
 * L′(w′) = L(D⁻¹w′), so its Hessian is
 *
 *   H′ = D⁻¹·H·D⁻¹:
 *
 * the next kernel's block grows by α², the layer's own block shrinks by 1/α²
 * (for α > 1; the other way round for α < 1). By Ostrowski's theorem
 * λ_max(H′) = θ·λ_max(H) with θ between 1/α² and α², and each diagonal entry
 * of H, hence tr H, moves by its 1/D_ii² — for one and the same function.
 * Two measures do not move:
 *
 *  - adaptive sharpness, the top eigenvalue of T·H·T with T = diag(|w|): the
 *    second-order form of ASAM's adaptive sharpness (Kwon et al., 2021), whose
 *    ε is scaled elementwise by |w| (max over ‖T⁻¹ε‖ ≤ ρ of ½εᵀHε is ½ρ²·λ_max(THT)).
 *    Under the rescaling T′ = |Dw| = D·T, and diagonal matrices commute, so
 *
 *      T′H′T′ = D·T·D⁻¹·H·D⁻¹·D·T = T·H·T
 *
 *    exactly. (ASAM adds a small η to T for the biases; that would break the
 *    exact invariance, so T here is |w| alone, and a zero weight gets no room.)
 *  - filter-normalised ray widths (Li et al., 2018): each filter of a random d
 *    is scaled to the norm of the same filter of w, so d′ = D·d (a filter of
 *    the layer, or of the next kernel, is scaled as a whole; biases and
 *    BatchNorm parameters get 0) and w′ + t·d′ = D·(w + t·d): every point of
 *    the ray is the rescaled image of the old one, with the same data loss.
 *
 * The L2-regularised objective L(w) + λ‖w‖² does change, since ‖w‖ does; the
 * report gives both, and measures the widths on the data loss alone.
 */
import * as tf from '@tensorflow/tfjs';
import type { WeightArrays } from '../checkpoint';
import { HessianOperator } from '../hessian/hvp';
import { type EigenResult, lanczos } from '../hessian/lanczos';
import type { SymmetricOperator } from '../hessian/linalg';
import { type TraceResult, hutchinsonTrace } from '../hessian/trace';
import type { Weights } from '../models/convnet';
import { regularizedLoss } from '../models/loss';
import { type ModelSpec, paramShapes, validateModelSpec } from '../models/spec';
import { type FlatVector, vectorRead } from '../params';
import { evaluate } from '../train/evaluate';
import { checkNumber } from '../validate';
import { randomDirections } from './directions';
import { type ProbeData, type RayResult, linspace, rays } from './landscape';
import { type RayWidth, rayWidth } from './width';

/**
 * The layers `rescaleLayer` accepts, by index: the conv layers, then the
 * hidden dense layers (e.g. ['conv1', 'conv2', 'dense1'], so layer 0 is
 * conv1). The output layer is not among them: no next layer takes its 1/α.
 */
export function rescalableLayers(spec: ModelSpec): string[] {
  validateModelSpec(spec);
  return [...spec.convs.map((_, i) => `conv${i + 1}`), ...spec.dense.map((_, j) => `dense${j + 1}`)];
}

/** What rescaling a layer touches, by parameter name (`paramShapes` names). */
export interface RescalePlan {
  /** The layer's name (conv1, dense1, …). */
  layer: string;
  /** Multiplied by α: the layer's kernel and bias, or with BatchNorm its γ and β. */
  up: string[];
  /** Multiplied by 1/α: the next layer's kernel (the next conv, or the first dense kernel after flattening). */
  down: string;
}

/**
 * The tensors that rescaling `layer` by α touches. Throws, naming the value,
 * for an activation that is not positively homogeneous, an α that is not a
 * finite number > 0, or a layer that is not rescalable.
 *
 * With BatchNorm the conv's own scale is normalised away in training
 * ((αz − αμ)/(ασ) = (z − μ)/σ, up to BatchNorm's ε) and in evaluation would
 * need the running statistics rescaled with it, so the layer's output is
 * scaled through γ and β instead, which leaves its batch and running
 * statistics untouched.
 */
export function rescalePlan(spec: ModelSpec, layer: number, alpha: number): RescalePlan {
  const layers = rescalableLayers(spec);
  if (spec.activation !== 'relu')
    throw new RangeError(
      `rescaling keeps the function only under a positively homogeneous activation (relu); model.activation is "${spec.activation}"`,
    );
  checkNumber('alpha', alpha, { min: 0, minExclusive: true });
  if (!Number.isInteger(layer) || layer < 0 || layer >= layers.length) {
    const choices = layers.map((name, i) => `${i} (${name})`).join(', ');
    throw new RangeError(
      `layer must be ${layers.length ? `one of ${choices}` : 'a hidden layer, and the model has none'}; the output layer has no next layer to take 1/α; got ${layer}`,
    );
  }
  const name = layers[layer]!;
  const own =
    spec.batchNorm && layer < spec.convs.length ? [`bn${layer + 1}/gamma`, `bn${layer + 1}/beta`] : [`${name}/kernel`, `${name}/bias`];
  return { layer: name, up: own, down: `${layers[layer + 1] ?? 'out'}/kernel` };
}

/**
 * The same function with layer `layer` (an index into `rescalableLayers`)
 * scaled by α and the next kernel by 1/α (see `rescalePlan`). Returns new
 * arrays; `weights` is not modified. BatchNorm's running statistics are
 * copied unchanged: they describe the conv output before γ and β.
 */
export function rescaleLayer(spec: ModelSpec, weights: WeightArrays, layer: number, alpha: number): WeightArrays {
  const plan = rescalePlan(spec, layer, alpha);
  const shapes = paramShapes(spec);
  if (weights.params.length !== shapes.length)
    throw new RangeError(`weights have ${weights.params.length} parameter tensors, the model has ${shapes.length}`);
  const scaled = (p: number[], name: string) =>
    plan.up.includes(name) ? p.map((x) => x * alpha) : name === plan.down ? p.map((x) => x / alpha) : [...p];
  return {
    params: weights.params.map((p, i) => scaled(p, shapes[i]!.name)),
    state: weights.state.map((s) => [...s]),
  };
}

/**
 * T·H·T with T = diag(|w|), as an operator for Lanczos: each product scales
 * x by |w|, applies H once and scales the result by |w|. `w` is the point
 * where H is taken (flat, `paramShapes` order).
 */
export function adaptiveHessian(H: SymmetricOperator, w: ArrayLike<number>): SymmetricOperator {
  if (w.length !== H.size) throw new RangeError(`adaptiveHessian: w has ${w.length} entries, the operator ${H.size}`);
  const t = Float64Array.from(w, Math.abs);
  return {
    size: H.size,
    async apply(x: FlatVector): Promise<FlatVector> {
      const hx = await H.apply(x.map((v, i) => v * t[i]!));
      return hx.map((v, i) => v * t[i]!);
    },
  };
}

export type ReparamStage = 'eigenvalues' | 'trace' | 'adaptive' | 'rays';

export interface ReparamOptions {
  /** Top eigenvalues of H and of THT (Lanczos). */
  k: number;
  tol: number;
  maxIter: number;
  /** Most Hutchinson samples of tr H. */
  traceSamples: number;
  /** Filter-normalised rays on t ∈ [0, tMax], `points` points. */
  rays: { count: number; tMax: number; points: number; seed: number };
  /** Δ of the basin width: the data-loss rise along a ray that ends the basin (the lab's WIDTH_DELTA). */
  widthDelta: number;
  /** λ of the reported L(w) + λ‖w‖². */
  l2: number;
  /** Samples per chunk of the Hessian-vector products. */
  chunk: number;
  /** Seed of the Lanczos start vectors and of the Rademacher vectors (the same before and after). */
  seed: number;
  onProgress?: (solution: 'before' | 'after', stage: ReparamStage, done: number, total: number) => void;
  signal?: AbortSignal;
}

export const DEFAULT_REPARAM: Omit<ReparamOptions, 'l2' | 'widthDelta'> = {
  k: 1,
  tol: 1e-3,
  maxIter: 100,
  traceSamples: 30,
  rays: { count: 5, tMax: 1, points: 21, seed: 1 },
  chunk: 256,
  seed: 1,
};

/** What is measured at one solution; the data are those of the Hessian (`data.train`) unless stated. */
export interface SolutionMeasures {
  /** On `data.test`. */
  testAccuracy: number;
  /** Mean cross-entropy L(w), no L2 term. */
  dataLoss: number;
  /** L(w) + λ‖w‖². */
  regularizedLoss: number;
  /** Top-k eigenvalues of the data-loss Hessian H. */
  eigen: Omit<EigenResult, 'vectors'>;
  /** Hutchinson's tr H. */
  trace: TraceResult;
  /** Top-k eigenvalues of T·H·T, T = diag(|w|). */
  adaptive: Omit<EigenResult, 'vectors'>;
  /** Filter-normalised rays of the data loss (λ = 0). */
  rays: RayResult;
  /** Their basin width at `widthDelta`. */
  width: RayWidth;
}

export interface ReparamReport {
  plan: RescalePlan;
  alpha: number;
  before: SolutionMeasures;
  after: SolutionMeasures;
}

/** Tensors for weight arrays of `spec` (caller disposes). */
function weightTensors(spec: ModelSpec, w: WeightArrays): Weights {
  const shapes = paramShapes(spec);
  return {
    params: w.params.map((p, i) => tf.tensor(p, shapes[i]!.shape, 'float32')),
    state: w.state.map((s) => tf.tensor1d(s, 'float32')),
  };
}

const withoutVectors = ({ vectors: _, ...rest }: EigenResult): Omit<EigenResult, 'vectors'> => rest;

/** Every measure of `SolutionMeasures` at `arrays` (tensors uploaded here and freed). */
async function measure(
  spec: ModelSpec,
  arrays: WeightArrays,
  data: ProbeData,
  o: ReparamOptions,
  solution: 'before' | 'after',
): Promise<SolutionMeasures> {
  const weights = weightTensors(spec, arrays);
  const H = new HessianOperator(spec, weights, data.train, { chunk: o.chunk });
  const progress = (stage: ReparamStage) => (done: number, total: number) => o.onProgress?.(solution, stage, done, total);
  try {
    const train = await evaluate(spec, weights, data.train);
    const test = await evaluate(spec, weights, data.test);
    const w = await vectorRead(weights.params);
    const eigenOptions = { k: o.k, tol: o.tol, maxIter: o.maxIter, seed: o.seed, signal: o.signal };
    const eigen = await lanczos(H, { ...eigenOptions, onProgress: progress('eigenvalues') });
    const trace = await hutchinsonTrace(H, {
      maxSamples: o.traceSamples,
      minSamples: Math.min(10, o.traceSamples),
      seed: o.seed + 1,
      onProgress: progress('trace'),
      signal: o.signal,
    });
    const adaptive = await lanczos(adaptiveHessian(H, w), { ...eigenOptions, onProgress: progress('adaptive') });
    const dirs = randomDirections(paramShapes(spec), 'filter', o.rays.count, o.rays.seed, w);
    const t = linspace(0, o.rays.tMax, o.rays.points);
    const r = await rays(spec, weights, dirs, t, data, { l2: 0, includeTest: false, onProgress: progress('rays'), signal: o.signal });
    return {
      testAccuracy: test.accuracy,
      dataLoss: train.loss,
      regularizedLoss: regularizedLoss(train.loss, w, o.l2),
      eigen: withoutVectors(eigen),
      trace,
      adaptive: withoutVectors(adaptive),
      rays: r,
      width: rayWidth(r, o.widthDelta),
    };
  } finally {
    H.dispose();
    tf.dispose([...weights.params, ...weights.state]);
  }
}

/**
 * Dinh et al.'s experiment on one solution: every measure of
 * `SolutionMeasures` before and after rescaling layer `layer` by α (see
 * `rescaleLayer`), with the same seeds (Lanczos start, Rademacher vectors,
 * ray directions), so the invariant measures agree up to float error and the
 * others move by the rescaling alone. `weights` is read, never modified.
 */
export async function reparamReport(
  spec: ModelSpec,
  weights: WeightArrays,
  layer: number,
  alpha: number,
  data: ProbeData,
  o: ReparamOptions,
): Promise<ReparamReport> {
  checkNumber('widthDelta', o.widthDelta, { min: 0, minExclusive: true });
  checkNumber('l2', o.l2, { min: 0 });
  checkNumber('rays.tMax', o.rays.tMax, { min: 0, minExclusive: true });
  const plan = rescalePlan(spec, layer, alpha);
  const rescaled = rescaleLayer(spec, weights, layer, alpha);
  const before = await measure(spec, weights, data, o, 'before');
  const after = await measure(spec, rescaled, data, o, 'after');
  return { plan, alpha, before, after };
}
