/**
 * Faster cpu-backend kernels for what dominates a training step and a
 * Hessian-vector product of the lab's convnets on the cpu backend (Node, and
 * the browser wherever the cpu is the fastest backend): the convolution and
 * both its gradients, max pooling and its gradient, ReLU and its derivative
 * (`Step`), the dense layers' matrix products, broadcasting products and
 * sums.
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
 * of the default convnet in Node. This one takes one image at a time (its
 * input and dY stay in the first-level cache) and, for each filter entry and
 * eight output channels at a time, sums over the output positions in eight
 * local float64 accumulators, then adds them into a float64 total rounded
 * once at the end. Only NHWC is handled here; other layouts go to the stock
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

type CpuBackend = {
  data: { get(id: unknown): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo;
};

type FastKernel =
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

/** out[at … at + 7] = a0 … a7 (the eight accumulators of a blocked loop; a Float32Array rounds each once). */
function put8(
  out: Float32Array,
  at: number,
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  a4: number,
  a5: number,
  a6: number,
  a7: number,
): void {
  out[at] = a0;
  out[at + 1] = a1;
  out[at + 2] = a2;
  out[at + 3] = a3;
  out[at + 4] = a4;
  out[at + 5] = a5;
  out[at + 6] = a6;
  out[at + 7] = a7;
}

/** acc[at … at + 7] += a0 … a7. */
function add8(
  acc: Float64Array,
  at: number,
  a0: number,
  a1: number,
  a2: number,
  a3: number,
  a4: number,
  a5: number,
  a6: number,
  a7: number,
): void {
  acc[at]! += a0;
  acc[at + 1]! += a1;
  acc[at + 2]! += a2;
  acc[at + 3]! += a3;
  acc[at + 4]! += a4;
  acc[at + 5]! += a5;
  acc[at + 6]! += a6;
  acc[at + 7]! += a7;
}

