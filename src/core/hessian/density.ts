/**
 * The eigenvalue spectral density of the Hessian by stochastic Lanczos
 * quadrature (Ghorbani et al. 2019; PyHessian's `density`): for each of
 * `runs` Rademacher start vectors, m Lanczos steps give nodes θᵢ (eigenvalues
 * of T_m) and weights τᵢ = (first component of T_m's i-th eigenvector)²,
 * a quadrature of the spectral measure. The density is their average,
 * smoothed by a Gaussian of width σ:
 *
 *   φ(t) = (1/runs) Σ_runs Σᵢ τᵢ · N(t; θᵢ, σ²)
 *
 * reported on a grid covering all nodes (negative eigenvalues included) and
 * normalised to integrate to 1 on that grid.
 */
import { createRng } from '../rng';
import { checkNumber } from '../validate';
import { type SymmetricOperator, rademacherVector } from './linalg';
import { throwIfAborted } from '../cancel';
import { LanczosProcess } from './lanczos';

export interface DensityOptions {
  /** Number of random start vectors (default 3). */
  runs?: number;
  /** Lanczos steps per run (default 40). */
  steps?: number;
  /** Gaussian width; default 1 % of the node range. */
  sigma?: number;
  /** Grid points (default 400). */
  gridSize?: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface DensityResult {
  grid: number[];
  density: number[];
  /** Quadrature nodes and weights of every run (each run's weights sum to 1). */
  nodes: number[][];
  weights: number[][];
  sigma: number;
  hvps: number;
}

export async function spectralDensity(op: SymmetricOperator, options: DensityOptions = {}): Promise<DensityResult> {
  const runs = checkNumber('runs', options.runs ?? 3, { min: 1, integer: true });
  const steps = Math.min(checkNumber('steps', options.steps ?? 40, { min: 2, integer: true }), op.size);
  const gridSize = checkNumber('gridSize', options.gridSize ?? 400, { min: 10, integer: true });
  const rng = createRng(options.seed ?? 0);
  const nodes: number[][] = [];
  const weights: number[][] = [];
  let hvps = 0;
  for (let r = 0; r < runs; r++) {
    const process = new LanczosProcess(op, rademacherVector(op.size, rng));
    for (let j = 0; j < steps && !process.exhausted; j++) {
      throwIfAborted(options.signal, 'spectral density');
      await process.step();
      hvps += 1;
      options.onProgress?.(hvps, runs * steps);
    }
    const { values, vectors } = process.ritz();
    nodes.push(values);
    weights.push(vectors.map((s) => s[0]! ** 2));
  }
  return smoothDensity(nodes, weights, options.sigma, gridSize, hvps);
}

/**
 * The smoothed, normalised density of SLQ samples (`nodes[r]`, `weights[r]`
 * of run r, e.g. also a Lanczos eigenvalue run started at a Rademacher
 * vector: its `quadrature`).
 */
export function smoothDensity(
  nodes: number[][],
  weights: number[][],
  sigmaOption: number | undefined,
  gridSize: number,
  hvps: number,
): DensityResult {
  const runs = nodes.length;
  const all = nodes.flat();
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const range = Math.max(hi - lo, 1e-12 * Math.max(Math.abs(hi), 1));
  const sigma = sigmaOption === undefined ? 0.01 * range : checkNumber('sigma', sigmaOption, { min: 0, minExclusive: true });
  const pad = 0.05 * range + 3 * sigma;
  const grid = Array.from({ length: gridSize }, (_, i) => lo - pad + ((hi - lo + 2 * pad) * i) / (gridSize - 1));
  const density = grid.map((t) => {
    let s = 0;
    nodes.forEach((run, r) => run.forEach((theta, i) => (s += weights[r]![i]! * Math.exp(-((t - theta) ** 2) / (2 * sigma * sigma)))));
    return s / (runs * sigma * Math.sqrt(2 * Math.PI));
  });
  // Normalise on the grid (trapezoid rule) so the plotted curve integrates to exactly 1.
  const h = grid[1]! - grid[0]!;
  const area = density.reduce((a, d, i) => a + (i === 0 || i === gridSize - 1 ? d / 2 : d), 0) * h;
  return { grid, density: density.map((d) => d / area), nodes, weights, sigma, hvps };
}
