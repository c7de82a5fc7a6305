/**
 * The SWA phase of a run (MISSION.md §2, Algorithm 1): from its start the
 * cyclic clock gives α(i), and each cycle's end averages the weights into
 * w_SWA (and adds them to the FGE ensemble when asked). The clock exists from
 * the run's first step, so it is the one holder of the cycle options (c, α₁,
 * α₂): live changes before the phase begins land in it like those after.
 */
import type { ImageSet } from '../data/dataset';
import type { Model } from '../models/convnet';
import type { ModelSpec } from '../models/spec';
import { recomputeBatchNorm } from '../optim/batchnorm';
import { FgeEnsemble } from '../optim/fge';
import type { CyclicOptions } from '../optim/schedule';
import { type ClockTick, CyclicClock, SwaAverager } from '../optim/swa';
import type { SwaConfig } from './config';
import { evaluate } from './evaluate';
import type { FgeEvaluation, SwaEvaluation } from './events';

export class SwaPhase {
  private readonly clock: CyclicClock;
  private averager: SwaAverager | null = null;
  private fge: FgeEnsemble | null = null;

  constructor(private readonly config: SwaConfig) {
    this.clock = new CyclicClock({ alpha1: config.alpha1, alpha2: config.alpha2, c: config.c });
  }

  /** The cycle options in force (a copy). */
  get options(): CyclicOptions {
    return this.clock.options;
  }

  /** Changes α₁, α₂ and/or c from the next iteration (validated; a new c restarts the cycle). */
  setOptions(next: Partial<CyclicOptions>): void {
    this.clock.setOptions(next);
  }

  /** w_SWA once the phase has begun (owned by the phase). */
  get average(): SwaAverager | null {
    return this.averager;
  }

  /** w_SWA ← ŵ (the model's current weights); FGE, when asked, gets ŵ as its first member, evaluated on `test`. */
  begin(spec: ModelSpec, model: Model, test: ImageSet): void {
    this.averager = new SwaAverager(model);
    if (this.config.fge) {
      this.fge = new FgeEnsemble(spec, test);
      this.fge.add(model);
    }
  }

  /** The next iteration's α(i) and whether a snapshot follows it; null before the phase has begun. */
  tick(): ClockTick | null {
    return this.averager ? this.clock.tick() : null;
  }

  /** End of a cycle: w_SWA ← (w_SWA · n_models + w) / (n_models + 1), and w joins FGE. */
  snapshot(model: Model): void {
    this.averager!.update(model.params);
    this.fge?.add(model);
  }

  /** w_SWA's test numbers after its BatchNorm statistics are recomputed on `train`; null before the phase. */
  async evaluateAverage(spec: ModelSpec, train: ImageSet, test: ImageSet, batchSize: number): Promise<SwaEvaluation | null> {
    const avg = this.averager;
    if (!avg) return null;
    await recomputeBatchNorm(spec, avg.params, avg.state, train, Math.max(batchSize, 256));
    const ev = await evaluate(spec, avg.weights, test);
    return { ...ev, models: avg.count, spread: await avg.spread() };
  }

  /** The FGE ensemble's test numbers; null when FGE is off or the phase has not begun. */
  async evaluateEnsemble(): Promise<FgeEvaluation | null> {
    return this.fge ? { ...(await this.fge.evaluate()), models: this.fge.count } : null;
  }

  dispose(): void {
    this.averager?.dispose();
    this.fge?.dispose();
  }
}
