/**
 * The benchmark's lecture-demo row: the built page in headless Chromium,
 * `?preset=lecture`, Start → the complete comparison (results table,
 * eigenvalues, rays, interpolation), timed as a whole and split into time to
 * first step, training and analysis; the bytes of every response the page
 * received (Playwright's `response.body()`), and the page's long tasks.
 * A run that has not finished by `capSeconds` is reported with how far it
 * got, never extrapolated silently.
 */
import type { Page } from 'playwright-core';
import { createServer } from 'vite';
import { type Session, openBrowser, serveTestBuild } from '../node/browser';
import type { TestWindow } from '../ui/test-hook';

export type DemoBackend = 'auto' | 'webgpu' | 'webgl' | 'cpu';

/** What serves the page: the production build (vite preview) or the dev server (`npm run dev`). */
export type DemoServer = 'build' | 'dev';

/** The dev server in test mode (so the page installs the hook the benchmark reads). */
async function serveDev(): Promise<Served> {
  const server = await createServer({ mode: 'test', logLevel: 'warn', server: { host: '127.0.0.1', port: 0, strictPort: false } });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite dev server did not report a URL');
  return { origin: new URL(url).origin, close: () => server.close(), bytesSent: null };
}

export interface DemoRow {
  backend: DemoBackend;
  server: DemoServer;
  /** Extra URL settings of this row (e.g. λ_max tracking off). */
  query: string;
  /** The backend the page reported it used, with its own note on the choice. */
  used: string;
  finished: boolean;
  /** Seconds from opening the page to the backend being ready (the automatic choice measures every backend first). */
  backendReady: number;
  /** Seconds from the Start click. */
  firstStep: number | null;
  trainingEnd: number | null;
  done: number | null;
  /** Where the run stood at the end of the measurement (steps done / total over all methods). */
  steps: number;
  totalSteps: number;
  bytes: number;
  responses: number;
  /** Response-body bytes the server sent (gzip where it compresses), first open → complete; null on the dev server. */
  fetched: number | null;
  /** The same on a reload and a second Start (until its first step: a run reads its data before it); null if not measured. */
  refetched: number | null;
  longTasks: { count: number; longestMs: number };
  /** The long tasks that overlapped training. */
  trainingLongTasks: { count: number; longestMs: number };
  /** Where the time went. */
  profile: DemoProfile;
}

/** Where a demo's time went: the page thread's busy time, each run's own training, each analysis by stage (seconds). */
export interface DemoProfile {
  pageBusySeconds: number;
  runs: { method: string; seconds: number; ownSteps: number }[];
  analyses: {
    method: string;
    seconds: number;
    stages: { eigenvalues: number; trace: number; density: number; rays: number } | null;
    hvps: number;
    traceHvps: number;
  }[];
}

/** Each run's own training time and each analysis's time by stage, as the page reports them. */
function timeSplit(page: Page): Promise<Pick<DemoProfile, 'runs' | 'analyses'>> {
  return page.evaluate(() => {
    const x = (window as TestWindow).__wideOptimaLab?.().experiment;
    const split: Pick<DemoProfile, 'runs' | 'analyses'> = { runs: [], analyses: [] };
    if (!x) return split;
    for (const m of ['SGD', 'SWA', 'SAM'] as const) {
      const r = x.runs[m].result;
      if (r) split.runs.push({ method: m, seconds: r.elapsedSeconds, ownSteps: r.steps - (x.runs[m].branch?.step ?? 0) });
    }
    for (const m of ['SGD', 'SWA', 'SAM'] as const) {
      const a = x.analyses[m];
      if (a) split.analyses.push({ method: m, seconds: a.seconds, stages: a.stageSeconds ?? null, hvps: a.hvps, traceHvps: a.trace.hvps });
    }
    return split;
  });
}

/** A small projection of the page's state (reading the whole experiment would itself load the page). */
interface DemoProbe {
  backend: string | null;
  phase: string | null;
  steps: number;
  total: number;
  trainingDone: boolean;
  longTasks: { count: number; longestMs: number };
  trainingLongTasks: { count: number; longestMs: number };
}

