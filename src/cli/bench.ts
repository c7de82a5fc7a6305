/**
 * The benchmark: `npm run bench` measures and writes docs/BENCHMARKS.md.
 * Figures are ratios against a baseline measured in the same run; absolute
 * times are context only (this machine, this backend). `--smoke` runs a tiny
 * version (for CI: it keeps the benchmark working, its numbers mean nothing),
 * `--out FILE` writes elsewhere, `--no-browser` skips headless Chromium.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { type Dataset, takeSubset } from '../core/data/dataset';
import { disposeBatch, makeBatch } from '../core/data/batches';
import { HessianOperator } from '../core/hessian/hvp';
import { lanczos } from '../core/hessian/lanczos';
import { gaussianVector } from '../core/hessian/linalg';
import { powerIteration } from '../core/hessian/power';
import { installCpuKernels, restoreStockCpuKernels } from '../core/kernels/cpu-kernels';
import { createModel, disposeModel, forward } from '../core/models/convnet';
import { crossEntropy } from '../core/models/loss';
import { DEFAULT_MODEL } from '../core/models/spec';
import { DEFAULT_ANALYSIS, analyzeSolution } from '../core/probes/analysis';
import { randomDirections } from '../core/probes/directions';
import { linspace, rays, surface } from '../core/probes/landscape';
import { paramShapes } from '../core/models/spec';
import { createRng, permutation } from '../core/rng';
import { DEFAULT_RUN, type RunConfig } from '../core/train/config';
import { Trainer } from '../core/train/trainer';
import { vectorRead } from '../core/params';
import { useNodeCpuBackend } from '../node/backend';
import { CHROMIUM, openBrowser, serveTestBuild } from '../node/browser';
import { loadDatasetFromDisk } from '../node/files';
import { type DemoBackend, type DemoRow, demoTable, lectureDemo } from './bench-demo';
import { trackingStudy, trackingTable } from './bench-tracking';
import { UsageError, parseFlags } from './flags';
import { runCommand } from './run';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Sizes {
  steps: number;
  rounds: number;
  stockSteps: number;
  hessianSamples: number;
  memorySteps: number;
  probeTrain: number;
  probeTest: number;
  surfacePoints: number;
  browserSteps: number;
}

const FULL: Sizes = {
  steps: 30,
  rounds: 3,
  stockSteps: 4,
  hessianSamples: 512,
  memorySteps: 1000,
  probeTrain: 512,
  probeTest: 500,
  surfacePoints: 25,
  browserSteps: 20,
};
const SMOKE: Sizes = {
  steps: 3,
  rounds: 1,
  stockSteps: 1,
  hessianSamples: 32,
  memorySteps: 20,
  probeTrain: 32,
  probeTest: 32,
  surfacePoints: 3,
  browserSteps: 4,
};

const base = (o: Partial<RunConfig> = {}): RunConfig => ({ ...DEFAULT_RUN, trainSize: 10000, testSize: 500, epochs: 1, ...o });
const SWA_EVERY_STEP = { start: 0, startUnit: 'iteration' as const, alpha1: 0.05, alpha2: 0.01, c: 1, fge: false };
const SAM = { rho: 0.05, p: 2, adaptive: false };

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

async function stepSection(data: Dataset, s: Sizes): Promise<string[]> {
  const runs: Record<string, number[]> = { SGD: [], SWA: [], SAM: [], minimal: [] };
  for (let r = 0; r < s.rounds; r++) {
    runs.SGD!.push(await msPerStep(base(), data, s.steps));
    runs.SWA!.push(await msPerStep(base({ swa: SWA_EVERY_STEP }), data, s.steps));
    runs.SAM!.push(await msPerStep(base({ sam: SAM }), data, s.steps));
    runs.minimal!.push(await minimalLoop(data, s.steps));
  }
  const sgd = median(runs.SGD!);
  restoreStockCpuKernels();
  const stock = await msPerStep(base(), data, s.stockSteps);
  installCpuKernels();
  const row = (what: string, ms: number, ratio: string, theory: string) => `| ${what} | ${ratio} | ${theory} | ${ms.toFixed(1)} |`;
  return [
    "## Training step (default convnet, batch 64, Node, tfjs cpu backend with the lab's kernels)",
    '',
    `Median over ${s.rounds} × ${s.steps} steps, methods interleaved.`,
    '',
    '| step | ratio | theory | ms/step (context) |',
    '| --- | --- | --- | --- |',
    row('SGD (baseline)', sgd, '1.00×', '1×'),
    row('SWA, averaging after every step (c = 1)', median(runs.SWA!), `${(median(runs.SWA!) / sgd).toFixed(2)}×`, '≈ 1×'),
    row('SAM (p = 2)', median(runs.SAM!), `${(median(runs.SAM!) / sgd).toFixed(2)}×`, '≈ 2×'),
    row(
      'core SGD step / a minimal hand-written tfjs loop of the same model (tf.train.momentum)',
      median(runs.minimal!),
      `${(sgd / median(runs.minimal!)).toFixed(2)}×`,
      '≈ 1× (our overhead)',
    ),
    row('SGD on the stock tfjs 4.22 cpu kernels', stock, `${(stock / sgd).toFixed(1)}× slower`, 'target ≥ 5×'),
    '',
  ];
}

async function hessianSection(data: Dataset, s: Sizes): Promise<string[]> {
  // A briefly trained default convnet: one epoch on 2,000 images.
  const t = new Trainer(base({ trainSize: 2000, batchSize: 32 }), data);
  await t.run();
  const set = takeSubset(data.train, s.hessianSamples);
  const H = new HessianOperator(DEFAULT_MODEL, t.model, set);
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
  const reference = (await lanczos(H, { k: 1, tol: 1e-8, maxIter: 60, seed: 3 })).values[0]!;
  const within = (h: number[]) => {
    const i = h.findIndex((_, k) => h.slice(k).every((x) => Math.abs(x - reference) <= 0.01 * Math.abs(reference)));
    return i < 0 ? 'not reached' : String(i + 1);
  };
  const l = await lanczos(H, { k: 1, tol: 1e-6, maxIter: 60, seed: 1 });
  const p = await powerIteration(H, { k: 1, tol: 1e-6, maxIter: 100, seed: 1 });
  H.dispose();
  const probeData = { train: takeSubset(data.train, s.probeTrain), test: takeSubset(data.test, s.probeTest) };
  const w = await vectorRead(t.model.params);
  const dirs = randomDirections(paramShapes(DEFAULT_MODEL), 'unit', 5, 1, w);
  let t0 = performance.now();
  await rays(DEFAULT_MODEL, t.model, dirs, linspace(0, 40, 21), probeData, { l2: 1e-4 });
  const raySeconds = (performance.now() - t0) / 1000;
  const [d1, d2] = randomDirections(paramShapes(DEFAULT_MODEL), 'filter', 2, 2, w);
  const g = linspace(-1, 1, s.surfacePoints);
  t0 = performance.now();
  await surface(DEFAULT_MODEL, t.model, d1!, d2!, g, g, probeData, { l2: 1e-4, includeTest: false });
  const surfaceSeconds = (performance.now() - t0) / 1000;
  t.dispose();
  return [
    `## Hessian and landscape probes (default convnet after one epoch on 2,000 images; Node, cpu)`,
    '',
    '| measure | value | theory / target |',
    '| --- | --- | --- |',
    `| one Hessian-vector product / one gradient (${s.hessianSamples} samples) | ${(median(hvps) / median(grads)).toFixed(2)}× (${median(hvps).toFixed(0)} ms / ${median(grads).toFixed(0)} ms) | ≈ 2× (PyTorch measured 3.4–4×); at most 4× |`,
    `| products to λ_max within 1 % (λ_max = ${reference.toFixed(3)}): Lanczos | ${within(l.history)} | |`,
    `| products to λ_max within 1 %: power iteration | ${within(p.history)} | more than Lanczos when λ₂/λ₁ is close to 1 |`,
    `| 21-point × 5-ray sweep (${s.probeTrain} train + ${s.probeTest} test images per point) | ${raySeconds.toFixed(1)} s | |`,
    `| ${s.surfacePoints}×${s.surfacePoints} surface (${s.probeTrain} train images per point) | ${surfaceSeconds.toFixed(1)} s | |`,
    '',
    `Where the time goes (tf.profile kernel time, ms, largest first): one gradient ${gradKernels}; one HVP ${hvpKernels}. Double backprop through the convolutions (forward, backward, and the backward of the backward) is most of an HVP; the elementwise and reduction kernels, about half of it on the stock cpu kernels, are the lab's fast ones here.`,
    '',
  ];
}

/** Kernel time by kernel name over one call of `f` (tf.profile), largest first, as "Name ms, …" (top 5). */
async function kernelTimes(f: () => Promise<unknown>): Promise<string> {
  const info = await tf.profile(async () => {
    await f();
    return [];
  });
  const byName = new Map<string, number>();
  for (const k of info.kernels) byName.set(k.name, (byName.get(k.name) ?? 0) + (Number(k.kernelTimeMs) || 0));
  const total = [...byName.values()].reduce((a, b) => a + b, 0);
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 5);
  return `${total.toFixed(0)} (${top.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')})`;
}

