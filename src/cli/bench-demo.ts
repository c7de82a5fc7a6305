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
import { openBrowser, serveTestBuild } from '../node/browser';

export type DemoBackend = 'auto' | 'webgpu' | 'webgl' | 'cpu';

/** What serves the page: the production build (vite preview) or the dev server (`npm run dev`). */
export type DemoServer = 'build' | 'dev';

/** The dev server in test mode (so the page installs the hook the benchmark reads). */
async function serveDev(): Promise<{ origin: string; close: () => Promise<void>; bytesSent: null }> {
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
  /** Where the time went: each run's own training seconds, each analysis's seconds by stage. */
  profile: string;
}

/** Each run's training time and each analysis's time by stage, as one line. */
function profile(page: Page): Promise<string> {
  return page.evaluate(() => {
    const st = (window as unknown as { __wideOptimaLab?: () => any }).__wideOptimaLab?.();
    const x = st?.experiment;
    if (!x) return '';
    const parts: string[] = [];
    for (const m of ['SGD', 'SWA', 'SAM']) {
      const r = x.runs[m];
      if (r?.result)
        parts.push(`${m} trained ${r.result.elapsedSeconds.toFixed(1)} s (${r.result.steps - (r.branch?.step ?? 0)} own steps)`);
    }
    for (const m of ['SGD', 'SWA', 'SAM']) {
      const a = x.analyses[m];
      if (!a) continue;
      const st2 = a.stageSeconds;
      const stages = st2
        ? `: eigenvalues ${st2.eigenvalues.toFixed(1)} (${a.hvps} products), trace ${st2.trace.toFixed(1)} (${a.trace.hvps}), density ${st2.density.toFixed(1)}, rays ${st2.rays.toFixed(1)}`
        : '';
      parts.push(`${m} analysed ${a.seconds.toFixed(1)} s${stages}`);
    }
    return parts.join('; ');
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
    const w = window as unknown as { __wideOptimaLab?: () => any };
    const st = w.__wideOptimaLab?.();
    const runs: any[] = st?.experiment ? Object.values(st.experiment.runs) : [];
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

/** One lecture demo from a fresh browser profile (`preset`: the benchmark's smoke run uses 'tiny'). */
export async function lectureDemo(
  backend: DemoBackend,
  capSeconds: number,
  preset = 'lecture',
  server: DemoServer = 'build',
  query = '',
): Promise<DemoRow> {
  const served =
    server === 'dev'
      ? await serveDev()
      : await serveTestBuild().then((b) => ({ origin: b.origin, close: () => b.server.close(), bytesSent: b.bytesSent }));
  // The auto row runs with WebGPU offered (a software adapter here), so the choice has every backend to weigh.
  const session = await openBrowser(served.origin, backend !== 'webgl' && backend !== 'cpu');
  const bodies: Promise<number>[] = [];
  session.context.on('response', (r) =>
    bodies.push(
      r.body().then(
        (b) => b.length,
        () => 0,
      ),
    ),
  );
  try {
    const { page } = session;
    const forced = backend === 'auto' ? '' : `&backend=${backend}`;
    const opened = performance.now();
    await page.goto(`${served.origin}/?preset=${preset}${forced}${query}`);
    // The dev server may reload the page once while it bundles dependencies it discovers: read again after it.
    const settled = () => probe(page).catch(() => null);
    let ready = await settled();
    while (!ready?.backend) {
      await page.waitForTimeout(200);
      ready = await settled();
    }
    let p = ready;
    const backendReady = (performance.now() - opened) / 1000;
    // The page thread's busy time (Chromium's TaskDuration) from Start to the end: CPU the workers did not get.
    const cdp = await session.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    const busy0 = await busy();
    await page.getByTestId('start').click();
    const t0 = performance.now();
    const at = () => (performance.now() - t0) / 1000;
    let firstStep: number | null = null;
    let trainingEnd: number | null = null;
    let done: number | null = null;
    while (at() < capSeconds) {
      p = await probe(page);
      if (firstStep === null && p.steps > 0) firstStep = at();
      if (trainingEnd === null && p.trainingDone) trainingEnd = at();
      if (p.phase === 'done') {
        done = at();
        break;
      }
      if (p.phase === 'stopped') throw new Error(`the lecture demo stopped on ${backend} (${p.steps} of ${p.total} steps)`);
      await page.waitForTimeout(250);
    }
    const sizes = await Promise.all(bodies);
    const pageBusy = (await busy()) - busy0;
    const where = `page thread busy ${pageBusy.toFixed(1)} s; ${await profile(page).catch(() => '')}`;
    const fetched = served.bytesSent?.() ?? null;
    let refetched: number | null = null;
    if (fetched !== null && done !== null) {
      // A reload and a second run: everything should come from the service worker and the data cache.
      await page.reload();
      while (!(await settled())?.backend) await page.waitForTimeout(200);
      await page.getByTestId('start').click();
      while ((await probe(page)).steps === 0) await page.waitForTimeout(200);
      refetched = served.bytesSent!() - fetched;
      await page.getByTestId('stop').click();
    }
    return {
      backend,
      server,
      query,
      used: p.backend ?? 'none',
      finished: done !== null,
      backendReady,
      firstStep,
      trainingEnd,
      done,
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

const s = (x: number | null) => (x === null ? '—' : x.toFixed(1));

/** The Markdown table rows of `lectureDemo` results (header included), then each row's profile. */
export function demoTable(rows: DemoRow[], capSeconds: number): string[] {
  const profiles = rows
    .filter((r) => r.profile)
    .map((r) => `- ${r.server === 'dev' ? 'npm run dev' : 'production build'}, ${label(r)}: ${r.profile}.`);
  return [
    '| served by | backend asked | backend used | page open → backend ready (s) | Start → complete (s) | first step (s) | training ends (s) | analysis (s) | bytes received (response bodies) | fetched from the server, first open → complete | fetched on a reload and a second run | page tasks > 50 ms while training (longest ms) | page tasks > 50 ms from Start to complete (longest ms) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const total = r.finished ? s(r.done) : `not finished at ${capSeconds} s (${r.steps} of ${r.totalSteps} steps trained)`;
      const analysis = r.done !== null && r.trainingEnd !== null ? s(r.done - r.trainingEnd) : '—';
      const mb = `${(r.bytes / 1e6).toFixed(1)} MB in ${r.responses} responses`;
      const sent = (b: number | null) => (b === null ? '—' : `${(b / 1e6).toFixed(2)} MB`);
      return `| ${r.server === 'dev' ? 'npm run dev' : 'production build'} | ${label(r)} | ${r.used} | ${s(r.backendReady)} | ${total} | ${s(r.firstStep)} | ${s(r.trainingEnd)} | ${analysis} | ${mb} | ${sent(r.fetched)} | ${sent(r.refetched)} | ${r.trainingLongTasks.count} (${r.trainingLongTasks.longestMs.toFixed(0)}) | ${r.longTasks.count} (${r.longTasks.longestMs.toFixed(0)}) |`;
    }),
    ...(profiles.length
      ? [
          '',
          "Where the time went (each run's own training time, each analysis by stage, in seconds; runs and analyses overlap across workers):",
          '',
          ...profiles,
        ]
      : []),
  ];
}

const label = (r: DemoRow) => `${r.backend}${r.query ? ` (${r.query.replace(/^&/, '')})` : ''}`;