function probe(page: Page): Promise<DemoProbe> {
  return page.evaluate(() => {
    const st = (window as TestWindow).__wideOptimaLab?.();
    const runs = st?.experiment ? Object.values(st.experiment.runs) : [];
    const chosen = st?.backend ? `${st.backend.backend}${st.backend.summary ? ` (${st.backend.summary})` : ''}` : null;
    return {
      backend: chosen,
      phase: st?.experiment?.phase ?? null,
      steps: runs.reduce((a, r) => a + r.progress.step, 0),
      total: runs.reduce((a, r) => a + r.progress.total, 0),
      trainingDone: runs.length > 0 && runs.every((r) => r.status !== 'waiting' && r.status !== 'training'),
      longTasks: st?.longTasks?.all ?? { count: 0, longestMs: 0 },
      trainingLongTasks: st?.longTasks?.training ?? { count: 0, longestMs: 0 },
    };
  });
}

/** The page being served: its origin, how to stop serving it, and the response bytes sent so far (null on the dev server). */
interface Served {
  origin: string;
  close: () => Promise<void>;
  bytesSent: (() => number) | null;
}

async function serve(server: DemoServer): Promise<Served> {
  if (server === 'dev') return serveDev();
  const b = await serveTestBuild();
  return { origin: b.origin, close: () => b.server.close(), bytesSent: b.bytesSent };
}

/** Polls until the page reports its backend (the dev server may reload the page once while it bundles: read again after it). */
async function backendReady(page: Page): Promise<DemoProbe> {
  const settled = () => probe(page).catch(() => null);
  let ready = await settled();
  while (!ready?.backend) {
    await page.waitForTimeout(200);
    ready = await settled();
  }
  return ready;
}

/** The page thread's busy seconds from now on (Chromium's TaskDuration): CPU the workers did not get. */
async function busyClock(session: Session): Promise<() => Promise<number>> {
  const cdp = await session.context.newCDPSession(session.page);
  await cdp.send('Performance.enable');
  const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  const busy0 = await busy();
  return async () => (await busy()) - busy0;
}

/** Seconds from the Start click to the first step, to the end of training and to the complete comparison (null: not by `capSeconds`). */
interface RunTimes {
  firstStep: number | null;
  trainingEnd: number | null;
  done: number | null;
  /** The page's state at the end of the measurement. */
  last: DemoProbe;
}

/** Clicks Start and follows the run until the comparison is complete or `capSeconds` have passed. */
async function followRun(page: Page, backend: DemoBackend, capSeconds: number, ready: DemoProbe): Promise<RunTimes> {
  await page.getByTestId('start').click();
  const t0 = performance.now();
  const at = () => (performance.now() - t0) / 1000;
  const times: RunTimes = { firstStep: null, trainingEnd: null, done: null, last: ready };
  while (at() < capSeconds) {
    const p = (times.last = await probe(page));
    if (times.firstStep === null && p.steps > 0) times.firstStep = at();
    if (times.trainingEnd === null && p.trainingDone) times.trainingEnd = at();
    if (p.phase === 'done') {
      times.done = at();
      break;
    }
    if (p.phase === 'stopped') throw new Error(`the lecture demo stopped on ${backend} (${p.steps} of ${p.total} steps)`);
    await page.waitForTimeout(250);
  }
  return times;
}

/** Bytes the server sends for a reload and a second run (until its first step): everything should come from the service worker and the data cache. */
async function refetchedBytes(page: Page, bytesSent: () => number): Promise<number> {
  const before = bytesSent();
  await page.reload();
  await backendReady(page);
  await page.getByTestId('start').click();
  while ((await probe(page)).steps === 0) await page.waitForTimeout(200);
  const sent = bytesSent() - before;
  await page.getByTestId('stop').click();
  return sent;
}

/** Records the body size of every response the browser receives (the page's and its workers'); reads them all when called. */
function watchBodies(session: Session): () => Promise<number[]> {
  const bodies: Promise<number>[] = [];
  session.context.on('response', (r) =>
    bodies.push(
      r.body().then(
        (b) => b.length,
        () => 0,
      ),
    ),
  );
  return () => Promise.all(bodies);
}

