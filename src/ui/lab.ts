/**
 * The lab's experiment settings as the student sees them (one flat,
 * URL-serialisable record), the presets, per-field validation, and the
 * translation into the core's three run configs: SGD, SWA and SAM trained
 * from the same seed (same initial weights, same data order) and budget.
 */
import { DATASET_IDS, type DatasetId } from '../core/data/format';
import { DEFAULT_MODEL, INIT_SCHEMES, type InitScheme, type ModelSpec } from '../core/models/spec';
import { METHODS, type Method } from '../core/methods';
import { DEFAULT_ANALYSIS } from '../core/probes/analysis-options';
import { LIMITS, type RunConfig, validateRunConfig } from '../core/train/config';
import type { NumberRule } from '../core/validate';
import type { AnalysisSettings, BackendName } from '../worker/protocol';
import { type Message, type MessageKey, message } from './i18n/message';

export type ModelSize = 'small' | 'default' | 'wide';

export interface LabConfig {
  dataset: DatasetId;
  trainSize: number;
  /** Fraction of training labels replaced by a wrong class (0 = clean). */
  labelNoise: number;
  testSize: number;
  model: ModelSize;
  /** The initial weights' scheme (see InitScheme); saved runs from before the option mean 'he-glorot'. */
  init: InitScheme;
  epochs: number;
  batchSize: number;
  seed: number;
  lr: number;
  momentum: number;
  weightDecay: number;
  schedule: 'constant' | 'linear' | 'cosine';
  swaStart: number;
  alpha1: number;
  alpha2: number;
  c: number;
  rho: number;
  p: '2' | 'inf';
  adaptive: boolean;
  track: boolean;
  samples: number;
  k: number;
  rays: number;
  tMax: number;
  directions: 'unit' | 'filter';
  backend: BackendName | 'auto';
}

export const MODELS: Record<ModelSize, ModelSpec> = {
  small: {
    ...DEFAULT_MODEL,
    convs: [
      { filters: 4, kernel: 3 },
      { filters: 8, kernel: 3 },
    ],
    dense: [16],
  },
  default: DEFAULT_MODEL,
  wide: {
    ...DEFAULT_MODEL,
    convs: [
      { filters: 16, kernel: 3 },
      { filters: 32, kernel: 3 },
    ],
    dense: [64],
  },
};

export const DEFAULT_LAB: LabConfig = {
  dataset: 'fashion-mnist',
  trainSize: 2000,
  labelNoise: 0,
  testSize: 2000,
  model: 'default',
  init: 'he-glorot',
  epochs: 12,
  batchSize: 64,
  seed: 1,
  lr: 0.05,
  momentum: 0.9,
  weightDecay: 0.0001,
  schedule: 'cosine',
  swaStart: 6,
  alpha1: 0.05,
  alpha2: 0.01,
  c: 5,
  rho: 0.05,
  p: '2',
  adaptive: false,
  track: true,
  samples: 512,
  k: 5,
  rays: 5,
  tMax: 12,
  directions: 'unit',
  backend: 'auto',
};

/** A named starting point: its name and description on the page (catalog keys), and the fields it sets over the defaults. */
export interface Preset {
  label: MessageKey;
  description: MessageKey;
  lab: Partial<LabConfig>;
  /** The methods the preset trains (absent: all three). */
  methods?: readonly Method[];
}

