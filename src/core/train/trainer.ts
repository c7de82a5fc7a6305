/**
 * One training loop for every method: SGD, SAM (SGD wrapped), SWA (SGD, then
 * the cyclic schedule and weight averaging) and SWA+SAM (both, composed with
 * no special path). It owns all tensor memory of the run: after any number
 * of steps `tf.memory().numTensors` is back at its level after construction,
 * and `dispose()` frees everything.
 *
 * Per step: take the batch (seeded order), compute the loss and gradient at
 * w, stop with status 'diverged' if the loss is not finite (restoring the
 * last weights whose loss was finite), update BatchNorm statistics from this
 * first pass, then step (SAM: climb to w + ε̂, take the gradient there, come
 * back, step). In the SWA phase α(i) comes from the cyclic clock and the
 * weights are averaged (and added to FGE) when a cycle ends.
 *
 * Branching: an SWA run's steps before its SWA start are exactly the SGD
 * run's with the same seed (same initial weights, data order and base
 * schedule). `branchAt` asks an SGD trainer to hand over a copy of its whole
 * state (weights, BatchNorm statistics, momentum, data position, epochs so
 * far, live changes so far, λ_max warm start) when it reaches that start,
 * as a new trainer that continues as the SWA run; its w_SWA is bit for bit
 * that of an SWA run trained from scratch.
 *
 * Path recording (`config.path`, absent: off): the weights before every step
 * and at the end are offered to a bounded `PathRecorder`, and so are the SWA
 * snapshots; a branch goes on from its parent's record, so its path starts
 * with the shared part.
 */
import { type ImageSet, takeSubset } from '../data/dataset';
import { disposeBatch, makeBatch } from '../data/batches';
import { SharpnessTracker } from '../hessian/sharpness';
import { type Model, createModel, disposeModel } from '../models/convnet';
import { countParams } from '../models/spec';
import { Sam, validateSamOptions } from '../optim/sam';
import { type BaseSchedule, baseLearningRate, validateBaseSchedule, validateCyclicOptions } from '../optim/schedule';
import { Sgd } from '../optim/sgd';
import type { ClockTick, SwaAverager } from '../optim/swa';
import { vectorAssign, vectorNorm, vectorRead } from '../params';
import type { MethodName } from '../methods';
import { yieldToEventLoop } from '../yield';
import {
  type RunConfig,
  methodName,
  scheduleSteps,
  stepsPerEpoch,
  swaStartStep,
  totalSteps,
  trainingSet,
  validateRunConfig,
} from './config';
import { type Cursor, cloneCursor, nextEpochOrder, startCursor } from './cursor';
import { evaluate } from './evaluate';
import type { EpochEvent, HyperparamsEvent, LiveHyperparams, RunResult, RunStatus, TrainEvent } from './events';
import { Diverged, type StepParts, WeightBackup, optimizerStep } from './optimizer-step';
import { PathRecorder, type RecordedPath } from './path';
import { SwaPhase } from './swa-phase';

/** The full splits; the trainer takes the configured prefixes. */
export interface TrainData {
  train: ImageSet;
  test: ImageSet;
}

interface BranchRequest {
  config: RunConfig;
  step: number;
  onBranch: (t: Trainer) => void;
}

/** How the loop ended: 'completed' unless it was cancelled, diverged or failed. */
interface Ending {
  status: RunStatus;
  message: string | null;
}

export class Trainer {
  readonly config: RunConfig;
  readonly model: Model;
  private readonly data: TrainData;
  private readonly train: ImageSet;
  private readonly test: ImageSet;
  private readonly sgd: Sgd;
  private readonly sam: Sam | null;
  private readonly schedule: BaseSchedule;
  private readonly backup: WeightBackup;
  /** What each optimizer step reads and changes. */
  private readonly parts: StepParts;
  /** The SWA phase (null: not an SWA run); it holds the cycle options from the first step. */
  private readonly swaPhase: SwaPhase | null;
  /** λ_max of the solution: the iterate before the SWA phase, w_SWA within it (which starts at ŵ, so the tracker stays warm). */
  private readonly tracker: SharpnessTracker | null;
  /** The path in weight space (null: not recorded). */
  private readonly recorder: PathRecorder | null;
  private pending: LiveHyperparams[] = [];
  private cursor: Cursor;
  /** The run this one was branched from, and where (null: trained from its first step). */
  private origin: { method: MethodName; step: number } | null = null;
  private branchRequest: BranchRequest | null = null;
  private paused = false;
  private cancelled = false;
  private wake: (() => void) | null = null;
  private running = false;
  private disposed = false;

