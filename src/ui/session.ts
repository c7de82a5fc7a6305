/**
 * The page's orchestration, as one plain class (React reads it through
 * `useSyncExternalStore`; Node tests drive it with fake workers): the
 * compute workers and their backend, an experiment's runs trained at the
 * same time, live changes, the analysis jobs as solutions arrive, a lost GPU
 * device, saving. Worker events are applied to a working copy at once and
 * published at most every `PUBLISH_MS`, so three concurrent runs cost the
 * page a few renders a second however fast they step.
 *
 * Runs are placed on workers by `placeRuns` (placement.ts); analysis jobs
 * (analysis-jobs.ts) go to whichever worker is idle.
 */
import type { ModelSpec } from '../core/models/spec';
import type { LiveHyperparams, StepEvent, TrainEvent } from '../core/train/events';
import type { RecordedPath } from '../core/train/path';
import { timingSummary } from '../worker/backend-pick';
import type { BackendName, BackendTiming, Command, TrainSpec, ViewKind, WorkerEvent } from '../worker/protocol';
import {
  type Job,
  type ViewJob,
  jobCommand,
  jobMethod,
  jobPossible,
  jobReady,
  jobStartProgress,
  onRequest,
  plannedJobs,
} from './analysis-jobs';
import { type Experiment, type ExperimentAction, newExperiment, reduce } from './experiment';
import type { Message } from './i18n/message';
import { type LabConfig, SURFACE_POINTS, VIEW_GRID_POINTS, analysisSettings, runConfig } from './lab';
import { METHODS, type Method } from '../core/methods';
import { Publisher } from './publisher';
import { FALLBACK, placeRuns } from './placement';
import { backendNote, deviceLost, liveRejected, runEnded, runSkipped, saveFailed, switchedNote, workerError } from './session-messages';
import type { AnalysisProgress, SessionEnv, SessionState, ViewProgress } from './session-types';
import { type Slot, type TfMemory, WorkerPool } from './worker-pool';

export class LabSession {
  private readonly store = new Publisher<SessionState>(
    { backend: null, experiment: null, paused: false, analysis: {}, views: {}, recorded: {}, messages: [], saved: 0, workers: 0 },
    () => this.flushSteps(),
  );
  private readonly pool: WorkerPool;
  private lab: LabConfig | null = null;
  private jobs: Job[] = [];
  /** The paths this tab's runs recorded, for the trajectory and snapshot-plane views (never saved). */
  private paths = new Map<Method, RecordedPath>();
  /** Runs waiting for a worker (after a lost device), in placement groups. */
  private waiting: Method[][] = [];
  private steps = new Map<Method, StepEvent[]>();
  private disposed = false;
  /** Stop was pressed: the experiment ends as 'stopped' once its runs have ended. */
  private stopping = false;

  /** `model`: the one the automatic backend choice times its steps on. */
  constructor(
    private readonly env: SessionEnv,
    private readonly forced: BackendName | 'auto',
    model: ModelSpec,
  ) {
    this.pool = new WorkerPool(env, model, (slot, e) => this.onEvent(slot, e));
    void this.boot(forced, true);
  }

  readonly subscribe = this.store.subscribe;

  readonly getSnapshot = this.store.getSnapshot;

  private get state(): SessionState {
    return this.store.state;
  }

  dispose(): void {
    this.disposed = true;
    this.store.close();
    this.pool.clear();
  }

  /** Starts `methods` with `lab`: all of them at once, then their analysis as each finishes. */
  start(lab: LabConfig, methods: readonly Method[]): void {
    const backend = this.state.backend?.backend;
    if (!backend) throw new Error('the compute worker is not ready yet');
    this.lab = lab;
    this.jobs = [];
    this.paths.clear();
    this.steps.clear();
    this.stopping = false;
    const x = reduce(newExperiment(lab, this.env.newId(), this.env.now()), { type: 'phase', phase: 'training' });
    const groups = placeRuns(methods, backend, this.env.cores);
    this.jobs = plannedJobs(groups.flat());
    this.set({ experiment: x, paused: false, analysis: {}, views: {}, recorded: {} }, true);
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
    this.pool.slots.forEach((s) => (s.job = null));
    this.set({ paused: false, analysis: {}, views: {} }, true);
    this.maybeFinish();
  }

  /** A slider moved: every running run takes the part it uses, from its next step (the worker routes it). */
  live(changes: LiveHyperparams): void {
    if (this.lab) this.lab = { ...this.lab, ...changes };
    if (this.state.experiment?.phase !== 'training') return;
    this.pool.slots.filter((s) => s.runs.size > 0).forEach((s) => s.port.send({ type: 'hyperparams', changes }));
  }

  /** A view of issue 13, on the first idle worker once the solutions it reads have arrived. */
  computeView(view: ViewJob): void {
    const job: Job = { kind: 'view', view };
    if (!jobReady(this.state.experiment, job, this.paths)) return;
    this.jobs.push(job);
    this.setView(view.kind, { done: 0, total: 1 });
    this.dispatch();
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
    this.paths.clear();
    this.set({ experiment: x, recorded: {} }, true);
  }

