/**
 * The 2D toy tab end to end in headless Chromium: with the default landscape,
 * start and settings, SGD must end in the narrow basin and SWA's average and
 * SAM in the wide one; sliders act while the trajectories run; a click on the
 * contour picks a new start.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM } from '../../src/node/browser';
import type { TestWindow, ToyHookState } from '../../src/ui/test-hook';
import { servedBrowser, slide } from './helpers';

const read = (page: Page) => page.evaluate(() => (window as TestWindow).__wideOptimaToy?.() ?? null);

async function waitFor(page: Page, what: string, test: (s: ToyHookState) => boolean, timeoutMs: number): Promise<ToyHookState> {
  const t0 = Date.now();
  for (;;) {
    const s = await read(page).catch(() => null);
    if (s?.error) throw new Error(`${what}: ${s.error}`);
    if (s && test(s)) return s;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}; last state: iteration ${s?.iteration}`);
    await page.waitForTimeout(100);
  }
}

describe.skipIf(!existsSync(CHROMIUM))('the 2D toy landscape in Chromium', () => {
  const env = servedBrowser(false);

  it('with the defaults, SGD ends in the narrow basin, SWA and SAM in the wide one', async () => {
    const { page } = env.session;
    await page.goto(`${env.origin}/#toy`);
    await page.getByTestId('toy-play').waitFor();
    await expect.poll(() => page.getByTestId('toy-play').isEnabled(), { timeout: 60_000 }).toBe(true);
    const first = await read(page);
    expect(first!.settings).toMatchObject({ lr: 0.05, rho: 0.1, c: 10, steps: 1000 });
    await page.getByTestId('toy-play').click();
    // The frame rate once the animation runs (the first second includes drawing the plots).
    const playing = await waitFor(page, 'a measured frame rate', (s) => s.fps !== null && s.iteration >= 300, 60_000);
    const done = await waitFor(page, 'the end of the runs and their analysis', (s) => s.done && s.analysis !== null, 300_000);
    const a = done.analysis!;
    expect(a.SGD.basin.named?.kind).toBe('narrow');
    expect(a.SWA.basin.named?.kind).toBe('wide');
    expect(a.SAM.basin.named?.kind).toBe('wide');
    expect(a.SGD.eigen.values[0]).toBeGreaterThan(30);
    expect(a.SWA.eigen.values[0]).toBeLessThan(1);
    expect(a.SAM.eigen.values[0]).toBeLessThan(1);
    expect(a.SWA.width.random.mean).toBeGreaterThan(5 * a.SGD.width.random.mean);
    await expect.poll(() => page.getByTestId('toy-basin-SGD').textContent()).toBe('the narrow basin');
    expect(await page.getByTestId('toy-basin-SAM').textContent()).toBe('the wide basin');
    console.log(
      `toy: ${playing.fps!.toFixed(0)} frames/s while running (headless, software rendering); λ₁: SGD ${a.SGD.eigen.values[0].toFixed(1)}, SWA ${a.SWA.eigen.values[0].toFixed(2)}, SAM ${a.SAM.eigen.values[0].toFixed(2)}`,
    );
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/toy.png', fullPage: true });
    expect(env.session.consoleErrors).toEqual([]);
    expect(env.session.foreignRequests).toEqual([]);
  });

  it('sliders act while the trajectories run; bad values are refused with the reason; a click picks a new start', async () => {
    const { page } = env.session;
    await page.getByTestId('toy-reset').click();
    await waitFor(page, 'the reset', (s) => s.iteration === 0 && !s.done, 30_000);
    await page.getByTestId('toy-play').click();
    await waitFor(page, 'some iterations', (s) => s.iteration >= 50, 60_000);
    await slide(page, 'toy-rho', 0.5);
    await slide(page, 'toy-c', 3);
    const moved = await waitFor(page, 'more iterations after the change', (s) => s.iteration >= 150, 60_000);
    expect(moved.settings.rho).toBe(0.5);
    expect(moved.settings.c).toBe(3);
    expect(moved.error).toBeNull();
    await slide(page, 'toy-alpha2', 0.5);
    await expect.poll(() => page.getByText('alpha2 must be ≤ alpha1 (0.1), got 0.5').count()).toBe(1);
    expect(await page.getByTestId('toy-reset').isDisabled()).toBe(true);
    await slide(page, 'toy-alpha2', 0.05);
    await page.getByTestId('toy-play').click();
    await expect.poll(() => page.getByTestId('toy-play').textContent()).toBe('Resume');
    const box = (await page.getByTestId('toy-contour').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.68, box.y + box.height * 0.33);
    await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.35);
    const moved2 = await waitFor(
      page,
      'a new start',
      (s) => s.iteration === 0 && Math.hypot(s.start[0] + 1.3, s.start[1] - 1.15) > 0.5,
      30_000,
    );
    expect(moved2.start.every(Number.isFinite)).toBe(true);
    // The setup is in the URL: a link (here, a reload) shows the same start and settings.
    expect(new URL(page.url()).hash).toContain(`x=${moved2.start[0].toFixed(3)}`);
    await page.goto(`${env.origin}/#toy?landscape=ravine&rho=0.2&p=inf`);
    await page.reload();
    const linked = await waitFor(page, 'the linked setup', (s) => s.settings.rho === 0.2, 30_000);
    expect(linked.settings.p).toBe(Infinity);
    expect(await page.getByTestId('toy-landscape').inputValue()).toBe('ravine');
    expect(env.session.consoleErrors).toEqual([]);
  });
});
