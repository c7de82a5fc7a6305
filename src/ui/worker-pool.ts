/**
 * The session's compute workers: each slot is one worker (one core on the
 * cpu backend) with what it is doing — the runs it trains, or one analysis
 * job. The pool starts, addresses and ends them; what they do is the
 * session's business.
 */
import type { Method } from '../core/methods';
import type { ModelSpec } from '../core/models/spec';
import type { BackendName, BackendTiming, Command, WorkerEvent } from '../worker/protocol';
import type { Job } from './analysis-jobs';
import type { SessionEnv, WorkerPort } from './session-types';

export interface TfMemory {
  numTensors: number;
  numBytes: number;
}

export interface Slot {
  port: WorkerPort;
  /** The worker has reported its backend. */
  ready: boolean;
  backend: BackendName | null;
  /** Runs training in this worker. */
  runs: Set<Method>;
  /** The analysis job under way here. */
  job: Job | null;
  /** Waiting for this worker's answer to a 'memory' command. */
  memory: ((m: TfMemory) => void) | null;
}

export class WorkerPool {
  private list: Slot[] = [];

  constructor(
    private readonly env: SessionEnv,
    /** The model the automatic backend choice times its steps on. */
    private readonly model: ModelSpec,
    private readonly onEvent: (slot: Slot, e: WorkerEvent) => void,
  ) {}

  /** The workers, the first one's backend report being the page's. */
  get slots(): readonly Slot[] {
    return this.list;
  }

  /** Starts a worker on `backend` (`measure`: it times every backend for the automatic choice; `remembered`: earlier timings). */
  spawn(backend: BackendName | 'auto', remembered: BackendTiming[] | null, measure: boolean): Slot {
    const slot: Slot = { port: { send() {}, terminate() {} }, ready: false, backend: null, runs: new Set(), job: null, memory: null };
    slot.port = this.env.spawn((e) => this.onEvent(slot, e));
    this.list.push(slot);
    slot.port.send({ type: 'init', dataUrl: this.env.dataUrl, backend, measureModel: measure ? this.model : null, remembered });
    return slot;
  }

  /** Ends one worker (a lost device). */
  remove(slot: Slot): void {
    slot.port.terminate();
    this.list = this.list.filter((s) => s !== slot);
  }

  /** Ends every worker. */
  clear(): void {
    this.list.forEach((s) => s.port.terminate());
    this.list = [];
  }

  broadcast(cmd: Command): void {
    this.list.forEach((s) => s.port.send(cmd));
  }

  /** Each worker's tfjs memory (the browser tests check that it returns to its baseline). */
  memory(): Promise<TfMemory[]> {
    return Promise.all(
      this.list.map(
        (s) =>
          new Promise<TfMemory>((resolve) => {
            s.memory = resolve;
            s.port.send({ type: 'memory' });
          }),
      ),
    );
  }
}