  dismiss(i: number): void {
    this.set({ messages: this.state.messages.filter((_, k) => k !== i) }, true);
  }

  /** Handles a lost GPU device as if a worker had reported one (the browser tests use it). */
  simulateDeviceLoss(message: string): void {
    if (this.pool.slots[0]) this.onEvent(this.pool.slots[0], { type: 'device-lost', message });
  }

  /** Forgets the remembered backend timings and measures every backend again (new workers). */
  measureAgain(): void {
    this.env.remember([]);
    this.pool.clear();
    this.set({ backend: null, workers: 0 }, true);
    void this.boot(this.forced, false);
  }

  /** Each worker's tfjs memory (the browser tests check that it returns to its baseline). */
  memory(): Promise<TfMemory[]> {
    return this.pool.memory();
  }

  private async boot(backend: BackendName | 'auto', recall: boolean): Promise<void> {
    const remembered = backend === 'auto' && recall ? await this.env.recall() : null;
    if (this.disposed) return;
    this.spawn(backend, remembered, backend === 'auto');
  }

  private spawn(backend: BackendName | 'auto', remembered: BackendTiming[] | null, measure: boolean): void {
    this.pool.spawn(backend, remembered, measure);
    this.set({ workers: this.pool.slots.length }, true);
  }

  /** Starts workers on the chosen backend until there are `n`. */
  private ensureWorkers(n: number): void {
    const backend = this.state.backend?.backend;
    if (!backend) return;
    while (this.pool.slots.length < n) this.spawn(backend, null, false);
  }

