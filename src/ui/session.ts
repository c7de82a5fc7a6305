/**
 * The page's orchestration, as one plain class (React reads it through
 * `useSyncExternalStore`; Node tests drive it with fake workers): the
 * compute workers and their backend, an experiment's runs trained at the
 * same time, live changes, the analysis jobs as solutions arrive, a lost GPU
 * device, saving. Worker events are applied to a working copy at once and
 * published at most every `PUBLISH_MS`, so three concurrent runs cost the
 * page a few renders a second however fast they step.
 *
 * Placement: on the cpu backend with two or more cores, SGD and SWA share
 * one worker (SWA branches from SGD's state at its start, so its first part
 * is not trained twice) and SAM, the costliest, gets its own: each worker is
 * one core. On a GPU backend (or one core) one worker trains all three,
 * their steps interleaved. Analysis jobs go to whichever worker is idle.
 */
import type { AnalysisStage } from '../core/probes/analysis-options';
import type { ModelSpec } from '../core/models/spec';
import type { LiveHyperparams, StepEvent } from '../core/train/events';
import { timingSummary } from '../worker/backend-pick';
import type { AnalysisJob, BackendName, BackendTiming, Command, SolutionPayload, TrainSpec, WorkerEvent } from '../worker/protocol';
import { type Experiment, type ExperimentAction, newExperiment, reduce } from './experiment';
import { type LabConfig, SURFACE_POINTS, analysisSettings, runConfig } from './lab';
import { METHODS, type Method } from '../core/methods';

export const PUBLISH_MS = 500;
const FALLBACK: Record<BackendName, BackendName> = { webgpu: 'webgl', webgl: 'cpu', cpu: 'cpu' };

export interface WorkerPort {
  send(cmd: Command): void;
  terminate(): void;
}

/** What the session needs from its surroundings (the browser's, or a test's). */
export interface SessionEnv {
  spawn(onEvent: (e: WorkerEvent) => void): WorkerPort;
  dataUrl: string;
  /** Cores the browser reports (navigator.hardwareConcurrency). */
  cores: number;
  save(x: Experiment): Promise<void>;
  /** Backend timings remembered for this browser and adapter (null: none). */
  recall(): Promise<BackendTiming[] | null>;
  remember(timings: BackendTiming[]): void;
  newId(): string;
  now(): string;
}

export interface BackendInfo {
  backend: BackendName;
  notes: string[];
  adapter: string | null;
  timings: BackendTiming[];
  /** "webgpu 9 ms/step · webgl 14 · cpu 61 — using webgpu", or null when the backend was forced. */
  summary: string | null;
}

export interface AnalysisProgress {
  stage: AnalysisStage;
  done: number;
  total: number;
}

export interface SessionState {
  backend: BackendInfo | null;
  experiment: Experiment | null;
  paused: boolean;
  /** The analysis job under way for each method (what its worker reported last). */
  analysis: Partial<Record<Method, AnalysisProgress>>;
  messages: string[];
  /** Increases each time a finished experiment has been saved. */
  saved: number;
  /** Workers started (1 on a GPU backend; 2 on the cpu backend with two cores). */
  workers: number;
}

/** Which methods train together in one worker (see the header). */
export function placeRuns(methods: readonly Method[], backend: BackendName, cores: number): Method[][] {
  const chosen = METHODS.filter((m) => methods.includes(m));
  if (backend !== 'cpu' || cores < 2) return chosen.length ? [chosen] : [];
  return [chosen.filter((m) => m !== 'SAM'), chosen.filter((m) => m === 'SAM')].filter((g) => g.length > 0);
}

interface Slot {
  port: WorkerPort;
  ready: boolean;
  backend: BackendName | null;
  /** Runs training in this worker. */
  runs: Set<Method>;
  /** The analysis job under way here. */
  job: Job | null;
  memory: ((m: { numTensors: number; numBytes: number }) => void) | null;
}

