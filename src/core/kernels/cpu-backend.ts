/**
 * What every fast cpu kernel shares: the slice of tfjs's cpu backend they
 * read and write, the stock kernels they fall back to (recorded by
 * `installCpuKernels`), and the stores that end a register-blocked loop of
 * eight local accumulators.
 */
import type * as tf from '@tensorflow/tfjs';

/** The cpu backend as the fast kernels use it: float32 values by data id, and a new tensor from values. */
export type CpuBackend = {
  data: { get(id: unknown): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo;
};

/** What tfjs passes a kernel function (its kernel registry is untyped). */
export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** The cpu kernels this module replaces. */
export type FastKernel =
  | 'BatchMatMul'
  | 'Conv2D'
  | 'Conv2DBackpropInput'
  | 'Conv2DBackpropFilter'
  | 'MaxPool'
  | 'MaxPoolGrad'
  | 'Relu'
  | 'Step'
  | 'Multiply'
  | 'Add'
  | 'Sum';

const stock: Partial<Record<FastKernel, tf.KernelConfig>> = {};

/** Remembers the stock cpu kernel of `name` before a fast one replaces it. */
export function recordStockCpuKernel(name: FastKernel, config: tf.KernelConfig): void {
  stock[name] = config;
}

/** The stock cpu kernel of `name`, for side-by-side tests and benchmarks (after `installCpuKernels`). */
export function stockCpuKernel(name: FastKernel): tf.KernelConfig {
  const k = stock[name];
  if (!k) throw new Error(`stock cpu kernel ${name} not recorded: call installCpuKernels first`);
  return k;
}

/** Runs the stock kernel of `name` on `args`: the fallback for inputs a fast kernel does not handle. */
export function runStock(name: FastKernel, args: KernelArgs): tf.TensorInfo {
  return stockCpuKernel(name).kernelFunc(args as never) as tf.TensorInfo;
}

/** The number of entries of a tensor of `shape`: Π shape[i] (1 for a scalar). */
export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** out[at … at + 7] = a0 … a7 (the eight accumulators of a blocked loop; a Float32Array rounds each once). */
// Written as lines of four, as the eight values are one idea.
// prettier-ignore
export function put8(out: Float32Array, at: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number, a7: number): void {
  out[at] = a0; out[at + 1] = a1; out[at + 2] = a2; out[at + 3] = a3;
  out[at + 4] = a4; out[at + 5] = a5; out[at + 6] = a6; out[at + 7] = a7;
}

/** acc[at … at + 7] += a0 … a7 (a float64 total, rounded once by its caller). */
// Written as lines of four, as the eight values are one idea.
// prettier-ignore
export function add8(acc: Float64Array, at: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number, a7: number): void {
  acc[at]! += a0; acc[at + 1]! += a1; acc[at + 2]! += a2; acc[at + 3]! += a3;
  acc[at + 4]! += a4; acc[at + 5]! += a5; acc[at + 6]! += a6; acc[at + 7]! += a7;
}

/** `compute` on the float32 values of `a` and `b`, returned as the backend's float32 tensor of `shape`. */
export function fromValues(
  args: KernelArgs,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  shape: number[],
  compute: (av: Float32Array, bv: Float32Array) => Float32Array,
): tf.TensorInfo {
  const backend = args.backend as CpuBackend;
  return backend.makeTensorInfo(shape, 'float32', compute(backend.data.get(a.dataId).values, backend.data.get(b.dataId).values));
}
