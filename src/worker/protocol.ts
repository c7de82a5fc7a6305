/**
 * The typed messages between the page and the compute worker. Commands go
 * in, events come out; errors are events too (nothing is thrown across the
 * boundary). Everything here is structured-clone safe plain data, and
 * words no text for the page: what the page shows is data (a backend note's
 * kind) or an English error text it words in the user's language
 * (src/ui/session-messages.ts).
 */
import type { WeightArrays } from '../core/checkpoint';
import type { Method } from '../core/methods';
import type { DensityResult } from '../core/hessian/density';
import type { TraceResult } from '../core/hessian/trace';
import type { AnalysisOptions, AnalysisStage } from '../core/probes/analysis';
import type { InterpolationResult, PointValue, RayResult, SurfaceResult } from '../core/probes/landscape';
import type { RunConfig } from '../core/train/config';
import type { RecordedPath } from '../core/train/path';
import type { LiveHyperparams, RunResult, TrainEvent } from '../core/train/events';

export type BackendName = 'webgpu' | 'webgl' | 'cpu';

/** A trained solution sent back to the worker for analysis. */
export interface SolutionPayload {
  /** A run is named by its method: the page trains at most one run of each. */
  runId: Method;
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

/** One run a worker trains; runs of one `train` command train at the same time, interleaved step by step. */
export interface TrainSpec {
  runId: Method;
  config: RunConfig;
  /** A run of the same command this one branches from at its SWA start (it shares that run's steps before it), or null. */
  branchFrom: Method | null;
}

/** One analysis task: a solution's sharpness and rays, or the interpolation between two solutions. */
export type AnalysisJob =
  { kind: 'solution'; solution: SolutionPayload } | { kind: 'interpolation'; from: SolutionPayload; to: SolutionPayload };

/** Why a backend's step time is missing, or that its timing stopped early (a slow warm step: it could not win). */
export type TimingNote = 'unavailable' | 'failed' | 'stopped after one warm step';

/** ms per training step of the lab's model measured on one backend (null: not measured, with the reason). */
export interface BackendTiming {
  backend: BackendName;
  msPerStep: number | null;
  note: TimingNote | null;
}

/**
 * Why a backend could not run, or how the backend was chosen, as plain data:
 * the page words each kind in the user's language (catalog key
 * `backend.note.<kind>`, the other fields its values). `detail`: the
 * browser's own error text.
 */
export type BackendNote =
  | { kind: 'remembered' | 'webgpuMissing' | 'noAdapter' | 'deviceFailed' | 'softwareAdapter' | 'webglUnavailable' | 'webglSkipped' }
  | { kind: 'adapterFailed' | 'deviceError' | 'webglFailed'; detail: string }
  | { kind: 'stepFailed'; backend: BackendName; detail: string }
  | { kind: 'resetFailed'; backend: BackendName }
  | { kind: 'webgpuSkipped'; requested: BackendName };

/** The WebGPU adapter in use: its name as the browser gives it ('' if none) and whether it is a software fallback. */
export interface AdapterInfo {
  name: string;
  fallback: boolean;
}

/** A weight vector a plane view places, named in the lecture's notation (w_SGD, w₁ …: formulas, the same in every language). */
export interface PlanePoint {
  label: string;
  /** The parameters, flat in `paramShapes` order. */
  params: Float32Array;
}

/** Which plane: through the three solutions, or through three SWA snapshots of the cyclic phase (the SWA paper's Figure 1). */
export type PlaneKind = 'solutions' | 'snapshots';

/**
 * A view of issue 13 computed on request after training. `config`: the run
 * whose data subsets, model and λ the view uses.
 */
export type ViewRequest =
  | {
      kind: 'plane';
      plane: PlaneKind;
      config: RunConfig;
      /** The BatchNorm state the probe starts from at every point (recomputed there; empty without BatchNorm). */
      state: number[][];
      points: [PlanePoint, PlanePoint, PlanePoint];
      /** Further points shown by their projection onto the plane (with their distance from it). */
      marks: PlanePoint[];
      gridPoints: number;
    }
  /**
   * A run's recorded path on the plane of its first two principal directions
   * around its last iterate (`iterates`, ending with the final weights), over
   * the train loss there; `marks` are shown by their projection (w_SWA).
   */
  | {
      kind: 'trajectory';
      method: Method;
      config: RunConfig;
      state: number[][];
      steps: number[];
      iterates: Float32Array[];
      marks: PlanePoint[];
      gridPoints: number;
    }
  /** The top eigenvalue of each layer's block of the Hessian, for each solution. */
  | { kind: 'layers'; config: RunConfig; solutions: SolutionPayload[] }
  /** Dinh et al.'s rescaling of layer `layer` (an index into `rescalableLayers`) by α, measured before and after. */
  | { kind: 'reparam'; config: RunConfig; solution: SolutionPayload; layer: number; alpha: number; widthDelta: number };

export type ViewKind = ViewRequest['kind'];

/**
 * The plane p₀ + a·u + b·v through three points (u, v orthonormal): the three
 * points' coordinates and own values, the marks' projections, and the
 * L2-regularised train loss and test error on the grid.
 */
export interface PlaneView {
  plane: PlaneKind;
  points: { label: string; a: number; b: number; value: PointValue }[];
  /** The marks' projections, their distance from the plane and their own values. */
  marks: { label: string; a: number; b: number; distance: number; value: PointValue }[];
  a: number[];
  b: number[];
  trainLoss: (number | null)[][];
  testError: (number | null)[][];
  nonFinite: number;
  seconds: number;
}

/** One layer's block of the Hessian at one solution: its size and top eigenvalue (with Lanczos's residual bound). */
export interface LayerSharpnessRow {
  name: string;
  size: number;
  lambdaMax: number;
  residual: number;
  hvps: number;
  converged: boolean;
}

export interface LayersView {
  methods: Partial<Record<Method, LayerSharpnessRow[]>>;
  seconds: number;
}

/** What the reparametrisation view measures at one side of the rescaling. */
export interface ReparamMeasures {
  testAccuracy: number;
  /** L(w), the mean cross-entropy without the L2 term. */
  dataLoss: number;
  /** L(w) + λ‖w‖². */
  regularizedLoss: number;
  lambdaMax: number;
  trace: number;
  traceSe: number;
  /** λ_max(T·H·T), T = diag(|w|). */
  adaptiveLambdaMax: number;
  /** Mean basin width along filter-normalised rays of the data loss. */
  width: number;
  widthCensored: number;
}

export interface ReparamView {
  method: Method;
  /** The rescaled layer's name (conv1, …) and the next kernel that takes 1/α. */
  layer: string;
  down: string;
  alpha: number;
  before: ReparamMeasures;
  after: ReparamMeasures;
  seconds: number;
}

/** A run's path on its PCA plane (Li et al. 2018), over the L2-regularised train loss there. */
export interface TrajectoryView {
  method: Method;
  /** Fraction of the path's variance along PC1 and PC2. */
  explained: [number, number];
  /** Each kept iterate: its step, its coordinates, and its distance from the plane. */
  path: { step: number; x: number; y: number; offPlane: number }[];
  marks: { label: string; x: number; y: number; offPlane: number }[];
  a: number[];
  b: number[];
  trainLoss: (number | null)[][];
  nonFinite: number;
  seconds: number;
}

export type ViewResult =
  | { kind: 'plane'; view: PlaneView }
  | { kind: 'trajectory'; view: TrajectoryView }
  | { kind: 'layers'; view: LayersView }
  | { kind: 'reparam'; view: ReparamView };

/** A worker's job is done when its answer arrives: 'analysis' or 'interpolation' (or an error during 'analyze'). */
export type Command =
  /**
   * `measureModel`: the model the automatic choice times on each backend;
   * `remembered`: timings measured earlier in this browser on this adapter (no new measurement).
   */
  | {
      type: 'init';
      dataUrl: string;
      backend: BackendName | 'auto';
      measureModel: RunConfig['model'] | null;
      remembered: BackendTiming[] | null;
    }
  | { type: 'train'; runs: TrainSpec[] }
  | { type: 'hyperparams'; changes: LiveHyperparams }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'cancel' }
  /** Asks for the worker's tfjs memory (answered by a 'memory' event). */
  | { type: 'memory' }
  | { type: 'analyze'; job: AnalysisJob; settings: AnalysisSettings }
  | { type: 'surface'; solution: SolutionPayload; settings: AnalysisSettings; range: number; points: number }
  | { type: 'view'; request: ViewRequest; settings: AnalysisSettings };

