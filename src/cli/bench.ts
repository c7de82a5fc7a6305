/**
 * The benchmark: `npm run bench` measures and writes docs/BENCHMARKS.md.
 * Figures are ratios against a baseline measured in the same run; absolute
 * times are context only (this machine, this backend). `--smoke` runs a tiny
 * version (for CI: it keeps the benchmark working, its numbers mean nothing),
 * `--out FILE` writes elsewhere, `--no-browser` skips headless Chromium.
 *
 * Each section is measured into plain numbers (bench-node, bench-tracking,
 * bench-browser, bench-demo); the document is rendered from them at the end
 * (bench-render).
 */
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../core/data/dataset';
import { useNodeCpuBackend } from '../node/backend';
import { CHROMIUM } from '../node/browser';
import { loadDatasetFromDisk } from '../node/files';
import { hasChromium, measureBrowser, measureDemo } from './bench-browser';
import type { DemoBackend } from './bench-demo';
import { FULL, SMOKE, measureHessian, measureMemory, measureSteps } from './bench-node';
import { type Measured, renderBenchmarks } from './bench-render';
import { type TrackingStudy, trackingStudy } from './bench-tracking';
import { type ParsedFlags, UsageError, parseFlags } from './flags';
import { runCommand } from './run';

const DEMO_BACKENDS: readonly DemoBackend[] = ['auto', 'webgpu', 'webgl', 'cpu'];
const isDemoBackend = (b: string): b is DemoBackend => (DEMO_BACKENDS as readonly string[]).includes(b);

const USAGE =
  'usage: npm run bench [-- --smoke] [--no-browser] [--out FILE] [--demo] [--demo-dev] [--tracking] [--demo-cap SECONDS] [--demo-backends auto,webgpu,webgl,cpu]';

/** The flags, checked before anything is measured. */
function readFlags(argv: string[]): ParsedFlags {
  const f = parseFlags(argv, ['out', 'demo-cap', 'demo-backends'], ['smoke', 'no-browser', 'demo', 'demo-dev', 'tracking']);
  f.number('demo-cap', 0);
  for (const b of (f.values.get('demo-backends') ?? '').split(',').filter(Boolean)) {
    if (!isDemoBackend(b)) throw new UsageError(`--demo-backends takes ${DEMO_BACKENDS.join(', ')}, got "${b}"`);
  }
  return f;
}

/** λ_max tracking over the lecture preset's epochs: three tracker settings (one tiny one with `smoke`). */
function measureTracking(data: Dataset, smoke: boolean): Promise<TrackingStudy> {
  const analysisSamples = smoke ? 64 : 512;
  const settings = smoke
    ? [{ samples: 32, maxIter: 2 }]
    : [
        { samples: 256, maxIter: 5 },
        { samples: 64, maxIter: 1, firstMaxIter: 5 },
        { samples: 64, maxIter: 2, firstMaxIter: 5 },
      ];
  return trackingStudy(data, settings, analysisSamples, smoke ? 1 : undefined);
}

type Section = readonly [name: string, measure: () => Promise<Measured>];

/** The sections to run, in order: all of them, or only `--demo` and/or `--tracking`. */
function sections(f: ParsedFlags, data: Dataset): Section[] {
  const smoke = f.flags.has('smoke');
  const s = smoke ? SMOKE : FULL;
  const demoBackends = f.values.get('demo-backends')?.split(',').filter(isDemoBackend) ?? DEMO_BACKENDS;
  const capSeconds = f.number('demo-cap', smoke ? 300 : 900);
  const demo: Section = [
    'lecture demo',
    async () => ({
      kind: 'demo',
      result: hasChromium() ? await measureDemo(demoBackends, capSeconds, smoke, f.flags.has('demo-dev')) : null,
    }),
  ];
  const tracking: Section = ['sharpness tracking', async () => ({ kind: 'tracking', result: await measureTracking(data, smoke) })];
  const browser: Section = ['headless Chromium', async () => ({ kind: 'browser', result: hasChromium() ? await measureBrowser(s) : null })];
  const only = [...(f.flags.has('demo') ? [demo] : []), ...(f.flags.has('tracking') ? [tracking] : [])];
  if (only.length) return only;
  return [
    ['training steps', async () => ({ kind: 'steps', result: await measureSteps(data, s) })],
    ['Hessian and probes', async () => ({ kind: 'hessian', result: await measureHessian(data, s) })],
    ['memory', async () => ({ kind: 'memory', result: await measureMemory(data, s) })],
    tracking,
    ...(f.flags.has('no-browser') ? [] : [demo, browser]),
  ];
}

async function main(): Promise<number> {
  let f: ParsedFlags;
  try {
    f = readFlags(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`error: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const smoke = f.flags.has('smoke');
  const out = f.values.get('out') ?? (smoke ? 'bench-smoke.md' : 'docs/BENCHMARKS.md');
  await useNodeCpuBackend();
  const data = await loadDatasetFromDisk('fashion-mnist');
  const t0 = performance.now();
  const measured: Measured[] = [];
  for (const [name, measure] of sections(f, data)) {
    process.stderr.write(`bench: ${name}…\n`);
    measured.push(await measure());
  }
  const meta = {
    smoke,
    date: new Date().toISOString().slice(0, 10),
    cpuCount: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown CPU',
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    tfjs: tf.version.tfjs,
    chromium: CHROMIUM,
    totalSeconds: (performance.now() - t0) / 1000,
  };
  await writeFile(out, renderBenchmarks(meta, measured));
  process.stderr.write(`bench: wrote ${out}\n`);
  return 0;
}

runCommand(main);
