/**
 * The lab end to end in headless Chromium, once on WebGL and once on WebGPU
 * (SwiftShader: slow, so the workload is tiny). Per backend, one setup trains
 * SGD, SWA and SAM at the same time, changes c and ρ while they train, waits
 * for the analysis and keeps what the page reported; each case then checks
 * one behaviour on those numbers (read through the test hook).
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, openBrowser, serveTestBuild } from '../../src/node/browser';
import type { Experiment } from '../../src/ui/experiment';
import type { LabHookState } from '../../src/ui/test-hook';
import { english, loseDevice, read, servedBrowser, slide, waitFor, workerMemory } from './helpers';

type Backend = 'webgl' | 'webgpu';
const METHODS = ['SGD', 'SWA', 'SAM'] as const;

/** What one backend's tiny workload left for the cases to read. */
interface TinyRun {
  /** The page's state once the backend was ready. */
  ready: LabHookState;
  /** The state when SAM's curve first carried the ρ mark. */
  marked: LabHookState;
  /** The state when the analysis was done. */
  done: LabHookState;
  /** `done`'s experiment. */
  x: Experiment;
  /** Console errors and requests to other origins up to the end of the workload. */
  consoleErrors: string[];
  foreignRequests: string[];
}

/** Pauses while `method` trains, moves a slider, resumes: the change must land inside the run. */
async function tweakDuring(page: Page, method: 'SWA' | 'SAM', testId: string, value: number): Promise<void> {
  await waitFor(
    page,
    `${method} to train`,
    (s) => (s.experiment?.runs[method].progress.step ?? 0) >= 1 && s.experiment?.runs[method].status === 'training',
    600_000,
  );
  await page.getByTestId('pause').click();
  await slide(page, testId, value);
  await page.getByTestId('resume').click();
}

/** Trains the three methods on `backend`, with a live change of c (SWA) and ρ (SAM), to the end of the analysis. */
async function tinyWorkload(page: Page, origin: string, backend: Backend): Promise<Omit<TinyRun, 'consoleErrors' | 'foreignRequests'>> {
  // Tiny workload; 32 steps per run so that the live changes land mid-run.
  await page.goto(`${origin}/?preset=tiny&backend=${backend}&trainSize=512&batchSize=16&c=2`);
  const ready = await waitFor(page, 'the backend', (s) => s.backend !== null, 120_000);
  await page.getByTestId('start').click();
  await tweakDuring(page, 'SWA', 'live-c', 3);
  await tweakDuring(page, 'SAM', 'live-rho', 0.1);
  const marked = await waitFor(page, "the ρ mark on SAM's curve", (s) => (s.experiment?.runs.SAM.changes.length ?? 0) > 0, 60_000);
  const done = await waitFor(page, 'the analysis', (s) => s.experiment?.phase === 'done', 900_000);
  return { ready, marked, done, x: done.experiment! };
}

const available = existsSync(CHROMIUM);

/** Each backend's workload, for its own cases and for the comparison across backends. */
const runs: Partial<Record<Backend, TinyRun>> = {};