/** Named starting points; each overrides some fields of the defaults. */
export const PRESETS: Record<string, Preset> = {
  lecture: { label: 'lab.presets.lecture.label', description: 'lab.presets.lecture.description', lab: {} },
  quick: {
    label: 'lab.presets.quick.label',
    description: 'lab.presets.quick.description',
    lab: { trainSize: 1000, testSize: 1000, model: 'small', epochs: 4, swaStart: 2, c: 3, samples: 512, k: 3, rays: 3 },
  },
  full: {
    label: 'lab.presets.full.label',
    description: 'lab.presets.full.description',
    lab: { trainSize: 10000, epochs: 10, swaStart: 7, samples: 2048 },
  },
  noisy: {
    label: 'lab.presets.noisy.label',
    description: 'lab.presets.noisy.description',
    lab: { trainSize: 500, labelNoise: 0.2, epochs: 40, swaStart: 30, samples: 500 },
  },
  /**
   * Full-batch gradient descent (Cohen et al. 2021): the batch is the whole
   * training subset, η constant, no momentum, so the stability bound is
   * 2/η = 40; λ_max is tracked after every step (an epoch is one step) on all
   * 64 images, the Hessian of the very loss the steps descend (the tracker
   * takes min(64, trainSize) images: on 64 of 256 it read about 20 % above
   * the full batch's λ_max). No weight decay: the curvature is that of L
   * alone. On the cpu backend SGD's λ_max reaches the line at step 17 and
   * zigzags between 0.7 and 2 times it to the end. SWA's fields make its run
   * harmless if it is ticked: c = 1 and α₁ = α₂ = η keep the same constant
   * rate, so it averages the last 10 iterates of SGD's own path.
   */
  edge: {
    label: 'lab.presets.edge.label',
    description: 'lab.presets.edge.description',
    methods: ['SGD', 'SAM'],
    lab: {
      trainSize: 64,
      testSize: 200,
      batchSize: 64,
      epochs: 80,
      lr: 0.05,
      momentum: 0,
      weightDecay: 0,
      schedule: 'constant',
      swaStart: 70,
      alpha1: 0.05,
      alpha2: 0.05,
      c: 1,
      track: true,
      samples: 64,
      k: 3,
      rays: 3,
    },
  },
  tiny: {
    label: 'lab.presets.tiny.label',
    description: 'lab.presets.tiny.description',
    lab: {
      trainSize: 128,
      testSize: 128,
      model: 'small',
      epochs: 1,
      batchSize: 32,
      swaStart: 0.5,
      c: 1,
      track: false,
      samples: 64,
      k: 2,
      rays: 2,
      tMax: 20,
    },
  },
};

/**
 * The form's ranges: the core's (`LIMITS`, which `validateRunConfig` enforces
 * on every run) where it has them, tightened where a lecture in a browser tab
 * needs it, and the page's own for the settings the core leaves open.
 */
export const LAB_LIMITS = {
  /** 64: one batch of the default size (fewer images give no full step per epoch). */
  trainSize: { ...LIMITS.trainSize, min: 64 },
  /** Ten test images: below that a test error moves in steps of more than 10 %. */
  testSize: { ...LIMITS.testSize, min: 10 },
  labelNoise: LIMITS.labelNoise,
  /** 200 epochs of the default model on the cpu backend are already hours. */
  epochs: { min: 0, minExclusive: true, max: Math.min(200, LIMITS.epochs.max) },
  batchSize: { min: LIMITS.batchSize.min, max: Math.min(1024, LIMITS.batchSize.max) },
  /** Rates above 10 diverge at once on every model the lab offers. */
  rate: { min: 0, max: 10 },
  /** SAM's radius: beyond 10 the perturbed point leaves any basin of these models. */
  rho: { min: 0, max: 10 },
  /** A cycle longer than any budget the form allows would never average. */
  c: { min: 1, max: 10000 },
  /** The Hessian's evaluation images: the core's tracking minimum, at most 4,096 (a Hessian-vector product on more takes seconds). */
  samples: { min: LIMITS.sharpnessSamples.min, max: 4096 },
  k: { min: 1, max: 10 },
  rays: { min: 1, max: 10 },
  tMax: { min: 0, minExclusive: true, max: 1000 },
} as const;

/**
 * The analysis a smoke test needs: with k ≤ QUICK_ANALYSIS_MAX_K the probes
 * skip the density and the eigenvector's ray, take 3 trace samples and 5
 * points per ray (the tiny preset).
 */
export const QUICK_ANALYSIS_MAX_K = 2;

/** The loss surface's grid: SURFACE_POINTS × SURFACE_POINTS points on [−1, 1]² (in units of the two directions). */
export const SURFACE_POINTS = 21;

/**
 * The planes' and trajectories' grids: VIEW_GRID_POINTS per side, 225 points,
 * each with the train loss and (a plane) the test error: 21 per side took
 * 96 s on the cpu backend at the lecture preset, this about half of it.
 */
export const VIEW_GRID_POINTS = 15;

/** Each invalid field's reason, as a message that names the field and keeps the value. */
export type FieldErrors = Partial<Record<keyof LabConfig, Message>>;

/** A value as a message shows it: a number as it is (its digits follow the language when shown), anything else as text. */
const asTyped = (v: unknown): string | number => (typeof v === 'number' ? v : String(v));