type Job = { kind: 'solution'; method: Method } | { kind: 'interpolation'; to: Method } | { kind: 'surface'; method: Method };

export class LabSession {
  private state: SessionState = { backend: null, experiment: null, paused: false, analysis: {}, messages: [], saved: 0, workers: 0 };
  private readonly listeners = new Set<() => void>();
  private slots: Slot[] = [];
  private lab: LabConfig | null = null;
  private jobs: Job[] = [];
  /** Runs waiting for a worker (after a lost device), in placement groups. */
  private waiting: Method[][] = [];
  private steps = new Map<Method, StepEvent[]>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  /** Stop was pressed: the experiment ends as 'stopped' once its runs have ended. */
  private stopping = false;

  constructor(
    private readonly env: SessionEnv,
    private readonly forced: BackendName | 'auto',
    private readonly model: ModelSpec,
  ) {
    void this.boot(forced, true);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionState => this.state;

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.slots.forEach((s) => s.port.terminate());
    this.slots = [];
  }

  /** Starts `methods` with `lab`: all of them at once, then their analysis as each finishes. */
  start(lab: LabConfig, methods: readonly Method[]): void {
    const backend = this.state.backend?.backend;
    if (!backend) throw new Error('the compute worker is not ready yet');
    this.lab = lab;
    this.jobs = [];
    this.steps.clear();
    this.stopping = false;
    const x = reduce(newExperiment(lab, this.env.newId(), this.env.now()), { type: 'phase', phase: 'training' });
    const groups = placeRuns(methods, backend, this.env.cores);
    this.jobs = groups.flat().map((m): Job => ({ kind: 'solution', method: m }));
    if (methods.includes('SGD'))
      this.jobs.push(...(['SWA', 'SAM'] as const).filter((m) => methods.includes(m)).map((m): Job => ({ kind: 'interpolation', to: m })));
    this.set({ experiment: x, paused: false, analysis: {} }, true);
    this.waiting = groups;
    this.ensureWorkers(groups.length);
    this.dispatch();
  }

  pause(): void {
    this.broadcast({ type: 'pause' });
    this.set({ paused: true }, true);
  }

  resume(): void {
    this.broadcast({ type: 'resume' });
    this.set({ paused: false }, true);
  }

  /** Stops training and analysis; finished runs and analyses are kept and saved. */
  stop(): void {
    this.stopping = true;
    this.waiting = [];
    this.jobs = [];
    this.broadcast({ type: 'resume' });
    this.broadcast({ type: 'cancel' });
    // A cancelled analysis answers with a status line, not a result: its worker is free again.
    this.slots.forEach((s) => (s.job = null));
    this.set({ paused: false, analysis: {} }, true);
    this.maybeFinish();
  }

  /** A slider moved: every running run takes the part it uses, from its next step (the worker routes it). */
  live(changes: LiveHyperparams): void {
    if (this.lab) this.lab = { ...this.lab, ...changes };
    if (this.state.experiment?.phase !== 'training') return;
    this.slots.filter((s) => s.runs.size > 0).forEach((s) => s.port.send({ type: 'hyperparams', changes }));
  }

  /** The loss surface around `method`'s solution, on the first idle worker. */
  computeSurface(method: Method): void {
    if (!this.state.experiment?.runs[method].solution) return;
    this.jobs.push({ kind: 'surface', method });
    this.setAnalysis(method, { stage: 'surface', done: 0, total: 1 });
    this.dispatch();
  }

  /** Shows a saved or imported experiment. */
  load(x: Experiment): void {
    this.lab = x.lab;
    this.set({ experiment: x }, true);
  }

  dismiss(i: number): void {
    this.set({ messages: this.state.messages.filter((_, k) => k !== i) }, true);
  }

  /** Handles a lost GPU device as if a worker had reported one (the browser tests use it). */
  simulateDeviceLoss(message: string): void {
    if (this.slots[0]) this.onEvent(this.slots[0], { type: 'device-lost', message });
  }

