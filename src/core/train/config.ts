/**
 * The configuration of one training run, as plain data (it travels through
 * the URL, the worker protocol and saved runs). SGD, SWA, SAM and SWA+SAM are
 * the same run with `sam` and/or `swa` set.
 */
import { type ImageSet, takeSubset, withLabelNoise } from '../data/dataset';
import { DATASET_IDS, type DatasetId } from '../data/format';
import { DEFAULT_MODEL, type ModelSpec, validateModelSpec } from '../models/spec';
import { type BaseScheduleKind, validateBaseSchedule, validateCyclicOptions } from '../optim/schedule';
import { type SamOptions, validateSamOptions, validateSgdOptions } from '../optim/options';
import type { MethodName } from '../methods';
import { checkChoice, checkNumber } from '../validate';
import type { LiveHyperparams } from './events';
import { type PathConfig, validatePathConfig } from './path';

export interface SgdConfig {
  /** Initial learning rate η₀. */
  lr: number;
  momentum: number;
  /** λ of L(w) + λ‖w‖². */
  weightDecay: number;
  schedule: BaseScheduleKind;
  /** Final rate of the 'linear' and 'cosine' schedules, as a fraction of η₀. */
  finalFraction: number;
  /**
   * Epochs over which 'linear' and 'cosine' decay (default: the run's budget).
   * A longer SWA run (1.25 or 1.5 budgets) sets it to the SGD budget so that its
   * SGD part is the same as the SGD baseline's.
   */
  horizonEpochs?: number;
}

export interface SwaConfig {
  /** When the SWA phase starts (w_SWA ← ŵ, the cyclic schedule takes over). */
  start: number;
  startUnit: 'epoch' | 'iteration';
  alpha1: number;
  alpha2: number;
  c: number;
  /** Also accumulate the FGE ensemble of the same snapshots (one test pass per snapshot). */
  fge: boolean;
}

/** λ_max tracked at every epoch end (warm-started Lanczos on a fixed subset of the training data). */
export interface SharpnessConfig {
  /** Evaluation samples (a prefix of the training subset). */
  samples: number;
  /** Lanczos steps per measurement (at most); 1 is one power-iteration step per epoch. */
  maxIter: number;
  /** Lanczos steps of the first measurement, from a random vector (absent: maxIter). */
  firstMaxIter?: number;
}

export interface RunConfig {
  dataset: DatasetId;
  /** Training subset size (a prefix of the seeded-shuffled split). */
  trainSize: number;
  /**
   * Fraction of the training subset whose labels are replaced by a wrong class
   * (seeded by `seed`; the test set stays clean). A regime where SGD overfits
   * the noise (how much flat solutions gain there: docs/RESULTS.md). Absent means 0.
   */
  labelNoise?: number;
  testSize: number;
  model: ModelSpec;
  /** The budget in epochs (fractions allowed: steps = round(epochs · ⌊trainSize/batchSize⌋)). */
  epochs: number;
  batchSize: number;
  /** Seeds the initial weights and the data order: runs with the same seed start from the same w and see the same batches. */
  seed: number;
  /** BatchNorm running-statistics momentum (PyTorch convention: r ← (1 − m)·r + m·batch). */
  bnMomentum: number;
  sgd: SgdConfig;
  sam: SamOptions | null;
  swa: SwaConfig | null;
  /** Track λ_max during training (null: off; costs up to maxIter Hessian-vector products per epoch). */
  sharpness: SharpnessConfig | null;
  /** Record the run's iterates and SWA snapshots (src/core/train/path.ts) for the trajectory and snapshot-plane views; absent: nothing is recorded. */
  path?: PathConfig;
}

/** The lecture's name for the run: SWA and/or SAM on top of SGD. */
export function methodName(c: RunConfig): MethodName {
  if (c.swa && c.sam) return 'SWA+SAM';
  if (c.swa) return 'SWA';
  if (c.sam) return 'SAM';
  return 'SGD';
}

export const DEFAULT_RUN: RunConfig = {
  dataset: 'fashion-mnist',
  trainSize: 10000,
  testSize: 2000,
  model: DEFAULT_MODEL,
  epochs: 10,
  batchSize: 64,
  seed: 1,
  bnMomentum: 0.1,
  sgd: { lr: 0.05, momentum: 0.9, weightDecay: 0.0001, schedule: 'cosine', finalFraction: 0.02 },
  sam: null,
  swa: null,
  sharpness: null,
};

/**
 * The ranges `validateRunConfig` enforces; the upper bounds keep a browser
 * tab alive (larger values are rejected with this reason). The page's form
 * derives its own ranges from these (src/ui/lab.ts).
 */
export const LIMITS = {
  trainSize: { min: 1, max: 60000 },
  testSize: { min: 1, max: 10000 },
  epochs: { max: 1000 },
  batchSize: { min: 1, max: 4096 },
  labelNoise: { min: 0, max: 0.8 },
  /** Training images of the λ_max tracking (a Lanczos step on fewer is noise). */
  sharpnessSamples: { min: 16 },
} as const;