/** Numbers of one analysed solution (eigenvectors are not sent back). */
export interface AnalysisPayload {
  runId: Method;
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
  /** Where the analysis's time went: seconds of each stage (density: its extra SLQ runs; rays: random rays and the eigenvector's). */
  stageSeconds?: { eigenvalues: number; trace: number; density: number; rays: number };
}

export type WorkerEvent =
  | { type: 'backend'; backend: BackendName; notes: BackendNote[]; adapter: AdapterInfo | null; timings: BackendTiming[] }
  | { type: 'status'; message: string }
  | { type: 'run-event'; runId: Method; event: TrainEvent }
  /** `path`: the iterates and SWA snapshots the run recorded (RunConfig.path; absent when it recorded none), for the views; never saved. */
  | { type: 'run-done'; runId: Method; result: RunResult; solution: WeightArrays | null; path?: RecordedPath }
  | { type: 'analysis-progress'; runId: Method; stage: AnalysisStage; done: number; total: number }
  | { type: 'analysis'; analysis: AnalysisPayload }
  | { type: 'interpolation'; from: Method; to: Method; result: InterpolationResult }
  | { type: 'surface'; runId: Method; result: SurfaceResult }
  | { type: 'view-progress'; kind: ViewKind; done: number; total: number }
  | { type: 'view'; result: ViewResult }
  /** `message`: the validation's English text (`rho must be ≥ 0, got -0.1`). */
  | { type: 'hyperparams-rejected'; runId: Method; message: string }
  /** `message`: the browser's reason for the loss. */
  | { type: 'device-lost'; message: string }
  /** A branch whose parent run ended before the branch point: it never started (`message`: why, in English, as saved with the run). */
  | { type: 'run-skipped'; runId: Method; message: string }
  | { type: 'memory'; numTensors: number; numBytes: number }
  /** `message`: the error's English text, as thrown; `crashed`: the worker itself died (a script error), not a command. */
  | { type: 'error'; message: string; during: Command['type']; crashed?: true };