  /** Forgets the remembered backend timings and measures every backend again (new workers). */
  measureAgain(): void {
    this.env.remember([]);
    this.slots.forEach((s) => s.port.terminate());
    this.slots = [];
    this.set({ backend: null, workers: 0 }, true);
    void this.boot(this.forced, false);
  }

  /** Each worker's tfjs memory (the browser tests check that it returns to its baseline). */
  memory(): Promise<{ numTensors: number; numBytes: number }[]> {
    return Promise.all(
      this.slots.map(
        (s) =>
          new Promise<{ numTensors: number; numBytes: number }>((resolve) => {
            s.memory = resolve;
            s.port.send({ type: 'memory' });
          }),
      ),
    );
  }

  private async boot(backend: BackendName | 'auto', recall: boolean): Promise<void> {
    const remembered = backend === 'auto' && recall ? await this.env.recall() : null;
    if (this.disposed) return;
    this.spawn(backend, remembered, backend === 'auto');
  }

  private spawn(backend: BackendName | 'auto', remembered: BackendTiming[] | null, measure: boolean): Slot {
    const slot: Slot = { port: null as unknown as WorkerPort, ready: false, backend: null, runs: new Set(), job: null, memory: null };
    slot.port = this.env.spawn((e) => this.onEvent(slot, e));
    this.slots.push(slot);
    slot.port.send({ type: 'init', dataUrl: this.env.dataUrl, backend, measureModel: measure ? this.model : null, remembered });
    this.set({ workers: this.slots.length }, true);
    return slot;
  }

  /** Starts workers on the chosen backend until there are `n`. */
  private ensureWorkers(n: number): void {
    const backend = this.state.backend?.backend;
    if (!backend) return;
    while (this.slots.length < n) this.spawn(backend, null, false);
  }

  /** Gives waiting run groups and ready jobs to idle workers. */
  private dispatch(): void {
    const x = this.state.experiment;
    if (!x || !this.lab) return;
    for (const slot of this.slots) {
      if (!slot.ready || slot.runs.size > 0 || slot.job) continue;
      const group = this.stopping ? undefined : this.waiting.shift();
      if (group) {
        this.train(slot, group);
        continue;
      }
      const i = this.jobs.findIndex((j) => (j.kind === 'surface' || !this.stopping) && this.jobReady(j));
      if (i < 0) continue;
      const [job] = this.jobs.splice(i, 1);
      this.runJob(slot, job!);
    }
    this.maybeFinish();
  }

  private train(slot: Slot, group: Method[]): void {
    const lab = this.lab!;
    const specs: TrainSpec[] = group.map((m) => ({
      runId: m,
      config: runConfig(lab, m),
      branchFrom: m === 'SWA' && group.includes('SGD') ? 'SGD' : null,
    }));
    group.forEach((m) => slot.runs.add(m));
    for (const s of specs) this.apply({ type: 'run-started', method: s.runId, config: s.config });
    slot.port.send({ type: 'train', runs: specs });
  }

  private solution(m: Method): SolutionPayload | null {
    const r = this.state.experiment?.runs[m];
    return r?.solution ? { runId: m, config: r.config, weights: r.solution } : null;
  }

  private jobReady(j: Job): boolean {
    if (j.kind === 'interpolation') return Boolean(this.solution('SGD') && this.solution(j.to));
    return Boolean(this.solution(j.method));
  }

  /**
   * A job whose inputs can never arrive (a run failed, never started, or a stop) is dropped. A run's result
   * (with its solution) arrives after its 'end' event: until then its solution may still come.
   */
  private jobPossible(j: Job): boolean {
    const x = this.state.experiment!;
    const can = (m: Method) => {
      const r = x.runs[m];
      return Boolean(r.solution) || (r.result === null && r.skipped === undefined && !this.stopping);
    };
    return j.kind === 'interpolation' ? can('SGD') && can(j.to) : can(j.method);
  }