/** Throws a RangeError naming the first invalid field; returns the config. */
export function validateRunConfig(c: RunConfig): RunConfig {
  if (typeof c !== 'object' || c === null) throw new RangeError('run config must be an object');
  checkChoice('dataset', c.dataset, DATASET_IDS);
  checkNumber('trainSize', c.trainSize, { ...LIMITS.trainSize, integer: true });
  checkNumber('testSize', c.testSize, { ...LIMITS.testSize, integer: true });
  if (c.labelNoise !== undefined) checkNumber('labelNoise', c.labelNoise, LIMITS.labelNoise);
  validateModelSpec(c.model);
  checkNumber('epochs', c.epochs, { min: 0, minExclusive: true, ...LIMITS.epochs });
  checkNumber('batchSize', c.batchSize, { ...LIMITS.batchSize, integer: true });
  if (c.batchSize > c.trainSize) throw new RangeError(`batchSize must be ≤ trainSize (${c.trainSize}), got ${c.batchSize}`);
  checkNumber('seed', c.seed, { min: 0, max: 2 ** 32 - 1, integer: true });
  checkNumber('bnMomentum', c.bnMomentum, { min: 0, minExclusive: true, max: 1 });
  if (typeof c.sgd !== 'object' || c.sgd === null) throw new RangeError('sgd settings are missing');
  validateSgdOptions(c.sgd);
  validateBaseSchedule({ kind: c.sgd.schedule, lr: c.sgd.lr, finalFraction: c.sgd.finalFraction });
  if (c.sgd.horizonEpochs !== undefined)
    checkNumber('sgd.horizonEpochs', c.sgd.horizonEpochs, { min: 0, minExclusive: true, ...LIMITS.epochs });
  if (c.sam !== null) validateSamOptions(c.sam);
  if (c.swa !== null) {
    validateCyclicOptions(c.swa);
    checkChoice('swa.startUnit', c.swa.startUnit, ['epoch', 'iteration'] as const);
    checkNumber('swa.start', c.swa.start, { min: 0, integer: c.swa.startUnit === 'iteration' });
    if (typeof c.swa.fge !== 'boolean') throw new RangeError(`swa.fge must be true or false, got ${JSON.stringify(c.swa.fge)}`);
  }
  if (c.sharpness !== null) {
    if (typeof c.sharpness !== 'object') throw new RangeError('sharpness must be null or { samples, maxIter }');
    checkNumber('sharpness.samples', c.sharpness.samples, { ...LIMITS.sharpnessSamples, max: c.trainSize, integer: true });
    checkNumber('sharpness.maxIter', c.sharpness.maxIter, { min: 1, max: 100, integer: true });
    if (c.sharpness.firstMaxIter !== undefined)
      checkNumber('sharpness.firstMaxIter', c.sharpness.firstMaxIter, { min: 1, max: 100, integer: true });
  }
  if (c.path !== undefined) validatePathConfig(c.path);
  const total = totalSteps(c);
  if (total < 1) throw new RangeError(`epochs × steps per epoch must give at least one step, got ${c.epochs} × ${stepsPerEpoch(c)}`);
  if (c.swa !== null && swaStartStep(c) >= total) {
    throw new RangeError(`swa.start must come before the end of training (step ${total}), got step ${swaStartStep(c)}`);
  }
  return c;
}

/** The part of a live change that run `c` uses: η₀ every run, ρ SAM runs, c, α₁ and α₂ SWA runs (null: none of it). */
export function liveChangesFor(c: RunConfig, h: LiveHyperparams): LiveHyperparams | null {
  const out: LiveHyperparams = {};
  if (h.lr !== undefined) out.lr = h.lr;
  if (c.sam && h.rho !== undefined) out.rho = h.rho;
  if (c.swa) {
    if (h.c !== undefined) out.c = h.c;
    if (h.alpha1 !== undefined) out.alpha1 = h.alpha1;
    if (h.alpha2 !== undefined) out.alpha2 = h.alpha2;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** The run's training set: the first `trainSize` examples of the split, with its label noise applied. */
export function trainingSet(train: ImageSet, c: RunConfig): ImageSet {
  return withLabelNoise(takeSubset(train, c.trainSize, 'trainSize'), c.labelNoise ?? 0, c.seed);
}

/** Steps per epoch: ⌊trainSize / batchSize⌋ (the last partial batch is dropped). */
export function stepsPerEpoch(c: RunConfig): number {
  return Math.floor(c.trainSize / c.batchSize);
}

export function totalSteps(c: RunConfig): number {
  return Math.round(c.epochs * stepsPerEpoch(c));
}

/** Steps over which the base schedule decays. */
export function scheduleSteps(c: RunConfig): number {
  return c.sgd.horizonEpochs === undefined ? totalSteps(c) : Math.round(c.sgd.horizonEpochs * stepsPerEpoch(c));
}

/** Number of base-schedule steps before the SWA phase begins. */
export function swaStartStep(c: RunConfig): number {
  if (!c.swa) return Infinity;
  return c.swa.startUnit === 'iteration' ? c.swa.start : Math.round(c.swa.start * stepsPerEpoch(c));
}
