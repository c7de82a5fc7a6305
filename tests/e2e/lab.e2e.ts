/**
 * The lab end to end in headless Chromium, once on WebGPU (SwiftShader: slow,
 * so the workload is tiny) and once on WebGL: train SGD, SWA and SAM at the
 * same time, change c and ρ while they train, wait for the analysis, and
 * check real numbers through the test hook.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, openBrowser, serveTestBuild } from '../../src/node/browser';
import { read, servedBrowser, slide, waitFor } from './helpers';

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

const available = existsSync(CHROMIUM);

/** λ_max of SGD from the WebGL run, to check the WebGPU run's probes against. */
const lambdaOnWebgl: Record<string, number> = {};

describe.skipIf(!available).each([
  ['webgl', false],
  ['webgpu', true],
] as const)('the lab in Chromium on %s', (backend, webgpu) => {
  const env = servedBrowser(webgpu);

  it('trains SGD, SWA and SAM, takes live changes, and shows the analysis', async () => {
    const { page } = env.session;
    // Tiny workload; 32 steps per run so that the live changes land mid-run.
    await page.goto(`${env.origin}/?preset=tiny&backend=${backend}&trainSize=512&batchSize=16&c=2`);
    const ready = await waitFor(page, 'the backend', (s) => s.backend !== null, 120_000);
    expect(ready.backend!.backend).toBe(backend);
    await page.getByTestId('start').click();

    await tweakDuring(page, 'SWA', 'live-c', 3);
    await tweakDuring(page, 'SAM', 'live-rho', 0.1);
    // The three train side by side: SAM's curve carries the ρ mark while SGD is still training.
    const marked = await waitFor(page, "the ρ mark on SAM's curve", (s) => (s.experiment?.runs.SAM.changes.length ?? 0) > 0, 60_000);
    const sgdThen = marked.experiment!.runs.SGD;
    expect(sgdThen.status).toBe('training');
    expect(sgdThen.progress.step).toBeLessThan(sgdThen.progress.total);
    const done = await waitFor(page, 'the analysis', (s) => s.experiment?.phase === 'done', 900_000);
    const x = done.experiment!;
    expect(done.messages).toEqual([]);

    expect(x.runs.SWA.changes.some((c) => c.changes.c === 3)).toBe(true);
    expect(x.runs.SAM.changes.some((c) => c.changes.rho === 0.1)).toBe(true);
    const samAfter = x.runs.SAM.points.filter((p) => p.step >= x.runs.SAM.changes[0]!.step);
    expect(samAfter.length).toBeGreaterThan(0);
    expect(samAfter.every((p) => p.rho === 0.1)).toBe(true);

    for (const m of ['SGD', 'SWA', 'SAM'] as const) {
      expect(x.runs[m].status).toBe('completed');
      const a = x.analyses[m]!;
      expect(Number.isFinite(a.values[0])).toBe(true);
      // Every ray at t = 0 is the solution itself: its own loss and error on the same evaluation subset.
      const zero = a.rays.t.indexOf(0);
      expect(zero).toBe(0);
      for (const curve of a.rays.curves) {
        expect(Math.abs(curve[zero]!.trainLoss! - a.own.trainLoss)).toBeLessThan(1e-5 * Math.max(1, a.own.trainLoss));
        expect(curve[zero]!.testError).toBeCloseTo(a.own.testError, 10);
      }
      await expect(page.getByTestId(`row-${m}`).count()).resolves.toBe(1);
    }
    expect(x.runs.SWA.result!.final!.swa!.models).toBeGreaterThan(1);
    // SGD has no live change, so the two backends train the same weights and its λ_max must agree (WebGPU's
    // AddN, which drops inputs after the seventh, once gave 315 against 5.95 here). SWA and SAM take the live
    // changes at steps that depend on timing, so their runs legitimately differ between backends.
    if (backend === 'webgl') lambdaOnWebgl.SGD = x.analyses.SGD!.values[0]!;
    else if (lambdaOnWebgl.SGD !== undefined) expect(Math.abs(x.analyses.SGD!.values[0]! / lambdaOnWebgl.SGD - 1)).toBeLessThan(0.01);

    // The page thread stays responsive while the worker trains. The target is no task over 50 ms, but
    // long-task durations are wall-clock: on this 2-core machine SwiftShader's GPU emulation competes
    // with the page for the CPU and can stretch a short task (up to 205 ms seen under extra load). So
    // the test guards against what a real freeze looks like (training on the page thread would make
    // every one of the ~80 steps a long task of several hundred ms) and prints the measured figures.
    expect(done.longTasks.supported).toBe(true);
    expect(done.longTasks.training.count).toBeLessThanOrEqual(5);
    expect(done.longTasks.training.longestMs).toBeLessThan(1000);
    // The measurement itself works: a deliberate 120 ms task is seen.
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

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: `test-results/lab-${backend}.png`, fullPage: true });
    expect(env.session.consoleErrors).toEqual([]);
    expect(env.session.foreignRequests).toEqual([]);
    if (backend === 'webgl') {
      // The 2D surface around a chosen solution, on demand: its centre is that solution.
      await page.getByTestId('surface-method').selectOption('SAM');
      await page.getByTestId('surface-compute').click();
      const withSurface = await waitFor(page, 'the surface', (s) => s.experiment?.surface?.method === 'SAM', 300_000);
      const grid = withSurface.experiment!.surface!.result;
      expect([grid.a.length, grid.trainLoss.length, grid.trainLoss[0]!.length]).toEqual([21, 21, 21]);
      expect(grid.trainLoss[10]![10]!).toBeCloseTo(x.analyses.SAM!.own.trainLoss, 4);
      // A malformed import is refused with a message and changes nothing.
      await page
        .getByTestId('import')
        .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "something else"}') });
      await expect(page.getByTestId('import-error').textContent()).resolves.toContain(
        'bad.json is not a saved Wide Optima Lab run: format: expected one of',
      );
      expect((await read(page)).experiment!.id).toBe(x.id);
      // Finished runs come back after a reload (IndexedDB).
      await page.reload();
      const restored = await waitFor(page, 'the saved run', (s) => s.experiment?.id === x.id, 60_000);
      expect(Object.keys(restored.experiment!.analyses).sort()).toEqual(['SAM', 'SGD', 'SWA']);
      await expect(page.getByTestId('row-SAM').count()).resolves.toBe(1);
      // The saved run also appears in the table of the student's own runs.
      await expect(page.getByTestId('history').getByText('SWA', { exact: true }).count()).resolves.toBe(1);
    }
    const steps = x.runs.SGD.result!.steps;
    console.log(
      `[${backend}] SGD ${((1000 * x.runs.SGD.result!.elapsedSeconds) / steps).toFixed(0)} ms/step (incl. evaluation), ` +
        `page-thread long tasks while training: ${done.longTasks.training.count}, longest ${done.longTasks.training.longestMs.toFixed(0)} ms; ` +
        `in all: ${done.longTasks.all.count}, longest ${done.longTasks.all.longestMs.toFixed(0)} ms`,
    );
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
      await page.evaluate(() =>
        (window as unknown as { __wideOptimaLabLoseDevice: (m: string) => void }).__wideOptimaLabLoseDevice('simulated by the test'),
      );
      const done = await waitFor(page, 'the analysis after the fallback', (s) => s.experiment?.phase === 'done', 600_000);
      expect(done.backend!.backend).toBe('cpu');
      expect(done.messages.some((m) => m.includes('The GPU device was lost (simulated by the test)'))).toBe(true);
      for (const m of ['SGD', 'SWA', 'SAM'] as const) expect(done.experiment!.runs[m].status).toBe('completed');
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
    const memory = () =>
      page.evaluate(() =>
        (window as unknown as { __wideOptimaLabMemory: () => Promise<{ numTensors: number; numBytes: number }[]> }).__wideOptimaLabMemory(),
      );
    const after: { numTensors: number; numBytes: number }[][] = [];
    let last = '';
    for (let i = 0; i < 10; i++) {
      await page.getByTestId('start').click();
      const s = await waitFor(page, `experiment ${i + 1}`, (st) => st.experiment?.phase === 'done' && st.experiment.id !== last, 600_000);
      last = s.experiment!.id;
      after.push(await memory());
    }
    console.log(
      `[${backend}] worker tensors after each of 10 experiments: ${after.map((a) => a.map((m) => m.numTensors).join('+')).join(', ')}`,
    );
    for (const a of after.slice(1)) expect(a).toEqual(after[0]);
  });
});
