/**
 * The full sharpness-and-landscape analysis of one trained solution, as the
 * lab shows it: the top-k Hessian eigenvalues (Lanczos; optionally power
 * iteration for comparison), λ₁/λ_k, the Hessian trace (Hutchinson, ± its
 * standard error), optionally the spectral density, and random rays (plus,
 * optionally, the ray along the top eigenvector). The Hessian is that of the
 * mean training cross-entropy on `data.train` (a fixed subset of the
 * training data), with or without the L2 term, as `hessianL2` says.
 */
import type { ImageSet } from '../data/dataset';
import { type DensityResult, spectralDensity } from '../hessian/density';
import { HessianOperator } from '../hessian/hvp';
import { type EigenResult, lanczos } from '../hessian/lanczos';
import { powerIteration } from '../hessian/power';
import { type TraceResult, hutchinsonTrace } from '../hessian/trace';
import type { Weights } from '../models/convnet';
import { type ModelSpec, paramShapes } from '../models/spec';
import { vectorRead } from '../params';
import type { AnalysisOptions, AnalysisStage } from './analysis-options';
import { randomDirections } from './directions';

export { type AnalysisOptions, type AnalysisStage, DEFAULT_ANALYSIS, type RayOptions } from './analysis-options';
import { type RayResult, linspace, rays } from './landscape';

export interface SolutionAnalysis {
  eigen: EigenResult & { seconds: number };
  power: (EigenResult & { seconds: number }) | null;
  /** λ₁/λ_k (the SAM paper reports λ_max/λ₅). */
  ratio: number;
  trace: TraceResult & { seconds: number };
  density: DensityResult | null;
  rays: RayResult & { seconds: number };
  /** Ray along the top eigenvector (same t grid), or null. */
  eigenRay: RayResult | null;
  /** Whether the eigenvalues and trace include the L2 term. */
  hessianL2: boolean;
}

async function timed<T>(f: () => Promise<T>): Promise<T & { seconds: number }> {
  const t0 = performance.now();
  const r = await f();
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}

/** Analyses `weights` (read, never modified). */
export async function analyzeSolution(
  spec: ModelSpec,
  weights: Weights,
  data: { train: ImageSet; test: ImageSet },
  o: AnalysisOptions,
): Promise<SolutionAnalysis> {
  const H = new HessianOperator(spec, weights, data.train, { chunk: o.chunk, l2: o.hessianL2 ? o.l2 : 0 });
  const progress = (stage: AnalysisStage) => (done: number, total: number) => o.onProgress?.(stage, done, total);
  try {
    const common = { k: o.k, tol: o.tol, maxIter: o.maxIter, seed: o.seed, signal: o.signal };
    const eigen = await timed(() => lanczos(H, { ...common, onProgress: progress('eigenvalues') }));
    const power = o.power ? await timed(() => powerIteration(H, { ...common, onProgress: progress('power iteration') })) : null;
    const trace = await timed(() =>
      hutchinsonTrace(H, { maxSamples: o.traceSamples, minSamples: Math.min(10, o.traceSamples), seed: o.seed, onProgress: progress('trace'), signal: o.signal }),
    );
    const density = o.density ? await spectralDensity(H, { ...o.density, seed: o.seed, onProgress: progress('density'), signal: o.signal }) : null;
    const w = await vectorRead(weights.params);
    const dirs = randomDirections(paramShapes(spec), o.rays.kind, o.rays.count, o.rays.seed, w);
    const t = linspace(o.rays.tMin, o.rays.tMax, o.rays.points);
    const probe = { l2: o.l2, onProgress: progress('rays'), signal: o.signal };
    const rayResult = await timed(() => rays(spec, weights, dirs, t, data, probe));
    const eigenRay = o.rays.alongEigenvector ? await rays(spec, weights, [Float32Array.from(eigen.vectors[0]!)], t, data, probe) : null;
    const last = eigen.values[eigen.values.length - 1]!;
    return { eigen, power, ratio: eigen.values[0]! / last, trace, density, rays: rayResult, eigenRay, hessianL2: o.hessianL2 };
  } finally {
    H.dispose();
  }
}
