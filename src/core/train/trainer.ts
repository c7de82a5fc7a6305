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
 */
import * as tf from '@tensorflow/tfjs';
import { type ImageSet, takeSubset } from '../data/dataset';
import { type Batch, disposeBatch, makeBatch } from '../data/batches';
import { type BnBatchStats, type Model, createModel, disposeModel, forward } from '../models/convnet';
import { countCorrect, crossEntropy } from '../models/loss';
import { SharpnessTracker } from '../hessian/sharpness';
import { countParams } from '../models/spec';
import { recomputeBatchNorm } from '../optim/batchnorm';
import { FgeEnsemble } from '../optim/fge';
import { Sam, validateSamOptions } from '../optim/sam';
import { type BaseSchedule, baseLearningRate, validateBaseSchedule, validateCyclicOptions } from '../optim/schedule';
import { Sgd } from '../optim/sgd';
import { CyclicClock, SwaAverager } from '../optim/swa';
import { newVariable, vectorNorm } from '../params';
import { type Rng, createRng, permutation } from '../rng';
import { yieldToEventLoop } from '../yield';
import {
  type MethodName,
  type RunConfig,
  methodName,
  scheduleSteps,
  stepsPerEpoch,
  swaStartStep,
  totalSteps,
  trainingSet,
  validateRunConfig,
} from './config';
import { type Evaluation, evaluate } from './evaluate';
import type { EpochEvent, HyperparamsEvent, LiveHyperparams, RunStatus, TrainEvent } from './events';

/** The full splits; the trainer takes the configured prefixes. */
export interface TrainData {
  train: ImageSet;
  test: ImageSet;
}

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
  final: {
    test: Evaluation;
    swa: (Evaluation & { models: number; spread: number }) | null;
    fge: (Evaluation & { models: number }) | null;
  } | null;
}

interface Pass {
  loss: tf.Scalar;
  correct: tf.Scalar;
  grads: tf.Tensor[];
  stats: BnBatchStats[];
}

/** Divergence found by a finiteness check; the loop restores and stops. */
class Diverged extends Error {}

/** Where a run stands: everything a branched copy must carry to continue exactly. */
interface Cursor {
  step: number;
  dataRng: Rng;
  /** This epoch's data order. */
  order: Uint32Array;
  epochLoss: number;
  epochCorrect: number;
  epochSteps: number;
  epochs: EpochEvent[];
  changes: HyperparamsEvent[];
}

interface BranchRequest {
  config: RunConfig;
  step: number;
  onBranch: (t: Trainer) => void;
}

