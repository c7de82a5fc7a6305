/**
 * Records a reference run with the app itself: the test build's page in
 * headless Chromium, `?preset=NAME&…`, Start with all three methods, and the
 * experiment read through the test hook once its analysis is done — the same
 * record the page's "Export run (JSON)" writes — plus where it came from
 * (provenance). Used by `npm run reference` (src/cli/reference.ts) and by the
 * browser test that checks the format (tests/e2e/reference.e2e.ts).
 */
import { execFileSync } from 'node:child_process';
import { arch, cpus, platform, totalmem } from 'node:os';
import type { Page } from 'playwright-core';
import { METHODS } from '../core/methods';
import type { Experiment } from '../ui/experiment';
import { DEFAULT_LAB, PRESETS, validateLab } from '../ui/lab';
import type { Provenance, ReferenceRun } from '../ui/reference';
import type { TestWindow } from '../ui/test-hook';
import { englishText } from '../ui/i18n/text';
import { labFromQuery } from '../ui/url-state';
import { CHROMIUM } from './browser';

/** Where a recording stands, as the page's test hook reports it. */
export interface ReferenceProgress {
  /** Seconds since the recording began. */
  elapsed: number;
  phase: string;
  /** Steps done and planned, over all three runs. */
  steps: number;
  total: number;
  /** The longest remaining time any training run reports (null: none is training). */
  etaSeconds: number | null;
  /** The analysis jobs under way ("SGD eigenvalues 3/5"). */
  analysis: string[];
}

export interface RecordOptions {
  /** Where the test build is served. */
  origin: string;
  /** A preset of the lab (src/ui/lab.ts PRESETS). */
  preset: string;
  /** Settings on top of the preset, as the URL takes them ("epochs=3&seed=2"); the backend is cpu unless it names one. */
  lab?: string;
  /** Gives up after this long (default 1 hour). */
  timeoutSeconds?: number;
  onProgress?: (p: ReferenceProgress) => void;
}

export interface RecordedRun {
  /** The page's experiment, as its JSON export writes it. */
  experiment: Experiment;
  preset: string;
  /** The settings given on top of the preset, as the page's URL carried them. */
  lab: string;
  backend: string;
  browser: string;
  seconds: NonNullable<Provenance['seconds']>;
}

/** The settings on top of `preset`, checked as the page reads them: the query string to open (backend=cpu unless `lab` names one). */
export function referenceQuery(preset: string, lab = ''): string {
  const base = PRESETS[preset];
  if (!base) throw new Error(`unknown preset "${preset}" (the lab has ${Object.keys(PRESETS).join(', ')})`);
  const overrides = new URLSearchParams(lab.replace(/^\?/, ''));
  if (overrides.has('preset')) throw new Error('give the preset with --preset, not in the settings');
  if (!overrides.has('backend')) overrides.set('backend', 'cpu');
  // As the page reads its URL (src/ui/page/usePage.ts): the preset over the defaults, the fields over the preset.
  const { lab: settings, problems } = labFromQuery(overrides.toString(), { ...DEFAULT_LAB, ...base.lab });
  if (problems.length) throw new Error(`the settings "${lab}" do not read: ${problems.map(englishText).join('; ')}`);
  const invalid = Object.entries(validateLab(settings));
  if (invalid.length) throw new Error(`the settings are not valid: ${invalid.map(([k, v]) => `${k}: ${englishText(v)}`).join('; ')}`);
  return overrides.toString();
}

/** What the recorder reads from the page every half second (a small projection: reading the whole experiment would load the page). */
interface Probe {
  backend: string | null;
  phase: string | null;
  steps: number;
  total: number;
  etaSeconds: number | null;
  trainingDone: boolean;
  analyses: number;
  analysis: string[];
  statuses: string;
  messages: string;
}

