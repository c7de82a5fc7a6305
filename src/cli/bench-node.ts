/**
 * The benchmark's Node measurements (tfjs cpu backend with the lab's kernels):
 * the training step of each method against a baseline, the Hessian-vector
 * product against a gradient, the probes' running times, and tensor memory
 * over long runs. Each returns plain numbers; bench-render.ts writes them out.
 */
import * as tf from '@tensorflow/tfjs';
import { type Dataset, takeSubset } from '../core/data/dataset';
import { disposeBatch, makeBatch } from '../core/data/batches';
import { HessianOperator } from '../core/hessian/hvp';
import { lanczos } from '../core/hessian/lanczos';
import { gaussianVector } from '../core/hessian/linalg';
import { powerIteration } from '../core/hessian/power';
import { installCpuKernels, restoreStockCpuKernels } from '../core/kernels/cpu-kernels';
import { type Weights, createModel, disposeModel, forward } from '../core/models/convnet';
import { crossEntropy } from '../core/models/loss';
import { DEFAULT_MODEL, paramShapes } from '../core/models/spec';
import { vectorRead } from '../core/params';
import { DEFAULT_ANALYSIS, analyzeSolution } from '../core/probes/analysis';
import { randomDirections } from '../core/probes/directions';
import { linspace, rays, surface } from '../core/probes/landscape';
import { createRng, permutation } from '../core/rng';
import { DEFAULT_RUN, type RunConfig } from '../core/train/config';
import { Trainer } from '../core/train/trainer';

/** How much each measurement runs: `FULL` for docs/BENCHMARKS.md, `SMOKE` to keep the benchmark working in CI. */
export interface Sizes {
  steps: number;
  rounds: number;
  stockSteps: number;
  hessianSamples: number;
  memorySteps: number;
  probeTrain: number;
  probeTest: number;
  surfacePoints: number;
  browserSteps: number;
  /** Seconds of the toy tab's animation sampled for its frame rate. */
  toySeconds: number;
}

export const FULL: Sizes = {
  steps: 30,
  rounds: 3,
  stockSteps: 4,
  hessianSamples: 512,
  memorySteps: 1000,
  probeTrain: 512,
  probeTest: 500,
  surfacePoints: 25,
  browserSteps: 20,
  toySeconds: 5,
};
export const SMOKE: Sizes = {
  steps: 3,
  rounds: 1,
  stockSteps: 1,
  hessianSamples: 32,
  memorySteps: 20,
  probeTrain: 32,
  probeTest: 32,
  surfacePoints: 3,
  browserSteps: 4,
  toySeconds: 1,
};

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const base = (o: Partial<RunConfig> = {}): RunConfig => ({ ...DEFAULT_RUN, trainSize: 10000, testSize: 500, epochs: 1, ...o });
const SWA_EVERY_STEP = { start: 0, startUnit: 'iteration' as const, alpha1: 0.05, alpha2: 0.01, c: 1, fge: false };
const SAM = { rho: 0.05, p: 2, adaptive: false };

/** Median ms per training step of each method, methods interleaved over `rounds`. */
export interface StepTimes {
  rounds: number;
  steps: number;
  sgd: number;
  swa: number;
  sam: number;
  /** A minimal hand-written tfjs loop of the same model. */
  minimal: number;
  /** SGD on the stock tfjs cpu kernels (one round of `stockSteps`). */
  stock: number;
}

/** Median ms between consecutive step events over `n` steps after two warm-up steps. */
async function msPerStep(config: RunConfig, data: Dataset, n: number): Promise<number> {
  const t = new Trainer(config, data);
  const times: number[] = [];
  let last = 0;
  await t.run((e) => {
    if (e.type !== 'step') return;
    const now = performance.now();
    if (e.step > 2) times.push(now - last);
    last = now;
    if (e.step >= n + 2) t.cancel();
  });
  t.dispose();
  return median(times);
}

/** A minimal hand-written tfjs loop of the same model: forward, loss, tf.train.momentum, one read of the loss. */
async function minimalLoop(data: Dataset, n: number): Promise<number> {
  const model = createModel(DEFAULT_MODEL, 1);
  const opt = tf.train.momentum(0.05, 0.9);
  const order = permutation(10000, createRng(1));
  const times: number[] = [];
  for (let i = 0; i < n + 2; i++) {
    const t0 = performance.now();
    const b = makeBatch(data.train, order, i * 64, (i + 1) * 64);
    const loss = opt.minimize(() => crossEntropy(forward(DEFAULT_MODEL, model, b.x, true).logits, b.y), true, model.params);
    await loss!.data();
    loss!.dispose();
    disposeBatch(b);
    if (i >= 2) times.push(performance.now() - t0);
  }
  opt.dispose();
  disposeModel(model);
  return median(times);
}

