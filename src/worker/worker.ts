/// <reference lib="webworker" />
/**
 * A compute worker: every tensor of the lab lives in one. It trains the runs
 * of a `train` command at the same time (their steps interleave on this
 * worker's backend; an SWA run that branches from SGD takes over a copy of
 * SGD's state at its start instead of training that part again), routes
 * live changes to the runs that use them, and analyses solutions one job at
 * a time. The page decides which runs and jobs go to which worker; the page
 * thread only renders.
 */
import * as tf from '@tensorflow/tfjs';
import { type WeightArrays, weightArrays, weightsFromArrays } from '../core/checkpoint';
import { DataSource, type Dataset, takeSubset } from '../core/data/dataset';
import { cachedReader, fetchReader } from '../core/data/fetch-reader';
import type { DatasetId } from '../core/data/format';
import { ProbeCancelled } from '../core/cancel';
import type { Method } from '../core/methods';
import { regularizedLoss } from '../core/models/loss';
import { paramShapes } from '../core/models/spec';
import { vectorRead } from '../core/params';
import { analyzeSolution } from '../core/probes/analysis';
import { randomDirections } from '../core/probes/directions';
import { interpolation, linspace, surface } from '../core/probes/landscape';
import { type RunConfig, liveChangesFor, trainingSet } from '../core/train/config';
import type { LiveHyperparams } from '../core/train/events';
import { evaluate } from '../core/train/evaluate';
import { Trainer } from '../core/train/trainer';
import { chooseBackend, watchDeviceLoss } from './backend';
import type {
  AnalysisJob,
  AnalysisPayload,
  AnalysisSettings,
  Command,
  SolutionPayload,
  TrainSpec,
  ViewRequest,
  WorkerEvent,
} from './protocol';
import { computeView } from './views';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (e: WorkerEvent) => scope.postMessage(e);

let dataUrl = '';
const sources = new Map<DatasetId, Promise<DataSource>>();
/** Runs training now, by id. */
const trainers = new Map<Method, Trainer>();
/** Runs waiting to branch from a running one: their config (live changes already folded in are queued separately). */
const branches = new Map<Method, { config: RunConfig; queued: LiveHyperparams[] }>();
let analysisAbort: AbortController | null = null;

/**
 * The images `config` uses: its dataset's header once, then only the chunks
 * that hold its training and test subsets (each fetched once, kept in Cache
 * Storage where the browser offers it, so that a reload or an offline
 * lecture hall fetches nothing).
 */
async function dataFor(config: RunConfig): Promise<Dataset> {
  const id = config.dataset;
  let source = sources.get(id);
  if (!source) {
    post({ type: 'status', message: `loading ${id}…` });
    source = DataSource.open(id, typeof caches === 'undefined' ? fetchReader(dataUrl) : cachedReader(dataUrl, caches));
    sources.set(id, source);
    source.catch(() => sources.delete(id));
  }
  return (await source).load({ train: config.trainSize, test: config.testSize });
}

/** Runs `t` to its end, reports it, and frees it. */
async function runTrainer(runId: Method, t: Trainer): Promise<void> {
  trainers.set(runId, t);
  try {
    const result = await t.run((event) => post({ type: 'run-event', runId, event }));
    const solution: WeightArrays | null = result.status === 'failed' ? null : await weightArrays(t.swa ? t.swa.weights : t.model);
    post({ type: 'run-done', runId, result, solution, ...(t.path && { path: t.path }) });
  } finally {
    trainers.delete(runId);
    t.dispose();
  }
}

