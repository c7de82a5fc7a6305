/**
 * Makes tfjs 4.22 differentiate twice through the lab's convnets, so that a
 * Hessian-vector product can be computed exactly as double backprop:
 * Hv = ∇_w ⟨∇_w L(w), v⟩ (ReLU'' = 0 almost everywhere, as in PyTorch).
 *
 * Out of the box the nested pass fails or is silently wrong. This module
 * registers, once and globally (gradients are registered per kernel name and
 * apply to every backend):
 *
 *  1. a gradient for `Conv2DBackpropFilter` (dW = Σ x-patch ⊗ dy is bilinear:
 *     w.r.t. x it is the input-gradient convolution of dy with the upstream
 *     ddW, w.r.t. dy it is the forward convolution of x with ddW);
 *  2. a gradient for `MaxPoolGrad` (linear in dy: its adjoint takes the
 *     upstream at each window's arg-max, found as mask = MaxPoolGrad(1, x, y),
 *     i.e. the same arg-max as the first-order pass; zero w.r.t. x and y) and
 *     for `AvgPoolGrad` (adjoint: average pooling of the upstream);
 *  3. zero gradients for the comparison kernels (`Equal` & co.), which the
 *     gradient of `Max` inside logSumExp reaches;
 *  4. `Exp`, `Tanh` and `Sigmoid` re-registered to recompute their derivative
 *     from the saved *input*: tfjs saves an op's output before the op that
 *     makes it is recorded, so an outer pass would treat a saved output as a
 *     constant and drop the second-order term.
 *
 * First-order values are unchanged (the re-registered derivatives compute the
 * same numbers); `tests/hessian/second-order.test.ts` checks bit equality.
 * Pooling windows must not overlap (stride = window, 'valid' padding), which
 * is what `ModelSpec` builds; anything else throws a named error.
 */
import * as tf from '@tensorflow/tfjs';
import type { ConvGradAttrs, PoolAttrs } from '../kernels/attrs';

const pair = (v: [number, number] | number): [number, number] => (typeof v === 'number' ? [v, v] : v);

function checkNonOverlapping(kernel: string, a: PoolAttrs): [number, number] {
  const size = pair(a.filterSize);
  const strides = pair(a.strides);
  if (a.pad !== 'valid' || size[0] !== strides[0] || size[1] !== strides[1]) {
    throw new Error(
      `second derivative of ${kernel} needs non-overlapping 'valid' windows, got window ${size.join(',')} stride ${strides.join(',')} pad ${a.pad}`,
    );
  }
  return size;
}

const GRADIENTS: tf.GradConfig[] = [
  {
    kernelName: 'Conv2DBackpropFilter',
    inputsToSave: ['x', 'dy'],
    gradFunc: (ddw, saved, attrs) => {
      const [x, dy] = saved as [tf.Tensor4D, tf.Tensor4D];
      const a = attrs as unknown as ConvGradAttrs;
      if (a.dataFormat !== 'NHWC') throw new Error('second derivative of Conv2DBackpropFilter supports NHWC only');
      const w = ddw as tf.Tensor4D;
      return {
        x: () => tf.conv2dTranspose(dy, w, x.shape, a.strides, a.pad, a.dimRoundingMode),
        dy: () => tf.conv2d(x, w, a.strides, a.pad, 'NHWC', 1, a.dimRoundingMode),
      };
    },
  },
  {
    kernelName: 'MaxPoolGrad',
    inputsToSave: ['dy', 'input', 'output'],
    gradFunc: (ddx, saved, attrs) => {
      const [dy, input, output] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
      const a = attrs as unknown as PoolAttrs;
      const [fh, fw] = checkNonOverlapping('MaxPoolGrad', a);
      return {
        dy: () =>
          tf.tidy(() => {
            // 1 at each window's arg-max (the first-order pass's choice), 0 elsewhere.
            const mask = tf.engine().runKernel<tf.Tensor4D>('MaxPoolGrad', { dy: tf.onesLike(dy), input, output }, attrs);
            return tf.mul(tf.avgPool(tf.mul<tf.Tensor4D>(mask, ddx as tf.Tensor), [fh, fw], [fh, fw], 'valid'), fh * fw);
          }),
        input: () => tf.zerosLike(input),
        output: () => tf.zerosLike(output),
      };
    },
  },
  {
    kernelName: 'AvgPoolGrad',
    inputsToSave: ['input'],
    gradFunc: (ddx, saved, attrs) => {
      const [input] = saved as [tf.Tensor4D];
      const a = attrs as unknown as PoolAttrs;
      const size = checkNonOverlapping('AvgPoolGrad', a);
      return {
        dy: () => tf.avgPool(ddx as tf.Tensor4D, size, size, 'valid'),
        input: () => tf.zerosLike(input),
      };
    },
  },
  ...['Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual'].map((kernelName): tf.GradConfig => ({
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (_dy, saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
    },
  })),
  {
    kernelName: 'Exp',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.exp(saved[0]!)) }),
  },
  {
    kernelName: 'Tanh',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(tf.tanh(saved[0]!)))) }),
  },
  {
    kernelName: 'Sigmoid',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const s = () => tf.sigmoid(saved[0]!);
      return { x: () => tf.mul(dy as tf.Tensor, tf.mul(s(), tf.sub(1, s()))) };
    },
  },
];

let installed = false;

/** Registers the gradients above (idempotent). Call before computing Hessian-vector products. */
export function installSecondOrderGradients(): void {
  if (installed) return;
  for (const g of GRADIENTS) tf.registerGradient(g);
  installed = true;
}
