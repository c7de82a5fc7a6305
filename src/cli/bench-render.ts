/**
 * docs/BENCHMARKS.md from the benchmark's measurements: every section is
 * rendered from the numbers the measurement modules returned (bench-node,
 * bench-tracking, bench-browser, bench-demo), after all of them have run.
 */
import type { BrowserResults, DemoResults } from './bench-browser';
import type { DemoRow } from './bench-demo';
import type { HessianTimes, KernelProfile, MemoryDeltas, ProbeTimes, StepTimes } from './bench-node';
import type { TrackingStudy } from './bench-tracking';

/** One measured section, in the order the benchmark ran it (`null`: the browser measurements were skipped). */
export type Measured =
  | { kind: 'steps'; result: StepTimes }
  | { kind: 'hessian'; result: { hessian: HessianTimes; probes: ProbeTimes } }
  | { kind: 'memory'; result: MemoryDeltas }
  | { kind: 'tracking'; result: TrackingStudy }
  | { kind: 'demo'; result: DemoResults | null }
  | { kind: 'browser'; result: BrowserResults | null };

/** What the document says about the run itself. */
export interface BenchMeta {
  smoke: boolean;
  /** YYYY-MM-DD. */
  date: string;
  cpuCount: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  tfjs: string;
  /** Where Chromium was looked for (named when the browser sections were skipped). */
  chromium: string;
  totalSeconds: number;
}

function stepSection(r: StepTimes): string[] {
  const row = (what: string, ms: number, ratio: string, theory: string) => `| ${what} | ${ratio} | ${theory} | ${ms.toFixed(1)} |`;
  return [
    "## Training step (default convnet, batch 64, Node, tfjs cpu backend with the lab's kernels)",
    '',
    `Median over ${r.rounds} × ${r.steps} steps, methods interleaved.`,
    '',
    '| step | ratio | theory | ms/step (context) |',
    '| --- | --- | --- | --- |',
    row('SGD (baseline)', r.sgd, '1.00×', '1×'),
    row('SWA, averaging after every step (c = 1)', r.swa, `${(r.swa / r.sgd).toFixed(2)}×`, '≈ 1×'),
    row('SAM (p = 2)', r.sam, `${(r.sam / r.sgd).toFixed(2)}×`, '≈ 2×'),
    row(
      'core SGD step / a minimal hand-written tfjs loop of the same model (tf.train.momentum)',
      r.minimal,
      `${(r.sgd / r.minimal).toFixed(2)}×`,
      '≈ 1× (our overhead)',
    ),
    row('SGD on the stock tfjs 4.22 cpu kernels', r.stock, `${(r.stock / r.sgd).toFixed(1)}× slower`, 'target ≥ 5×'),
    '',
  ];
}

/** "total (Name ms, …)", whole milliseconds. */
const kernels = (k: KernelProfile) => `${k.totalMs.toFixed(0)} (${k.top.map(({ name, ms }) => `${name} ${ms.toFixed(0)}`).join(', ')})`;

function hessianSection({ hessian: h, probes: p }: { hessian: HessianTimes; probes: ProbeTimes }): string[] {
  const products = (n: number | null) => (n === null ? 'not reached' : String(n));
  return [
    `## Hessian and landscape probes (default convnet after one epoch on 2,000 images; Node, cpu)`,
    '',
    '| measure | value | theory / target |',
    '| --- | --- | --- |',
    `| one Hessian-vector product / one gradient (${h.samples} samples) | ${(h.hvpMs / h.gradMs).toFixed(2)}× (${h.hvpMs.toFixed(0)} ms / ${h.gradMs.toFixed(0)} ms) | ≈ 2× (PyTorch measured 3.4–4×); at most 4× |`,
    `| products to λ_max within 1 % (λ_max = ${h.lambdaMax.toFixed(3)}): Lanczos | ${products(h.lanczosProducts)} | |`,
    `| products to λ_max within 1 %: power iteration | ${products(h.powerProducts)} | more than Lanczos when λ₂/λ₁ is close to 1 |`,
    `| 21-point × 5-ray sweep (${p.probeTrain} train + ${p.probeTest} test images per point) | ${p.raySeconds.toFixed(1)} s | |`,
    `| ${p.surfacePoints}×${p.surfacePoints} surface (${p.probeTrain} train images per point) | ${p.surfaceSeconds.toFixed(1)} s | |`,
    '',
    `Where the time goes (tf.profile kernel time, ms, largest first): one gradient ${kernels(h.gradKernels)}; one HVP ${kernels(h.hvpKernels)}. Double backprop through the convolutions (forward, backward, and the backward of the backward) is most of an HVP; the elementwise and reduction kernels, about half of it on the stock cpu kernels, are the lab's fast ones here.`,
    '',
  ];
}

