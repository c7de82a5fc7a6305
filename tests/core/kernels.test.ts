import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { installCpuKernels, restoreStockCpuKernels, stockCpuKernel } from '../../src/core/kernels/cpu-kernels';

/** Runs a kernel config directly on the cpu backend and reads its output. */
function runKernel(config: tf.KernelConfig, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): Float32Array {
  const backend = tf.backend();
  const info = config.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
  const out = tf.engine().makeTensorFromTensorInfo(info);
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return values;
}

function expectClose(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  const scale = Math.max(1, ...Array.from(b, Math.abs));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  expect(worst / scale).toBeLessThan(1e-5);
}

describe('fast cpu kernels equal the stock tfjs kernels', () => {
  const cases: [string, number[], [number, number, number, number], number, 'valid' | 'same'][] = [
    ['3×3 valid stride 1', [2, 9, 9, 3], [3, 3, 3, 4], 1, 'valid'],
    ['3×3 same stride 1', [2, 8, 7, 2], [3, 3, 2, 5], 1, 'same'],
    ['5×5 same stride 2', [3, 11, 10, 2], [5, 5, 2, 3], 2, 'same'],
    ['2×2 valid stride 2', [1, 6, 6, 4], [2, 2, 4, 2], 2, 'valid'],
  ];
  it.each(cases)('Conv2DBackpropFilter, %s', (_, xShape, fShape, stride, pad) => {
    // tf.tidy frees every tensor of the case, whether it passes or fails.
    tf.tidy(() => {
      const x = tf.relu(tf.randomNormal(xShape, 0, 1, 'float32', 1));
      const dy = tf.conv2d(x as tf.Tensor4D, tf.randomNormal<tf.Rank.R4>(fShape, 0, 1, 'float32', 2), stride, pad);
      const attrs = { strides: [stride, stride], pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: fShape };
      const fast = runKernel(tf.getKernel('Conv2DBackpropFilter', 'cpu'), { x, dy }, attrs);
      const stock = runKernel(stockCpuKernel('Conv2DBackpropFilter'), { x, dy }, attrs);
      expectClose(fast, stock);
    });
  });

  // Bit for bit: the committed results reproduce exactly with the fast convolution kernels.
  const bitCases: [string, number[], [number, number, number, number], number, 'valid' | 'same'][] = [
    ...cases,
    ['the default convnet, first layer', [4, 28, 28, 1], [3, 3, 1, 8], 1, 'valid'],
    ['the default convnet, second layer', [4, 13, 13, 8], [3, 3, 8, 16], 1, 'valid'],
    ['3×3 same stride 2 (odd sizes)', [2, 9, 7, 3], [3, 3, 3, 2], 2, 'same'],
    ['3×3 same stride 1, 12 filters (a block of 8 and 4 more)', [2, 6, 5, 3], [3, 3, 3, 12], 1, 'same'],
    ['3×3 same stride 2, 10 input channels (a block of 8 and 2 more)', [2, 7, 6, 10], [3, 3, 10, 4], 2, 'same'],
  ];
  it.each(bitCases)('Conv2D, %s, bit for bit (ReLU zeros in the input)', (_, xShape, fShape, stride, pad) => {
    // tf.tidy frees every tensor of the case, whether it passes or fails.
    tf.tidy(() => {
      const x = tf.relu(tf.randomNormal(xShape, 0, 1, 'float32', 4));
      const w = tf.randomNormal(fShape, 0, 1, 'float32', 5);
      const attrs = { strides: [stride, stride], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined };
      const fast = runKernel(tf.getKernel('Conv2D', 'cpu'), { x, filter: w }, attrs);
      const stock = runKernel(stockCpuKernel('Conv2D'), { x, filter: w }, attrs);
      expect(Array.from(fast)).toEqual(Array.from(stock));
    });
  });

  it.each(bitCases)('Conv2DBackpropInput, %s, bit for bit (ReLU zeros in dY)', (_, xShape, fShape, stride, pad) => {
    // tf.tidy frees every tensor of the case, whether it passes or fails.
    tf.tidy(() => {
      const w = tf.randomNormal(fShape, 0, 1, 'float32', 6);
      const yShape = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], fShape, stride, 1, pad).outShape;
      const dy = tf.relu(tf.randomNormal(yShape, 0, 1, 'float32', 7));
      const attrs = { strides: [stride, stride], pad, dataFormat: 'NHWC', dimRoundingMode: undefined, inputShape: xShape };
      const fast = runKernel(tf.getKernel('Conv2DBackpropInput', 'cpu'), { dy, filter: w }, attrs);
      const stock = runKernel(stockCpuKernel('Conv2DBackpropInput'), { dy, filter: w }, attrs);
      expect(Array.from(fast)).toEqual(Array.from(stock));
    });
  });

  const poolCases: [string, number[], number, number, 'valid' | 'same', boolean][] = [
    ['2×2 stride 2 valid', [2, 8, 8, 3], 2, 2, 'valid', false],
    ['2×2 stride 2 valid, with ties', [2, 8, 8, 3], 2, 2, 'valid', true],
    ['3×3 stride 2 same (overlapping)', [1, 7, 9, 2], 3, 2, 'same', false],
    ['3×3 stride 1 same, with ties', [1, 5, 5, 2], 3, 1, 'same', true],
  ];
  it.each(poolCases)('MaxPoolGrad, %s', (_, shape, size, stride, pad, ties) => {
    // tf.tidy frees every tensor of the case, whether it passes or fails.
    tf.tidy(() => {
      const raw = tf.randomNormal(shape, 0, 1, 'float32', 3);
      // Rounded values create equal maxima inside windows (like flat image backgrounds).
      const input = ties ? tf.round(raw) : raw.clone();
      const output = tf.maxPool(input as tf.Tensor4D, size, stride, pad);
      const dy = tf.randomNormal(output.shape, 0, 1, 'float32', 4);
      const attrs = { filterSize: [size, size], strides: [stride, stride], pad, dimRoundingMode: undefined };
      const fast = runKernel(tf.getKernel('MaxPoolGrad', 'cpu'), { dy, input, output }, attrs);
      const stock = runKernel(stockCpuKernel('MaxPoolGrad'), { dy, input, output }, attrs);
      expectClose(fast, stock);
    });
  });

  it.each(poolCases)('MaxPool, %s, bit for bit (NaN and −0 included)', (_, shape, size, stride, pad, ties) => {
    // tf.tidy frees every tensor of the case, whether it passes or fails.
    tf.tidy(() => {
      const raw = tf.randomNormal(shape, 0, 1, 'float32', 8);
      const values = (ties ? tf.round(raw) : raw).dataSync() as Float32Array;
      values[0] = Number.NaN;
      values[5] = -0;
      const x = tf.tensor(values, shape);
      const attrs = { filterSize: [size, size], strides: [stride, stride], pad, dimRoundingMode: undefined };
      const fast = runKernel(tf.getKernel('MaxPool', 'cpu'), { x }, attrs);
      const stock = runKernel(stockCpuKernel('MaxPool'), { x }, attrs);
      expect(Array.from(fast)).toEqual(Array.from(stock));
    });
  });

  it.each([
    ['dense forward', [70, 100], [100, 32], false, false],
    ['input gradient (b transposed)', [70, 32], [100, 32], false, true],
    ['weight gradient (a transposed, shared dimension over several blocks)', [130, 100], [130, 13], true, false],
    ['both transposed', [9, 5], [11, 9], true, true],
    ['batched, b broadcast', [3, 7, 50], [1, 50, 13], false, false],
  ] as [string, number[], number[], boolean, boolean][])('BatchMatMul, %s, bit for bit', (_, sa, sb, transposeA, transposeB) => {
    // tf.tidy frees every tensor of the case, whether it passes or fails.
    tf.tidy(() => {
      const a = tf.randomNormal(sa, 0, 1, 'float32', 9);
      const b = tf.randomNormal(sb, 0, 1, 'float32', 10);
      const attrs = { transposeA, transposeB };
      const fast = runKernel(tf.getKernel('BatchMatMul', 'cpu'), { a, b }, attrs);
      const stock = runKernel(stockCpuKernel('BatchMatMul'), { a, b }, attrs);
      expect(Array.from(fast)).toEqual(Array.from(stock));
      expect(tf.matMul(a, b, transposeA, transposeB).shape).toEqual([
        ...sa.slice(0, -2).map((d, i) => Math.max(d, sb[i]!)),
        transposeA ? sa[sa.length - 1] : sa[sa.length - 2],
        transposeB ? sb[sb.length - 2] : sb[sb.length - 1],
      ]);
    });
  });

  it('Relu and Step, bit for bit (NaN, ±0, ±Infinity)', () => {
    // tf.tidy frees every tensor of the case, whether it passes or fails.
    tf.tidy(() => {
      const x = tf.tensor1d([Number.NaN, -0, 0, 1.5, -2.25, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-45, -1e-45]);
      expect(Array.from(runKernel(tf.getKernel('Relu', 'cpu'), { x }, {}))).toEqual(
        Array.from(runKernel(stockCpuKernel('Relu'), { x }, {})),
      );
      for (const alpha of [0, 0.2]) {
        const fast = runKernel(tf.getKernel('Step', 'cpu'), { x }, { alpha });
        expect(Array.from(fast)).toEqual(Array.from(runKernel(stockCpuKernel('Step'), { x }, { alpha })));
      }
      const ints = tf.tensor1d([-3, 0, 4], 'int32');
      const relu = tf.relu(ints);
      expect(relu.dtype).toBe('int32');
      expect(Array.from(relu.dataSync())).toEqual([0, 0, 4]);
    });
  });

  it('gradients through the fast kernels match the stock ones in a training step', () => {
    const w = tf.variable(tf.randomNormal([3, 3, 1, 4], 0, 0.5, 'float32', 6));
    try {
      tf.tidy(() => {
        const x = tf.randomUniform<tf.Rank.R4>([4, 12, 12, 1], 0, 1, 'float32', 5);
        const loss = () => tf.sum<tf.Scalar>(tf.square(tf.maxPool(tf.relu(tf.conv2d(x, w as tf.Tensor4D, 1, 'valid')), 2, 2, 'valid')));
        const fast = tf.variableGrads(loss, [w]).grads[w.name]!.dataSync() as Float32Array;
        restoreStockCpuKernels();
        let stock: Float32Array;
        try {
          stock = tf.variableGrads(loss, [w]).grads[w.name]!.dataSync() as Float32Array;
        } finally {
          // The lab's kernels come back even if the stock pass fails, so the cases after this one run on them.
          installCpuKernels();
        }
        expect(tf.getKernel('MaxPoolGrad', 'cpu').kernelFunc).not.toBe(stockCpuKernel('MaxPoolGrad').kernelFunc);
        expectClose(fast, stock);
      });
    } finally {
      w.dispose();
    }
  });
});

