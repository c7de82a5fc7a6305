/**
 * `BatchMatMul` on float32 for the dense layers: out[bi] = a[bi] · b[bi]
 * (either operand optionally transposed), bit-identical to the stock kernel
 * but with eight neighbouring entries of an output row computed together.
 * Other dtypes and mismatched shapes go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { type CpuBackend, type KernelArgs, put8, runStock, size } from './cpu-backend';

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
  // Kept whole (over 60 lines): splitting the loops per row or per block adds a call in the hot path that V8 may not inline.
  for (let bi = 0; bi < batch; bi++) {
    const aB = (bi % batchA) * aBatch;
    const bB = (bi % batchB) * bBatch;
    for (let i = 0; i < left; i++) {
      const aRow = aB + i * aOuter;
      const outRow = (bi * left + i) * right;
      for (let j = 0; j < blocked; j += 8) {
        const bCol = bB + j * bOuter;
        // Eight accumulators, one register each, written as one line.
        // prettier-ignore
        let r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0, r6 = 0, r7 = 0;
        for (let k0 = 0; k0 < shared; k0 += block) {
          const kEnd = Math.min(k0 + block, shared);
          // Eight accumulators, one register each, written as one line.
          // prettier-ignore
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
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

/** The `BatchMatMul` kernel: `batchMatMulValues` for float32 operands, the stock kernel otherwise. */
export function batchMatMulKernel(args: KernelArgs): tf.TensorInfo {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return runStock('BatchMatMul', args);
  const backend = args.backend as CpuBackend & { blockSize: number };
  const ra = a.shape.length;
  const rb = b.shape.length;
  const shared = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const left = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const right = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (shared !== (transposeB ? b.shape[rb - 1] : b.shape[rb - 2])) return runStock('BatchMatMul', args);
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