  /** Validates `config` (throws naming the bad field) and builds the model with seeded initial weights. */
  constructor(config: RunConfig, data: TrainData) {
    this.config = validateRunConfig(structuredClone(config));
    this.data = data;
    this.train = trainingSet(data.train, this.config);
    this.test = takeSubset(data.test, config.testSize, 'testSize');
    this.model = createModel(config.model, config.seed);
    this.sgd = new Sgd(this.model.params, { momentum: config.sgd.momentum, weightDecay: config.sgd.weightDecay });
    this.sam = config.sam ? new Sam(this.model.params, this.sgd, { ...config.sam }) : null;
    this.schedule = { kind: config.sgd.schedule, lr: config.sgd.lr, finalFraction: config.sgd.finalFraction };
    this.swaPhase = config.swa ? new SwaPhase(config.swa) : null;
    const sharp = this.config.sharpness;
    this.tracker = sharp
      ? new SharpnessTracker(config.model, takeSubset(this.train, sharp.samples), {
          maxIter: sharp.maxIter,
          firstMaxIter: sharp.firstMaxIter,
          tol: 1e-3,
          seed: config.seed,
        })
      : null;
    this.backup = new WeightBackup(this.model, this.sgd);
    this.parts = { model: this.model, sgd: this.sgd, sam: this.sam, backup: this.backup, bnMomentum: this.config.bnMomentum };
    this.cursor = startCursor(this.train.count, this.config.seed);
    this.recorder = this.config.path ? new PathRecorder(this.config.path) : null;
  }

  /**
   * Asks this run to branch into the run `config` when it reaches that run's
   * SWA start: `onBranch` receives the new trainer (owned by the caller: run
   * it, dispose it) before this run takes its next step. `config` must be
   * this run's config with `swa` set; this run must be plain SGD. A run that
   * ends before the start never calls `onBranch`.
   */
  branchAt(config: RunConfig, onBranch: (t: Trainer) => void): void {
    validateRunConfig(config);
    if (this.config.swa || this.config.sam) throw new RangeError(`only an SGD run can be branched into SWA, not ${this.method}`);
    if (!config.swa || config.sam) throw new RangeError(`a branch must be an SWA run without SAM, got ${methodName(config)}`);
    const shared = (c: RunConfig) => JSON.stringify({ ...c, swa: null });
    if (shared(config) !== shared(this.config))
      throw new RangeError('a branch must share every setting but swa with the run it branches from');
    const step = swaStartStep(config);
    if (step < this.cursor.step) throw new RangeError(`the branch point (step ${step}) has already passed (step ${this.cursor.step})`);
    this.branchRequest = { config, step, onBranch };
  }

  get method(): MethodName {
    return methodName(this.config);
  }

  /** w_SWA once the SWA phase has begun (owned by the trainer). */
  get swa(): SwaAverager | null {
    return this.swaPhase?.average ?? null;
  }

  /** The iterates and SWA snapshots kept so far (null: `config.path` is absent); after `run`, the path ends at the final weights. */
  get path(): RecordedPath | null {
    return this.recorder?.path ?? null;
  }

  /**
   * Queues a change of live hyperparameters; it is validated now (throws a
   * RangeError naming the value) and applies from the next step.
   */
  setHyperparams(h: LiveHyperparams): void {
    if (h.rho !== undefined) {
      if (!this.sam) throw new RangeError('rho applies only to SAM runs');
      validateSamOptions({ ...this.sam.options, rho: h.rho });
    }
    const cyclic = cyclicChanges(h);
    if (Object.keys(cyclic).length > 0) {
      if (!this.swaPhase) throw new RangeError('c, alpha1 and alpha2 apply only to SWA runs');
      validateCyclicOptions({ ...this.swaPhase.options, ...cyclic });
    }
    if (h.lr !== undefined) validateBaseSchedule({ ...this.schedule, lr: h.lr });
    this.pending.push({ ...h });
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
  }

  /** Stops after the current step; the run ends with status 'cancelled' and keeps its results. */
  cancel(): void {
    this.cancelled = true;
    this.wake?.();
  }

  /** Trains for the configured budget (a branch: the rest of it), reporting events; resolves with the run's results. */
  async run(onEvent: (e: TrainEvent) => void = () => {}): Promise<RunResult> {
    if (this.running || this.disposed) throw new Error('Trainer.run can be called once, before dispose');
    this.running = true;
    const t0 = performance.now();
    onEvent({
      type: 'start',
      method: this.method,
      totalSteps: totalSteps(this.config),
      stepsPerEpoch: stepsPerEpoch(this.config),
      numParams: countParams(this.config.model),
      firstStep: this.cursor.step,
      branchedFrom: this.origin?.method ?? null,
    });
    const { status, message } = await this.loop(onEvent, t0);
    if (this.recorder && status !== 'failed') await this.recorder.end(this.cursor.step, this.readWeights);
    const final = status === 'failed' ? null : await this.finalEvaluation(status);
    onEvent({ type: 'end', status, step: this.cursor.step, message });
    return {
      method: this.method,
      config: this.config,
      status,
      message,
      steps: this.cursor.step,
      elapsedSeconds: (performance.now() - t0) / 1000,
      epochs: this.cursor.epochs,
      hyperparamChanges: this.cursor.changes,
      final,
    };
  }