/** Why `value` breaks `rule` (the core's `checkNumber`, as a message naming `field`), or null. */
function numberProblem(field: keyof LabConfig, value: unknown, rule: NumberRule): Message | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return message('lab.errors.finite', { field, value: asTyped(value) });
  if (rule.integer && !Number.isInteger(value)) return message('lab.errors.integer', { field, value });
  if (rule.min !== undefined && (rule.minExclusive ? value <= rule.min : value < rule.min))
    return message(rule.minExclusive ? 'lab.errors.minExclusive' : 'lab.errors.min', { field, min: rule.min, value });
  if (rule.max !== undefined && (rule.maxExclusive ? value >= rule.max : value > rule.max))
    return message(rule.maxExclusive ? 'lab.errors.maxExclusive' : 'lab.errors.max', { field, max: rule.max, value });
  return null;
}

/** Why `value` is not one of `options` (the core's `checkChoice`, as a message naming `field`), or null. */
function choiceProblem(field: keyof LabConfig, value: unknown, options: readonly unknown[]): Message | null {
  if (options.includes(value)) return null;
  const json = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v));
  return message('lab.errors.choice', { field, options: options.map(json).join(', '), value: json(value) });
}

/** Every invalid field with its reason (empty when the settings can run). */
export function validateLab(lab: LabConfig): FieldErrors {
  const num = (field: keyof LabConfig, rule: NumberRule) => numberProblem(field, lab[field], rule);
  const atMost = (field: keyof LabConfig, other: keyof LabConfig, max: number, value: number) =>
    message('lab.errors.atMostField', { field, other, max, value });
  // In the order the form shows them: the first is the one the CLI and an import report.
  const problems: Record<keyof LabConfig, Message | null> = {
    dataset: choiceProblem('dataset', lab.dataset, DATASET_IDS),
    trainSize: num('trainSize', { ...LAB_LIMITS.trainSize, integer: true }),
    labelNoise: num('labelNoise', LAB_LIMITS.labelNoise),
    testSize: num('testSize', { ...LAB_LIMITS.testSize, integer: true }),
    model: choiceProblem('model', lab.model, ['small', 'default', 'wide']),
    init: choiceProblem('init', lab.init, INIT_SCHEMES),
    epochs: num('epochs', LAB_LIMITS.epochs),
    batchSize:
      num('batchSize', { ...LAB_LIMITS.batchSize, integer: true }) ??
      (lab.batchSize > lab.trainSize ? atMost('batchSize', 'trainSize', lab.trainSize, lab.batchSize) : null),
    seed: num('seed', { min: 0, max: 2 ** 32 - 1, integer: true }),
    lr: num('lr', { ...LAB_LIMITS.rate, minExclusive: true }),
    momentum: num('momentum', { min: 0, max: 1, maxExclusive: true }),
    weightDecay: num('weightDecay', { min: 0, max: 1 }),
    schedule: choiceProblem('schedule', lab.schedule, ['constant', 'linear', 'cosine']),
    alpha1: num('alpha1', LAB_LIMITS.rate),
    alpha2:
      num('alpha2', LAB_LIMITS.rate) ??
      (Number.isFinite(lab.alpha1) && lab.alpha1 < lab.alpha2 ? atMost('alpha2', 'alpha1', lab.alpha1, lab.alpha2) : null),
    c: num('c', { ...LAB_LIMITS.c, integer: true }),
    swaStart:
      num('swaStart', { min: 0 }) ??
      (Number.isFinite(lab.epochs) && lab.swaStart >= lab.epochs
        ? message('lab.errors.afterTraining', { field: 'swaStart', epochs: lab.epochs, value: lab.swaStart })
        : null),
    rho: num('rho', LAB_LIMITS.rho),
    p: choiceProblem('p', lab.p, ['2', 'inf']),
    adaptive: null,
    track: null,
    samples: num('samples', {
      min: LAB_LIMITS.samples.min,
      max: Math.max(LAB_LIMITS.samples.min, Math.min(LAB_LIMITS.samples.max, lab.trainSize)),
      integer: true,
    }),
    k: num('k', { ...LAB_LIMITS.k, integer: true }),
    rays: num('rays', { ...LAB_LIMITS.rays, integer: true }),
    tMax: num('tMax', LAB_LIMITS.tMax),
    directions: choiceProblem('directions', lab.directions, ['unit', 'filter']),
    backend: choiceProblem('backend', lab.backend, ['auto', 'webgpu', 'webgl', 'cpu']),
  };
  const errors: FieldErrors = {};
  for (const [field, m] of Object.entries(problems) as [keyof LabConfig, Message | null][]) if (m) errors[field] = m;
  if (Object.keys(errors).length === 0) {
    // Whatever the per-field checks missed (e.g. too few steps) surfaces from the core's own validation, in its English.
    try {
      METHODS.forEach((m) => validateRunConfig(runConfig(lab, m)));
    } catch (e) {
      errors.epochs = message('lab.errors.run', { detail: (e as Error).message });
    }
  }
  return errors;
}

