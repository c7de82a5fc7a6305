/**
 * One optimizer step of the training loop, and the copy of the weights it
 * can fall back to. Per step: the loss, number correct, gradient and (first
 * pass only) BatchNorm batch statistics at w; if the loss is not finite the
 * step throws `Diverged` before touching anything; otherwise the current
 * weights are backed up, the running statistics move towards the batch's
 * (r ← (1 − m)·r + m·batch), and SGD steps, or SAM climbs to w + ε̂, takes
 * the gradient there, comes back and steps.
 */
import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../data/batches';
import { type BnBatchStats, type Model, bnStatistics, forward } from '../models/convnet';
import { countCorrect, crossEntropy } from '../models/loss';
import type { Sam } from '../optim/sam';
import type { Sgd } from '../optim/sgd';
import { newVariable, vectorAssign } from '../params';

/** A divergence found by a finiteness check: the loop restores the backup and stops. */
export class Diverged extends Error {}

/** A copy of everything a step changes: the parameters, BatchNorm statistics and momentum buffers. */
export class WeightBackup {
  private readonly params: tf.Variable[];
  private readonly state: tf.Variable[];
  private readonly velocity: tf.Variable[];

  constructor(
    private readonly model: Model,
    private readonly sgd: Sgd,
  ) {
    const copies = (vs: readonly tf.Variable[]) => vs.map((v) => newVariable(() => v.clone()));
    this.params = copies(model.params);
    this.state = copies(model.state);
    this.velocity = copies(sgd.buffers);
  }

  /** Backs up the model's and optimizer's current values. */
  save(): void {
    vectorAssign(this.params, this.model.params);
    vectorAssign(this.state, this.model.state);
    vectorAssign(this.velocity, this.sgd.buffers);
  }

  /** Puts the backed-up values back. */
  restore(): void {
    vectorAssign(this.model.params, this.params);
    vectorAssign(this.model.state, this.state);
    vectorAssign(this.sgd.buffers, this.velocity);
  }

  /** Takes `other`'s backed-up values (a branched run continues from its parent's backup). */
  copyFrom(other: WeightBackup): void {
    vectorAssign(this.params, other.params);
    vectorAssign(this.state, other.state);
    vectorAssign(this.velocity, other.velocity);
  }

  dispose(): void {
    [...this.params, ...this.state, ...this.velocity].forEach((v) => v.dispose());
  }
}

/** What a step needs: the model, its optimizers, its backup and the BatchNorm momentum m. */
export interface StepParts {
  model: Model;
  sgd: Sgd;
  sam: Sam | null;
  backup: WeightBackup;
  bnMomentum: number;
}

interface Pass {
  loss: tf.Scalar;
  correct: tf.Scalar;
  grads: tf.Tensor[];
  stats: BnBatchStats[];
}

/** One optimizer step on `batch` at rate `lr`; returns the batch loss and number correct at w (before the update). */
export async function optimizerStep(parts: StepParts, batch: Batch, lr: number): Promise<[number, number]> {
  const { model, sgd, sam } = parts;
  const first = pass(model, batch, true);
  try {
    const [lossData, correctData] = await Promise.all([first.loss.data(), first.correct.data()]);
    const loss = lossData[0]!;
    if (!Number.isFinite(loss))
      throw new Diverged(`training loss became ${loss} (diverged); the last weights with a finite loss were kept`);
    parts.backup.save();
    updateBnStatistics(model, first.stats, parts.bnMomentum);
    if (sam) samStep(model, sam, first.grads, batch, lr);
    else sgd.apply(first.grads, lr);
    return [loss, correctData[0]!];
  } finally {
    disposePass(first);
  }
}

/** SAM's two passes: climb to w + ε̂ with g, take g_SAM there, come back to w (also when the second pass fails) and step. */
function samStep(model: Model, sam: Sam, grads: readonly tf.Tensor[], batch: Batch, lr: number): void {
  sam.firstStep(grads);
  let second: Pass | null = null;
  try {
    second = pass(model, batch, false);
    sam.secondStep(second.grads, lr);
  } catch (e) {
    sam.restore();
    throw e;
  } finally {
    if (second) disposePass(second);
  }
}

/** Loss, correct count, gradient w.r.t. the parameters and (if asked) BatchNorm batch statistics at the current weights. */
function pass(model: Model, batch: Batch, keepStats: boolean): Pass {
  let correct: tf.Scalar | null = null;
  let stats: BnBatchStats[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const { logits, batchStats } = forward(model.spec, model, batch.x, true);
    correct = tf.keep(countCorrect(logits, batch.labels));
    if (keepStats) stats = batchStats.map((s) => ({ mean: tf.keep(s.mean), variance: tf.keep(s.variance), count: s.count }));
    return crossEntropy(logits, batch.y);
  }, model.params);
  return { loss: value, correct: correct!, grads: model.params.map((v) => grads[v.name]!), stats };
}

/** Running statistics r ← (1 − m)·r + m·batch, from the first pass only. */
function updateBnStatistics(model: Model, stats: readonly BnBatchStats[], m: number): void {
  tf.tidy(() => {
    stats.forEach((s, l) => {
      const { mean, variance } = bnStatistics(model.state, l);
      mean.assign(tf.add(tf.mul(mean, 1 - m), tf.mul(s.mean, m)));
      variance.assign(tf.add(tf.mul(variance, 1 - m), tf.mul(s.variance, m)));
    });
  });
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