  /** Frees every tensor the trainer owns (model, optimizer state, backups, w_SWA, FGE). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.sam?.dispose();
    this.sgd.dispose();
    disposeModel(this.model);
    this.backup.dispose();
    this.swaPhase?.dispose();
  }

  /** Steps until the budget is spent or the run is cancelled; a divergence restores the last finite weights. */
  private async loop(onEvent: (e: TrainEvent) => void, t0: number): Promise<Ending> {
    const total = totalSteps(this.config);
    const first = this.cursor.step;
    try {
      while (this.cursor.step < total) {
        await this.waitWhilePaused();
        if (this.cancelled) return { status: 'cancelled', message: `cancelled after ${this.cursor.step} of ${total} steps` };
        this.applyPending(onEvent);
        if (this.branchRequest?.step === this.cursor.step) this.branch(this.branchRequest);
        if (this.recorder) await this.recorder.offerIterate(this.cursor.step, this.readWeights);
        await this.iteration((e) => {
          if (e.type !== 'step') return onEvent(e);
          const seconds = (performance.now() - t0) / 1000;
          const done = e.step - first;
          onEvent({ ...e, stepsPerSecond: done / seconds, etaSeconds: ((total - e.step) * seconds) / done });
        });
      }
      return { status: 'completed', message: null };
    } catch (e) {
      if (!(e instanceof Diverged)) return { status: 'failed', message: e instanceof Error ? e.message : String(e) };
      this.backup.restore();
      return { status: 'diverged', message: e.message };
    }
  }

  /** Lets the page breathe between steps, and holds here while paused (until resumed or cancelled). */
  private async waitWhilePaused(): Promise<void> {
    await yieldToEventLoop();
    while (this.paused && !this.cancelled) await new Promise<void>((r) => (this.wake = r));
  }

  /**
   * One step of the loop: the phase switch, the learning rate, the batch of
   * the seeded order, the optimizer step, the snapshot at a cycle's end, the
   * step event (its rate and ETA are filled in by `loop`) and, at an epoch's
   * end, the epoch's evaluation and the next epoch's order.
   */
  private async iteration(onEvent: (e: TrainEvent) => void): Promise<void> {
    const cfg = this.config;
    const c = this.cursor;
    if (c.step === swaStartStep(cfg)) this.beginSwa();
    const tick = this.swaPhase?.tick() ?? null;
    const lr = this.rateFor(tick);
    const within = c.step % stepsPerEpoch(cfg);
    const batch = makeBatch(this.train, c.order, within * cfg.batchSize, (within + 1) * cfg.batchSize);
    let loss: number;
    let correct: number;
    try {
      [loss, correct] = await optimizerStep(this.parts, batch, lr);
    } finally {
      disposeBatch(batch);
    }
    if (tick?.snapshot) await this.snapshot();
    c.step += 1;
    c.totals.add(loss, correct);
    onEvent({
      type: 'step',
      step: c.step,
      epoch: c.step / stepsPerEpoch(cfg),
      loss,
      accuracy: correct / cfg.batchSize,
      lr,
      rho: this.sam ? this.sam.options.rho : null,
      phase: tick ? 'swa' : 'base',
      swaModels: this.swa?.count ?? 0,
      stepsPerSecond: 0,
      etaSeconds: 0,
    });
    await this.maybeEndEpoch(onEvent);
  }

  /** The rate of the step about to be taken: α(i) of the cyclic clock in the SWA phase, the base schedule's η(step) before it. */
  private rateFor(tick: ClockTick | null): number {
    return tick ? tick.lr : baseLearningRate(this.schedule, this.cursor.step, scheduleSteps(this.config));
  }

  /** At an epoch's end (or the budget's): the epoch's event, then the next epoch's data order. */
  private async maybeEndEpoch(onEvent: (e: TrainEvent) => void): Promise<void> {
    const c = this.cursor;
    const perEpoch = stepsPerEpoch(this.config);
    if (c.step % perEpoch !== 0 && c.step !== totalSteps(this.config)) return;
    const e = await this.epochEnd(c.step / perEpoch, c.step, c.totals.take(this.config.batchSize));
    c.epochs.push(e);
    onEvent(e);
    if (c.step % perEpoch === 0) nextEpochOrder(c, this.train.count);
  }