  private runJob(slot: Slot, job: Job): void {
    slot.job = job;
    const settings = analysisSettings(this.lab!);
    if (job.kind === 'surface') {
      slot.port.send({ type: 'surface', solution: this.solution(job.method)!, settings, range: 1, points: SURFACE_POINTS });
      return;
    }
    const analysisJob: AnalysisJob =
      job.kind === 'solution'
        ? { kind: 'solution', solution: this.solution(job.method)! }
        : { kind: 'interpolation', from: this.solution('SGD')!, to: this.solution(job.to)! };
    const method = job.kind === 'solution' ? job.method : job.to;
    this.setAnalysis(method, { stage: job.kind === 'solution' ? 'eigenvalues' : 'interpolation', done: 0, total: 1 });
    slot.port.send({ type: 'analyze', job: analysisJob, settings });
  }

  private jobDone(slot: Slot): void {
    const job = slot.job;
    slot.job = null;
    if (job) this.setAnalysis(job.kind === 'interpolation' ? job.to : job.method, null);
    this.dispatch();
  }

  /** Training is over when no run trains or waits; the experiment is done when no job remains either. */
  private maybeFinish(): void {
    const x = this.state.experiment;
    if (!x || (x.phase !== 'training' && x.phase !== 'analyzing')) return;
    const training = this.waiting.length > 0 || this.slots.some((s) => s.runs.size > 0);
    this.jobs = this.jobs.filter((j) => j.kind === 'surface' || this.jobPossible(j));
    const busy = this.slots.some((s) => s.job && s.job.kind !== 'surface');
    if (training) return;
    if (this.jobs.some((j) => j.kind !== 'surface') || busy) {
      if (x.phase !== 'analyzing') this.apply({ type: 'phase', phase: 'analyzing' }, true);
      return;
    }
    const anySolution = METHODS.some((m) => x.runs[m].solution);
    this.finish(anySolution && !this.stopping ? 'done' : 'stopped');
  }

  private finish(phase: 'done' | 'stopped'): void {
    this.flushSteps();
    this.apply({ type: 'phase', phase }, true);
    const x = this.state.experiment;
    if (!x) return;
    this.env
      .save(x)
      .then(() => this.set({ saved: this.state.saved + 1 }, true))
      .catch((e: unknown) =>
        this.say(
          `Could not save the run in this browser: ${(e as Error).message}. The run stays on this page: "Export run (JSON)" keeps it as a file.`,
        ),
      );
  }

  private onEvent(slot: Slot, e: WorkerEvent): void {
    if (this.disposed || !this.slots.includes(slot)) return;
    switch (e.type) {
      case 'backend':
        return this.onBackend(slot, e);
      case 'status':
        return;
      case 'run-event':
        if (e.event.type === 'step') {
          const list = this.steps.get(e.runId) ?? [];
          list.push(e.event);
          this.steps.set(e.runId, list);
          return this.schedule();
        }
        this.flushSteps();
        return this.apply({ type: 'run-event', method: e.runId, event: e.event });
      case 'run-done': {
        const m = e.runId;
        this.flushSteps();
        slot.runs.delete(m);
        this.apply({ type: 'run-done', method: m, result: e.result, solution: e.solution }, true);
        if (e.result.status === 'cancelled') this.stopping = true;
        if (e.result.status === 'diverged') this.say(`${m} diverged: ${e.result.message} Its last good weights are kept.`);
        if (e.result.status === 'failed') this.say(`${m} failed: ${e.result.message}`);
        return this.dispatch();
      }
      case 'run-skipped':
        slot.runs.delete(e.runId);
        this.apply({ type: 'run-skipped', method: e.runId, message: e.message }, true);
        this.say(`${e.runId} did not start: ${e.message}.`);
        return this.dispatch();
      case 'analysis-progress':
        return this.setAnalysis(e.runId, { stage: e.stage, done: e.done, total: e.total });
      case 'analysis':
        this.apply({ type: 'analysis', method: e.analysis.runId, analysis: e.analysis }, true);
        return this.jobDone(slot);
      case 'interpolation':
        this.apply({ type: 'interpolation', to: e.to, result: e.result }, true);
        return this.jobDone(slot);
      case 'surface':
        this.apply({ type: 'surface', method: e.runId, result: e.result }, true);
        return this.jobDone(slot);
      case 'hyperparams-rejected':
        return this.say(`Change not applied to ${e.runId}: ${e.message}`);
      case 'memory':
        slot.memory?.({ numTensors: e.numTensors, numBytes: e.numBytes });
        slot.memory = null;
        return;
      case 'device-lost':
        return this.onDeviceLost(slot, e.message);
      case 'error':
        this.say(`Error during ${e.during}: ${e.message}`);
        if (e.during === 'train') {
          slot.runs.clear();
          this.stopping = true;
          return this.dispatch();
        }
        if (e.during === 'analyze' || e.during === 'surface') return this.jobDone(slot);
        return;
    }
  }

