/**
 * The lab in a lecture hall whose network fails: after one visit, the page,
 * both workers and the data chunks it has used come from the browser's
 * storage (the service worker's precache and the loader's Cache Storage),
 * and so do the bundled reference runs.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHROMIUM } from '../../src/node/browser';
import { REFERENCE_NAMES, REFERENCE_RUNS, parseReference } from '../../src/ui/reference';
import { english, servedBrowser, waitFor } from './helpers';

describe.skipIf(!existsSync(CHROMIUM))('offline after the first visit', () => {
  const env = servedBrowser(false);

  it('loads once, trains the tiny preset, goes offline, reloads and trains it again; a chunk never read is named', async () => {
    const { page, context } = env.session;
    const url = `${env.origin}/?preset=tiny&backend=cpu`;
    await page.goto(url);
    await waitFor(page, 'the backend', (s) => s.backend !== null, 120_000);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.getByTestId('start').click();
    const online = await waitFor(page, 'the first run', (s) => s.experiment?.phase === 'done', 600_000);

    await context.setOffline(true);
    try {
      await page.reload();
      await waitFor(page, 'the backend, offline', (s) => s.backend !== null, 120_000);
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      await page.getByTestId('start').click();
      const offline = await waitFor(page, 'the run offline', (s) => s.experiment?.phase === 'done', 600_000);
      expect(offline.messages).toEqual([]);
      for (const m of ['SGD', 'SWA', 'SAM'] as const) {
        expect(offline.experiment!.runs[m].status).toBe('completed');
        // The same seed and data: the same numbers as online.
        expect(offline.experiment!.runs[m].result!.final!.test.accuracy).toBe(online.experiment!.runs[m].result!.final!.test.accuracy);
      }

      // 1,500 training images need the second chunk, never read online: the message names it and why.
      await page.goto(`${url}&trainSize=1500`);
      await waitFor(page, 'the backend, offline', (s) => s.backend !== null, 120_000);
      await page.getByTestId('start').click();
      const named = await waitFor(
        page,
        'the missing chunk named',
        (s) => s.messages.some((m) => english(m).includes('fashion-mnist-train-001.bin')),
        120_000,
      ).catch((e: Error) => e);
      expect(String(named instanceof Error ? named.message : named.messages.map(english).join(' | '))).toMatch(
        /fashion-mnist-train-001\.bin could not be read \(fashion-mnist-train-001\.bin is not stored on this device and the network did not answer/,
      );
    } finally {
      await context.setOffline(false);
    }
  });

  it('after one visit, fetches every bundled reference run with the network off, and each reads as a saved run', async () => {
    const { page, context } = env.session;
    await page.goto(`${env.origin}/?preset=tiny&backend=cpu`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await context.setOffline(true);
    try {
      await page.reload();
      await waitFor(page, 'the backend, offline', (s) => s.backend !== null, 120_000);
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      const files = REFERENCE_NAMES.map((n) => REFERENCE_RUNS[n].file);
      const texts = await page.evaluate(
        (fs) =>
          Promise.all(
            fs.map(async (f) => {
              const r = await fetch(f);
              if (!r.ok) throw new Error(`${f}: ${r.status}`);
              return r.text();
            }),
          ),
        files,
      );
      texts.forEach((text, i) => {
        const x = parseReference(JSON.parse(text), files[i]!);
        expect(x.phase).toBe('done');
        for (const m of ['SGD', 'SWA', 'SAM'] as const) expect(x.runs[m].status).toBe('completed');
      });
    } finally {
      await context.setOffline(false);
    }
  });
});