  /** Applies queued live changes from this step on, and reports them (nothing when none are queued). */
  private applyPending(onEvent: (e: TrainEvent) => void): void {
    if (this.pending.length === 0) return;
    const merged: LiveHyperparams = Object.assign({}, ...this.pending) as LiveHyperparams;
    this.pending = [];
    if (merged.lr !== undefined) this.schedule.lr = merged.lr;
    if (merged.rho !== undefined) this.sam!.setOptions({ rho: merged.rho });
    const cyclic = cyclicChanges(merged);
    if (Object.keys(cyclic).length > 0) this.swaPhase!.setOptions(cyclic);
    const e: HyperparamsEvent = { type: 'hyperparams', step: this.cursor.step + 1, changes: merged };
    this.cursor.changes.push(e);
    onEvent(e);
  }

  /** Hands a copy of this run's whole state, as a new trainer for `request.config`, to `request.onBranch`. */
  private branch(request: BranchRequest): void {
    this.branchRequest = null;
    const t = new Trainer(request.config, this.data);
    vectorAssign(t.model.params, this.model.params);
    vectorAssign(t.model.state, this.model.state);
    vectorAssign(t.sgd.buffers, this.sgd.buffers);
    t.backup.copyFrom(this.backup);
    t.schedule.lr = this.schedule.lr;
    t.cursor = cloneCursor(this.cursor);
    if (this.tracker && t.tracker) t.tracker.continueFrom(this.tracker);
    if (this.recorder && t.recorder) t.recorder.continueFrom(this.recorder);
    t.origin = { method: this.method, step: this.cursor.step };
    t.paused = this.paused;
    request.onBranch(t);
  }

  /** The phase switch: w_SWA ← ŵ (the current weights), FGE gets ŵ as its first member, the cyclic clock takes over. */
  private beginSwa(): void {
    this.swaPhase!.begin(this.config.model, this.model, this.test);
  }

  /** End of a cycle: checks the weights are finite, then averages them (and adds them to FGE). */
  private async snapshot(): Promise<void> {
    const norm = vectorNorm(this.model.params);
    const value = (await norm.data())[0]!;
    norm.dispose();
    if (!Number.isFinite(value)) throw new Diverged(`weights became ${value} (diverged); the last weights with a finite loss were kept`);
    this.swaPhase!.snapshot(this.model);
    if (this.recorder) await this.recorder.offerSnapshot(this.cursor.step + 1, this.readWeights);
  }

  /** The model's parameters as one flat vector (one download), for the path recorder. */
  private readonly readWeights = () => vectorRead(this.model.params);

  /** The model's, w_SWA's (its BatchNorm statistics recomputed first, as its sharpness needs) and FGE's test numbers. */
  private async evaluateSolutions(): Promise<NonNullable<RunResult['final']>> {
    const { model, batchSize } = this.config;
    const swa = (await this.swaPhase?.evaluateAverage(model, this.train, this.test, batchSize)) ?? null;
    return { test: await evaluate(model, this.model, this.test), swa, fge: (await this.swaPhase?.evaluateEnsemble()) ?? null };
  }

  private async epochEnd(epoch: number, step: number, means: { trainLoss: number; trainAccuracy: number }): Promise<EpochEvent> {
    const solutions = await this.evaluateSolutions();
    const average = this.swa;
    return {
      type: 'epoch',
      epoch,
      step,
      ...means,
      ...solutions,
      // In SWA's phase the solution is w_SWA: its sharpness is tracked, the cyclic iterate's is not (it would double the cost).
      sharpness: this.tracker && !average ? await this.tracker.measure(this.model) : null,
      swaSharpness: this.tracker && average ? await this.tracker.measure(average.weights) : null,
    };
  }

  /** The final weights' numbers: those of the last epoch's end when the run completed there (nothing is evaluated twice). */
  private async finalEvaluation(status: RunStatus): Promise<RunResult['final']> {
    const last = this.cursor.epochs[this.cursor.epochs.length - 1];
    if (status === 'completed' && last?.step === this.cursor.step) return { test: last.test, swa: last.swa, fge: last.fge };
    return this.evaluateSolutions();
  }
}

/** The cycle options a live change sets (c, α₁, α₂), without the ones it leaves alone. */
function cyclicChanges(h: LiveHyperparams): Partial<{ c: number; alpha1: number; alpha2: number }> {
  const out: Partial<{ c: number; alpha1: number; alpha2: number }> = {};
  if (h.c !== undefined) out.c = h.c;
  if (h.alpha1 !== undefined) out.alpha1 = h.alpha1;
  if (h.alpha2 !== undefined) out.alpha2 = h.alpha2;
  return out;
}
