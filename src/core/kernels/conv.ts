/**
 * The convolution and its gradient with respect to its input, for NHWC
 * tensors on the cpu backend:
 *
 *   Y[b, y, x, o]  = Σ_{r, c, i} X[b, y·s_h + r − pad_top, x·s_w + c − pad_left, i] · W[r, c, i, o]
 *   dX[b, h, w, i] = Σ_{r, c, o} dY[b, (h + pad_top − r)/s_h, (w + pad_left − c)/s_w, o] · W[r, c, i, o]
 *
 * Both keep the stock kernels' order of summation and rounding, so results
 * are bit-identical; their speed comes from eight channels at a time in
 * local accumulators. Other layouts and dilations go to the stock kernels.
 */
import * as tf from '@tensorflow/tfjs';
import type { ConvAttrs, ConvGradAttrs, InputGradAttrs } from './attrs';
import { fromValues, type KernelArgs, put8, runStock } from './cpu-backend';

/** The convolution's geometry for an NHWC input of `xShape` and a filter of `filterShape` (dilation 1 unless given). */
export function nhwcInfo(
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
 * for tests), dilation 1:
 *
 *   y[b, yr, yc, o] = Σ_{r, c, i} x[b, yr·s_h + r − pad_top, yc·s_w + c − pad_left, i] · w[r, c, i, o]
 *
 * over the window's entries inside the image. Each output entry sums x·w in the
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
  // Kept whole (over 60 lines): splitting the loops per pixel adds a call in the hot path that V8 may not inline.
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
          // Eight accumulators, one register each, written as one line.
          // prettier-ignore
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
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

/** The `Conv2D` kernel: `conv2dNhwc` for NHWC with dilation 1, the stock kernel otherwise. */
export function conv2dKernel(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as ConvAttrs;
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  if (attrs.dataFormat !== 'NHWC') return runStock('Conv2D', args);
  const info = nhwcInfo(x.shape, filter.shape, attrs, attrs.dilations);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) return runStock('Conv2D', args);
  return fromValues(args, x, filter, info.outShape, (xv, fv) => conv2dNhwc(xv, fv, info));
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
  // Kept whole (over 60 lines): splitting the loops per pixel adds a call in the hot path that V8 may not inline.
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
          // Eight accumulators, one register each, written as one line.
          // prettier-ignore
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
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

/** The `Conv2DBackpropInput` kernel: `conv2dInputGradNhwc` for NHWC, the stock kernel otherwise. */
export function inputGradKernel(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as InputGradAttrs;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  if (attrs.dataFormat !== 'NHWC') return runStock('Conv2DBackpropInput', args);
  const info = nhwcInfo(attrs.inputShape, filter.shape, attrs);
  return fromValues(args, dy, filter, info.inShape, (dyv, fv) => conv2dInputGradNhwc(dyv, fv, info));
}