export class Trainer {
  readonly config: RunConfig;
  readonly model: Model;
  private readonly train: ImageSet;
  private readonly test: ImageSet;
  private readonly sgd: Sgd;
  private readonly sam: Sam | null;
  private readonly schedule: BaseSchedule;
  private readonly backup: { params: tf.Variable[]; state: tf.Variable[]; velocity: tf.Variable[] };
  private swaOptions: { alpha1: number; alpha2: number; c: number } | null;
  private clock: CyclicClock | null = null;
  private averager: SwaAverager | null = null;
  private fge: FgeEnsemble | null = null;
  private readonly trackers: { model: SharpnessTracker; swa: SharpnessTracker } | null;
  private pending: LiveHyperparams[] = [];
  private readonly data: TrainData;
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
    this.swaOptions = config.swa ? { alpha1: config.swa.alpha1, alpha2: config.swa.alpha2, c: config.swa.c } : null;
    const sharp = this.config.sharpness;
    this.trackers = sharp
      ? {
          model: new SharpnessTracker(config.model, takeSubset(this.train, sharp.samples), {
            maxIter: sharp.maxIter,
            firstMaxIter: sharp.firstMaxIter,
            tol: 1e-3,
            seed: config.seed,
          }),
          swa: new SharpnessTracker(config.model, takeSubset(this.train, sharp.samples), {
            maxIter: sharp.maxIter,
            firstMaxIter: sharp.firstMaxIter,
            tol: 1e-3,
            seed: config.seed,
          }),
        }
      : null;
    const copies = (vs: readonly tf.Variable[]) => vs.map((v) => newVariable(() => v.clone()));
    this.backup = { params: copies(this.model.params), state: copies(this.model.state), velocity: copies(this.sgd.buffers) };
    const dataRng = createRng((this.config.seed ^ 0x5eed0da7) >>> 0);
    const order = permutation(this.train.count, dataRng);
    this.cursor = { step: 0, dataRng, order, epochLoss: 0, epochCorrect: 0, epochSteps: 0, epochs: [], changes: [] };
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
    return this.averager;
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
    if (h.c !== undefined || h.alpha1 !== undefined || h.alpha2 !== undefined) {
      if (!this.swaOptions) throw new RangeError('c, alpha1 and alpha2 apply only to SWA runs');
      validateCyclicOptions({ ...this.swaOptions, ...definedOnly({ c: h.c, alpha1: h.alpha1, alpha2: h.alpha2 }) });
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
    const total = totalSteps(this.config);
    const first = this.cursor.step;
    const t0 = performance.now();
    let status: RunStatus = 'completed';
    let message: string | null = null;
    onEvent({
      type: 'start',
      method: this.method,
      totalSteps: total,
      stepsPerEpoch: stepsPerEpoch(this.config),
      numParams: countParams(this.config.model),
      firstStep: first,
      branchedFrom: this.origin?.method ?? null,
    });
    try {
      while (this.cursor.step < total) {
        await yieldToEventLoop();
        while (this.paused && !this.cancelled) await new Promise<void>((r) => (this.wake = r));
        if (this.cancelled) {
          status = 'cancelled';
          message = `cancelled after ${this.cursor.step} of ${total} steps`;
          break;
        }
        const applied = this.applyPending();
        if (applied) {
          const e: HyperparamsEvent = { type: 'hyperparams', step: this.cursor.step + 1, changes: applied };
          this.cursor.changes.push(e);
          onEvent(e);
        }
        if (this.branchRequest?.step === this.cursor.step) this.branch(this.branchRequest);
        await this.iteration((e) => {
          if (e.type !== 'step') return onEvent(e);
          const seconds = (performance.now() - t0) / 1000;
          const done = e.step - first;
          onEvent({ ...e, stepsPerSecond: done / seconds, etaSeconds: ((total - e.step) * seconds) / done });
        });
      }
    } catch (e) {
      if (e instanceof Diverged) {
        status = 'diverged';
        message = e.message;
        this.restoreBackup();
      } else {
        status = 'failed';
        message = e instanceof Error ? e.message : String(e);
      }
    }
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

  /**
   * One step of the loop: the SWA phase's start, the learning rate (the
   * cyclic clock's or the base schedule's), the batch of the seeded order,
   * the optimizer step, the snapshot at a cycle's end, the step event (its
   * rate and ETA are filled in by `run`) and, at an epoch's end, the epoch's
   * evaluation and the next epoch's order.
   */
  private async iteration(onEvent: (e: TrainEvent) => void): Promise<void> {
    const cfg = this.config;
    const c = this.cursor;
    const perEpoch = stepsPerEpoch(cfg);
    const total = totalSteps(cfg);
    if (c.step === swaStartStep(cfg)) this.beginSwa();
    const tick = this.clock ? this.clock.tick() : null;
    const lr = tick ? tick.lr : baseLearningRate(this.schedule, c.step, scheduleSteps(cfg));
    const within = c.step % perEpoch;
    const batch = makeBatch(this.train, c.order, within * cfg.batchSize, (within + 1) * cfg.batchSize);
    let loss: number;
    let correct: number;
    try {
      [loss, correct] = await this.step(batch, lr);
    } finally {
      disposeBatch(batch);
    }
    if (tick?.snapshot) await this.snapshot();
    c.step += 1;
    c.epochLoss += loss;
    c.epochCorrect += correct;
    c.epochSteps += 1;
    onEvent({
      type: 'step',
      step: c.step,
      epoch: c.step / perEpoch,
      loss,
      accuracy: correct / cfg.batchSize,
      lr,
      rho: this.sam ? this.sam.options.rho : null,
      phase: tick ? 'swa' : 'base',
      swaModels: this.averager?.count ?? 0,
      stepsPerSecond: 0,
      etaSeconds: 0,
    });
    if (c.step % perEpoch === 0 || c.step === total) {
      const e = await this.epochEnd(c.step / perEpoch, c.step, c.epochLoss / c.epochSteps, c.epochCorrect / (c.epochSteps * cfg.batchSize));
      c.epochs.push(e);
      onEvent(e);
      c.epochLoss = 0;
      c.epochCorrect = 0;
      c.epochSteps = 0;
      if (c.step % perEpoch === 0) c.order = permutation(this.train.count, c.dataRng);
    }
  }

  /** Hands a copy of this run's whole state, as a new trainer for `request.config`, to `request.onBranch`. */
  private branch(request: BranchRequest): void {
    this.branchRequest = null;
    const t = new Trainer(request.config, this.data);
    const copy = (from: readonly tf.Variable[], to: readonly tf.Variable[]) => from.forEach((v, i) => to[i]!.assign(v));
    copy(this.model.params, t.model.params);
    copy(this.model.state, t.model.state);
    copy(this.sgd.buffers, t.sgd.buffers);
    copy(this.backup.params, t.backup.params);
    copy(this.backup.state, t.backup.state);
    copy(this.backup.velocity, t.backup.velocity);
    t.schedule.lr = this.schedule.lr;
    const c = this.cursor;
    t.cursor = { ...c, dataRng: c.dataRng.clone(), order: c.order.slice(), epochs: [...c.epochs], changes: [...c.changes] };
    if (this.trackers && t.trackers) t.trackers.model.continueFrom(this.trackers.model);
    t.origin = { method: this.method, step: c.step };
    t.paused = this.paused;
    request.onBranch(t);
  }

  /** Frees every tensor the trainer owns (model, optimizer state, backups, w_SWA, FGE). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.sam?.dispose();
    this.sgd.dispose();
    disposeModel(this.model);
    [...this.backup.params, ...this.backup.state, ...this.backup.velocity].forEach((v) => v.dispose());
    this.averager?.dispose();
    this.fge?.dispose();
  }

  /** One optimizer step on `batch`; returns the batch loss and number correct at w (before the update). */
  private async step(batch: Batch, lr: number): Promise<[number, number]> {
    const first = this.pass(batch, true);
    try {
      const [lossData, correctData] = await Promise.all([first.loss.data(), first.correct.data()]);
      const loss = lossData[0]!;
      if (!Number.isFinite(loss))
        throw new Diverged(`training loss became ${loss} (diverged); the last weights with a finite loss were kept`);
      this.saveBackup();
      this.updateBnStats(first.stats);
      if (this.sam) {
        this.sam.firstStep(first.grads);
        let second: Pass | null = null;
        try {
          second = this.pass(batch, false);
          this.sam.secondStep(second.grads, lr);
        } catch (e) {
          this.sam.restore();
          throw e;
        } finally {
          if (second) disposePass(second);
        }
      } else {
        this.sgd.apply(first.grads, lr);
      }
      return [loss, correctData[0]!];
    } finally {
      disposePass(first);
    }
  }

  /** Loss, correct count, gradient w.r.t. the parameters and (if asked) BatchNorm batch statistics at the current weights. */
  private pass(batch: Batch, keepStats: boolean): Pass {
    let correct: tf.Scalar | null = null;
    let stats: BnBatchStats[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const { logits, batchStats } = forward(this.config.model, this.model, batch.x, true);
      correct = tf.keep(countCorrect(logits, batch.labels));
      if (keepStats) stats = batchStats.map((s) => ({ mean: tf.keep(s.mean), variance: tf.keep(s.variance), count: s.count }));
      return crossEntropy(logits, batch.y);
    }, this.model.params);
    return { loss: value, correct: correct!, grads: this.model.params.map((v) => grads[v.name]!), stats };
  }

