/**
 * Max pooling and its gradient for NHWC float32 tensors on the cpu backend:
 *
 *   Y[b, y, x, d] = max_{(h, w) ∈ window(y, x)} X[b, h, w, d]
 *   dX[b, h, w, d] = Σ_{(y, x) : argmax window(y, x) = (h, w)} dY[b, y, x, d]
 *
 * `MaxPool` keeps the stock kernel's rule and window order with the channels
 * innermost. `MaxPoolGrad`: the stock kernel recomputes each window's arg-max
 * through `TensorBuffer.get` and then gathers per input pixel; this one
 * scatters each dY value to its window's arg-max in one pass, with the same
 * tie rule (the first maximum in row-major window order wins).
 */
import * as tf from '@tensorflow/tfjs';
import type { PoolAttrs } from './attrs';
import { type CpuBackend, type KernelArgs, runStock } from './cpu-backend';

/** The pooling geometry for an NHWC input of `shape` (dilation 1). */
function poolInfo(shape: readonly number[], attrs: PoolAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computePool2DInfo(
    shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}

/**
 * Max pooling for NHWC tensors given as flat arrays (exported for tests),
 * y[b, yr, yc, d] = max of x[b, r, c, d] over the window's entries inside the
 * image (−∞ for an empty window): the stock kernel's rule (a value replaces
 * the running maximum when it is greater, so NaN never does and the first of
 * equal maxima is kept) in the same window order, with the channels innermost
 * (contiguous) instead of outermost.
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

/** The `MaxPool` kernel: `maxPoolNhwc` for float32, the stock kernel for other dtypes and for a 1×1 window that copies its input. */
export function maxPoolKernel(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as PoolAttrs;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const info = poolInfo(x.shape, attrs);
  const identity = info.filterHeight === 1 && info.filterWidth === 1 && tf.util.arraysEqual(info.inShape, info.outShape);
  if (x.dtype !== 'float32' || identity) return runStock('MaxPool', args);
  const backend = args.backend as CpuBackend;
  return backend.makeTensorInfo(info.outShape, 'float32', maxPoolNhwc(backend.data.get(x.dataId).values, info));
}

/**
 * dX of max pooling for NHWC tensors given as flat arrays (exported for
 * tests): dx[at] += dy[b, y, x, d] where `at` is the first maximum of the
 * window of (y, x) in row-major order; windows with no value above −∞ add
 * nothing.
 */
export function maxPoolGradNhwc(x: Float32Array, dy: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dx = new Float32Array(batchSize * inHeight * inWidth * inChannels);
  // The window geometry is maxPoolNhwc's, written out again: a shared per-window visitor measured 10–20 % slower.
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

/** The `MaxPoolGrad` kernel: `maxPoolGradNhwc` of the pooled input and dY. */
export function maxPoolGradKernel(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as PoolAttrs;
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const backend = args.backend as CpuBackend;
  const info = poolInfo(input.shape, attrs);
  const out = maxPoolGradNhwc(backend.data.get(input.dataId).values, backend.data.get(dy.dataId).values, info);
  return backend.makeTensorInfo(input.shape, 'float32', out);
}
