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
 * This file registers them; each concept lives in its own file:
 *
 *   conv.ts         Conv2D and Conv2DBackpropInput (y = x ⋆ W and dX)
 *   conv-filter.ts  Conv2DBackpropFilter (dW)
 *   matmul.ts       BatchMatMul (out = a · b)
 *   pool.ts         MaxPool and MaxPoolGrad
 *   elementwise.ts  Relu, Step, Multiply, Add, Sum
 *   cpu-backend.ts  what they share: the backend's view, the stock fallbacks, the blocked stores
 */
import * as tf from '@tensorflow/tfjs';
import { conv2dKernel, inputGradKernel } from './conv';
import { filterGradKernel } from './conv-filter';
import { type FastKernel, type KernelArgs, recordStockCpuKernel, stockCpuKernel } from './cpu-backend';
import { binaryKernel, sumKernel, unaryKernel } from './elementwise';
import { batchMatMulKernel } from './matmul';
import { maxPoolGradKernel, maxPoolKernel } from './pool';

export { stockCpuKernel } from './cpu-backend';
// The flat-array kernels, for tests and benchmarks.
export { conv2dInputGradNhwc, conv2dNhwc } from './conv';
export { conv2dFilterGradNhwc } from './conv-filter';
export { type MatMulGeometry, batchMatMulValues } from './matmul';
export { maxPoolGradNhwc, maxPoolNhwc } from './pool';

const FAST: Record<FastKernel, (args: KernelArgs) => tf.TensorInfo> = {
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
};
const NAMES = Object.keys(FAST) as FastKernel[];

/**
 * Replaces the cpu backend's BatchMatMul, Conv2D, Conv2DBackpropInput,
 * Conv2DBackpropFilter, MaxPool, MaxPoolGrad, Relu, Step, Multiply, Add and
 * Sum with the fast ones. Idempotent; affects only the 'cpu' backend.
 */
export function installCpuKernels(): void {
  for (const name of NAMES) {
    const current = tf.getKernel(name, 'cpu');
    if (!current) throw new Error(`cpu kernel ${name} is not registered (is @tensorflow/tfjs loaded?)`);
    if (current.kernelFunc === FAST[name]) continue;
    recordStockCpuKernel(name, current);
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel({ kernelName: name, backendName: 'cpu', kernelFunc: FAST[name] });
  }
}

/** Puts the stock kernels back (for side-by-side measurements); `installCpuKernels` reinstalls the fast ones. */
export function restoreStockCpuKernels(): void {
  for (const name of NAMES) {
    const original = stockCpuKernel(name);
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel(original);
  }
}