  /** Running statistics r ← (1 − m)·r + m·batch, from the first pass only. */
  private updateBnStats(stats: BnBatchStats[]): void {
    const m = this.config.bnMomentum;
    tf.tidy(() => {
      stats.forEach((s, l) => {
        const mean = this.model.state[2 * l]!;
        const variance = this.model.state[2 * l + 1]!;
        mean.assign(tf.add(tf.mul(mean, 1 - m), tf.mul(s.mean, m)));
        variance.assign(tf.add(tf.mul(variance, 1 - m), tf.mul(s.variance, m)));
      });
    });
  }

  private saveBackup(): void {
    const copy = (from: readonly tf.Variable[], to: readonly tf.Variable[]) => from.forEach((v, i) => to[i]!.assign(v));
    copy(this.model.params, this.backup.params);
    copy(this.model.state, this.backup.state);
    copy(this.sgd.buffers, this.backup.velocity);
  }

  private restoreBackup(): void {
    const copy = (from: readonly tf.Variable[], to: readonly tf.Variable[]) => from.forEach((v, i) => to[i]!.assign(v));
    copy(this.backup.params, this.model.params);
    copy(this.backup.state, this.model.state);
    copy(this.backup.velocity, this.sgd.buffers);
  }

  /** Applies queued live changes; returns what changed (null if nothing). */
  private applyPending(): LiveHyperparams | null {
    if (this.pending.length === 0) return null;
    const merged: LiveHyperparams = Object.assign({}, ...this.pending);
    this.pending = [];
    if (merged.lr !== undefined) this.schedule.lr = merged.lr;
    if (merged.rho !== undefined) this.sam!.setOptions({ rho: merged.rho });
    const cyclic = definedOnly({ c: merged.c, alpha1: merged.alpha1, alpha2: merged.alpha2 });
    if (Object.keys(cyclic).length > 0) {
      this.swaOptions = { ...this.swaOptions!, ...cyclic };
      this.clock?.setOptions(cyclic);
    }
    return merged;
  }