async function memorySection(data: Dataset, s: Sizes): Promise<string[]> {
  const small = {
    ...DEFAULT_MODEL,
    convs: [
      { filters: 4, kernel: 3 },
      { filters: 8, kernel: 3 },
    ],
    dense: [16],
  };
  const rows: string[] = [];
  const configs: [string, Partial<RunConfig>][] = [
    ['SGD', {}],
    ['SWA + FGE (c = 5)', { swa: { ...SWA_EVERY_STEP, c: 5, fge: true, start: 10 } }],
    ['SAM', { sam: SAM }],
  ];
  for (const [name, o] of configs) {
    const steps = s.memorySteps;
    const t = new Trainer(base({ model: small, batchSize: 32, trainSize: 10000, testSize: 100, epochs: steps / 312 + 0.01, ...o }), data);
    let first = { numTensors: 0, numBytes: 0 };
    let at = { numTensors: 0, numBytes: 0 };
    await t.run((e) => {
      if (e.type !== 'step') return;
      const m = tf.memory();
      if (e.step === 11) first = { numTensors: m.numTensors, numBytes: m.numBytes };
      if (e.step === steps) {
        at = { numTensors: m.numTensors, numBytes: m.numBytes };
        t.cancel();
      }
    });
    t.dispose();
    rows.push(`| ${name}: step ${steps} vs step 11 | ${at.numTensors - first.numTensors} | ${at.numBytes - first.numBytes} |`);
  }
  const m = createModel(small, 1);
  const before = tf.memory();
  await analyzeSolution(
    small,
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
  rows.push(
    `| a full probe (eigenvalues, trace, density, rays) | ${after.numTensors - before.numTensors} | ${after.numBytes - before.numBytes} |`,
  );
  return ['## Memory (must be flat)', '', '| after | Δ numTensors | Δ bytes |', '| --- | --- | --- |', ...rows, ''];
}

/** Frames per second of the toy tab's animation, sampled each second after the first, and the page's long tasks meanwhile. */
async function toyFrames(s: Sizes): Promise<{ fps: number[]; longTasks: number[]; surfaceNote: string }> {
  const served = await serveTestBuild();
  const session = await openBrowser(served.origin, false);
  try {
    const { page } = session;
    await page.goto(`${served.origin}/#toy`);
    const play = page.getByTestId('toy-play');
    await play.waitFor();
    while (!(await play.isEnabled())) await page.waitForTimeout(100);
    await page.evaluate(() => {
      const w = window as unknown as { __toyLongTasks: number[] };
      w.__toyLongTasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__toyLongTasks.push(e.duration))).observe({ type: 'longtask' });
    });
    await play.click();
    const fps: number[] = [];
    await page.waitForTimeout(1500);
    for (let i = 0; i < (s === SMOKE ? 1 : 5); i++) {
      await page.waitForTimeout(1000);
      fps.push(
        (await page.evaluate(() => (window as unknown as { __wideOptimaToy: () => { fps: number | null } }).__wideOptimaToy().fps)) ?? 0,
      );
    }
    const longTasks = await page.evaluate(() => (window as unknown as { __toyLongTasks: number[] }).__toyLongTasks);
    const note = (await page.getByTestId('toy').textContent())?.match(/redraws it in (\d+) ms/)?.[1];
    return { fps, longTasks, surfaceNote: note ? `${note} ms here` : 'little here' };
  } finally {
    await session.context.close();
    await served.server.close();
  }
}