function probe(page: Page): Promise<Probe | null> {
  return page
    .evaluate(() => {
      const st = (window as TestWindow).__wideOptimaLab?.();
      if (!st) return null;
      const x = st.experiment;
      const runs = x ? Object.values(x.runs) : [];
      const training = runs.filter((r) => r.status === 'training');
      const b = st.backend;
      return {
        backend: b ? `${b.backend}${b.summary ? ` (${b.summary})` : ' (set by the URL)'}` : null,
        phase: x?.phase ?? null,
        steps: runs.reduce((a, r) => a + r.progress.step, 0),
        total: runs.reduce((a, r) => a + r.progress.total, 0),
        etaSeconds: training.length ? Math.max(...training.map((r) => r.progress.etaSeconds)) : null,
        trainingDone: runs.length > 0 && runs.every((r) => r.status !== 'waiting' && r.status !== 'training'),
        analyses: x ? Object.keys(x.analyses).length : 0,
        analysis: Object.entries(st.analysis).map(([m, p]) => `${m} ${p.stage} ${p.done}/${p.total}`),
        statuses: runs.map((r) => `${r.method} ${r.status}`).join(', '),
        // Whatever type the messages have (text, or keys for the translated interface): shown, never read.
        messages: JSON.stringify(st.messages),
      };
    })
    .catch(() => null);
}

const tenths = (s: number) => Math.round(s * 10) / 10;

/** The browser's version as Chromium names itself ("Chrome/…"), headless, and its executable. */
async function browserVersion(page: Page): Promise<string> {
  let product: string;
  try {
    const cdp = await page.context().newCDPSession(page);
    product = (await cdp.send('Browser.getVersion')).product;
    await cdp.detach();
  } catch {
    product = await page.evaluate(() => navigator.userAgent);
  }
  return `${product}, headless (${CHROMIUM})`;
}

/**
 * Opens `?preset=…&…` on `page`, starts SGD, SWA and SAM, waits until the
 * experiment is done with every method's analysis, and returns the experiment
 * as the page exports it. Throws if the page stops, a run does not complete
 * or an analysis is missing, naming the runs' states and the page's messages.
 */
export async function recordReferenceRun(page: Page, options: RecordOptions): Promise<RecordedRun> {
  const { origin, preset, onProgress } = options;
  const lab = referenceQuery(preset, options.lab);
  const limit = options.timeoutSeconds ?? 3600;
  const t0 = performance.now();
  const at = () => (performance.now() - t0) / 1000;
  const tick = async (): Promise<Probe | null> => {
    if (at() > limit) throw new Error(`the reference run did not finish in ${limit} s`);
    await page.waitForTimeout(500);
    return probe(page);
  };

  await page.goto(`${origin}/?preset=${encodeURIComponent(preset)}&${lab}`);
  let p = await probe(page);
  while (!p?.backend) p = await tick();
  const backendReady = at();
  for (const m of METHODS) await page.getByTestId(`method-${m}`).check();
  await page.getByTestId('start').click();
  const started = at();
  let trainingEnd: number | null = null;
  for (;;) {
    p = await tick();
    if (!p) continue;
    onProgress?.({
      elapsed: at(),
      phase: p.phase ?? 'idle',
      steps: p.steps,
      total: p.total,
      etaSeconds: p.etaSeconds,
      analysis: p.analysis,
    });
    if (trainingEnd === null && p.trainingDone) trainingEnd = at();
    if (p.phase === 'stopped') throw new Error(`the page stopped the experiment (${p.statuses}); its messages: ${p.messages}`);
    if (p.phase === 'done') break;
  }
  const done = at();
  if (p.analyses < METHODS.length || !p.statuses.split(', ').every((s) => s.endsWith(' completed')))
    throw new Error(
      `the experiment ended without three completed runs and their analyses (${p.statuses}; ${p.analyses} analyses); its messages: ${p.messages}`,
    );
  // Exactly what the page's "Export run (JSON)" writes: JSON.stringify of the session's experiment.
  const json = await page.evaluate(() => JSON.stringify((window as TestWindow).__wideOptimaLab!().experiment));
  const experiment = JSON.parse(json) as Experiment;
  return {
    experiment,
    preset,
    lab,
    backend: p.backend!,
    browser: await browserVersion(page),
    seconds: {
      backendReady: tenths(backendReady),
      training: tenths((trainingEnd ?? done) - started),
      analysis: tenths(done - (trainingEnd ?? done)),
      total: tenths(at()),
    },
  };
}