/** One lecture demo from a fresh browser profile (`preset`: the benchmark's smoke run uses 'tiny'). */
export async function lectureDemo(
  backend: DemoBackend,
  capSeconds: number,
  preset = 'lecture',
  server: DemoServer = 'build',
  query = '',
): Promise<DemoRow> {
  const served = await serve(server);
  // The auto row runs with WebGPU offered (a software adapter here), so the choice has every backend to weigh.
  const session = await openBrowser(served.origin, backend !== 'webgl' && backend !== 'cpu');
  const bodySizes = watchBodies(session);
  try {
    const { page } = session;
    const forced = backend === 'auto' ? '' : `&backend=${backend}`;
    const opened = performance.now();
    await page.goto(`${served.origin}/?preset=${preset}${forced}${query}`);
    const ready = await backendReady(page);
    const readySeconds = (performance.now() - opened) / 1000;
    const pageBusy = await busyClock(session);
    const run = await followRun(page, backend, capSeconds, ready);
    const sizes = await bodySizes();
    const where: DemoProfile = { pageBusySeconds: await pageBusy(), ...(await timeSplit(page).catch(() => ({ runs: [], analyses: [] }))) };
    const fetched = served.bytesSent?.() ?? null;
    const refetched = served.bytesSent && run.done !== null ? await refetchedBytes(page, served.bytesSent) : null;
    const p = run.last;
    return {
      backend,
      server,
      query,
      used: p.backend ?? 'none',
      finished: run.done !== null,
      backendReady: readySeconds,
      firstStep: run.firstStep,
      trainingEnd: run.trainingEnd,
      done: run.done,
      steps: p.steps,
      totalSteps: p.total,
      bytes: sizes.reduce((a, b) => a + b, 0),
      responses: sizes.length,
      fetched,
      refetched,
      longTasks: p.longTasks,
      trainingLongTasks: p.trainingLongTasks,
      profile: where,
    };
  } finally {
    await session.context.close();
    await served.close();
  }
}

/** The lecture mode's row: how soon a lecturer has something to show, and how long each step takes to show its view. */
export interface LectureModeRow {
  /** Seconds from opening `?lecture=plan` (fresh profile) to the bundled reference run's table on screen. */
  firstView: number;
  /** Response-body bytes the server sent (gzip) until then. */
  fetchedAtFirstView: number;
  /** Seconds from the → key to the step's views showing their numbers (a toy: its first iterations). */
  steps: { id: string; seconds: number }[];
}

const readLecture = (page: Page) => page.evaluate(() => (window as TestWindow).__wideOptimaLecture?.() ?? null);
const toyIteration = (page: Page) => page.evaluate(() => (window as TestWindow).__wideOptimaToy?.().iteration ?? 0);

/** Polls `ready` every 20 ms; the seconds since `t0` when it held (fails after `timeoutMs`). */
async function secondsUntil(what: string, t0: number, ready: () => Promise<boolean>, timeoutMs = 120_000): Promise<number> {
  for (;;) {
    if (await ready().catch(() => false)) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > timeoutMs) throw new Error(`lecture mode: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Opens the lecture in a fresh browser profile (Russian, as the lecture is given) and walks its steps with the → key. */
export async function lectureMode(steps: readonly { id: string; parts: readonly { kind: string }[] }[]): Promise<LectureModeRow> {
  const served = await serve('build');
  const session = await openBrowser(served.origin, false);
  try {
    const { page } = session;
    const t0 = performance.now();
    await page.goto(`${served.origin}/?lecture=${steps[0]!.id}&lang=ru`);
    const shows = async (step: (typeof steps)[number]) => {
      const s = await readLecture(page);
      const numbered = step.parts.filter((p) => p.kind !== 'toy').length;
      const toy = step.parts.some((p) => p.kind === 'toy') ? (await toyIteration(page)) > 0 : true;
      return s?.step === step.id && s.figures.length >= numbered && toy;
    };
    const firstView = await secondsUntil('the first step', t0, () => shows(steps[0]!));
    const fetchedAtFirstView = served.bytesSent?.() ?? 0;
    const walked: LectureModeRow['steps'] = [];
    for (const step of steps.slice(1)) {
      const t = performance.now();
      await page.keyboard.press('ArrowRight');
      walked.push({ id: step.id, seconds: await secondsUntil(step.id, t, () => shows(step)) });
    }
    return { firstView, fetchedAtFirstView, steps: walked };
  } finally {
    await session.context.close();
    await served.close();
  }
}
