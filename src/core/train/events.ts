/**
 * What a training run reports, as plain data (the worker forwards these
 * events unchanged). Losses are mean cross-entropies without the L2 term.
 */
import type { MethodName } from '../methods';
import type { RunConfig } from './config';
import type { SharpnessReading } from '../hessian/sharpness';
import type { Evaluation } from './evaluate';

/** Hyperparameters that may change while a run is going; each applies from the next step. */
export interface LiveHyperparams {
  /** η₀ of the base schedule. */
  lr?: number;
  /** SAM's ρ. */
  rho?: number;
  /** SWA cycle length c. */
  c?: number;
  alpha1?: number;
  alpha2?: number;
}

export type Phase = 'base' | 'swa';

export interface StartEvent {
  type: 'start';
  method: MethodName;
  totalSteps: number;
  stepsPerEpoch: number;
  numParams: number;
  /** Steps already done when this run starts: 0, or the branch point of a run branched from another. */
  firstStep: number;
  /** The run whose state this one continues (its steps up to `firstStep` are that run's), or null. */
  branchedFrom: MethodName | null;
}

export interface StepEvent {
  type: 'step';
  /** Steps completed (1-based index of this step). */
  step: number;
  /** Epochs completed, fractional. */
  epoch: number;
  /** Loss and accuracy of this step's batch at w (before the update). */
  loss: number;
  accuracy: number;
  /** Learning rate used by this step. */
  lr: number;
  /** ρ used by this step (null without SAM). */
  rho: number | null;
  phase: Phase;
  /** SWA models averaged so far (ŵ included), 0 before the SWA phase. */
  swaModels: number;
  stepsPerSecond: number;
  /** Estimated seconds to the end of the run. */
  etaSeconds: number;
}

/** w_SWA's test numbers, with the number of averaged models and their spread √((1/n) Σᵢ ‖wᵢ − w_SWA‖²). */
export type SwaEvaluation = Evaluation & { models: number; spread: number };
/** The FGE ensemble's test numbers, with its number of members. */
export type FgeEvaluation = Evaluation & { models: number };

export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  step: number;
  /** Mean batch loss and accuracy over this epoch's steps. */
  trainLoss: number;
  trainAccuracy: number;
  test: Evaluation;
  /** w_SWA on the test subset (BatchNorm statistics recomputed first when the model has BatchNorm). */
  swa: SwaEvaluation | null;
  /** FGE ensemble of the same models on the test subset. */
  fge: FgeEvaluation | null;
  /** λ_max of the training loss at w (and at w_SWA), when tracking is on. */
  sharpness: SharpnessReading | null;
  swaSharpness: SharpnessReading | null;
}

export interface HyperparamsEvent {
  type: 'hyperparams';
  /** The change applies from this step on (1-based). */
  step: number;
  changes: LiveHyperparams;
}

export type RunStatus = 'completed' | 'cancelled' | 'diverged' | 'failed';

export interface EndEvent {
  type: 'end';
  status: RunStatus;
  /** Steps whose update was applied. */
  step: number;
  /** Why a run did not complete (null when it did). */
  message: string | null;
}

export type TrainEvent = StartEvent | StepEvent | EpochEvent | HyperparamsEvent | EndEvent;

/** Final numbers of a run (plain data). */
export interface RunResult {
  method: MethodName;
  config: RunConfig;
  status: RunStatus;
  message: string | null;
  steps: number;
  elapsedSeconds: number;
  epochs: EpochEvent[];
  hyperparamChanges: HyperparamsEvent[];
  /** Evaluation of the final weights (the last good ones after a divergence); null if the run failed. */
  final: { test: Evaluation; swa: SwaEvaluation | null; fge: FgeEvaluation | null } | null;
}
