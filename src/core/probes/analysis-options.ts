/**
 * Settings of the analysis of one solution (see analysis.ts), free of tfjs so
 * that the page can build them without loading it.
 */
import type { DirectionKind } from './directions';

export interface RayOptions {
  count: number;
  kind: DirectionKind;
  tMin: number;
  tMax: number;
  points: number;
  seed: number;
  /** Add the ray along the top Hessian eigenvector (the sharpest direction). */
  alongEigenvector: boolean;
}

export interface AnalysisOptions {
  /** Number of top eigenvalues. */
  k: number;
  tol: number;
  maxIter: number;
  /** Also run power iteration with deflation (comparison). */
  power: boolean;
  traceSamples: number;
  /** SLQ runs of the spectral density (the first is the eigenvalue run itself; the others take as many steps), or null. */
  density: { runs: number } | null;
  /** λ of the L2 term λ‖w‖² in the rays' train loss. */
  l2: number;
  /** Include the L2 term's Hessian 2λI in the eigenvalues and trace. */
  hessianL2: boolean;
  rays: RayOptions;
  chunk: number;
  seed: number;
  onProgress?: (stage: AnalysisStage, done: number, total: number) => void;
  signal?: AbortSignal;
}

export type AnalysisStage = 'eigenvalues' | 'power iteration' | 'trace' | 'density' | 'rays' | 'interpolation' | 'surface';

export const DEFAULT_ANALYSIS: Omit<AnalysisOptions, 'l2'> = {
  k: 5,
  tol: 1e-3,
  maxIter: 100,
  power: false,
  traceSamples: 30,
  density: null,
  hessianL2: false,
  rays: { count: 5, kind: 'unit', tMin: 0, tMax: 40, points: 21, seed: 1, alongEigenvector: false },
  chunk: 256,
  seed: 1,
};
