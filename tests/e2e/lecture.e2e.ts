/**
 * The lecture mode end to end in headless Chromium, at a projector's
 * 1280×720: every step in both languages, walked with the keyboard. Each
 * step's view must show its number (read through the test hook: a bundled
 * run's λ_max or accuracy, a table's rows, the toy's iterations), no catalog
 * key may be missing or shown raw, and the console stays clean. A screenshot
 * per step and language goes to test-results/lecture/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM } from '../../src/node/browser';
import { LECTURE_STEPS } from '../../src/ui/lecture/steps';
import type { LectureHookState, TestWindow } from '../../src/ui/test-hook';
import { read as readLab, servedBrowser } from './helpers';

const readLecture = (page: Page) => page.evaluate(() => (window as TestWindow).__wideOptimaLecture?.() ?? null);
const readToy = (page: Page) => page.evaluate(() => (window as TestWindow).__wideOptimaToy?.() ?? null);

/** A catalog key shown as itself: "lecture.steps.plan.title" and the like. */
const RAW_KEY = /\b(lecture|lab|charts|toy|session|backend|tabs|app|language)\.[a-zA-Z-]+\.[a-zA-Z-]/;

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await get().catch(() => null as T);
    if (v !== null && ok(v)) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)?.slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe.skipIf(!existsSync(CHROMIUM))('the lecture, step by step, in Russian and English', () => {
  const env = servedBrowser(false);

  for (const lang of ['ru', 'en'] as const) {
    it(`walks all ${LECTURE_STEPS.length} steps in ${lang} with the keyboard, each view showing its number`, async () => {
      const { page } = env.session;
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(`${env.origin}/?lecture=${LECTURE_STEPS[0].id}&lang=${lang}&present=1`);
      mkdirSync('test-results/lecture', { recursive: true });
      for (const [i, step] of LECTURE_STEPS.entries()) {
        if (i > 0) await page.keyboard.press('ArrowRight');
        const state = await until<LectureHookState | null>(
          `step ${step.id}`,
          () => readLecture(page),
          (s) => s?.step === step.id,
        );
        expect(state!.language).toBe(lang);
        expect(state!.presentation).toBe(true);
        expect(new URL(page.url()).searchParams.get('lecture')).toBe(step.id);
        expect(await page.getByTestId('lecture-counter').textContent()).toContain(String(i + 1));
        // Every part that shows a number shows a finite, positive one.
        const numbered = step.parts.filter((p) => p.kind !== 'toy').length;
        const shown = await until(
          `${step.id}'s numbers`,
          () => readLecture(page),
          (s) => (s?.figures.length ?? 0) >= numbered,
        );
        for (const f of shown!.figures) expect(f.value, `${step.id}: ${f.view}`).toBeGreaterThan(0);
        if (step.parts.some((p) => p.kind === 'toy')) {
          const toy = await until(
            `${step.id}'s toy running`,
            () => readToy(page),
            (s) => (s?.iteration ?? 0) > 20,
          );
          expect(toy!.error).toBeNull();
        }
        if (step.parts.some((p) => p.kind === 'run')) await page.locator('.lecture-view .plot, .lecture-view table').first().waitFor();
        const text = (await page.textContent('body')) ?? '';
        expect(text).not.toMatch(RAW_KEY);
        expect(shown!.missingKeys).toEqual([]);
        await page.screenshot({ path: `test-results/lecture/${lang}-${String(i + 1).padStart(2, '0')}-${step.id}.png` });
      }
      // Home and End jump; the ends stay put.
      await page.keyboard.press('Home');
      await until(
        'Home',
        () => readLecture(page),
        (s) => s?.step === LECTURE_STEPS[0].id,
      );
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('End');
      await until(
        'End',
        () => readLecture(page),
        (s) => s?.step === LECTURE_STEPS.at(-1)!.id,
      );
      expect(env.session.consoleErrors).toEqual([]);
      expect(env.session.foreignRequests).toEqual([]);
    });
  }

  it('an unknown step opens the first and names the value; "run it live" retrains with the reference run’s settings', async () => {
    const { page } = env.session;
    await page.goto(`${env.origin}/?lecture=swa-ray&lang=en`);
    await until(
      'the first step',
      () => readLecture(page),
      (s) => s?.step === 'plan',
    );
    expect(await page.getByTestId('message').first().textContent()).toContain('swa-ray');
    await page.getByTestId('lecture-run-live').waitFor();
    await expect.poll(() => page.getByTestId('lecture-run-live').isEnabled(), { timeout: 120_000 }).toBe(true);
    await page.getByTestId('lecture-run-live').click();
    await until(
      'the live run',
      () => readLab(page),
      (s) => s.experiment?.phase === 'training',
      120_000,
    );
    const lab = (await readLab(page)).experiment!.lab;
    expect(lab).toMatchObject({ trainSize: 2000, epochs: 12 });
    expect((await readLecture(page))!.live).toBe('lecture');
    await page.getByTestId('lecture-show-reference').waitFor();
    expect(env.session.consoleErrors).toEqual([]);
  });
});