/** Trains every run of `specs` at once; a branch starts when its parent reaches its SWA start. */
async function train(specs: TrainSpec[]): Promise<void> {
  const running: Promise<void>[] = [];
  for (const spec of specs.filter((s) => s.branchFrom === null)) {
    const t = new Trainer(spec.config, await dataFor(spec.config));
    for (const child of specs.filter((s) => s.branchFrom === spec.runId)) {
      branches.set(child.runId, { config: child.config, queued: [] });
      t.branchAt(child.config, (b) => {
        const waiting = branches.get(child.runId)!;
        branches.delete(child.runId);
        waiting.queued.forEach((h) => b.setHyperparams(h));
        running.push(runTrainer(child.runId, b));
      });
    }
    running.push(runTrainer(spec.runId, t));
  }
  // Branches are added while their parents run: wait until no run is left.
  for (let done = 0; done < running.length; done++) await running[done];
  for (const [runId, b] of branches) {
    branches.delete(runId);
    post({
      type: 'run-skipped',
      runId,
      message: `the run whose first part it shares ended before SWA's start (epoch ${b.config.swa?.start})`,
    });
  }
}

/** Sends each run the part of `changes` it uses; runs still waiting to branch keep theirs until they start. */
function routeChanges(changes: LiveHyperparams): void {
  for (const [runId, t] of trainers) {
    const mine = liveChangesFor(t.config, changes);
    if (!mine) continue;
    try {
      t.setHyperparams(mine);
    } catch (e) {
      post({ type: 'hyperparams-rejected', runId, message: (e as Error).message });
    }
  }
  for (const b of branches.values()) {
    // η₀ reaches a waiting branch through the run it shares its first part with.
    const { lr: _shared, ...own } = changes;
    const mine = liveChangesFor(b.config, own);
    if (mine) b.queued.push(mine);
  }
}

function probeData(data: Dataset, config: RunConfig, settings: AnalysisSettings) {
  const train = takeSubset(trainingSet(data.train, config), Math.min(settings.samples, config.trainSize));
  return { train, test: takeSubset(data.test, Math.min(settings.testSamples, config.testSize)) };
}

async function analyzeOne(s: SolutionPayload, settings: AnalysisSettings, signal: AbortSignal): Promise<void> {
  const data = probeData(await dataFor(s.config), s.config, settings);
  const weights = weightsFromArrays(s.config, s.weights);
  const t0 = performance.now();
  try {
    const l2 = s.config.sgd.weightDecay;
    const a = await analyzeSolution(s.config.model, weights, data, {
      ...settings,
      l2,
      signal,
      onProgress: (stage, done, total) => post({ type: 'analysis-progress', runId: s.runId, stage, done, total }),
    });
    const train = await evaluate(s.config.model, weights, data.train);
    const test = await evaluate(s.config.model, weights, data.test);
    const w = await vectorRead(weights.params);
    const payload: AnalysisPayload = {
      runId: s.runId,
      values: a.eigen.values,
      residuals: a.eigen.residuals,
      hvps: a.eigen.hvps,
      converged: a.eigen.converged,
      ratio: a.ratio,
      trace: { trace: a.trace.trace, se: a.trace.se, hvps: a.trace.hvps, samples: a.trace.samples.length },
      density: a.density,
      rays: a.rays,
      eigenRay: a.eigenRay,
      hessianL2: a.hessianL2,
      own: { trainLoss: regularizedLoss(train.loss, w, l2), testError: 1 - test.accuracy },
      seconds: (performance.now() - t0) / 1000,
      stageSeconds: { eigenvalues: a.eigen.seconds, trace: a.trace.seconds, density: a.density?.seconds ?? 0, rays: a.rays.seconds },
    };
    post({ type: 'analysis', analysis: payload });
  } finally {
    tf.dispose([...weights.params, ...weights.state]);
  }
}