describe.skipIf(!available).each([
  ['webgl', false],
  ['webgpu', true],
] as const)('the lab in Chromium on %s', (backend, webgpu) => {
  const env = servedBrowser(webgpu);
  const run = (): TinyRun => {
    const r = runs[backend];
    if (!r) throw new Error(`no ${backend} workload to check (its beforeAll failed)`);
    return r;
  };

  beforeAll(async () => {
    const { page, consoleErrors, foreignRequests } = env.session;
    const r = await tinyWorkload(page, env.origin, backend);
    runs[backend] = { ...r, consoleErrors: [...consoleErrors], foreignRequests: [...foreignRequests] };
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: `test-results/lab-${backend}.png`, fullPage: true });
    const { x, done } = r;
    const steps = x.runs.SGD.result!.steps;
    console.log(
      `[${backend}] SGD ${((1000 * x.runs.SGD.result!.elapsedSeconds) / steps).toFixed(0)} ms/step (incl. evaluation), ` +
        `page-thread long tasks while training: ${done.longTasks.training.count}, longest ${done.longTasks.training.longestMs.toFixed(0)} ms, ` +
        `blocking ${done.longTasks.training.blockingMs.toFixed(0)} ms of ${(done.longTasks.training.windowMs / 1000).toFixed(0)} s; ` +
        `in all: ${done.longTasks.all.count}, longest ${done.longTasks.all.longestMs.toFixed(0)} ms`,
    );
  }, 900_000);

  it('uses the backend it was asked for', () => {
    expect(run().ready.backend!.backend).toBe(backend);
  });

  it("trains the three side by side: SGD still trains when SAM's curve takes the ρ mark", () => {
    const sgdThen = run().marked.experiment!.runs.SGD;
    expect(sgdThen.status).toBe('training');
    expect(sgdThen.progress.step).toBeLessThan(sgdThen.progress.total);
  });

  it('finishes without a message', () => {
    expect(run().done.messages).toEqual([]);
  });

  it('records the live change of c in the SWA run', () => {
    expect(run().x.runs.SWA.changes.some((c) => c.changes.c === 3)).toBe(true);
  });

  it("records the live change of ρ in the SAM run, and every later point of SAM's curve carries it", () => {
    const { x } = run();
    expect(x.runs.SAM.changes.some((c) => c.changes.rho === 0.1)).toBe(true);
    const samAfter = x.runs.SAM.points.filter((p) => p.step >= x.runs.SAM.changes[0]!.step);
    expect(samAfter.length).toBeGreaterThan(0);
    expect(samAfter.every((p) => p.rho === 0.1)).toBe(true);
  });

  it('completes SGD, SWA and SAM, each with a finite λ_max and one row in the results table', async () => {
    const { x } = run();
    for (const m of METHODS) {
      expect(x.runs[m].status).toBe('completed');
      expect(Number.isFinite(x.analyses[m]!.values[0])).toBe(true);
      await expect(env.session.page.getByTestId(`row-${m}`).count()).resolves.toBe(1);
    }
  });

  it('runs every ray both ways through t = 0, the solution itself: its own loss and error on the same evaluation subset', () => {
    const { x } = run();
    for (const m of METHODS) {
      const a = x.analyses[m]!;
      // Rays run both ways: t from −t_max to t_max, with the solution itself in the middle.
      const zero = a.rays.t.indexOf(0);
      expect(zero).toBe((a.rays.t.length - 1) / 2);
      expect(a.rays.t[0]).toBe(-a.rays.t.at(-1)!);
      for (const curve of a.rays.curves) {
        expect(Math.abs(curve[zero]!.trainLoss! - a.own.trainLoss)).toBeLessThan(1e-5 * Math.max(1, a.own.trainLoss));
        expect(curve[zero]!.testError).toBeCloseTo(a.own.testError, 10);
      }
    }
  });

  it('averages more than one model into w_SWA', () => {
    expect(run().x.runs.SWA.result!.final!.swa!.models).toBeGreaterThan(1);
  });

  it('keeps the page thread responsive while the workers train', () => {
    // The target is no task over 50 ms, but long-task durations are wall-clock: on this 2-core machine
    // SwiftShader's GPU emulation competes with the page for the CPU and stretches a chart redraw of
    // 20–30 ms past 50 ms now and then (2 to 10 such tasks seen, up to 205 ms under extra load), so their
    // count measures the machine's load. The test guards against what a real freeze looks like instead:
    // training on the page thread would make every one of the ~100 steps a long task of several hundred
    // ms, blocking the page for most of the training time. The page's total blocking time (Σ of each long
    // task's part over 50 ms) must stay under 5 % of it; the setup prints the measured figures.
    const { longTasks } = run().done;
    expect(longTasks.supported).toBe(true);
    expect(longTasks.training.windowMs).toBeGreaterThan(0);
    expect(longTasks.training.blockingMs / longTasks.training.windowMs).toBeLessThan(0.05);
    expect(longTasks.training.longestMs).toBeLessThan(1000);
  });

  it('sees a deliberate 120 ms task on the page thread (the long-task measurement works)', async () => {
    const { page } = env.session;
    await page.evaluate(
      () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            const t0 = performance.now();
            while (performance.now() - t0 < 120);
            resolve();
          }, 0),
        ),
    );
    await page.waitForTimeout(1000);
    expect((await read(page)).longTasks.all.longestMs).toBeGreaterThanOrEqual(100);
  });

  it('logs no console error and requests nothing from another origin', () => {
    expect(run().consoleErrors).toEqual([]);
    expect(run().foreignRequests).toEqual([]);
  });

  it.skipIf(backend !== 'webgl')("computes the 2D surface around SAM's solution on demand, centred on that solution", async () => {
    const { page } = env.session;
    await page.getByTestId('surface-method').selectOption('SAM');
    await page.getByTestId('surface-compute').click();
    const withSurface = await waitFor(page, 'the surface', (s) => s.experiment?.surface?.method === 'SAM', 300_000);
    const grid = withSurface.experiment!.surface!.result;
    expect([grid.a.length, grid.trainLoss.length, grid.trainLoss[0]!.length]).toEqual([21, 21, 21]);
    expect(grid.trainLoss[10]![10]!).toBeCloseTo(run().x.analyses.SAM!.own.trainLoss, 4);
  });

  it.skipIf(backend !== 'webgl')('refuses a malformed import with a message and changes nothing', async () => {
    const { page } = env.session;
    await page
      .getByTestId('import')
      .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "something else"}') });
    await expect(page.getByTestId('import-error').textContent()).resolves.toContain(
      'bad.json is not a saved Wide Optima Lab run: format: expected one of',
    );
    expect((await read(page)).experiment!.id).toBe(run().x.id);
  });

  it.skipIf(backend !== 'webgl')(
    'shows the finished run again on a new page load (IndexedDB), in the results and the history',
    async () => {
      // A second tab of the same browser profile loads the page afresh, as a reload would, and leaves the
      // page the other cases read as it is.
      const { x } = run();
      const tab = await env.session.context.newPage();
      try {
        await tab.goto(env.session.page.url());
        const restored = await waitFor(tab, 'the saved run', (s) => s.experiment?.id === x.id, 60_000);
        expect(Object.keys(restored.experiment!.analyses).sort()).toEqual(['SAM', 'SGD', 'SWA']);
        await expect(tab.getByTestId('row-SAM').count()).resolves.toBe(1);
        // The saved run also appears in the table of the student's own runs.
        await expect(tab.getByTestId('history').getByText('SWA', { exact: true }).count()).resolves.toBe(1);
      } finally {
        await tab.close();
      }
    },
  );
});

