/**
 * A run's path in weight space, kept within a fixed memory bound: the flat
 * parameters w_s after step s for s = 0, every, 2·every, … (the trajectory
 * view, Li et al. 2018, projects them on their first two principal
 * directions), and, for SWA runs, the weights at each snapshot the average
 * takes (the plane through three of them is the SWA paper's Figure 1).
 *
 * Bound and thinning: a list holds at most `capacity` entries. When an entry
 * is due and the list is full, every second entry is dropped and the spacing
 * doubles, so what is kept is always every multiple of the current spacing
 * seen so far: coverage stays uniform over the whole run however long it is,
 * and memory stays at `capacity` vectors of P float32 values.
 *
 * Weights are read (one download) only on the steps that keep them; the
 * vectors are never modified once kept, so a copy of the recorder (a branch)
 * shares them.
 */
import type { FlatParams } from '../params';
import { checkNumber } from '../validate';

/** What to record (RunConfig.path). */
export interface PathConfig {
  /** Steps between kept iterates at first (the spacing doubles at each thinning). */
  every: number;
  /** Most iterates kept (the final weights included). */
  max: number;
  /** Most SWA snapshots kept (0: none). */
  snapshots: number;
}

/**
 * Ranges `validatePathConfig` enforces: three points at least (a plane needs
 * them), and at most 128 vectors a list (14 MB at the default model's 13,990
 * parameters; the trajectory's Gram matrix stays small for its Jacobi solve).
 */
export const PATH_LIMITS = { kept: { min: 3, max: 128 } } as const;

/** Throws a RangeError naming the first invalid field; returns the config. */
export function validatePathConfig(p: PathConfig): PathConfig {
  if (typeof p !== 'object' || p === null) throw new RangeError('path must be { every, max, snapshots }');
  checkNumber('path.every', p.every, { min: 1, integer: true });
  checkNumber('path.max', p.max, { ...PATH_LIMITS.kept, integer: true });
  if (p.snapshots !== 0) checkNumber('path.snapshots', p.snapshots, { ...PATH_LIMITS.kept, integer: true });
  return p;
}

/** A recorded path, as plain data (it travels through the worker protocol and checkpoints). */
export interface RecordedPath {
  /** Steps between kept iterates now (`PathConfig.every` times a power of two). */
  every: number;
  /** Step after which each iterate was taken (0: the initial weights), increasing; the last is the run's last step. */
  steps: number[];
  /** The flat parameters at each of `steps`, in `paramShapes` order. */
  iterates: FlatParams[];
  /** Step after which each kept snapshot was averaged into w_SWA, increasing (empty without SWA). */
  snapshotSteps: number[];
  /** The weights averaged at each of `snapshotSteps`. */
  snapshots: FlatParams[];
}

/** A bounded list of vectors keyed by a counter (a step, a snapshot's ordinal): it keeps every multiple of `every`. */
class ThinnedList {
  private readonly keys: number[] = [];
  readonly steps: number[] = [];
  readonly vectors: FlatParams[] = [];

  constructor(
    private readonly capacity: number,
    public every: number,
  ) {}

  /** Keeps `read()` at `key` when key is a multiple of the spacing (thinning first when full). */
  async offer(key: number, step: number, read: () => Promise<FlatParams>): Promise<void> {
    if (key % this.every !== 0) return;
    if (this.keys.length === this.capacity) this.thin();
    if (key % this.every !== 0) return;
    this.push(key, step, await read());
  }

  /**
   * Keeps `read()` at `key` whatever the spacing (the run's end), in place of
   * the entry kept there if any (a diverged run's weights at its last step are
   * not its final ones: it restored those before them); thins first when full.
   */
  async append(key: number, step: number, read: () => Promise<FlatParams>): Promise<void> {
    if (this.keys[this.keys.length - 1] === key) this.drop(this.keys.length - 1);
    else if (this.keys.length === this.capacity) this.thin();
    this.push(key, step, await read());
  }

  /** Doubles the spacing and drops the entries off it: every second one, since the kept keys are 0, every, 2·every, … */
  private thin(): void {
    this.every *= 2;
    for (let i = this.keys.length - 1; i >= 0; i--) if (this.keys[i]! % this.every !== 0) this.drop(i);
  }

  private drop(i: number): void {
    this.keys.splice(i, 1);
    this.steps.splice(i, 1);
    this.vectors.splice(i, 1);
  }

  private push(key: number, step: number, v: FlatParams): void {
    this.keys.push(key);
    this.steps.push(step);
    this.vectors.push(v);
  }

  /** A copy that goes on from here (the kept vectors are shared: they are never modified). */
  clone(): ThinnedList {
    const c = new ThinnedList(this.capacity, this.every);
    c.keys.push(...this.keys);
    c.steps.push(...this.steps);
    c.vectors.push(...this.vectors);
    return c;
  }
}

/**
 * Records a run's iterates and SWA snapshots (see the file comment). The
 * trainer offers the weights before every step and at the run's end; `read`
 * is called only when they are kept.
 */
export class PathRecorder {
  private iterates: ThinnedList;
  private snapshots: ThinnedList | null;
  /** Snapshots offered so far (each one's ordinal is its key). */
  private snapshotCount = 0;

  constructor(config: PathConfig) {
    validatePathConfig(config);
    this.iterates = new ThinnedList(config.max, config.every);
    this.snapshots = config.snapshots > 0 ? new ThinnedList(config.snapshots, 1) : null;
  }

  /** Offers the weights after `step` steps (0: the initial weights). */
  offerIterate(step: number, read: () => Promise<FlatParams>): Promise<void> {
    return this.iterates.offer(step, step, read);
  }

  /** Offers the weights of the snapshot the SWA average took after `step` steps. */
  offerSnapshot(step: number, read: () => Promise<FlatParams>): Promise<void> {
    const key = this.snapshotCount++;
    return this.snapshots ? this.snapshots.offer(key, step, read) : Promise.resolve();
  }

  /**
   * The run has ended after `step` steps (the count it reports): its final
   * weights close the path, kept whatever the spacing, in place of those
   * offered at `step` (a diverged run restored the weights before them).
   */
  end(step: number, read: () => Promise<FlatParams>): Promise<void> {
    return this.iterates.append(step, step, read);
  }

  /** Goes on from `other`'s record (a branch: its path starts with the run it branched from). */
  continueFrom(other: PathRecorder): void {
    this.iterates = other.iterates.clone();
    this.snapshots = other.snapshots?.clone() ?? null;
    this.snapshotCount = other.snapshotCount;
  }

  /** What is kept so far (new lists; the vectors are shared, never modified). */
  get path(): RecordedPath {
    return {
      every: this.iterates.every,
      steps: [...this.iterates.steps],
      iterates: [...this.iterates.vectors],
      snapshotSteps: [...(this.snapshots?.steps ?? [])],
      snapshots: [...(this.snapshots?.vectors ?? [])],
    };
  }
}