async function browserSection(s: Sizes): Promise<string[]> {
  if (!existsSync(CHROMIUM)) return ['## Headless Chromium', '', `Skipped: no Chromium at ${CHROMIUM}.`, ''];
  execFileSync('npx', ['vite', 'build', '--mode', 'test', '--outDir', 'dist-test', '--logLevel', 'error'], { stdio: 'inherit' });
  const rows: string[] = [];
  const read = (page: Page) => page.evaluate(() => (window as unknown as { __wideOptimaLab: () => any }).__wideOptimaLab());
  for (const backend of ['webgpu', 'webgl', 'cpu'] as const) {
    const served = await serveTestBuild();
    const session = await openBrowser(served.origin, backend === 'webgpu');
    try {
      const { page } = session;
      const n = backend === 'webgpu' ? Math.min(s.browserSteps, 12) : s.browserSteps;
      await page.goto(
        `${served.origin}/?preset=lecture&backend=${backend}&trainSize=${64 * (n + 1)}&epochs=1&track=false&samples=64&swaStart=0.5`,
      );
      for (let st = await read(page).catch(() => null); !st?.backend; st = await read(page).catch(() => null))
        await page.waitForTimeout(200);
      await page.getByTestId('method-SWA').click();
      await page.getByTestId('method-SAM').click();
      await page.getByTestId('start').click();
      const samples: [number, number][] = [];
      for (;;) {
        const st = await read(page);
        const r = st.experiment?.runs.SGD;
        if (r) samples.push([performance.now(), r.progress.step]);
        if (r && r.progress.step >= n) break;
        await page.waitForTimeout(100);
      }
      const [ta, ka] = samples.find(([, k]) => k >= 3)!;
      const [tb, kb] = samples.find(([, k]) => k >= n)!;
      const st = await read(page);
      rows.push(
        `| ${st.backend.backend} | ${((tb - ta) / Math.max(1, kb - ka)).toFixed(0)} | ${st.longTasks.training.count} | ${st.longTasks.training.longestMs.toFixed(0)} |`,
      );
    } finally {
      await session.context.close();
      await served.server.close();
    }
  }
  const ms = rows.map((r) => Number(r.split('|')[2]));
  const cpu = ms[2]!;
  const toy = await toyFrames(s);
  return [
    '## Headless Chromium (default preset model, batch 64; this machine has no GPU: WebGPU runs on SwiftShader)',
    '',
    `ms/step measured from the page's progress between step 3 and step ${s.browserSteps}; ratios against the cpu backend of the same run: ${ms.map((m) => (m / cpu).toFixed(2)).join(' : ')} (webgpu : webgl : cpu).`,
    '',
    '| backend | ms/step | page-thread long tasks while training | longest (ms) |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `2D toy tab, default landscape and settings (2 iterations of each method per frame): ${toy.fps.map((f) => f.toFixed(0)).join(', ')} frames/s in successive seconds of the animation (the display refreshes at 60); page-thread tasks over 50 ms while it ran: ${toy.longTasks.length}${toy.longTasks.length ? ` (longest ${Math.max(...toy.longTasks).toFixed(0)} ms)` : ''}. Without a GPU the 3D view follows only at pauses (a WebGL redraw costs ${toy.surfaceNote}).`,
    '',
  ];
}