async function interpolate(from: SolutionPayload, to: SolutionPayload, settings: AnalysisSettings, signal: AbortSignal): Promise<void> {
  const data = probeData(await dataFor(from.config), from.config, settings);
  const a = weightsFromArrays(from.config, from.weights);
  const b = weightsFromArrays(to.config, to.weights);
  try {
    const { sMin, sMax, points } = settings.interpolation;
    const result = await interpolation(from.config.model, a, b, linspace(sMin, sMax, points), data, {
      l2: from.config.sgd.weightDecay,
      signal,
      onProgress: (done, total) => post({ type: 'analysis-progress', runId: to.runId, stage: 'interpolation', done, total }),
    });
    post({ type: 'interpolation', from: from.runId, to: to.runId, result });
  } finally {
    tf.dispose([...a.params, ...a.state, ...b.params, ...b.state]);
  }
}

async function analyze(job: AnalysisJob, settings: AnalysisSettings): Promise<void> {
  const abort = new AbortController();
  analysisAbort = abort;
  try {
    if (job.kind === 'solution') await analyzeOne(job.solution, settings, abort.signal);
    else await interpolate(job.from, job.to, settings, abort.signal);
  } finally {
    analysisAbort = null;
  }
}

async function surfaceOf(s: SolutionPayload, settings: AnalysisSettings, range: number, points: number): Promise<void> {
  const abort = new AbortController();
  analysisAbort = abort;
  const weights = weightsFromArrays(s.config, s.weights);
  try {
    const data = probeData(await dataFor(s.config), s.config, settings);
    const w = await vectorRead(weights.params);
    const [d1, d2] = randomDirections(paramShapes(s.config.model), 'filter', 2, settings.rays.seed + 100, w);
    const grid = linspace(-range, range, points);
    const result = await surface(s.config.model, weights, d1!, d2!, grid, grid, data, {
      l2: s.config.sgd.weightDecay,
      includeTest: false,
      signal: abort.signal,
      onProgress: (done, total) => post({ type: 'analysis-progress', runId: s.runId, stage: 'surface', done, total }),
    });
    post({ type: 'surface', runId: s.runId, result });
  } finally {
    analysisAbort = null;
    tf.dispose([...weights.params, ...weights.state]);
  }
}

async function viewOf(request: ViewRequest, settings: AnalysisSettings): Promise<void> {
  const abort = new AbortController();
  analysisAbort = abort;
  try {
    const data = probeData(await dataFor(request.config), request.config, settings);
    const result = await computeView(request, {
      data,
      settings,
      signal: abort.signal,
      onProgress: (done, total) => post({ type: 'view-progress', kind: request.kind, done, total }),
    });
    post({ type: 'view', result });
  } finally {
    analysisAbort = null;
  }
}

async function handle(cmd: Command): Promise<void> {
  switch (cmd.type) {
    case 'init': {
      dataUrl = cmd.dataUrl;
      const choice = await chooseBackend(cmd.backend, cmd.measureModel, cmd.remembered);
      if (choice.backend === 'webgpu') watchDeviceLoss((message) => post({ type: 'device-lost', message }));
      post({ type: 'backend', ...choice });
      return;
    }
    case 'train':
      return train(cmd.runs);
    case 'hyperparams':
      return routeChanges(cmd.changes);
    case 'pause':
      trainers.forEach((t) => t.pause());
      return;
    case 'resume':
      trainers.forEach((t) => t.resume());
      return;
    case 'cancel':
      branches.clear();
      trainers.forEach((t) => t.cancel());
      analysisAbort?.abort();
      return;
    case 'analyze':
      return analyze(cmd.job, cmd.settings);
    case 'surface':
      return surfaceOf(cmd.solution, cmd.settings, cmd.range, cmd.points);
    case 'view':
      return viewOf(cmd.request, cmd.settings);
    case 'memory':
      post({ type: 'memory', numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes });
      return;
  }
}

scope.onmessage = (e: MessageEvent<Command>) => {
  const cmd = e.data;
  handle(cmd).catch((err: unknown) => {
    if (err instanceof ProbeCancelled) {
      post({ type: 'status', message: err.message });
      return;
    }
    post({ type: 'error', message: err instanceof Error ? err.message : String(err), during: cmd.type });
  });
};