describe.skipIf(!available)('the lab on both backends', () => {
  it('gives SGD the same λ_max on WebGPU as on WebGL, within 1 %', (ctx) => {
    // SGD has no live change, so the two backends train the same weights and its λ_max must agree (WebGPU's
    // AddN, which drops inputs after the seventh, once gave 315 against 5.95 here). SWA and SAM take the live
    // changes at steps that depend on timing, so their runs legitimately differ between backends.
    const { webgl, webgpu } = runs;
    if (!webgl || !webgpu) return ctx.skip('needs the workloads of both backends (run the whole file)');
    expect(Math.abs(webgpu.x.analyses.SGD!.values[0]! / webgl.x.analyses.SGD!.values[0]! - 1)).toBeLessThan(0.01);
  });
});

describe.skipIf(!available)('a lost GPU device', () => {
  it('is reported and the interrupted runs train again on the fallback backend, to the full comparison', async () => {
    const served = await serveTestBuild();
    const session = await openBrowser(served.origin, false);
    try {
      const { page } = session;
      await page.goto(`${served.origin}/?preset=tiny&backend=webgl&trainSize=256&batchSize=16`);
      await waitFor(page, 'the backend', (s) => s.backend?.backend === 'webgl', 120_000);
      await page.getByTestId('start').click();
      await waitFor(page, 'SAM to train', (s) => (s.experiment?.runs.SAM.progress.step ?? 0) >= 2, 600_000);
      await loseDevice(page, 'simulated by the test');
      const done = await waitFor(page, 'the analysis after the fallback', (s) => s.experiment?.phase === 'done', 600_000);
      expect(done.backend!.backend).toBe('cpu');
      expect(done.messages.some((m) => english(m).includes('The GPU device was lost (simulated by the test)'))).toBe(true);
      for (const m of METHODS) expect(done.experiment!.runs[m].status).toBe('completed');
      expect(Object.keys(done.experiment!.analyses).sort()).toEqual(['SAM', 'SGD', 'SWA']);
      expect(session.consoleErrors).toEqual([]);
    } finally {
      await session.context.close();
      await served.server.close();
    }
  });
});

describe.skipIf(!available).each([
  ['webgl', false],
  ['webgpu', true],
] as const)('ten experiments in one tab on %s', (backend, webgpu) => {
  const env = servedBrowser(webgpu);

  it("leave every worker's tfjs memory where the first left it (three runs alive at once each time)", async () => {
    const { page } = env.session;
    await page.goto(`${env.origin}/?preset=tiny&backend=${backend}&trainSize=64&testSize=32&samples=16&k=1&rays=1`);
    await waitFor(page, 'the backend', (s) => s.backend !== null, 120_000);
    const after: { numTensors: number; numBytes: number }[][] = [];
    let last = '';
    for (let i = 0; i < 10; i++) {
      await page.getByTestId('start').click();
      const s = await waitFor(page, `experiment ${i + 1}`, (st) => st.experiment?.phase === 'done' && st.experiment.id !== last, 600_000);
      last = s.experiment!.id;
      after.push(await workerMemory(page));
    }
    console.log(
      `[${backend}] worker tensors after each of 10 experiments: ${after.map((a) => a.map((m) => m.numTensors).join('+')).join(', ')}`,
    );
    for (const a of after.slice(1)) expect(a).toEqual(after[0]);
  });
});
