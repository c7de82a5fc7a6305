/**
 * A small convnet described by plain, serialisable data:
 *
 *   input → [conv k×k → (BatchNorm) → activation → pool 2×2]×L → flatten
 *         → [dense → activation]×M → dense → logits
 *
 * The spec is what the URL, a saved run and the worker protocol carry; the
 * weights are built from it by `createModel`.
 */
import { checkChoice, checkNumber } from '../validate';

export type Activation = 'relu' | 'softplus' | 'tanh';
export type Pooling = 'max' | 'avg' | 'none';
export type Padding = 'valid' | 'same';

/**
 * How the initial weights are drawn (both seeded, uniform, fan_in = the
 * inputs of one output unit, k·k·c_in for a convolution):
 * - 'he-glorot': hidden kernels He-uniform U(±√(6/fan_in)), the output
 *   kernel Glorot-uniform U(±√(6/(fan_in + fan_out))), biases zero (the lab's
 *   scheme until now, and what a spec without `init` means);
 * - 'fan-in-uniform': every kernel and its bias U(±1/√fan_in) (PyTorch's
 *   default for Linear and Conv2d): a smaller initial scale.
 * BatchNorm starts at γ = 1, β = 0 under both.
 */
export type InitScheme = 'he-glorot' | 'fan-in-uniform';
export const INIT_SCHEMES: readonly InitScheme[] = ['he-glorot', 'fan-in-uniform'];

export interface ConvLayerSpec {
  /** Number of output channels. */
  filters: number;
  /** Square kernel size k (k×k). */
  kernel: number;
}

export interface ModelSpec {
  /** [height, width, channels]. */
  inputShape: [number, number, number];
  numClasses: number;
  convs: ConvLayerSpec[];
  /** Pooling after every conv layer: 2×2 windows, stride 2. */
  pooling: Pooling;
  padding: Padding;
  activation: Activation;
  /** Widths of the hidden dense layers. */
  dense: number[];
  /** BatchNorm after every conv layer (before the activation). */
  batchNorm: boolean;
  /** The initialisation; absent (specs saved before the option existed) means 'he-glorot'. */
  init?: InitScheme;
}

/** The lab's default: two 3×3 conv layers (8, 16 filters), max pooling, one hidden dense layer of 32 — 14,410 parameters on 28×28×1. */
export const DEFAULT_MODEL: ModelSpec = {
  inputShape: [28, 28, 1],
  numClasses: 10,
  convs: [
    { filters: 8, kernel: 3 },
    { filters: 16, kernel: 3 },
  ],
  pooling: 'max',
  padding: 'valid',
  activation: 'relu',
  dense: [32],
  batchNorm: false,
};

/** Shape of a named parameter tensor. */
export interface ParamShape {
  name: string;
  shape: number[];
  /** Role, used by initialisation and by filter-normalised directions. */
  kind: 'kernel' | 'bias' | 'gamma' | 'beta';
}

/** Spatial size after one conv (stride 1) and one pooling step. */
function nextSize(size: number, kernel: number, spec: ModelSpec): number {
  const conv = spec.padding === 'same' ? size : size - kernel + 1;
  return spec.pooling === 'none' ? conv : Math.floor(conv / 2);
}

/**
 * Validates a spec (throws naming the bad field and value) and returns the
 * ordered list of trainable parameter shapes.
 */
export function paramShapes(spec: ModelSpec): ParamShape[] {
  validateModelSpec(spec);
  const shapes: ParamShape[] = [];
  let [h, w, c] = spec.inputShape;
  spec.convs.forEach((conv, i) => {
    shapes.push({ name: `conv${i + 1}/kernel`, shape: [conv.kernel, conv.kernel, c, conv.filters], kind: 'kernel' });
    if (spec.batchNorm) {
      shapes.push({ name: `bn${i + 1}/gamma`, shape: [conv.filters], kind: 'gamma' });
      shapes.push({ name: `bn${i + 1}/beta`, shape: [conv.filters], kind: 'beta' });
    } else {
      shapes.push({ name: `conv${i + 1}/bias`, shape: [conv.filters], kind: 'bias' });
    }
    h = nextSize(h, conv.kernel, spec);
    w = nextSize(w, conv.kernel, spec);
    c = conv.filters;
  });
  let width = h * w * c;
  [...spec.dense, spec.numClasses].forEach((units, j) => {
    const name = j === spec.dense.length ? 'out' : `dense${j + 1}`;
    shapes.push({ name: `${name}/kernel`, shape: [width, units], kind: 'kernel' });
    shapes.push({ name: `${name}/bias`, shape: [units], kind: 'bias' });
    width = units;
  });
  return shapes;
}

/** Number of trainable parameters of a spec. */
export function countParams(spec: ModelSpec): number {
  return paramShapes(spec).reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
}

/** Throws a RangeError naming the first invalid field of `spec`. */
export function validateModelSpec(spec: ModelSpec): void {
  if (typeof spec !== 'object' || spec === null) throw new RangeError('model spec must be an object');
  const shape = spec.inputShape;
  if (!Array.isArray(shape) || shape.length !== 3)
    throw new RangeError(`model.inputShape must be [height, width, channels], got ${JSON.stringify(shape)}`);
  shape.forEach((d, i) => checkNumber(`model.inputShape[${i}]`, d, { min: 1, integer: true }));
  checkNumber('model.numClasses', spec.numClasses, { min: 2, integer: true });
  if (!Array.isArray(spec.convs) || spec.convs.length > 4) throw new RangeError('model.convs must be a list of at most 4 layers');
  checkChoice('model.pooling', spec.pooling, ['max', 'avg', 'none'] as const);
  checkChoice('model.padding', spec.padding, ['valid', 'same'] as const);
  checkChoice('model.activation', spec.activation, ['relu', 'softplus', 'tanh'] as const);
  if (typeof spec.batchNorm !== 'boolean')
    throw new RangeError(`model.batchNorm must be true or false, got ${JSON.stringify(spec.batchNorm)}`);
  if (spec.init !== undefined) checkChoice('model.init', spec.init, INIT_SCHEMES);
  if (!Array.isArray(spec.dense) || spec.dense.length > 3) throw new RangeError('model.dense must be a list of at most 3 widths');
  spec.dense.forEach((u, i) => checkNumber(`model.dense[${i}]`, u, { min: 1, max: 1024, integer: true }));
  let [h, w] = shape;
  spec.convs.forEach((conv, i) => {
    checkNumber(`model.convs[${i}].filters`, conv.filters, { min: 1, max: 256, integer: true });
    checkNumber(`model.convs[${i}].kernel`, conv.kernel, { min: 1, max: 7, integer: true });
    h = nextSize(h, conv.kernel, spec);
    w = nextSize(w, conv.kernel, spec);
    if (h < 1 || w < 1) {
      throw new RangeError(`model.convs[${i}] leaves no spatial extent (input ${shape[0]}×${shape[1]} is too small for this many layers)`);
    }
  });
}