/** dW for NHWC tensors given as flat arrays (exported for tests). */
export function conv2dFilterGradNhwc(x: Float32Array, dy: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const acc = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  const blocked = outChannels - (outChannels % 8);
  for (let b = 0; b < batchSize; b++) {
    for (let r = 0; r < filterHeight; r++) {
      // The output rows y whose input row y·s_h + r − pad_top lies inside the image.
      const yLo = Math.max(0, Math.ceil((top - r) / strideHeight));
      const yHi = Math.min(outHeight, Math.ceil((inHeight + top - r) / strideHeight));
      for (let c = 0; c < filterWidth; c++) {
        const xLo = Math.max(0, Math.ceil((left - c) / strideWidth));
        const xHi = Math.min(outWidth, Math.ceil((inWidth + left - c) / strideWidth));
        for (let i = 0; i < inChannels; i++) {
          const wOff = ((r * filterWidth + c) * inChannels + i) * outChannels;
          for (let o = 0; o < blocked; o += 8) {
            let a0 = 0,
              a1 = 0,
              a2 = 0,
              a3 = 0,
              a4 = 0,
              a5 = 0,
              a6 = 0,
              a7 = 0;
            for (let y = yLo; y < yHi; y++) {
              const xRow = (b * inHeight + y * strideHeight + r - top) * inWidth + c - left;
              const dyRow = (b * outHeight + y) * outWidth;
              for (let xo = xLo; xo < xHi; xo++) {
                const v = x[(xRow + xo * strideWidth) * inChannels + i]!;
                const d = (dyRow + xo) * outChannels + o;
                a0 += v * dy[d]!;
                a1 += v * dy[d + 1]!;
                a2 += v * dy[d + 2]!;
                a3 += v * dy[d + 3]!;
                a4 += v * dy[d + 4]!;
                a5 += v * dy[d + 5]!;
                a6 += v * dy[d + 6]!;
                a7 += v * dy[d + 7]!;
              }
            }
            const k = wOff + o;
            add8(acc, k, a0, a1, a2, a3, a4, a5, a6, a7);
          }
          for (let o = blocked; o < outChannels; o++) {
            let a = 0;
            for (let y = yLo; y < yHi; y++) {
              const xRow = (b * inHeight + y * strideHeight + r - top) * inWidth + c - left;
              const dyRow = (b * outHeight + y) * outWidth;
              for (let xo = xLo; xo < xHi; xo++) a += x[(xRow + xo * strideWidth) * inChannels + i]! * dy[(dyRow + xo) * outChannels + o]!;
            }
            acc[wOff + o]! += a;
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** The convolution's geometry for an NHWC input of `xShape` and a filter of `filterShape`. */
function nhwcInfo(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvGradAttrs,
  dilations: ConvAttrs['dilations'] = 1,
): tf.backend_util.Conv2DInfo {
  const four = (s: readonly number[]) => s as [number, number, number, number];
  return tf.backend_util.computeConv2DInfo(
    four(xShape),
    four(filterShape),
    attrs.strides,
    dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/**
 * The forward convolution for NHWC tensors given as flat arrays (exported
 * for tests), dilation 1. Each output entry sums x·w over the window in the
 * stock kernel's order (filter row, filter column, input channel), rounding
 * to float32 after every addition exactly as the stock kernel's `+=` into a
 * Float32Array does (`Math.fround` of the double sum; the product of two
 * float32 values is exact in a double), so the result is bit-identical. The
 * speed comes from the loop order: eight output channels at a time in local
 * accumulators (eight independent rounding chains instead of one array
 * read-modify-write per product), over each window row's columns and input
 * channels, which are contiguous in NHWC.
 */
export function conv2dNhwc(x: Float32Array, w: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const span = filterWidth * inChannels;
  const size = filterHeight * span;
  // wT[o][r][c·inChannels + i]: each output channel's window, contiguous.
  const wT = new Float64Array(w.length);
  for (let j = 0; j < size; j++) for (let o = 0; o < outChannels; o++) wT[o * size + j] = w[j * outChannels + o]!;
  const y = new Float32Array(batchSize * outHeight * outWidth * outChannels);
  const f = Math.fround;
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      const r0 = yr * strideHeight - top;
      const rLo = Math.max(0, -r0);
      const rHi = Math.min(filterHeight, inHeight - r0);
      for (let yc = 0; yc < outWidth; yc++) {
        const c0 = yc * strideWidth - left;
        const kLo = Math.max(0, -c0) * inChannels;
        const kHi = Math.min(filterWidth, inWidth - c0) * inChannels;
        const yOff = ((b * outHeight + yr) * outWidth + yc) * outChannels;
        let o = 0;
        for (; o + 8 <= outChannels; o += 8) {
          let a0 = 0,
            a1 = 0,
            a2 = 0,
            a3 = 0,
            a4 = 0,
            a5 = 0,
            a6 = 0,
            a7 = 0;
          for (let r = rLo; r < rHi; r++) {
            const xo = ((b * inHeight + r0 + r) * inWidth + c0) * inChannels;
            const wo = o * size + r * span;
            for (let k = kLo; k < kHi; k++) {
              const v = x[xo + k]!;
              const j = wo + k;
              a0 = f(a0 + v * wT[j]!);
              a1 = f(a1 + v * wT[j + size]!);
              a2 = f(a2 + v * wT[j + 2 * size]!);
              a3 = f(a3 + v * wT[j + 3 * size]!);
              a4 = f(a4 + v * wT[j + 4 * size]!);
              a5 = f(a5 + v * wT[j + 5 * size]!);
              a6 = f(a6 + v * wT[j + 6 * size]!);
              a7 = f(a7 + v * wT[j + 7 * size]!);
            }
          }
          put8(y, yOff + o, a0, a1, a2, a3, a4, a5, a6, a7);
        }
        for (; o < outChannels; o++) {
          let a = 0;
          for (let r = rLo; r < rHi; r++) {
            const xo = ((b * inHeight + r0 + r) * inWidth + c0) * inChannels;
            const wo = o * size + r * span;
            for (let k = kLo; k < kHi; k++) a = f(a + x[xo + k]! * wT[wo + k]!);
          }
          y[yOff + o] = a;
        }
      }
    }
  }
  return y;
}

function conv2dKernel(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as ConvAttrs;
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  if (attrs.dataFormat !== 'NHWC') return stock.Conv2D!.kernelFunc(args as never) as tf.TensorInfo;
  const info = nhwcInfo(x.shape, filter.shape, attrs, attrs.dilations);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) return stock.Conv2D!.kernelFunc(args as never) as tf.TensorInfo;
  const backend = args.backend as CpuBackend;
  return backend.makeTensorInfo(
    info.outShape,
    'float32',
    conv2dNhwc(backend.data.get(x.dataId).values, backend.data.get(filter.dataId).values, info),
  );
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
 * inChannels times); here eight channels of each input pixel accumulate
 * together in local variables, each dY entry is read once for all eight, and
 * zero entries of dY (ReLU's mask) are skipped.
 */
export function conv2dInputGradNhwc(dy: Float32Array, w: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    strideHeight,
    strideWidth,
    filterHeight,
    filterWidth,
  } = info;
  const topPad = filterHeight - 1 - info.padInfo.top;
  const leftPad = filterWidth - 1 - info.padInfo.left;
  const dx = new Float32Array(batchSize * inHeight * inWidth * inChannels);
  const blocked = inChannels - (inChannels % 8);
  for (let b = 0; b < batchSize; b++) {
    for (let xr = 0; xr < inHeight; xr++) {
      const rCorner = xr - topPad;
      const yrMin = Math.max(0, Math.ceil(rCorner / strideHeight));
      const yrMax = Math.min(outHeight, (filterHeight + rCorner) / strideHeight);
      for (let xc = 0; xc < inWidth; xc++) {
        const cCorner = xc - leftPad;
        const ycMin = Math.max(0, Math.ceil(cCorner / strideWidth));
        const ycMax = Math.min(outWidth, (filterWidth + cCorner) / strideWidth);
        const dxOff = ((b * inHeight + xr) * inWidth + xc) * inChannels;
        let i = 0;
        for (; i < blocked; i += 8) {
          let a0 = 0,
            a1 = 0,
            a2 = 0,
            a3 = 0,
            a4 = 0,
            a5 = 0,
            a6 = 0,
            a7 = 0;
          for (let yr = yrMin; yr < yrMax; yr++) {
            const wr = filterHeight - 1 - (yr * strideHeight - rCorner);
            for (let yc = ycMin; yc < ycMax; yc++) {
              const wc = filterWidth - 1 - (yc * strideWidth - cCorner);
              const dyOff = ((b * outHeight + yr) * outWidth + yc) * outChannels;
              const wOff = ((wr * filterWidth + wc) * inChannels + i) * outChannels;
              for (let o = 0; o < outChannels; o++) {
                const g = dy[dyOff + o]!;
                if (g === 0) continue;
                const q = wOff + o;
                a0 += g * w[q]!;
                a1 += g * w[q + outChannels]!;
                a2 += g * w[q + 2 * outChannels]!;
                a3 += g * w[q + 3 * outChannels]!;
                a4 += g * w[q + 4 * outChannels]!;
                a5 += g * w[q + 5 * outChannels]!;
                a6 += g * w[q + 6 * outChannels]!;
                a7 += g * w[q + 7 * outChannels]!;
              }
            }
          }
          put8(dx, dxOff + i, a0, a1, a2, a3, a4, a5, a6, a7);
        }
        for (; i < inChannels; i++) {
          let a = 0;
          for (let yr = yrMin; yr < yrMax; yr++) {
            const wr = filterHeight - 1 - (yr * strideHeight - rCorner);
            for (let yc = ycMin; yc < ycMax; yc++) {
              const wc = filterWidth - 1 - (yc * strideWidth - cCorner);
              const dyOff = ((b * outHeight + yr) * outWidth + yc) * outChannels;
              const wOff = ((wr * filterWidth + wc) * inChannels + i) * outChannels;
              for (let o = 0; o < outChannels; o++) {
                const g = dy[dyOff + o]!;
                if (g !== 0) a += g * w[wOff + o]!;
              }
            }
          }
          dx[dxOff + i] = a;
        }
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
  return backend.makeTensorInfo(
    info.inShape,
    'float32',
    conv2dInputGradNhwc(backend.data.get(dy.dataId).values, backend.data.get(filter.dataId).values, info),
  );
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

/**
 * Max pooling for NHWC tensors given as flat arrays (exported for tests):
 * the stock kernel's rule (a value replaces the running maximum when it is
 * greater, so NaN never does and the first of equal maxima is kept) in the
 * same window order, with the channels innermost (contiguous) instead of
 * outermost.
 */
export function maxPoolNhwc(x: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const y = new Float32Array(batchSize * outHeight * outWidth * inChannels).fill(Number.NEGATIVE_INFINITY);
  for (let b = 0; b < batchSize; b++) {
    for (let yr = 0; yr < outHeight; yr++) {
      const r0 = Math.max(0, yr * strideHeight - top);
      const r1 = Math.min(inHeight, yr * strideHeight - top + filterHeight);
      for (let yc = 0; yc < outWidth; yc++) {
        const c0 = Math.max(0, yc * strideWidth - left);
        const c1 = Math.min(inWidth, yc * strideWidth - left + filterWidth);
        const yOff = ((b * outHeight + yr) * outWidth + yc) * inChannels;
        for (let r = r0; r < r1; r++) {
          for (let c = c0; c < c1; c++) {
            const xOff = ((b * inHeight + r) * inWidth + c) * inChannels;
            for (let d = 0; d < inChannels; d++) {
              const v = x[xOff + d]!;
              if (v > y[yOff + d]!) y[yOff + d] = v;
            }
          }
        }
      }
    }
  }
  return y;
}

function maxPoolKernel(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as PoolAttrs;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const identity = info.filterHeight === 1 && info.filterWidth === 1 && tf.util.arraysEqual(info.inShape, info.outShape);
  if (x.dtype !== 'float32' || identity) return stock.MaxPool!.kernelFunc(args as never) as tf.TensorInfo;
  const backend = args.backend as CpuBackend;
  return backend.makeTensorInfo(info.outShape, 'float32', maxPoolNhwc(backend.data.get(x.dataId).values, info));
}

/**
 * `Relu` (max(0, x): NaN stays NaN, −0 becomes +0, as `Math.max(0, x)`) and
 * `Step` (1 where x > 0, else α; NaN stays NaN) on float32, as plain loops:
 * the stock kernels call a shared per-element callback that V8 cannot inline.
 */
function unaryKernel(name: 'Relu' | 'Step') {
  return (args: KernelArgs): tf.TensorInfo => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype !== 'float32') return stock[name]!.kernelFunc(args as never) as tf.TensorInfo;
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

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The operands of one (batched) matrix product, as `batchMatMulValues` reads them. */
export interface MatMulGeometry {
  /** Batch sizes of a and b (one of them 1, or both equal: tfjs broadcasts by index modulo). */
  batchA: number;
  batchB: number;
  /** out[bi] is left × right; the product sums over `shared`. */
  left: number;
  shared: number;
  right: number;
  transposeA: boolean;
  transposeB: boolean;
  /** The backend's block length along the shared dimension. */
  block: number;
}

/**
 * out[bi, i, j] = Σ_k a[bi, i, k] · b[bi, k, j] for float32 operands given as
 * flat arrays (exported for tests), bit-identical to the stock kernel: the
 * shared dimension in blocks of `block`, each block summed in a double in
 * order of k and added into the float32 result (`Math.fround`). The stock
 * kernel computes one entry at a time (one dependency chain); here eight
 * neighbouring entries of a row share each loaded a[i, k].
 */
export function batchMatMulValues(a: Float32Array, b: Float32Array, g: MatMulGeometry): Float32Array {
  const { batchA, batchB, left, shared, right, block } = g;
  const batch = Math.max(batchA, batchB);
  const out = new Float32Array(batch * left * right);
  const [aBatch, aOuter, aInner] = g.transposeA ? [shared * left, 1, left] : [left * shared, shared, 1];
  const [bInner, bOuter, bBatch] = g.transposeB ? [1, shared, right * shared] : [right, 1, shared * right];
  const f = Math.fround;
  const blocked = right - (right % 8);
  for (let bi = 0; bi < batch; bi++) {
    const aB = (bi % batchA) * aBatch;
    const bB = (bi % batchB) * bBatch;
    for (let i = 0; i < left; i++) {
      const aRow = aB + i * aOuter;
      const outRow = (bi * left + i) * right;
      for (let j = 0; j < blocked; j += 8) {
        const bCol = bB + j * bOuter;
        let r0 = 0,
          r1 = 0,
          r2 = 0,
          r3 = 0,
          r4 = 0,
          r5 = 0,
          r6 = 0,
          r7 = 0;
        for (let k0 = 0; k0 < shared; k0 += block) {
          const kEnd = Math.min(k0 + block, shared);
          let s0 = 0,
            s1 = 0,
            s2 = 0,
            s3 = 0,
            s4 = 0,
            s5 = 0,
            s6 = 0,
            s7 = 0;
          for (let k = k0; k < kEnd; k++) {
            const v = a[aRow + k * aInner]!;
            const q = bCol + k * bInner;
            s0 += v * b[q]!;
            s1 += v * b[q + bOuter]!;
            s2 += v * b[q + 2 * bOuter]!;
            s3 += v * b[q + 3 * bOuter]!;
            s4 += v * b[q + 4 * bOuter]!;
            s5 += v * b[q + 5 * bOuter]!;
            s6 += v * b[q + 6 * bOuter]!;
            s7 += v * b[q + 7 * bOuter]!;
          }
          r0 = f(r0 + s0);
          r1 = f(r1 + s1);
          r2 = f(r2 + s2);
          r3 = f(r3 + s3);
          r4 = f(r4 + s4);
          r5 = f(r5 + s5);
          r6 = f(r6 + s6);
          r7 = f(r7 + s7);
        }
        put8(out, outRow + j, r0, r1, r2, r3, r4, r5, r6, r7);
      }
      for (let j = blocked; j < right; j++) {
        const bCol = bB + j * bOuter;
        let r = 0;
        for (let k0 = 0; k0 < shared; k0 += block) {
          const kEnd = Math.min(k0 + block, shared);
          let sum = 0;
          for (let k = k0; k < kEnd; k++) sum += a[aRow + k * aInner]! * b[bCol + k * bInner]!;
          r = f(r + sum);
        }
        out[outRow + j] = r;
      }
    }
  }
  return out;
}

function batchMatMulKernel(args: KernelArgs): tf.TensorInfo {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return stock.BatchMatMul!.kernelFunc(args as never) as tf.TensorInfo;
  const backend = args.backend as CpuBackend & { blockSize: number };
  const ra = a.shape.length;
  const rb = b.shape.length;
  const shared = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const left = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const right = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (shared !== (transposeB ? b.shape[rb - 1] : b.shape[rb - 2])) return stock.BatchMatMul!.kernelFunc(args as never) as tf.TensorInfo;
  const geometry = {
    batchA: size(a.shape.slice(0, -2)),
    batchB: size(b.shape.slice(0, -2)),
    left,
    shared,
    right,
    transposeA,
    transposeB,
    block: backend.blockSize,
  };
  const values = batchMatMulValues(backend.data.get(a.dataId).values, backend.data.get(b.dataId).values, geometry);
  return backend.makeTensorInfo([...outer, left, right], 'float32', values);
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
  BatchMatMul: batchMatMulKernel,
  Conv2D: conv2dKernel,
  Conv2DBackpropInput: inputGradKernel,
  Conv2DBackpropFilter: filterGradKernel,
  MaxPool: maxPoolKernel,
  MaxPoolGrad: maxPoolGradKernel,
  Relu: unaryKernel('Relu'),
  Step: unaryKernel('Step'),
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
 * Replaces the cpu backend's BatchMatMul, Conv2D, Conv2DBackpropInput,
 * Conv2DBackpropFilter, MaxPool, MaxPoolGrad, Relu, Step, Multiply, Add and
 * Sum with the fast ones. Idempotent; affects only the 'cpu' backend.
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