export async function measureSteps(data: Dataset, s: Sizes): Promise<StepTimes> {
  const runs = { sgd: [] as number[], swa: [] as number[], sam: [] as number[], minimal: [] as number[] };
  for (let r = 0; r < s.rounds; r++) {
    runs.sgd.push(await msPerStep(base(), data, s.steps));
    runs.swa.push(await msPerStep(base({ swa: SWA_EVERY_STEP }), data, s.steps));
    runs.sam.push(await msPerStep(base({ sam: SAM }), data, s.steps));
    runs.minimal.push(await minimalLoop(data, s.steps));
  }
  restoreStockCpuKernels();
  const stock = await msPerStep(base(), data, s.stockSteps);
  installCpuKernels();
  return {
    rounds: s.rounds,
    steps: s.steps,
    sgd: median(runs.sgd),
    swa: median(runs.swa),
    sam: median(runs.sam),
    minimal: median(runs.minimal),
    stock,
  };
}

/** tf.profile's kernel time over one call: the total and the five largest kernels by name (ms). */
export interface KernelProfile {
  totalMs: number;
  top: { name: string; ms: number }[];
}

async function kernelTimes(f: () => Promise<unknown>): Promise<KernelProfile> {
  const info = await tf.profile(async () => {
    await f();
    return [];
  });
  const byName = new Map<string, number>();
  for (const k of info.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + (Number(k.kernelTimeMs) || 0));
  const totalMs = [...byName.values()].reduce((a, b) => a + b, 0);
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 5);
  return { totalMs, top: top.map(([name, ms]) => ({ name, ms })) };
}

/** The Hessian operator's costs on a briefly trained default convnet. */
export interface HessianTimes {
  samples: number;
  /** Median ms of one gradient and of one Hessian-vector product. */
  gradMs: number;
  hvpMs: number;
  gradKernels: KernelProfile;
  hvpKernels: KernelProfile;
  /** λ_max of a converged Lanczos run. */
  lambdaMax: number;
  /** Products until every later estimate stays within 1 % of λ_max (null: never). */
  lanczosProducts: number | null;
  powerProducts: number | null;
}

/** Seconds of a 21-point × 5-ray sweep and of a square surface around the same solution. */
export interface ProbeTimes {
  probeTrain: number;
  probeTest: number;
  raySeconds: number;
  surfacePoints: number;
  surfaceSeconds: number;
}

async function hessianTimes(model: Weights, data: Dataset, samples: number): Promise<HessianTimes> {
  const H = new HessianOperator(DEFAULT_MODEL, model, takeSubset(data.train, samples));
  try {
    const v = gaussianVector(H.size, createRng(1));
    await H.apply(v);
    const grads: number[] = [];
    const hvps: number[] = [];
    for (let i = 0; i < 3; i++) {
      let t0 = performance.now();
      await H.gradient();
      grads.push(performance.now() - t0);
      t0 = performance.now();
      await H.apply(v);
      hvps.push(performance.now() - t0);
    }
    const gradKernels = await kernelTimes(() => H.gradient());
    const hvpKernels = await kernelTimes(() => H.apply(v));
    const lambdaMax = (await lanczos(H, { k: 1, tol: 1e-8, maxIter: 60, seed: 3 })).values[0]!;
    const within = (h: number[]) => {
      const i = h.findIndex((_, k) => h.slice(k).every((x) => Math.abs(x - lambdaMax) <= 0.01 * Math.abs(lambdaMax)));
      return i < 0 ? null : i + 1;
    };
    const l = await lanczos(H, { k: 1, tol: 1e-6, maxIter: 60, seed: 1 });
    const p = await powerIteration(H, { k: 1, tol: 1e-6, maxIter: 100, seed: 1 });
    const [gradMs, hvpMs] = [median(grads), median(hvps)];
    return {
      samples,
      gradMs,
      hvpMs,
      gradKernels,
      hvpKernels,
      lambdaMax,
      lanczosProducts: within(l.history),
      powerProducts: within(p.history),
    };
  } finally {
    H.dispose();
  }
}

