/**
 * The typed messages between the page and the compute worker. Commands go
 * in, events come out; errors are events too (nothing is thrown across the
 * boundary). Everything here is structured-clone safe plain data.
 */
import type { WeightArrays } from '../core/checkpoint';
import type { DensityResult } from '../core/hessian/density';
import type { TraceResult } from '../core/hessian/trace';
import type { AnalysisOptions, AnalysisStage } from '../core/probes/analysis';
import type { InterpolationResult, RayResult, SurfaceResult } from '../core/probes/landscape';
import type { RunConfig } from '../core/train/config';
import type { LiveHyperparams, TrainEvent } from '../core/train/events';
import type { RunResult } from '../core/train/trainer';

export type BackendName = 'webgpu' | 'webgl' | 'cpu';

/** A trained solution sent back to the worker for analysis. */
export interface SolutionPayload {
  runId: string;
  config: RunConfig;
  weights: WeightArrays;
}

/** Analysis options without callbacks or signals (those live in the worker). */
export type AnalysisSettings = Omit<AnalysisOptions, 'onProgress' | 'signal'> & {
  /** Training samples defining the Hessian and the rays' train loss. */
  samples: number;
  /** Test images for the probes' test error (at most the run's test subset). */
  testSamples: number;
  /** Interpolation grid s ∈ [sMin, sMax]. */
  interpolation: { sMin: number; sMax: number; points: number };
};

export type Command =
  | { type: 'init'; dataUrl: string; backend: BackendName | 'auto' }
  | { type: 'train'; runId: string; config: RunConfig }
  | { type: 'hyperparams'; runId: string; changes: LiveHyperparams }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'cancel' }
  | { type: 'analyze'; solutions: SolutionPayload[]; settings: AnalysisSettings }
  | { type: 'surface'; solution: SolutionPayload; settings: AnalysisSettings; range: number; points: number };

/** Numbers of one analysed solution (eigenvectors are not sent back). */
export interface AnalysisPayload {
  runId: string;
  values: number[];
  residuals: number[];
  hvps: number;
  converged: boolean;
  /** λ₁/λ_k. */
  ratio: number;
  trace: Omit<TraceResult, 'samples'> & { samples: number };
  density: DensityResult | null;
  rays: RayResult;
  eigenRay: RayResult | null;
  hessianL2: boolean;
  /** The solution's own L2-regularised train loss and test error on the same subsets, evaluated directly. */
  own: { trainLoss: number; testError: number };
  seconds: number;
}

export type WorkerEvent =
  | { type: 'backend'; backend: BackendName; notes: string[]; adapter: string | null }
  | { type: 'status'; message: string }
  | { type: 'run-event'; runId: string; event: TrainEvent }
  | { type: 'run-done'; runId: string; result: RunResult; solution: WeightArrays | null }
  | { type: 'analysis-progress'; runId: string; stage: AnalysisStage; done: number; total: number }
  | { type: 'analysis'; analysis: AnalysisPayload }
  | { type: 'interpolation'; from: string; to: string; result: InterpolationResult }
  | { type: 'analysis-done' }
  | { type: 'surface'; runId: string; result: SurfaceResult }
  | { type: 'hyperparams-rejected'; runId: string; message: string }
  | { type: 'device-lost'; message: string }
  | { type: 'error'; message: string; during: Command['type'] };
