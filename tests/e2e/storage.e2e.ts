/**
 * Saved runs are never lost silently: a full browser storage leaves the run
 * on screen with a message and its export, and two tabs finishing at the
 * same moment keep both runs.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CHROMIUM } from '../../src/node/browser';
import type { Experiment } from '../../src/ui/experiment';
import { english, servedBrowser, waitFor } from './helpers';

/** The ids of the experiments saved in this browser's IndexedDB. */
const savedIds = (page: import('playwright-core').Page) =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('wide-optima-lab', 1);
        open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
        open.onsuccess = () => {
          const all = open.result.transaction('experiments', 'readonly').objectStore('experiments').getAllKeys();
          all.onsuccess = () => resolve((all.result as string[]).sort());
          all.onerror = () => reject(all.error ?? new Error('getAllKeys failed'));
        };
      }),
  );

describe.skipIf(!existsSync(CHROMIUM))('saving finished runs', () => {
  const env = servedBrowser(false);
  const tiny = () => `${env.origin}/?preset=tiny&backend=cpu`;

  it('with the storage full, the run stays on screen with the reason, and its export still works', async () => {
    const { page } = env.session;
    await page.goto(tiny());
    await waitFor(page, 'the backend', (s) => s.backend !== null, 120_000);
    // The browser's storage is full: IndexedDB refuses every write as a real browser does.
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.getByTestId('start').click();
    const done = await waitFor(page, 'the run, not saved', (s) => s.experiment?.phase === 'done' && s.messages.length > 0, 600_000);
    expect(done.messages.map(english)).toEqual([
      'Could not save the run in this browser: this browser\'s storage for the lab is full (QuotaExceededError). The run stays on this page: "Export run (JSON)" keeps it as a file.',
    ]);
    expect(done.experiment!.runs.SAM.status).toBe('completed');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export run (JSON)' }).click()]);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as Experiment;
    expect(exported.id).toBe(done.experiment!.id);
    expect(exported.runs.SGD.status).toBe('completed');
  });

  it('two tabs that finish at the same time keep both runs', async () => {
    const { context } = env.session;
    const [a, b] = [await context.newPage(), await context.newPage()];
    try {
      await Promise.all([a.goto(tiny()), b.goto(tiny())]);
      await Promise.all([a, b].map((p) => waitFor(p, 'the backend', (s) => s.backend !== null, 120_000)));
      const before = await savedIds(a);
      await Promise.all([a.getByTestId('start').click(), b.getByTestId('start').click()]);
      const saved = (p: typeof a) => waitFor(p, 'the run saved', (s) => s.experiment?.phase === 'done' && s.saved > 0, 600_000);
      const [da, db] = await Promise.all([saved(a), saved(b)]);
      expect(da.messages).toEqual([]);
      expect(db.messages).toEqual([]);
      const after = await savedIds(a);
      expect(after).toEqual([...before, da.experiment!.id, db.experiment!.id].sort());
    } finally {
      await a.close();
      await b.close();
    }
  });
});