async function probeTimes(model: Weights, data: Dataset, s: Sizes): Promise<ProbeTimes> {
  const probeData = { train: takeSubset(data.train, s.probeTrain), test: takeSubset(data.test, s.probeTest) };
  const w = await vectorRead(model.params);
  const dirs = randomDirections(paramShapes(DEFAULT_MODEL), 'unit', 5, 1, w);
  let t0 = performance.now();
  await rays(DEFAULT_MODEL, model, dirs, linspace(0, 40, 21), probeData, { l2: 1e-4 });
  const raySeconds = (performance.now() - t0) / 1000;
  const [d1, d2] = randomDirections(paramShapes(DEFAULT_MODEL), 'filter', 2, 2, w);
  const g = linspace(-1, 1, s.surfacePoints);
  t0 = performance.now();
  await surface(DEFAULT_MODEL, model, d1!, d2!, g, g, probeData, { l2: 1e-4, includeTest: false });
  const surfaceSeconds = (performance.now() - t0) / 1000;
  return { probeTrain: s.probeTrain, probeTest: s.probeTest, raySeconds, surfacePoints: s.surfacePoints, surfaceSeconds };
}

/** The Hessian and the probes on the default convnet after one epoch on 2,000 images. */
export async function measureHessian(data: Dataset, s: Sizes): Promise<{ hessian: HessianTimes; probes: ProbeTimes }> {
  const t = new Trainer(base({ trainSize: 2000, batchSize: 32 }), data);
  try {
    await t.run();
    const hessian = await hessianTimes(t.model, data, s.hessianSamples);
    return { hessian, probes: await probeTimes(t.model, data, s) };
  } finally {
    t.dispose();
  }
}

/** Change in tf.memory() between two points of a run. */
export interface MemoryDelta {
  numTensors: number;
  numBytes: number;
}

/** Tensor memory of long runs (step `atStep` against step `fromStep`) and around a full probe. */
export interface MemoryDeltas {
  fromStep: number;
  atStep: number;
  runs: { name: string; delta: MemoryDelta }[];
  probe: MemoryDelta;
}

const SMALL_MODEL = {
  ...DEFAULT_MODEL,
  convs: [
    { filters: 4, kernel: 3 },
    { filters: 8, kernel: 3 },
  ],
  dense: [16],
};

/** tf.memory() at step `from` and at step `to` of a run (cancelled there). */
async function runMemory(config: RunConfig, data: Dataset, from: number, to: number): Promise<MemoryDelta> {
  const t = new Trainer(config, data);
  let first = { numTensors: 0, numBytes: 0 };
  let at = { numTensors: 0, numBytes: 0 };
  await t.run((e) => {
    if (e.type !== 'step') return;
    const m = tf.memory();
    if (e.step === from) first = { numTensors: m.numTensors, numBytes: m.numBytes };
    if (e.step === to) {
      at = { numTensors: m.numTensors, numBytes: m.numBytes };
      t.cancel();
    }
  });
  t.dispose();
  return { numTensors: at.numTensors - first.numTensors, numBytes: at.numBytes - first.numBytes };
}

/** tf.memory() before and after a full analysis of a fresh small model. */
async function probeMemory(data: Dataset, s: Sizes): Promise<MemoryDelta> {
  const m = createModel(SMALL_MODEL, 1);
  const before = tf.memory();
  await analyzeSolution(
    SMALL_MODEL,
    m,
    { train: takeSubset(data.train, s.probeTrain), test: takeSubset(data.test, s.probeTest) },
    {
      ...DEFAULT_ANALYSIS,
      l2: 1e-4,
      k: 2,
      maxIter: 10,
      traceSamples: 3,
      density: { runs: 1 },
      rays: { ...DEFAULT_ANALYSIS.rays, count: 2, points: 3, alongEigenvector: true },
    },
  );
  const after = tf.memory();
  disposeModel(m);
  return { numTensors: after.numTensors - before.numTensors, numBytes: after.numBytes - before.numBytes };
}

export async function measureMemory(data: Dataset, s: Sizes): Promise<MemoryDeltas> {
  const fromStep = 11;
  const atStep = s.memorySteps;
  const configs: [string, Partial<RunConfig>][] = [
    ['SGD', {}],
    ['SWA + FGE (c = 5)', { swa: { ...SWA_EVERY_STEP, c: 5, fge: true, start: 10 } }],
    ['SAM', { sam: SAM }],
  ];
  const runs: MemoryDeltas['runs'] = [];
  for (const [name, o] of configs) {
    const config = base({ model: SMALL_MODEL, batchSize: 32, trainSize: 10000, testSize: 100, epochs: atStep / 312 + 0.01, ...o });
    runs.push({ name, delta: await runMemory(config, data, fromStep, atStep) });
  }
  return { fromStep, atStep, runs, probe: await probeMemory(data, s) };
}
