/// <reference lib="webworker" />
/**
 * The compute worker: every tensor of the lab lives here. It trains one run
 * at a time on request (the page orchestrates SGD, SWA and SAM), forwards the
 * trainer's events, and analyses finished solutions. The page thread only
 * renders.
 */
import * as tf from '@tensorflow/tfjs';
import { type WeightArrays, weightArrays, weightsFromArrays } from '../core/checkpoint';
import { type Dataset, takeSubset } from '../core/data/dataset';
import { trainingSet } from '../core/train/config';
import { fetchReader } from '../core/data/fetch-reader';
import type { DatasetId } from '../core/data/format';
import { loadDataset } from '../core/data/dataset';
import { ProbeCancelled } from '../core/hessian/lanczos';
import { analyzeSolution } from '../core/probes/analysis';
import { randomDirections } from '../core/probes/directions';
import { interpolation, linspace, surface } from '../core/probes/landscape';
import { paramShapes } from '../core/models/spec';
import { vectorRead } from '../core/params';
import { evaluate } from '../core/train/evaluate';
import { Trainer } from '../core/train/trainer';
import { chooseBackend, watchDeviceLoss } from './backend';
import type { AnalysisPayload, AnalysisSettings, Command, SolutionPayload, WorkerEvent } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (e: WorkerEvent) => scope.postMessage(e);

let dataUrl = '';
const datasets = new Map<DatasetId, Promise<Dataset>>();
let trainer: Trainer | null = null;
let analysisAbort: AbortController | null = null;

function dataset(id: DatasetId): Promise<Dataset> {
  let d = datasets.get(id);
  if (!d) {
    post({ type: 'status', message: `loading ${id}…` });
    d = loadDataset(id, fetchReader(dataUrl));
    datasets.set(id, d);
    d.catch(() => datasets.delete(id));
  }
  return d;
}

async function train(runId: string, config: SolutionPayload['config']): Promise<void> {
  const data = await dataset(config.dataset);
  const t = new Trainer(config, data);
  trainer = t;
  try {
    const result = await t.run((event) => post({ type: 'run-event', runId, event }));
    let solution: WeightArrays | null = null;
    if (result.status !== 'failed') solution = await weightArrays(t.swa ? t.swa.weights : t.model);
    post({ type: 'run-done', runId, result, solution });
  } finally {
    trainer = null;
    t.dispose();
  }
}

function probeData(data: Dataset, s: SolutionPayload, settings: AnalysisSettings) {
  const train = takeSubset(trainingSet(data.train, s.config), Math.min(settings.samples, s.config.trainSize));
  return { train, test: takeSubset(data.test, Math.min(settings.testSamples, s.config.testSize)) };
}

async function analyze(solutions: SolutionPayload[], settings: AnalysisSettings): Promise<void> {
  const abort = new AbortController();
  analysisAbort = abort;
  try {
    for (const s of solutions) {
      const data = probeData(await dataset(s.config.dataset), s, settings);
      const weights = weightsFromArrays(s.config, s.weights);
      const t0 = performance.now();
      try {
        const l2 = s.config.sgd.weightDecay;
        const a = await analyzeSolution(s.config.model, weights, data, {
          ...settings,
          l2,
          signal: abort.signal,
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
          own: { trainLoss: train.loss + l2 * w.reduce((acc, x) => acc + x * x, 0), testError: 1 - test.accuracy },
          seconds: (performance.now() - t0) / 1000,
        };
        post({ type: 'analysis', analysis: payload });
      } finally {
        tf.dispose([...weights.params, ...weights.state]);
      }
    }
    const [base, ...others] = solutions;
    for (const other of base ? others : []) {
      const data = probeData(await dataset(base!.config.dataset), base!, settings);
      const a = weightsFromArrays(base!.config, base!.weights);
      const b = weightsFromArrays(other.config, other.weights);
      try {
        const { sMin, sMax, points } = settings.interpolation;
        const result = await interpolation(base!.config.model, a, b, linspace(sMin, sMax, points), data, {
          l2: base!.config.sgd.weightDecay,
          signal: abort.signal,
          onProgress: (done, total) => post({ type: 'analysis-progress', runId: other.runId, stage: 'rays', done, total }),
        });
        post({ type: 'interpolation', from: base!.runId, to: other.runId, result });
      } finally {
        tf.dispose([...a.params, ...a.state, ...b.params, ...b.state]);
      }
    }
    post({ type: 'analysis-done' });
  } finally {
    analysisAbort = null;
  }
}

async function surfaceOf(s: SolutionPayload, settings: AnalysisSettings, range: number, points: number): Promise<void> {
  const abort = new AbortController();
  analysisAbort = abort;
  const weights = weightsFromArrays(s.config, s.weights);
  try {
    const data = probeData(await dataset(s.config.dataset), s, settings);
    const w = await vectorRead(weights.params);
    const [d1, d2] = randomDirections(paramShapes(s.config.model), 'filter', 2, settings.rays.seed + 100, w);
    const grid = linspace(-range, range, points);
    const result = await surface(s.config.model, weights, d1!, d2!, grid, grid, data, {
      l2: s.config.sgd.weightDecay,
      includeTest: false,
      signal: abort.signal,
      onProgress: (done, total) => post({ type: 'analysis-progress', runId: s.runId, stage: 'rays', done, total }),
    });
    post({ type: 'surface', runId: s.runId, result });
  } finally {
    analysisAbort = null;
    tf.dispose([...weights.params, ...weights.state]);
  }
}

async function handle(cmd: Command): Promise<void> {
  switch (cmd.type) {
    case 'init': {
      dataUrl = cmd.dataUrl;
      const choice = await chooseBackend(cmd.backend);
      if (choice.backend === 'webgpu') watchDeviceLoss((message) => post({ type: 'device-lost', message }));
      post({ type: 'backend', ...choice });
      return;
    }
    case 'train':
      return train(cmd.runId, cmd.config);
    case 'hyperparams':
      try {
        if (!trainer) throw new Error('no run is training');
        trainer.setHyperparams(cmd.changes);
      } catch (e) {
        post({ type: 'hyperparams-rejected', runId: cmd.runId, message: (e as Error).message });
      }
      return;
    case 'pause':
      trainer?.pause();
      return;
    case 'resume':
      trainer?.resume();
      return;
    case 'cancel':
      trainer?.cancel();
      analysisAbort?.abort();
      return;
    case 'analyze':
      return analyze(cmd.solutions, cmd.settings);
    case 'surface':
      return surfaceOf(cmd.solution, cmd.settings, cmd.range, cmd.points);
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