  /** Gives waiting run groups and ready jobs to idle workers. */
  private dispatch(): void {
    const x = this.state.experiment;
    if (!x || !this.lab) return;
    for (const slot of this.pool.slots) {
      if (!slot.ready || slot.runs.size > 0 || slot.job) continue;
      const group = this.stopping ? undefined : this.waiting.shift();
      if (group) {
        this.train(slot, group);
        continue;
      }
      const i = this.jobs.findIndex((j) => (onRequest(j) || !this.stopping) && jobReady(x, j, this.paths));
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

  private runJob(slot: Slot, job: Job): void {
    slot.job = job;
    if (!onRequest(job)) this.setAnalysis(jobMethod(job), jobStartProgress(job));
    const grid = job.kind === 'view' ? VIEW_GRID_POINTS : SURFACE_POINTS;
    slot.port.send(jobCommand(this.state.experiment!, job, analysisSettings(this.lab!), grid, this.paths));
  }

  private jobDone(slot: Slot): void {
    const job = slot.job;
    slot.job = null;
    if (job?.kind === 'view') this.setView(job.view.kind, null);
    else if (job) this.setAnalysis(jobMethod(job), null);
    this.dispatch();
  }

  /** Training is over when no run trains or waits; the experiment is done when no job remains either. */
  private maybeFinish(): void {
    const x = this.state.experiment;
    if (!x || (x.phase !== 'training' && x.phase !== 'analyzing')) return;
    const training = this.waiting.length > 0 || this.pool.slots.some((s) => s.runs.size > 0);
    this.jobs = this.jobs.filter((j) => onRequest(j) || jobPossible(x, j, this.stopping, this.paths));
    const busy = this.pool.slots.some((s) => s.job && !onRequest(s.job));
    if (training) return;
    if (this.jobs.some((j) => !onRequest(j)) || busy) {
      if (x.phase !== 'analyzing') this.apply({ type: 'phase', phase: 'analyzing' }, true);
      return;
    }
    const anySolution = METHODS.some((m) => x.runs[m].solution);
    this.finish(anySolution && !this.stopping ? 'done' : 'stopped');
  }

  private finish(phase: 'done' | 'stopped'): void {
    this.flushSteps();
    this.apply({ type: 'phase', phase }, true);
    this.persist();
  }

  /** Saves the experiment (again, once a surface or a view computed after its end has joined it). */
  private persist(): void {
    const x = this.state.experiment;
    if (!x) return;
    this.env
      .save(x)
      .then(() => this.set({ saved: this.state.saved + 1 }, true))
      .catch((e: unknown) => this.say(saveFailed(e)));
  }

  /** A result computed on request: applied, saved with the finished experiment, and its worker freed. */
  private onRequested(slot: Slot, a: ExperimentAction): void {
    this.apply(a, true);
    const phase = this.state.experiment?.phase;
    if (phase === 'done' || phase === 'stopped') this.persist();
    this.jobDone(slot);
  }

  private onEvent(slot: Slot, e: WorkerEvent): void {
    if (this.disposed || !this.pool.slots.includes(slot)) return;
    switch (e.type) {
      case 'backend':
        return this.onBackend(slot, e);
      case 'status':
        return;
      case 'run-event':
        return this.onRunEvent(e.runId, e.event);
      case 'run-done':
        return this.onRunDone(slot, e);
      case 'run-skipped':
        slot.runs.delete(e.runId);
        this.apply({ type: 'run-skipped', method: e.runId, message: e.message }, true);
        if (this.state.experiment) this.say(runSkipped(e.runId, this.state.experiment.runs[e.runId]));
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
        return this.onRequested(slot, { type: 'surface', method: e.runId, result: e.result });
      case 'view-progress':
        return this.setView(e.kind, { done: e.done, total: e.total });
      case 'view':
        return this.onRequested(slot, { type: 'view', result: e.result });
      case 'hyperparams-rejected':
        return this.say(liveRejected(e.runId, e.message));
      case 'memory':
        slot.memory?.({ numTensors: e.numTensors, numBytes: e.numBytes });
        slot.memory = null;
        return;
      case 'device-lost':
        return this.onDeviceLost(slot, e.message);
      case 'error':
        return this.onError(slot, e);
    }
  }

  /** A step is buffered until the next publish (one reducer call per run then); other run events apply at once. */
  private onRunEvent(m: Method, event: TrainEvent): void {
    if (event.type === 'step') {
      const list = this.steps.get(m) ?? [];
      list.push(event);
      this.steps.set(m, list);
      return this.schedule();
    }
    this.flushSteps();
    this.apply({ type: 'run-event', method: m, event });
  }

  private onRunDone(slot: Slot, e: Extract<WorkerEvent, { type: 'run-done' }>): void {
    const m = e.runId;
    this.flushSteps();
    slot.runs.delete(m);
    if (e.path) {
      this.paths.set(m, e.path);
      const recorded = { ...this.state.recorded, [m]: { iterates: e.path.iterates.length, snapshots: e.path.snapshots.length } };
      this.set({ recorded });
    }
    this.apply({ type: 'run-done', method: m, result: e.result, solution: e.solution }, true);
    if (e.result.status === 'cancelled') this.stopping = true;
    const ended = runEnded(m, e.result);
    if (ended) this.say(ended);
    this.dispatch();
  }

  /** A worker's error: a training error ends its runs (the experiment stops); an analysis error frees the worker. */
  private onError(slot: Slot, e: Extract<WorkerEvent, { type: 'error' }>): void {
    this.say(workerError(e));
    if (e.during === 'train') {
      slot.runs.clear();
      this.stopping = true;
      return this.dispatch();
    }
    if (e.during === 'analyze' || e.during === 'surface' || e.during === 'view') this.jobDone(slot);
  }

  private onBackend(slot: Slot, e: Extract<WorkerEvent, { type: 'backend' }>): void {
    slot.ready = true;
    slot.backend = e.backend;
    if (slot === this.pool.slots[0]) {
      const measured = e.timings.length > 0;
      const summary = measured ? timingSummary(e.timings, e.backend) : null;
      this.set({ backend: { backend: e.backend, notes: e.notes.map(backendNote), adapter: e.adapter, timings: e.timings, summary } }, true);
      if (measured && !e.notes.some((n) => n.kind === 'remembered')) this.env.remember(e.timings);
      // Start the second cpu worker now, so it has loaded its data when Start is pressed.
      this.ensureWorkers(placeRuns(METHODS, e.backend, this.env.cores).length);
    }
    this.dispatch();
  }

  private onDeviceLost(slot: Slot, message: string): void {
    const from = slot.backend ?? 'webgpu';
    const to = FALLBACK[from];
    const lost = [...slot.runs];
    this.say(deviceLost(message, to));
    this.pool.remove(slot);
    if (lost.length) this.waiting.unshift(lost);
    if (slot.job && !onRequest(slot.job)) this.jobs.unshift(slot.job);
    this.set(
      {
        backend: this.state.backend && {
          ...this.state.backend,
          backend: to,
          notes: [...this.state.backend.notes, switchedNote(to)],
        },
      },
      true,
    );
    this.spawn(to, null, false);
  }

  private broadcast(cmd: Command): void {
    this.pool.broadcast(cmd);
  }

  private say(m: Message): void {
    this.set({ messages: [...this.state.messages, m] }, true);
  }

  private setAnalysis(m: Method, p: AnalysisProgress | null): void {
    const analysis = { ...this.state.analysis };
    if (p) analysis[m] = p;
    else delete analysis[m];
    this.set({ analysis });
  }

  /** A view's progress with its ETA at the pace so far (it keeps the time it started), or null once it is done. */
  private setView(kind: ViewKind, p: Pick<ViewProgress, 'done' | 'total'> | null): void {
    const views = { ...this.state.views };
    if (p) {
      const now = performance.now();
      const started = views[kind]?.started ?? now;
      const etaSeconds = p.done > 0 ? ((now - started) / 1000 / p.done) * (p.total - p.done) : null;
      views[kind] = { ...p, started, etaSeconds };
    } else delete views[kind];
    this.set({ views });
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

  private set(patch: Partial<SessionState>, now = false): void {
    this.store.set(patch, now);
  }

  private schedule(): void {
    this.store.schedule();
  }
}