/** The core run config of one method. */
/** Iterates a run keeps for the trajectory view (the last one is the final weights), and SWA snapshots for the snapshot plane. */
export const PATH_KEPT = 64;
export const PATH_SNAPSHOTS = 16;

/**
 * What a lab run records of its path: about PATH_KEPT iterates spread over
 * the run (the first spacing is the run's steps / PATH_KEPT; the recorder
 * thins by halves if the run is longer), so a run reads its weights back
 * some 64 to 128 times in all, and up to PATH_SNAPSHOTS SWA snapshots.
 */
export function pathConfig(lab: Pick<LabConfig, 'epochs' | 'trainSize' | 'batchSize'>): NonNullable<RunConfig['path']> {
  const steps = Math.ceil(lab.epochs * Math.ceil(lab.trainSize / lab.batchSize));
  return { every: Math.max(1, Math.floor(steps / PATH_KEPT)), max: PATH_KEPT, snapshots: PATH_SNAPSHOTS };
}

export function runConfig(lab: LabConfig, method: Method): RunConfig {
  const base: RunConfig = {
    dataset: lab.dataset,
    trainSize: lab.trainSize,
    labelNoise: lab.labelNoise,
    testSize: lab.testSize,
    model: { ...MODELS[lab.model], init: lab.init },
    epochs: lab.epochs,
    batchSize: lab.batchSize,
    seed: lab.seed,
    bnMomentum: 0.1,
    // The SGD schedule decays to α2, so that SGD and SWA end at the same rate.
    sgd: {
      lr: lab.lr,
      momentum: lab.momentum,
      weightDecay: lab.weightDecay,
      schedule: lab.schedule,
      finalFraction: Math.min(1, Math.max(0, lab.alpha2 / lab.lr)),
    },
    sam: null,
    swa: null,
    // Two warm-started Lanczos steps per epoch on 64 images (five the first time): within 2.5 % of a converged
    // Lanczos on the same images from the 6th epoch of the lecture preset, about 10 % of SGD's training (docs/BENCHMARKS.md).
    sharpness: lab.track ? { samples: Math.min(64, lab.trainSize), maxIter: 2, firstMaxIter: 5 } : null,
    path: pathConfig(lab),
  };
  if (method === 'SWA') {
    base.swa = { start: lab.swaStart, startUnit: 'epoch', alpha1: lab.alpha1, alpha2: lab.alpha2, c: lab.c, fge: true };
  }
  if (method === 'SAM') base.sam = { rho: lab.rho, p: lab.p === 'inf' ? Infinity : 2, adaptive: lab.adaptive };
  return base;
}

/**
 * The probes' settings: sized so that analysing the three solutions takes
 * no longer than training them. Eigenvalues to a 1 % relative residual
 * bound; that same Lanczos run is the density's SLQ run and the first of 6
 * Hutchinson samples of the trace (± its standard error); rays and
 * interpolation on 13 points, and the probes' test error on at most 250
 * test images (the rays were 60 % of the analysis's time with 17 points on
 * 500 test images). Rays run both ways, t ∈ [−t_max, t_max], so the 13
 * points put 6 on each side of the solution: with t_max = 12 they are 2
 * apart, and every basin width of the lecture's reference run (2 to 7.2
 * along single rays) is inside the grid.
 */
export function analysisSettings(lab: LabConfig): AnalysisSettings {
  const tiny = lab.k <= QUICK_ANALYSIS_MAX_K;
  return {
    ...DEFAULT_ANALYSIS,
    l2: lab.weightDecay,
    k: lab.k,
    tol: 1e-2,
    maxIter: Math.min(100, lab.k * 8),
    traceSamples: tiny ? 3 : 6,
    density: tiny ? null : { runs: 1 },
    samples: lab.samples,
    testSamples: 250,
    rays: {
      ...DEFAULT_ANALYSIS.rays,
      count: lab.rays,
      kind: lab.directions,
      tMin: -lab.tMax,
      tMax: lab.tMax,
      points: tiny ? 5 : 13,
      alongEigenvector: !tiny,
    },
    interpolation: { sMin: -0.5, sMax: 1.5, points: tiny ? 5 : 13 },
  };
}
