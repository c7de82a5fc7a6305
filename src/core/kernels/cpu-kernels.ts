/**
 * Faster cpu-backend kernels for what dominates a training step and a
 * Hessian-vector product of the lab's convnets on the cpu backend (Node, and
 * the browser wherever the cpu is the fastest backend): the convolution and
 * both its gradients, max-pool's gradient, broadcasting products and sums.
 * Their gradients are registered by kernel name, not by backend, so
 * derivatives through them are unchanged; both are tested equal to the
 * stock kernels.
 *
 * `Conv2DBackpropFilter`, the gradient of a convolution with respect to its
 * filter:
 *
 *   dW[r, c, i, o] = Σ_{b, y, x} X[b, y·s_h + r − pad_top, x·s_w + c − pad_left, i] · dY[b, y, x, o]
 *
 * The stock kernel loops over filter entries outermost and reads every input
 * through `TensorBuffer.get`, which costs about two thirds of a training step
 * of the default convnet in Node. This one walks the output positions once,
 * in memory order (im2col order), adds each input value times the contiguous
 * row dY[b, y, x, :] into a float64 accumulator, and skips zero inputs (ReLU
 * makes many). Only NHWC is handled here; other layouts go to the stock
 * kernel.
 *
 * `MaxPoolGrad`: the stock kernel recomputes each window's arg-max through
 * `TensorBuffer.get` and then gathers per input pixel; this one scatters each
 * dY value to its window's arg-max in one pass, with the same tie rule (the
 * first maximum in row-major window order wins).
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
import type { ConvAttrs, ConvGradAttrs, FilterGradAttrs, InputGradAttrs, PoolAttrs } from './attrs';

type CpuBackend = { data: { get(id: unknown): { values: Float32Array } }; makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo };

type FastKernel = 'Conv2D' | 'Conv2DBackpropInput' | 'Conv2DBackpropFilter' | 'MaxPoolGrad' | 'Multiply' | 'Add' | 'Sum';
const stock: Partial<Record<FastKernel, tf.KernelConfig>> = {};

/** dW for NHWC tensors given as flat arrays (exported for tests). */
export function conv2dFilterGradNhwc(
  x: Float32Array,
  dy: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const acc = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let y = 0; y < outHeight; y++) {
      for (let xo = 0; xo < outWidth; xo++) {
        const dyOff = ((b * outHeight + y) * outWidth + xo) * outChannels;
        for (let r = 0; r < filterHeight; r++) {
          const xr = y * strideHeight + r - top;
          if (xr < 0 || xr >= inHeight) continue;
          for (let c = 0; c < filterWidth; c++) {
            const xc = xo * strideWidth + c - left;
            if (xc < 0 || xc >= inWidth) continue;
            const xOff = ((b * inHeight + xr) * inWidth + xc) * inChannels;
            const wOff = (r * filterWidth + c) * inChannels * outChannels;
            for (let i = 0; i < inChannels; i++) {
              const v = x[xOff + i]!;
              if (v === 0) continue;
              const row = wOff + i * outChannels;
              for (let o = 0; o < outChannels; o++) acc[row + o]! += v * dy[dyOff + o]!;
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** The convolution's geometry for an NHWC input of `xShape` and a filter of `filterShape`. */
function nhwcInfo(xShape: readonly number[], filterShape: readonly number[], attrs: ConvGradAttrs, dilations: ConvAttrs['dilations'] = 1): tf.backend_util.Conv2DInfo {
  const four = (s: readonly number[]) => s as [number, number, number, number];
  return tf.backend_util.computeConv2DInfo(four(xShape), four(filterShape), attrs.strides, dilations, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
}

/**
 * The forward convolution for NHWC tensors given as flat arrays (exported
 * for tests). Each output entry sums x·w over the window in the stock
 * kernel's order (filter row, filter column, input channel), rounding to
 * float32 after every addition exactly as the stock kernel's `+=` into a
 * Float32Array does, so the result is bit-identical; but each output pixel's
 * channels accumulate in a small row, the loops have no layout branches, and
 * zero inputs (image background, ReLU) are skipped (adding x·w = ±0 leaves
 * a float32 sum unchanged).
 */
export function conv2dNhwc(x: Float32Array, w: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth, dilationHeight, dilationWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const y = new Float32Array(batchSize * outHeight * outWidth * outChannels);
  const row = new Float32Array(outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      for (let yc = 0; yc < outWidth; yc++) {
        row.fill(0);
        for (let r = 0; r < filterHeight; r++) {
          const xr = yr * strideHeight - top + r * dilationHeight;
          if (xr < 0 || xr >= inHeight) continue;
          for (let c = 0; c < filterWidth; c++) {
            const xc = yc * strideWidth - left + c * dilationWidth;
            if (xc < 0 || xc >= inWidth) continue;
            const xOff = ((b * inHeight + xr) * inWidth + xc) * inChannels;
            let wOff = (r * filterWidth + c) * inChannels * outChannels;
            for (let i = 0; i < inChannels; i++, wOff += outChannels) {
              const v = x[xOff + i]!;
              if (v === 0) continue;
              for (let o = 0; o < outChannels; o++) row[o]! += v * w[wOff + o]!;
            }
          }
        }
        y.set(row, ((b * outHeight + yr) * outWidth + yc) * outChannels);
      }
    }
  }
  return y;
}

function conv2dKernel(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as ConvAttrs;
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  if (attrs.dataFormat !== 'NHWC') return stock.Conv2D!.kernelFunc(args as never) as tf.TensorInfo;
  const backend = args.backend as CpuBackend;
  const info = nhwcInfo(x.shape, filter.shape, attrs, attrs.dilations);
  return backend.makeTensorInfo(info.outShape, 'float32', conv2dNhwc(backend.data.get(x.dataId).values, backend.data.get(filter.dataId).values, info));
}

/**
 * The gradient of a convolution with respect to its input, for NHWC tensors
 * given as flat arrays (exported for tests):
 *
 *   dX[b, h, w, i] = Σ_{r, c, o} dY[b, (h + pad_top − r)/s_h, (w + pad_left − c)/s_w, o] · W[r, c, i, o]
 *
 * over the output positions that window covers, summed in the stock
 * kernel's order (output row, output column, output channel) in a float64
 * accumulator and rounded once, so the result is bit-identical. The stock
 * kernel walks input channels outermost (strided writes, every dY row read
 * inChannels times); here each input pixel's channels accumulate together
 * and zero entries of dY (ReLU's mask) are skipped.
 */
export function conv2dInputGradNhwc(dy: Float32Array, w: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const topPad = filterHeight - 1 - info.padInfo.top;
  const leftPad = filterWidth - 1 - info.padInfo.left;
  const dx = new Float32Array(batchSize * inHeight * inWidth * inChannels);
  const acc = new Float64Array(inChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let xr = 0; xr < inHeight; xr++) {
      const rCorner = xr - topPad;
      const yrMin = Math.max(0, Math.ceil(rCorner / strideHeight));
      const yrMax = Math.min(outHeight, (filterHeight + rCorner) / strideHeight);
      for (let xc = 0; xc < inWidth; xc++) {
        const cCorner = xc - leftPad;
        const ycMin = Math.max(0, Math.ceil(cCorner / strideWidth));
        const ycMax = Math.min(outWidth, (filterWidth + cCorner) / strideWidth);
        acc.fill(0);
        for (let yr = yrMin; yr < yrMax; yr++) {
          const wr = filterHeight - 1 - (yr * strideHeight - rCorner);
          for (let yc = ycMin; yc < ycMax; yc++) {
            const wc = filterWidth - 1 - (yc * strideWidth - cCorner);
            const dyOff = ((b * outHeight + yr) * outWidth + yc) * outChannels;
            const wOff = (wr * filterWidth + wc) * inChannels * outChannels;
            for (let o = 0; o < outChannels; o++) {
              const g = dy[dyOff + o]!;
              if (g === 0) continue;
              for (let i = 0; i < inChannels; i++) acc[i]! += g * w[wOff + i * outChannels + o]!;
            }
          }
        }
        const dxOff = ((b * inHeight + xr) * inWidth + xc) * inChannels;
        for (let i = 0; i < inChannels; i++) dx[dxOff + i] = acc[i]!;
      }
    }
  }
  return dx;
}

function inputGradKernel(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as InputGradAttrs;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  if (attrs.dataFormat !== 'NHWC') return stock.Conv2DBackpropInput!.kernelFunc(args as never) as tf.TensorInfo;
  const backend = args.backend as CpuBackend;
  const info = nhwcInfo(attrs.inputShape, filter.shape, attrs);
  return backend.makeTensorInfo(info.inShape, 'float32', conv2dInputGradNhwc(backend.data.get(dy.dataId).values, backend.data.get(filter.dataId).values, info));
}

function filterGradKernel(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as FilterGradAttrs;
  if (attrs.dataFormat !== 'NHWC') return stock.Conv2DBackpropFilter!.kernelFunc(args as never) as tf.TensorInfo;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const backend = args.backend as CpuBackend;
  const info = nhwcInfo(x.shape, attrs.filterShape, attrs);
  const out = conv2dFilterGradNhwc(backend.data.get(x.dataId).values, backend.data.get(dy.dataId).values, info);
  return backend.makeTensorInfo(info.filterShape, 'float32', out);
}

/** dX of max pooling for NHWC tensors given as flat arrays (exported for tests). */
export function maxPoolGradNhwc(x: Float32Array, dy: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dx = new Float32Array(batchSize * inHeight * inWidth * inChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let y = 0; y < outHeight; y++) {
      const r0 = Math.max(0, y * strideHeight - top);
      const r1 = Math.min(inHeight, y * strideHeight - top + filterHeight);
      for (let xo = 0; xo < outWidth; xo++) {
        const c0 = Math.max(0, xo * strideWidth - left);
        const c1 = Math.min(inWidth, xo * strideWidth - left + filterWidth);
        const dyOff = ((b * outHeight + y) * outWidth + xo) * inChannels;
        for (let d = 0; d < inChannels; d++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let r = r0; r < r1; r++) {
            for (let c = c0; c < c1; c++) {
              const idx = ((b * inHeight + r) * inWidth + c) * inChannels + d;
              if (x[idx]! > best) {
                best = x[idx]!;
                at = idx;
              }
            }
          }
          if (at >= 0) dx[at]! += dy[dyOff + d]!;
        }
      }
    }
  }
  return dx;
}

function maxPoolGradKernel(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as PoolAttrs;
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const backend = args.backend as CpuBackend;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const out = maxPoolGradNhwc(backend.data.get(input.dataId).values, backend.data.get(dy.dataId).values, info);
  return backend.makeTensorInfo(input.shape, 'float32', out);
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

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

function binaryKernel(name: 'Multiply' | 'Add', op: 'mul' | 'add') {
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
    return stock[name]!.kernelFunc(args as never) as tf.TensorInfo;
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

function sumKernel(args: KernelArgs): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < rank && axes.every((ax, i) => ax === i);
  if (x.dtype !== 'float32' || !leading) return stock.Sum!.kernelFunc(args as never) as tf.TensorInfo;
  const outer = size(x.shape.slice(0, axes.length));
  const kept = x.shape.slice(axes.length);
  const backend = args.backend as CpuBackend;
  const values = sumLeading(backend.data.get(x.dataId).values, outer, size(kept));
  return backend.makeTensorInfo(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32', values);
}

const FAST = {
  Conv2D: conv2dKernel,
  Conv2DBackpropInput: inputGradKernel,
  Conv2DBackpropFilter: filterGradKernel,
  MaxPoolGrad: maxPoolGradKernel,
  Multiply: binaryKernel('Multiply', 'mul'),
  Add: binaryKernel('Add', 'add'),
  Sum: sumKernel,
} as const;

/** The stock cpu kernel of `name`, for side-by-side tests and benchmarks (after `installCpuKernels`). */
export function stockCpuKernel(name: keyof typeof FAST): tf.KernelConfig {
  const k = stock[name];
  if (!k) throw new Error(`stock cpu kernel ${name} not recorded: call installCpuKernels first`);
  return k;
}

/**
 * Replaces the cpu backend's Conv2D, Conv2DBackpropInput,
 * Conv2DBackpropFilter, MaxPoolGrad, Multiply, Add and Sum with the fast ones. Idempotent; affects only the 'cpu' backend.
 */
export function installCpuKernels(): void {
  for (const name of Object.keys(FAST) as (keyof typeof FAST)[]) {
    const current = tf.getKernel(name, 'cpu');
    if (!current) throw new Error(`cpu kernel ${name} is not registered (is @tensorflow/tfjs loaded?)`);
    if (current.kernelFunc === FAST[name]) continue;
    stock[name] = current;
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel({ kernelName: name, backendName: 'cpu', kernelFunc: FAST[name] as tf.KernelFunc });
  }
}

/** Puts the stock kernels back (for side-by-side measurements); `installCpuKernels` reinstalls the fast ones. */
export function restoreStockCpuKernels(): void {
  for (const name of Object.keys(FAST) as (keyof typeof FAST)[]) {
    const original = stockCpuKernel(name);
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel(original);
  }
}
