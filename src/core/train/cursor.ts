/**
 * Where a run stands, as data a branched copy must carry to continue exactly:
 * the step count, the seeded data order of this epoch (and the generator of
 * the next ones), this epoch's running totals, and the history so far.
 */
import { type Rng, createRng, permutation } from '../rng';
import type { EpochEvent, HyperparamsEvent } from './events';

/**
 * The training loss and accuracy of one epoch, as the means of its batch
 * values: trainLoss = (1/S) Σ_s L_s, trainAccuracy = Σ_s correct_s / (S·B)
 * over its S steps of batch size B.
 */
export class EpochTotals {
  private loss = 0;
  private correct = 0;
  private steps = 0;

  /** Adds one step's batch loss and number of correct predictions. */
  add(loss: number, correct: number): void {
    this.loss += loss;
    this.correct += correct;
    this.steps += 1;
  }

  /** The epoch's means (over the steps added since the last `take`), and a fresh start. */
  take(batchSize: number): { trainLoss: number; trainAccuracy: number } {
    const means = { trainLoss: this.loss / this.steps, trainAccuracy: this.correct / (this.steps * batchSize) };
    this.loss = 0;
    this.correct = 0;
    this.steps = 0;
    return means;
  }

  clone(): EpochTotals {
    const c = new EpochTotals();
    c.loss = this.loss;
    c.correct = this.correct;
    c.steps = this.steps;
    return c;
  }
}

/** Where a run stands (the trainer advances it; a branch takes a `cloneCursor`). */
export interface Cursor {
  /** Steps completed. */
  step: number;
  /** Draws each epoch's data order. */
  readonly dataRng: Rng;
  /** This epoch's data order (a permutation of the training set's indices). */
  order: Uint32Array;
  readonly totals: EpochTotals;
  readonly epochs: EpochEvent[];
  /** Live changes applied so far. */
  readonly changes: HyperparamsEvent[];
}

/** Step 0, with the first epoch's order drawn from the data generator seeded by `seed` (shared by runs of the same seed). */
export function startCursor(trainCount: number, seed: number): Cursor {
  const dataRng = createRng((seed ^ 0x5eed0da7) >>> 0);
  return { step: 0, dataRng, order: permutation(trainCount, dataRng), totals: new EpochTotals(), epochs: [], changes: [] };
}

/** An independent copy: advancing either never moves the other. */
export function cloneCursor(c: Cursor): Cursor {
  return {
    step: c.step,
    dataRng: c.dataRng.clone(),
    order: c.order.slice(),
    totals: c.totals.clone(),
    epochs: [...c.epochs],
    changes: [...c.changes],
  };
}

/** Moves to the next epoch's data order, drawn from the cursor's generator. */
export function nextEpochOrder(c: Cursor, trainCount: number): void {
  c.order = permutation(trainCount, c.dataRng);
}