  private onBackend(slot: Slot, e: Extract<WorkerEvent, { type: 'backend' }>): void {
    slot.ready = true;
    slot.backend = e.backend;
    if (slot === this.slots[0]) {
      const measured = e.timings.length > 0;
      this.set(
        {
          backend: {
            backend: e.backend,
            notes: e.notes,
            adapter: e.adapter,
            timings: e.timings,
            summary: measured ? timingSummary(e.timings, e.backend) : null,
          },
        },
        true,
      );
      if (measured && !e.notes.some((n) => n.startsWith('The choice measured earlier'))) this.env.remember(e.timings);
      // Start the second cpu worker now, so it has loaded its data when Start is pressed.
      this.ensureWorkers(placeRuns(METHODS, e.backend, this.env.cores).length);
    }
    this.dispatch();
  }

  private onDeviceLost(slot: Slot, message: string): void {
    const from = slot.backend ?? 'webgpu';
    const to = FALLBACK[from];
    const lost = [...slot.runs];
    this.say(`The GPU device was lost (${message}). Finished runs are kept; continuing on ${to}.`);
    slot.port.terminate();
    this.slots = this.slots.filter((s) => s !== slot);
    if (lost.length) this.waiting.unshift(lost);
    if (slot.job && slot.job.kind !== 'surface') this.jobs.unshift(slot.job);
    this.set(
      {
        backend: this.state.backend && {
          ...this.state.backend,
          backend: to,
          notes: [...this.state.backend.notes, `Switched to ${to} after the GPU device was lost.`],
        },
      },
      true,
    );
    this.spawn(to, null, false);
  }

  private broadcast(cmd: Command): void {
    this.slots.forEach((s) => s.port.send(cmd));
  }

  private say(m: string): void {
    this.set({ messages: [...this.state.messages, m] }, true);
  }

  private setAnalysis(m: Method, p: AnalysisProgress | null): void {
    const analysis = { ...this.state.analysis };
    if (p) analysis[m] = p;
    else delete analysis[m];
    this.set({ analysis });
  }

  /** Applies buffered step events: one reducer call per run. */
  private flushSteps(): void {
    let x = this.state.experiment;
    if (!x || this.steps.size === 0) return;
    for (const [method, events] of this.steps) x = reduce(x, { type: 'run-steps', method, events });
    this.steps.clear();
    this.set({ experiment: x });
  }

  private apply(a: ExperimentAction, now = false): void {
    const x = this.state.experiment;
    if (!x) return;
    this.set({ experiment: reduce(x, a) }, now);
  }

  /** Updates the state; listeners hear of it now (`now`) or at the next publish tick. */
  private set(patch: Partial<SessionState>, now = false): void {
    this.state = { ...this.state, ...patch };
    if (now) this.publish();
    else this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushSteps();
      this.publish();
    }, PUBLISH_MS);
  }

  private publish(): void {
    this.listeners.forEach((l) => l());
  }
}
