/**
 * Faster cpu-backend kernels for the two gradients that dominate a training
 * step of the lab's convnets in Node (and in the browser's cpu fallback).
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
 */
import * as tf from '@tensorflow/tfjs';
import type { FilterGradAttrs, PoolAttrs } from './attrs';

type CpuBackend = { data: { get(id: unknown): { values: Float32Array } }; makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo };

const stock: Partial<Record<'Conv2DBackpropFilter' | 'MaxPoolGrad', tf.KernelConfig>> = {};

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

function filterGradKernel(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as FilterGradAttrs;
  if (attrs.dataFormat !== 'NHWC') return stock.Conv2DBackpropFilter!.kernelFunc(args as never) as tf.TensorInfo;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const backend = args.backend as CpuBackend;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
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

const FAST = { Conv2DBackpropFilter: filterGradKernel, MaxPoolGrad: maxPoolGradKernel } as const;

/** The stock cpu kernel of `name`, for side-by-side tests and benchmarks (after `installCpuKernels`). */
export function stockCpuKernel(name: keyof typeof FAST): tf.KernelConfig {
  const k = stock[name];
  if (!k) throw new Error(`stock cpu kernel ${name} not recorded: call installCpuKernels first`);
  return k;
}

/**
 * Replaces the cpu backend's Conv2DBackpropFilter and MaxPoolGrad with the
 * fast ones. Idempotent; affects only the 'cpu' backend.
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
