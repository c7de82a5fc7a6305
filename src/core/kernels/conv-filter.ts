/**
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
 */
import type * as tf from '@tensorflow/tfjs';
import type { FilterGradAttrs } from './attrs';
import { nhwcInfo } from './conv';
import { fromValues, type KernelArgs, add8, runStock } from './cpu-backend';

/**
 * dW for NHWC tensors given as flat arrays (exported for tests): the sum
 * above, each image's part over y, x in a float64 accumulator, added into a
 * float64 total and rounded to float32 once.
 */
export function conv2dFilterGradNhwc(x: Float32Array, dy: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const acc = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  const blocked = outChannels - (outChannels % 8);
  // Kept whole (over 60 lines): splitting the loops per filter entry adds a call in the hot path that V8 may not inline.
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
            // Eight accumulators, one register each, written as one line.
            // prettier-ignore
            let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
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

/** The `Conv2DBackpropFilter` kernel: `conv2dFilterGradNhwc` for NHWC, the stock kernel otherwise. */
export function filterGradKernel(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as FilterGradAttrs;
  if (attrs.dataFormat !== 'NHWC') return runStock('Conv2DBackpropFilter', args);
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const info = nhwcInfo(x.shape, attrs.filterShape, attrs);
  return fromValues(args, x, dy, info.filterShape, (xv, dyv) => conv2dFilterGradNhwc(xv, dyv, info));
}