const DEMO_BACKENDS: readonly DemoBackend[] = ['auto', 'webgpu', 'webgl', 'cpu'];

async function trackingSection(data: Dataset, smoke: boolean): Promise<string[]> {
  const analysisSamples = smoke ? 64 : 512;
  const settings = smoke
    ? [{ samples: 32, maxIter: 2 }]
    : [
        { samples: 256, maxIter: 5 },
        { samples: 64, maxIter: 1, firstMaxIter: 5 },
        { samples: 64, maxIter: 2, firstMaxIter: 5 },
      ];
  const r = await trackingStudy(data, settings, analysisSamples, smoke ? 1 : undefined);
  return ["## Sharpness tracking during training (λ_max at every epoch's end)", '', ...trackingTable(r, analysisSamples), ''];
}

async function demoSection(backends: readonly DemoBackend[], capSeconds: number, smoke: boolean, dev: boolean): Promise<string[]> {
  if (!existsSync(CHROMIUM)) return ['## The lecture demo', '', `Skipped: no Chromium at ${CHROMIUM}.`, ''];
  execFileSync('npx', ['vite', 'build', '--mode', 'test', '--outDir', 'dist-test', '--logLevel', 'error'], { stdio: 'inherit' });
  const rows: DemoRow[] = [];
  for (const b of backends) {
    process.stderr.write(`bench: lecture demo, backend ${b}…\n`);
    rows.push(await lectureDemo(b, capSeconds, smoke ? 'tiny' : 'lecture'));
  }
  process.stderr.write('bench: lecture demo without λ_max tracking (its cost)…\n');
  rows.push(await lectureDemo('auto', capSeconds, smoke ? 'tiny' : 'lecture', 'build', '&track=false'));
  if (dev) {
    process.stderr.write('bench: lecture demo on the dev server…\n');
    rows.push(await lectureDemo('auto', capSeconds, smoke ? 'tiny' : 'lecture', 'dev'));
  }
  return [
    `## The lecture demo (${smoke ? 'tiny preset' : '`?preset=lecture`'}, Start → complete comparison, headless Chromium, production build)`,
    '',
    'The built page (vite build, test mode: the production build plus the test hook the benchmark reads; `--demo-dev` adds a row served by the dev server), a fresh browser profile per row; the auto row offers WebGPU (a software adapter here), so the automatic choice measures all three backends before the page is ready (once per browser: the choice is remembered). "training ends" and "complete" count from the Start click; bytes are every response body the page and its workers received (Playwright `response.body()`), page load included; long tasks are page-thread tasks over 50 ms since Start, while training and in all.',
    '',
    ...demoTable(rows, capSeconds),
    '',
  ];
}