function memorySection(m: MemoryDeltas): string[] {
  return [
    '## Memory (must be flat)',
    '',
    '| after | Δ numTensors | Δ bytes |',
    '| --- | --- | --- |',
    ...m.runs.map((r) => `| ${r.name}: step ${m.atStep} vs step ${m.fromStep} | ${r.delta.numTensors} | ${r.delta.numBytes} |`),
    `| a full probe (eigenvalues, trace, density, rays) | ${m.probe.numTensors} | ${m.probe.numBytes} |`,
    '',
  ];
}

const signedPercent = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)} %`;

function trackingSection(r: TrackingStudy): string[] {
  return [
    "## Sharpness tracking during training (λ_max at every epoch's end)",
    '',
    `SGD, lecture preset, ${r.trainSeconds.toFixed(1)} s of training without tracking (Node, cpu); one measurement per epoch; λ_max of the final weights on the analysis's ${r.analysisSamples} samples: ${r.lambda.toFixed(2)}.`,
    '',
    "| tracker (samples × Lanczos steps, warm-started) | time, all epochs | overhead on SGD's training | error vs converged Lanczos on the same samples, by epoch | worst error vs the analysis's Hessian | last value |",
    '| --- | --- | --- | --- | --- | --- |',
    ...r.rows.map(
      (x) =>
        `| ${x.setting.samples} × ${x.setting.firstMaxIter ? `${x.setting.firstMaxIter} first, then ${x.setting.maxIter}` : x.setting.maxIter} | ${x.seconds.toFixed(1)} s | ${((100 * x.seconds) / r.trainSeconds).toFixed(1)} % | ${x.errors.map((e) => `${e.epoch}: ${signedPercent(e.own)}`).join(', ')} | ${(100 * x.analysisError).toFixed(1)} % | ${x.last.toFixed(2)} |`,
    ),
    '',
  ];
}

const seconds = (x: number | null) => (x === null ? '—' : x.toFixed(1));
const megabytes = (b: number | null) => (b === null ? '—' : `${(b / 1e6).toFixed(2)} MB`);
const servedBy = (r: DemoRow) => (r.server === 'dev' ? 'npm run dev' : 'production build');
const asked = (r: DemoRow) => `${r.backend}${r.query ? ` (${r.query.replace(/^&/, '')})` : ''}`;

/** One row's time split, as one line. */
function profileLine(r: DemoRow): string {
  const { pageBusySeconds, runs, analyses } = r.profile;
  const parts = [
    ...runs.map((x) => `${x.method} trained ${x.seconds.toFixed(1)} s (${x.ownSteps} own steps)`),
    ...analyses.map((a) => {
      const st = a.stages;
      const stages = st
        ? `: eigenvalues ${st.eigenvalues.toFixed(1)} (${a.hvps} products), trace ${st.trace.toFixed(1)} (${a.traceHvps}), density ${st.density.toFixed(1)}, rays ${st.rays.toFixed(1)}`
        : '';
      return `${a.method} analysed ${a.seconds.toFixed(1)} s${stages}`;
    }),
  ];
  return `- ${servedBy(r)}, ${asked(r)}: page thread busy ${pageBusySeconds.toFixed(1)} s; ${parts.join('; ')}.`;
}

function demoRow(r: DemoRow, capSeconds: number): string {
  const total = r.finished ? seconds(r.done) : `not finished at ${capSeconds} s (${r.steps} of ${r.totalSteps} steps trained)`;
  const analysis = r.done !== null && r.trainingEnd !== null ? seconds(r.done - r.trainingEnd) : '—';
  const mb = `${(r.bytes / 1e6).toFixed(1)} MB in ${r.responses} responses`;
  const tasks = (t: DemoRow['longTasks']) => `${t.count} (${t.longestMs.toFixed(0)})`;
  return `| ${servedBy(r)} | ${asked(r)} | ${r.used} | ${seconds(r.backendReady)} | ${total} | ${seconds(r.firstStep)} | ${seconds(r.trainingEnd)} | ${analysis} | ${mb} | ${megabytes(r.fetched)} | ${megabytes(r.refetched)} | ${tasks(r.trainingLongTasks)} | ${tasks(r.longTasks)} |`;
}

function demoSection(d: DemoResults): string[] {
  return [
    `## The lecture demo (${d.smoke ? 'tiny preset' : '`?preset=lecture`'}, Start → complete comparison, headless Chromium, production build)`,
    '',
    'The built page (vite build, test mode: the production build plus the test hook the benchmark reads; `--demo-dev` adds a row served by the dev server), a fresh browser profile per row; the auto row offers WebGPU (a software adapter here), so the automatic choice measures all three backends before the page is ready (once per browser: the choice is remembered). "training ends" and "complete" count from the Start click; bytes are every response body the page and its workers received (Playwright `response.body()`), page load included; long tasks are page-thread tasks over 50 ms since Start, while training and in all.',
    '',
    '| served by | backend asked | backend used | page open → backend ready (s) | Start → complete (s) | first step (s) | training ends (s) | analysis (s) | bytes received (response bodies) | fetched from the server, first open → complete | fetched on a reload and a second run | page tasks > 50 ms while training (longest ms) | page tasks > 50 ms from Start to complete (longest ms) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...d.rows.map((r) => demoRow(r, d.capSeconds)),
    ...(d.rows.length
      ? [
          '',
          "Where the time went (each run's own training time, each analysis by stage, in seconds; runs and analyses overlap across workers):",
          '',
          ...d.rows.map(profileLine),
        ]
      : []),
    '',
    ...lectureModeLines(d.lecture),
  ];
}

