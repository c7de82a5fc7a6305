/**
 * The full sharpness-and-landscape analysis of one trained solution, as the
 * lab shows it: the top-k Hessian eigenvalues (Lanczos; optionally power
 * iteration for comparison), λ₁/λ_k, the Hessian trace (Hutchinson, ± its
 * standard error), optionally the spectral density, and random rays (plus,
 * optionally, the ray along the top eigenvector). The eigenvalue run starts
 * at a Rademacher vector, so it is also the density's first SLQ sample and
 * the trace's first Hutchinson sample (the density's `steps` are then the
 * products that run took). The Hessian is that of the
 * mean training cross-entropy on `data.train` (a fixed subset of the
 * training data), with or without the L2 term, as `hessianL2` says.
 */
import type { ImageSet } from '../data/dataset';
import { type DensityResult, smoothDensity, spectralDensity } from '../hessian/density';
import { HessianOperator } from '../hessian/hvp';
import { type EigenResult, type LanczosResult, lanczos } from '../hessian/lanczos';
import { rademacherVector } from '../hessian/linalg';
import { createRng } from '../rng';
import { powerIteration } from '../hessian/power';
import { type TraceResult, hutchinsonTrace } from '../hessian/trace';
import type { Weights } from '../models/convnet';
import { type ModelSpec, paramShapes } from '../models/spec';
import { vectorRead } from '../params';
import type { AnalysisOptions, AnalysisStage } from './analysis-options';
import { randomDirections } from './directions';

export { type AnalysisOptions, type AnalysisStage, DEFAULT_ANALYSIS, type RayOptions } from './analysis-options';
import { type RayResult, countNonFinite, linspace, rays } from './landscape';

export interface SolutionAnalysis {
  eigen: EigenResult & { seconds: number };
  power: (EigenResult & { seconds: number }) | null;
  /** λ₁/λ_k (the SAM paper reports λ_max/λ₅). */
  ratio: number;
  trace: TraceResult & { seconds: number };
  density: (DensityResult & { seconds: number }) | null;
  /** The random rays; `seconds` includes the eigenvector's ray (one sweep). */
  rays: RayResult & { seconds: number };
  /** Ray along the top eigenvector (same t grid), or null. */
  eigenRay: RayResult | null;
  /** Whether the eigenvalues and trace include the L2 term. */
  hessianL2: boolean;
}

/** The spectral density from the eigenvalue run's quadrature plus `runs − 1` further SLQ runs of as many steps. */
async function densityWith(H: HessianOperator, q: LanczosResult['quadrature'], steps: number, o: AnalysisOptions): Promise<DensityResult> {
  const extra = o.density!.runs - 1;
  const more =
    extra > 0
      ? await spectralDensity(H, {
          runs: extra,
          steps,
          seed: o.seed + 2,
          onProgress: (d, t) => o.onProgress?.('density', d, t),
          signal: o.signal,
        })
      : null;
  return smoothDensity([q.nodes, ...(more?.nodes ?? [])], [q.weights, ...(more?.weights ?? [])], undefined, 400, steps + (more?.hvps ?? 0));
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
    // One Lanczos run from a Rademacher vector z serves three estimates: the top-k eigenvalues, one SLQ sample of
    // the spectral density (its quadrature) and one Hutchinson sample of the trace (zᵀHz = P·α₁, as ‖z‖² = P).
    const start = rademacherVector(H.size, createRng(o.seed));
    const common = { k: o.k, tol: o.tol, maxIter: o.maxIter, seed: o.seed, signal: o.signal };
    const eigen = await timed(() => lanczos(H, { ...common, start, onProgress: progress('eigenvalues') }));
    const power = o.power ? await timed(() => powerIteration(H, { ...common, onProgress: progress('power iteration') })) : null;
    const trace = await timed(() =>
      hutchinsonTrace(H, {
        prior: [H.size * eigen.quadrature.alpha1],
        maxSamples: o.traceSamples,
        minSamples: Math.min(10, o.traceSamples),
        seed: o.seed + 1,
        onProgress: progress('trace'),
        signal: o.signal,
      }),
    );
    const density = o.density ? await timed(() => densityWith(H, eigen.quadrature, eigen.hvps, o)) : null;
    const w = await vectorRead(weights.params);
    const dirs = randomDirections(paramShapes(spec), o.rays.kind, o.rays.count, o.rays.seed, w);
    const t = linspace(o.rays.tMin, o.rays.tMax, o.rays.points);
    const probe = { l2: o.l2, onProgress: progress('rays'), signal: o.signal };
    // The eigenvector's ray joins the random ones in one sweep, so all share the evaluation at t = 0.
    const along = o.rays.alongEigenvector ? [Float32Array.from(eigen.vectors[0]!)] : [];
    const all = await timed(() => rays(spec, weights, [...dirs, ...along], t, data, probe));
    const split = (curves: RayResult['curves']): RayResult => ({ t: all.t, curves, nonFinite: countNonFinite(curves.flat(), probe) });
    const rayResult = { ...split(all.curves.slice(0, dirs.length)), seconds: all.seconds };
    const eigenRay = along.length ? split(all.curves.slice(dirs.length)) : null;
    const last = eigen.values[eigen.values.length - 1]!;
    return { eigen, power, ratio: eigen.values[0]! / last, trace, density, rays: rayResult, eigenRay, hessianL2: o.hessianL2 };
  } finally {
    H.dispose();
  }
}