async function main(): Promise<number> {
  let f;
  try {
    f = parseFlags(process.argv.slice(2), ['out', 'demo-cap', 'demo-backends'], ['smoke', 'no-browser', 'demo', 'demo-dev', 'tracking']);
    f.number('demo-cap', 0);
    for (const b of (f.values.get('demo-backends') ?? '').split(',').filter(Boolean)) {
      if (!DEMO_BACKENDS.includes(b as DemoBackend)) throw new UsageError(`--demo-backends takes ${DEMO_BACKENDS.join(', ')}, got "${b}"`);
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(
      `error: ${e.message}\nusage: npm run bench [-- --smoke] [--no-browser] [--out FILE] [--demo] [--demo-dev] [--tracking] [--demo-cap SECONDS] [--demo-backends auto,webgpu,webgl,cpu]\n`,
    );
    return 2;
  }
  const smoke = f.flags.has('smoke');
  const s = smoke ? SMOKE : FULL;
  const out = f.values.get('out') ?? (smoke ? 'bench-smoke.md' : 'docs/BENCHMARKS.md');
  await useNodeCpuBackend();
  const data = await loadDatasetFromDisk('fashion-mnist');
  const t0 = performance.now();
  const sections: string[] = [];
  const demoBackends = (f.values.get('demo-backends')?.split(',').filter(Boolean) ?? DEMO_BACKENDS) as DemoBackend[];
  const demo = [
    'lecture demo',
    () => demoSection(demoBackends, f.number('demo-cap', smoke ? 300 : 900), smoke, f.flags.has('demo-dev')),
  ] as const;
  const tracking = ['sharpness tracking', () => trackingSection(data, smoke)] as const;
  const all = [
    ['training steps', () => stepSection(data, s)],
    ['Hessian and probes', () => hessianSection(data, s)],
    ['memory', () => memorySection(data, s)],
    tracking,
    ...(f.flags.has('no-browser') ? [] : [demo, ['headless Chromium', () => browserSection(s)] as const]),
  ] as const;
  const only = [...(f.flags.has('demo') ? [demo] : []), ...(f.flags.has('tracking') ? [tracking] : [])];
  for (const [name, run] of only.length ? only : all) {
    process.stderr.write(`bench: ${name}…\n`);
    sections.push(...(await run()));
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const doc = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\`${smoke ? ' --smoke (tiny sizes: the numbers mean nothing)' : ''} on ${new Date().toISOString().slice(0, 10)}.`,
    `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, no GPU; Node ${process.version}, tfjs ${tf.version.tfjs}.`,
    'Ratios are against a baseline measured in the same run; absolute times are context for this machine only.',
    '',
    ...sections,
    `Total benchmark time: ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
    '',
  ].join('\n');
  await writeFile(out, doc);
  process.stderr.write(`bench: wrote ${out}\n`);
  return 0;
}

runCommand(main);