  /** w_SWA ← ŵ (the current weights), FGE gets ŵ as its first member, the cyclic clock starts. */
  private beginSwa(): void {
    this.averager = new SwaAverager(this.model);
    this.clock = new CyclicClock({ ...this.swaOptions! });
    // w_SWA starts at ŵ, the weights whose top eigenvector was tracked last: its tracker starts warm.
    this.trackers?.swa.continueFrom(this.trackers.model);
    if (this.config.swa!.fge) {
      this.fge = new FgeEnsemble(this.config.model, this.test);
      this.fge.add(this.model);
    }
  }

  /** End of a cycle: checks the weights are finite, then averages them (and adds them to FGE). */
  private async snapshot(): Promise<void> {
    const norm = vectorNorm(this.model.params);
    const value = (await norm.data())[0]!;
    norm.dispose();
    if (!Number.isFinite(value)) throw new Diverged(`weights became ${value} (diverged); the last weights with a finite loss were kept`);
    this.averager!.update(this.model.params);
    this.fge?.add(this.model);
  }

  private async swaEvaluation(): Promise<(Evaluation & { models: number; spread: number }) | null> {
    const avg = this.averager;
    if (!avg) return null;
    await recomputeBatchNorm(this.config.model, avg.params, avg.state, this.train, Math.max(this.config.batchSize, 256));
    const ev = await evaluate(this.config.model, avg.weights, this.test);
    return { ...ev, models: avg.count, spread: await avg.spread() };
  }

  private async fgeEvaluation(): Promise<(Evaluation & { models: number }) | null> {
    return this.fge ? { ...(await this.fge.evaluate()), models: this.fge.count } : null;
  }

  private async epochEnd(epoch: number, step: number, trainLoss: number, trainAccuracy: number): Promise<EpochEvent> {
    const swa = await this.swaEvaluation();
    return {
      type: 'epoch',
      epoch,
      step,
      trainLoss,
      trainAccuracy,
      test: await evaluate(this.config.model, this.model, this.test),
      swa,
      fge: await this.fgeEvaluation(),
      // In SWA's phase the solution is w_SWA: its sharpness is tracked, the cyclic iterate's is not (it would double the cost).
      sharpness: this.trackers && !this.averager ? await this.trackers.model.measure(this.model) : null,
      // w_SWA's BatchNorm statistics were just recomputed by swaEvaluation.
      swaSharpness: this.trackers && this.averager ? await this.trackers.swa.measure(this.averager.weights) : null,
    };
  }

  /** The final weights' numbers: those of the last epoch's end when the run completed there (nothing is evaluated twice). */
  private async finalEvaluation(status: RunStatus): Promise<RunResult['final']> {
    const last = this.cursor.epochs[this.cursor.epochs.length - 1];
    if (status === 'completed' && last?.step === this.cursor.step) return { test: last.test, swa: last.swa, fge: last.fge };
    return {
      test: await evaluate(this.config.model, this.model, this.test),
      swa: await this.swaEvaluation(),
      fge: await this.fgeEvaluation(),
    };
  }
}

function disposePass(p: Pass): void {
  p.loss.dispose();
  p.correct.dispose();
  p.grads.forEach((g) => g.dispose());
  p.stats.forEach((s) => {
    s.mean.dispose();
    s.variance.dispose();
  });
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
