/**
 * Element-wise float32 kernels and sums: `Relu`, `Step`, `Multiply`, `Add`
 * and `Sum`.
 *
 * `Multiply`, `Add` and `Sum` on float32: the stock kernels go through a
 * generic index-to-coordinates path whenever an operand broadcasts, and `Sum`
 * over leading axes first transposes its input; in a Hessian-vector product
 * of the default convnet these made about half of the time (ReLU and pooling
 * masks, BatchNorm's per-channel scale and sums over batch and pixels). Here
 * an operand that broadcasts only along leading dimensions (a per-channel
 * vector against an NHWC activation, a scalar) is read as `b[i mod n]`, and a
 * sum over leading axes accumulates each output entry in the same order and
 * precision (float64) as the stock kernel, so results are bit-identical.
 * Anything else goes to the stock kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { type CpuBackend, type KernelArgs, runStock, size } from './cpu-backend';

/**
 * `Relu` (max(0, x): NaN stays NaN, −0 becomes +0, as `Math.max(0, x)`) and
 * `Step` (1 where x > 0, else α; NaN stays NaN) on float32, as plain loops:
 * the stock kernels call a shared per-element callback that V8 cannot inline.
 */
export function unaryKernel(name: 'Relu' | 'Step') {
  return (args: KernelArgs): tf.TensorInfo => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype !== 'float32') return runStock(name, args);
    const backend = args.backend as CpuBackend;
    const v = backend.data.get(x.dataId).values;
    const out = new Float32Array(v.length);
    if (name === 'Relu') {
      for (let i = 0; i < v.length; i++) out[i] = v[i]! > 0 || v[i] !== v[i] ? v[i]! : 0;
    } else {
      const alpha = (args.attrs as unknown as { alpha: number }).alpha;
      for (let i = 0; i < v.length; i++) out[i] = v[i]! > 0 ? 1 : v[i] !== v[i] ? Number.NaN : alpha;
    }
    return backend.makeTensorInfo(x.shape, 'float32', out);
  };
}

/**
 * `big` op `small` where `small` repeats along leading dimensions:
 * out[i] = big[i] op small[i mod n]. One loop per operation, so that V8
 * compiles each to straight arithmetic (a shared callback would not inline).
 */
function broadcastTrailing(big: Float32Array, small: Float32Array, op: 'mul' | 'add'): Float32Array {
  const out = new Float32Array(big.length);
  const n = small.length;
  if (op === 'mul') {
    for (let i = 0; i < out.length; i += n) for (let j = 0; j < n; j++) out[i + j] = big[i + j]! * small[j]!;
  } else {
    for (let i = 0; i < out.length; i += n) for (let j = 0; j < n; j++) out[i + j] = big[i + j]! + small[j]!;
  }
  return out;
}

/** Whether `small` (leading 1s dropped) is a suffix of `big`'s shape, so that `small` repeats along big's leading dimensions. */
function repeatsAlongLeading(small: readonly number[], big: readonly number[]): boolean {
  let k = 0;
  while (k < small.length && small[k] === 1) k++;
  const tail = small.slice(k);
  if (tail.length > big.length) return false;
  return tail.every((d, i) => d === big[big.length - tail.length + i]);
}

/**
 * The `Multiply` or `Add` kernel: out = a op b by `broadcastTrailing` when
 * one float32 operand repeats along the other's leading dimensions, the
 * stock kernel otherwise.
 */
export function binaryKernel(name: 'Multiply' | 'Add', op: 'mul' | 'add') {
  return (args: KernelArgs): tf.TensorInfo => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.dtype === 'float32' && b.dtype === 'float32') {
      const out = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const [big, small] = size(a.shape) >= size(b.shape) ? [a, b] : [b, a];
      if (size(out) === size(big.shape) && repeatsAlongLeading(small.shape, big.shape)) {
        const backend = args.backend as CpuBackend;
        const values = broadcastTrailing(backend.data.get(big.dataId).values, backend.data.get(small.dataId).values, op);
        return backend.makeTensorInfo(out, 'float32', values);
      }
    }
    return runStock(name, args);
  };
}

/** Sum over the leading `outer` entries of rows of length `inner`: out[j] = Σᵢ x[i·inner + j], accumulated in float64 in order of i. */
function sumLeading(x: Float32Array, outer: number, inner: number): Float32Array {
  const acc = new Float64Array(inner);
  for (let i = 0; i < outer; i++) {
    const off = i * inner;
    for (let j = 0; j < inner; j++) acc[j]! += x[off + j]!;
  }
  return Float32Array.from(acc);
}

/**
 * The `Sum` kernel: out[j] = Σᵢ x[i, j] by `sumLeading` when the summed axes
 * are leading ones of a float32 tensor (not all of them), the stock kernel
 * otherwise.
 */
export function sumKernel(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < rank && axes.every((ax, i) => ax === i);
  if (x.dtype !== 'float32' || !leading) return runStock('Sum', args);
  const outer = size(x.shape.slice(0, axes.length));
  const kept = x.shape.slice(axes.length);
  const backend = args.backend as CpuBackend;
  const values = sumLeading(backend.data.get(x.dataId).values, outer, size(kept));
  return backend.makeTensorInfo(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32', values);
}