/** The commit the app was recorded from, and whether the checkout had changes outside public/reference. */
export function gitState(cwd = process.cwd()): { commit: string; dirty: boolean } {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  try {
    const commit = git('rev-parse', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)public/reference') !== '';
    return { commit, dirty };
  } catch {
    return { commit: 'unknown (not a git checkout)', dirty: true };
  }
}

/** This machine, as the provenance records it. */
export function machine(): Provenance['machine'] {
  const cores = cpus();
  return { cpu: cores[0]?.model.trim() ?? 'unknown', cores: cores.length, platform: platform(), arch: arch(), memoryBytes: totalmem() };
}

/** The recorded run with its provenance: the content of a reference file. */
export function referenceRun(run: RecordedRun, command: string, reduced?: string): ReferenceRun {
  const provenance: Provenance = {
    command,
    preset: run.preset,
    lab: run.lab,
    seed: run.experiment.lab.seed,
    ...gitState(),
    machine: machine(),
    browser: run.browser,
    backend: run.backend,
    createdAt: new Date().toISOString(),
    seconds: run.seconds,
    ...(reduced ? { reduced } : {}),
  };
  return { ...run.experiment, provenance };
}

/** Digits of the displays the page uses: toPrecision(1…7) and toFixed(0…6) must read the same after shortening. */
function displaysSame(a: number, b: number): boolean {
  for (let d = 1; d <= 7; d++) if (a.toPrecision(d) !== b.toPrecision(d)) return false;
  for (let d = 0; d <= 6; d++) if (a.toFixed(d) !== b.toFixed(d)) return false;
  return true;
}

/**
 * A float32 value (Math.fround(x) === x: the weights, the per-step losses, the
 * values the workers read from tensors) with the fewest significant digits
 * (7 to 9) that still round to the same float32 and print the same in every
 * display the page uses; any other number is returned as it is.
 */
export function shortFloat32(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x) || Math.fround(x) !== x) return x;
  for (let p = 7; p <= 9; p++) {
    const y = Number(x.toPrecision(p));
    if (Math.fround(y) === x && displaysSame(x, y)) return y;
  }
  return x;
}

/** `value` with every number passed through `f` (a new tree). */
function mapNumbers(value: unknown, f: (x: number) => number): unknown {
  if (typeof value === 'number') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapNumbers(v, f));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapNumbers(v, f)]));
  return value;
}

/** How many numbers of `a` and `b` (trees of the same shape) differ as float32 or in a display; throws if the shapes differ. */
export function float32Differences(a: unknown, b: unknown, path = ''): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.fround(a) === Math.fround(b) && displaysSame(a, b) ? 0 : 1;
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length)
    return a.reduce((n: number, v, i) => n + float32Differences(v, b[i], `${path}[${i}]`), 0);
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) throw new Error(`${path}: the keys differ`);
    return ka.reduce(
      (n, k) => n + float32Differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`),
      0,
    );
  }
  if (a !== b) throw new Error(`${path || 'the value'} differs: ${JSON.stringify(a)} against ${JSON.stringify(b)}`);
  return 0;
}

/** What `referenceJson(x, true)` does to the numbers, in words (for the provenance). */
export const FLOAT32_NOTE =
  'numbers that are float32 values (Math.fround(x) === x: the weights, per-step losses, values read from tensors) are written with 7 to 9 significant digits, the fewest that round to the same float32 and print the same in toPrecision(1..7) and toFixed(0..6); every other number is as the page held it';

/** Counts of a file's numbers: all of them, and those written shorter. */
export interface ShortenCount {
  numbers: number;
  shortened: number;
}

/** The reference file's text (compact JSON, as the page exports it); `shorten` writes float32 values with fewer digits (shortFloat32). */
export function referenceJson(x: ReferenceRun, shorten: boolean): { text: string; count: ShortenCount } {
  const count: ShortenCount = { numbers: 0, shortened: 0 };
  const tree = mapNumbers(x, (v) => {
    count.numbers++;
    const y = shorten ? shortFloat32(v) : v;
    if (y !== v) count.shortened++;
    return y;
  });
  return { text: `${JSON.stringify(tree)}\n`, count };
}