/** The lecture mode: what a lecturer waits for before the first comparison is on screen, and at each step. */
function lectureModeLines(l: DemoResults['lecture']): string[] {
  const slowest = l.steps.reduce((a, b) => (b.seconds > a.seconds ? b : a), l.steps[0] ?? { id: '—', seconds: 0 });
  const median = [...l.steps.map((s) => s.seconds)].sort((a, b) => a - b)[Math.floor(l.steps.length / 2)] ?? 0;
  return [
    '### The lecture mode (`?lecture=plan&lang=ru`, the same build, a fresh browser profile)',
    '',
    `Open → the bundled reference run's comparison on screen: **${seconds(l.firstView)} s** (${megabytes(l.fetchedAtFirstView)} fetched from the server), against the lecture demo's Start → complete above. Each following step (→ key → its views showing their numbers; a toy step: its first iterations): median ${median.toFixed(2)} s, slowest ${slowest.seconds.toFixed(2)} s (${slowest.id}).`,
    '',
    `| step | ${l.steps.map((s) => s.id).join(' | ')} |`,
    `| --- | ${l.steps.map(() => '---').join(' | ')} |`,
    `| seconds | ${l.steps.map((s) => s.seconds.toFixed(2)).join(' | ')} |`,
    '',
  ];
}

function browserSection(b: BrowserResults): string[] {
  // The ratios are of the whole-millisecond figures the table shows.
  const shown = b.rows.map((r) => Number(r.msPerStep.toFixed(0)));
  const cpu = shown[b.rows.findIndex((r) => r.asked === 'cpu')]!;
  const { toy } = b;
  const longest = toy.longTasks.length ? ` (longest ${Math.max(...toy.longTasks).toFixed(0)} ms)` : '';
  return [
    '## Headless Chromium (default preset model, batch 64; this machine has no GPU: WebGPU runs on SwiftShader)',
    '',
    `ms/step measured from the page's progress between step 3 and step ${b.browserSteps}; ratios against the cpu backend of the same run: ${shown.map((m) => (m / cpu).toFixed(2)).join(' : ')} (webgpu : webgl : cpu).`,
    '',
    '| backend | ms/step | page-thread long tasks while training | longest (ms) |',
    '| --- | --- | --- | --- |',
    ...b.rows.map((r) => `| ${r.used} | ${r.msPerStep.toFixed(0)} | ${r.longTasks.count} | ${r.longTasks.longestMs.toFixed(0)} |`),
    '',
    `2D toy tab, default landscape and settings (2 iterations of each method per frame): ${toy.fps.map((f) => f.toFixed(0)).join(', ')} frames/s in successive seconds of the animation (the display refreshes at 60); page-thread tasks over 50 ms while it ran: ${toy.longTasks.length}${longest}. Without a GPU the 3D view follows only at pauses (a WebGL redraw costs ${toy.redrawMs === null ? 'little here' : `${toy.redrawMs} ms here`}).`,
    '',
  ];
}

const skipped = (title: string, chromium: string) => [`## ${title}`, '', `Skipped: no Chromium at ${chromium}.`, ''];

function section(m: Measured, chromium: string): string[] {
  switch (m.kind) {
    case 'steps':
      return stepSection(m.result);
    case 'hessian':
      return hessianSection(m.result);
    case 'memory':
      return memorySection(m.result);
    case 'tracking':
      return trackingSection(m.result);
    case 'demo':
      return m.result ? demoSection(m.result) : skipped('The lecture demo', chromium);
    case 'browser':
      return m.result ? browserSection(m.result) : skipped('Headless Chromium', chromium);
  }
}

/** The whole document: the run's context, then each section in the order measured. */
export function renderBenchmarks(meta: BenchMeta, measured: Measured[]): string {
  return [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\`${meta.smoke ? ' --smoke (tiny sizes: the numbers mean nothing)' : ''} on ${meta.date}.`,
    `Machine: ${meta.cpuCount} × ${meta.cpuModel}, ${meta.memoryGiB.toFixed(0)} GiB, no GPU; Node ${meta.node}, tfjs ${meta.tfjs}.`,
    'Ratios are against a baseline measured in the same run; absolute times are context for this machine only.',
    '',
    ...measured.flatMap((m) => section(m, meta.chromium)),
    `Total benchmark time: ${meta.totalSeconds.toFixed(0)} s.`,
    '',
  ].join('\n');
}
