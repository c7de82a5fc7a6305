/**
 * The benchmark's headless-Chromium measurements on the test build: ms per
 * training step and page-thread long tasks on each backend, the toy tab's
 * frame rate, and the lecture demo rows (bench-demo.ts). The page is read
 * through its test hook (src/ui/test-hook.ts); bench-render.ts writes the
 * numbers out.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { CHROMIUM, openBrowser, serveTestBuild } from '../node/browser';
import type { LabHookState, TestWindow } from '../ui/test-hook';
import type { Sizes } from './bench-node';
import { type DemoBackend, type DemoRow, type LectureModeRow, lectureDemo, lectureMode } from './bench-demo';
import { LECTURE_STEPS } from '../ui/lecture/steps';

/** Whether the browser measurements can run here (else the document says they were skipped). */
export const hasChromium = () => existsSync(CHROMIUM);

/** Builds the test build the measurements serve (the production build plus the test hook). */
export function buildTestPage(): void {
  execFileSync('npx', ['vite', 'build', '--mode', 'test', '--outDir', 'dist-test', '--logLevel', 'error'], { stdio: 'inherit' });
}

/** One backend's training in the page: ms per step from its progress, and the long tasks meanwhile. */
export interface BrowserStepRow {
  asked: 'webgpu' | 'webgl' | 'cpu';
  /** The backend the page reported it used. */
  used: string;
  msPerStep: number;
  longTasks: { count: number; longestMs: number };
}

/** The toy tab's frame rate in successive seconds, the page's long tasks meanwhile, and its 3D redraw cost. */
export interface ToyFrames {
  fps: number[];
  longTasks: number[];
  /** What the tab says a WebGL redraw of the 3D view costs (ms), if it says. */
  redrawMs: number | null;
}

export interface BrowserResults {
  browserSteps: number;
  rows: BrowserStepRow[];
  toy: ToyFrames;
}

const readLab = (page: Page): Promise<LabHookState> =>
  page.evaluate(() => {
    const hook = (window as TestWindow).__wideOptimaLab;
    if (!hook) throw new Error('the page has no test hook (yet)');
    return hook();
  });

/** Frames per second of the toy tab's animation, sampled each second after the first, and the page's long tasks meanwhile. */
async function toyFrames(s: Sizes): Promise<ToyFrames> {
  const served = await serveTestBuild();
  const session = await openBrowser(served.origin, false);
  try {
    const { page } = session;
    await page.goto(`${served.origin}/#toy`);
    const play = page.getByTestId('toy-play');
    await play.waitFor();
    while (!(await play.isEnabled())) await page.waitForTimeout(100);
    await page.evaluate(() => {
      const w = window as Window & { __toyLongTasks?: number[] };
      const tasks: number[] = (w.__toyLongTasks = []);
      new PerformanceObserver((l) => l.getEntries().forEach((e) => tasks.push(e.duration))).observe({ type: 'longtask' });
    });
    await play.click();
    const fps: number[] = [];
    await page.waitForTimeout(1500);
    for (let i = 0; i < s.toySeconds; i++) {
      await page.waitForTimeout(1000);
      fps.push((await page.evaluate(() => (window as TestWindow).__wideOptimaToy!().fps)) ?? 0);
    }
    const longTasks = await page.evaluate(() => (window as Window & { __toyLongTasks?: number[] }).__toyLongTasks ?? []);
    const note = (await page.getByTestId('toy').textContent())?.match(/redraws it in (\d+) ms/)?.[1];
    return { fps, longTasks, redrawMs: note ? Number(note) : null };
  } finally {
    await session.context.close();
    await served.server.close();
  }
}

/** The lecture preset's model on `backend` in a fresh page: SGD's ms per step between step 3 and step `n`. */
async function browserSteps(backend: BrowserStepRow['asked'], n: number): Promise<BrowserStepRow> {
  const served = await serveTestBuild();
  const session = await openBrowser(served.origin, backend === 'webgpu');
  try {
    const { page } = session;
    await page.goto(
      `${served.origin}/?preset=lecture&backend=${backend}&trainSize=${64 * (n + 1)}&epochs=1&track=false&samples=64&swaStart=0.5`,
    );
    for (let st = await readLab(page).catch(() => null); !st?.backend; st = await readLab(page).catch(() => null))
      await page.waitForTimeout(200);
    await page.getByTestId('method-SWA').click();
    await page.getByTestId('method-SAM').click();
    await page.getByTestId('start').click();
    const samples: [number, number][] = [];
    for (;;) {
      const r = (await readLab(page)).experiment?.runs.SGD;
      if (r) samples.push([performance.now(), r.progress.step]);
      if (r && r.progress.step >= n) break;
      await page.waitForTimeout(100);
    }
    const [ta, ka] = samples.find(([, k]) => k >= 3)!;
    const [tb, kb] = samples.find(([, k]) => k >= n)!;
    const st = await readLab(page);
    return { asked: backend, used: st.backend!.backend, msPerStep: (tb - ta) / Math.max(1, kb - ka), longTasks: st.longTasks.training };
  } finally {
    await session.context.close();
    await served.server.close();
  }
}

/** Each backend's step time (WebGPU, on SwiftShader here, over at most 12 steps), then the toy tab. */
export async function measureBrowser(s: Sizes): Promise<BrowserResults> {
  buildTestPage();
  const rows: BrowserStepRow[] = [];
  for (const backend of ['webgpu', 'webgl', 'cpu'] as const) {
    rows.push(await browserSteps(backend, backend === 'webgpu' ? Math.min(s.browserSteps, 12) : s.browserSteps));
  }
  return { browserSteps: s.browserSteps, rows, toy: await toyFrames(s) };
}

/** The lecture demo rows: one per backend asked, one without λ_max tracking, and (`dev`) one on the dev server. */
export interface DemoResults {
  smoke: boolean;
  capSeconds: number;
  rows: DemoRow[];
  /** The lecture mode: open → the first view, and each step's view. */
  lecture: LectureModeRow;
}

export async function measureDemo(
  backends: readonly DemoBackend[],
  capSeconds: number,
  smoke: boolean,
  dev: boolean,
): Promise<DemoResults> {
  buildTestPage();
  const preset = smoke ? 'tiny' : 'lecture';
  const rows: DemoRow[] = [];
  for (const b of backends) {
    process.stderr.write(`bench: lecture demo, backend ${b}…\n`);
    rows.push(await lectureDemo(b, capSeconds, preset));
  }
  process.stderr.write('bench: lecture demo without λ_max tracking (its cost)…\n');
  rows.push(await lectureDemo('auto', capSeconds, preset, 'build', '&track=false'));
  if (dev) {
    process.stderr.write('bench: lecture demo on the dev server…\n');
    rows.push(await lectureDemo('auto', capSeconds, preset, 'dev'));
  }
  process.stderr.write('bench: the lecture mode, open → first view and every step…\n');
  const lecture = await lectureMode(LECTURE_STEPS);
  return { smoke, capSeconds, rows, lecture };
}
