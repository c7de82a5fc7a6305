/**
 * Hutchinson's estimator of the Hessian trace: for Rademacher vectors z
 * (entries ±1), E[zᵀHz] = tr(H). The estimate is the mean of m samples and
 * its standard error is their standard deviation / √m. Samples drawn
 * elsewhere with Rademacher vectors (`prior`) join the mean. Sampling stops at
 * `maxSamples`, or earlier once se ≤ `tol`·|estimate| (after `minSamples`).
 */
import { createRng } from '../rng';
import { checkNumber } from '../validate';
import { type SymmetricOperator, dot, rademacherVector } from './linalg';
import { throwIfAborted } from '../cancel';

export interface TraceOptions {
  /** Samples zᵀHz already drawn with Rademacher z (a Lanczos run's P·α₁); they count towards `maxSamples`. */
  prior?: number[];
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
  /** Products computed here (the prior samples' are counted where they were drawn). */
  hvps: number;
}

export async function hutchinsonTrace(op: SymmetricOperator, options: TraceOptions = {}): Promise<TraceResult> {
  const maxSamples = checkNumber('maxSamples', options.maxSamples ?? 50, { min: 2, integer: true });
  const minSamples = checkNumber('minSamples', options.minSamples ?? 10, { min: 2, max: maxSamples, integer: true });
  const tol = checkNumber('tol', options.tol ?? 0.01, { min: 0 });
  const rng = createRng(options.seed ?? 0);
  const samples: number[] = [...(options.prior ?? [])];
  const stats = () => {
    const m = samples.length;
    const mean = samples.reduce((a, b) => a + b, 0) / m;
    const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (m - 1);
    return { mean, se: m > 1 ? Math.sqrt(variance / m) : Number.POSITIVE_INFINITY };
  };
  let hvps = 0;
  while (samples.length < maxSamples) {
    if (samples.length >= minSamples) {
      const { mean, se } = stats();
      if (se <= tol * Math.abs(mean)) break;
    }
    throwIfAborted(options.signal, 'trace estimate');
    const z = rademacherVector(op.size, rng);
    samples.push(dot(z, await op.apply(z)));
    hvps += 1;
    options.onProgress?.(samples.length, maxSamples);
  }
  const { mean, se } = stats();
  return { trace: mean, se, samples, hvps };
}