describe('fast elementwise kernels are bit-identical to the stock ones', () => {
  const shapes: [number[], number[]][] = [
    [
      [2, 5, 5, 8],
      [2, 5, 5, 8],
    ],
    [
      [1, 1, 1, 8],
      [2, 5, 5, 8],
    ],
    [[2, 5, 5, 8], [8]],
    [[], [3, 4]],
    [[3, 4], [1]],
    [
      [2, 1, 1, 8],
      [2, 5, 5, 8],
    ],
    [
      [5, 1],
      [1, 4],
    ],
  ];
  it.each(shapes)('Multiply and Add of %j and %j', (sa, sb) => {
    installCpuKernels();
    tf.tidy(() => {
      const a = tf.randomNormal(sa, 0, 1, 'float32', 1);
      const b = tf.randomNormal(sb, 0, 1, 'float32', 2);
      for (const name of ['Multiply', 'Add'] as const) {
        const fast = runKernel(tf.getKernel(name, 'cpu'), { a, b }, {});
        const stock = runKernel(stockCpuKernel(name), { a, b }, {});
        expect(fast).toEqual(stock);
        expect(runKernel(tf.getKernel(name, 'cpu'), { a: b, b: a }, {})).toEqual(stock);
      }
      const ints = tf.tensor1d([1, 2, 3], 'int32');
      expect(tf.mul(ints, ints).dtype).toBe('int32');
      expect(Array.from(tf.add(ints, ints).dataSync())).toEqual([2, 4, 6]);
    });
  });

  it.each([
    [[0], false],
    [[0, 1, 2], false],
    [[0, 1, 2], true],
    [[1, 0], true],
    [[-4, -3], false],
    [[1, 2], false],
    [[0, 1, 2, 3], false],
    [[3], true],
  ] as [number[], boolean][])('Sum over axes %j (keepDims %s)', (axis, keepDims) => {
    installCpuKernels();
    tf.tidy(() => {
      const x = tf.randomNormal([6, 5, 4, 8], 0, 1, 'float32', 3);
      const fast = tf.sum(x, axis, keepDims);
      const stockInfo = stockCpuKernel('Sum').kernelFunc({
        inputs: { x },
        backend: tf.backend(),
        attrs: { axis, keepDims },
      }) as tf.TensorInfo;
      const stock = tf.engine().makeTensorFromTensorInfo(stockInfo);
      expect(fast.shape).toEqual(stock.shape);
      expect(fast.dataSync()).toEqual(stock.dataSync());
    });
  });
});
