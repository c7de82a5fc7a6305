/**
 * Hutchinson's estimator of the Hessian trace: for Rademacher vectors z
 * (entries ±1), E[zᵀHz] = tr(H). The estimate is the mean of m samples and
 * its standard error is their standard deviation / √m. Sampling stops at
 * `maxSamples`, or earlier once se ≤ `tol`·|estimate| (after `minSamples`).
 */
import { createRng } from '../rng';
import { checkNumber } from '../validate';
import { type SymmetricOperator, dot, rademacherVector } from './linalg';
import { throwIfAborted } from './lanczos';

export interface TraceOptions {
  maxSamples?: number;
  minSamples?: number;
  tol?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface TraceResult {
  trace: number;
  /** Standard error of the estimate. */
  se: number;
  samples: number[];
  hvps: number;
}

export async function hutchinsonTrace(op: SymmetricOperator, options: TraceOptions = {}): Promise<TraceResult> {
  const maxSamples = checkNumber('maxSamples', options.maxSamples ?? 50, { min: 2, integer: true });
  const minSamples = checkNumber('minSamples', options.minSamples ?? 10, { min: 2, max: maxSamples, integer: true });
  const tol = checkNumber('tol', options.tol ?? 0.01, { min: 0 });
  const rng = createRng(options.seed ?? 0);
  const samples: number[] = [];
  let mean = 0;
  let se = Number.POSITIVE_INFINITY;
  while (samples.length < maxSamples) {
    throwIfAborted(options.signal, 'trace estimate');
    const z = rademacherVector(op.size, rng);
    samples.push(dot(z, await op.apply(z)));
    options.onProgress?.(samples.length, maxSamples);
    const m = samples.length;
    mean = samples.reduce((a, b) => a + b, 0) / m;
    const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (m - 1);
    se = Math.sqrt(variance / m);
    if (m >= minSamples && se <= tol * Math.abs(mean)) break;
  }
  return { trace: mean, se, samples, hvps: samples.length };
}
