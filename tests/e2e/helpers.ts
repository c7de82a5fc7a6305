/** Shared by the browser tests: the test build served with one Chromium session per describe block, slider input, and the test hook. */
import i18next from 'i18next';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type Session, openBrowser, serveTestBuild } from '../../src/node/browser';
import { en } from '../../src/ui/i18n/en/index';
import { type Message, translate } from '../../src/ui/i18n/message';
import type { LabHookState, TestWindow, WorkerMemory } from '../../src/ui/test-hook';

const inEnglish = i18next.createInstance();
void inEnglish.init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false }, initAsync: false });

/** A message of the page (the hook hands over keys and values) in English, as the tests read it. */
export const english = (m: Message): string => translate(inEnglish.t, m);

/** Serves the test build and opens Chromium before the block's tests; closes both after them. */
export function servedBrowser(webgpu: boolean): { readonly origin: string; readonly session: Session } {
  let origin = '';
  let session: Session | null = null;
  let stop: () => Promise<void> = () => Promise.resolve();
  beforeAll(async () => {
    const served = await serveTestBuild();
    origin = served.origin;
    stop = () => served.server.close();
    session = await openBrowser(origin, webgpu);
  });
  afterAll(async () => {
    await session?.context.close();
    await stop();
  });
  return {
    get origin() {
      return origin;
    },
    get session() {
      if (!session) throw new Error('the browser session is not open (beforeAll failed?)');
      return session;
    },
  };
}

/** Sets a range input's value the way a drag would (React listens to the input event). */
export async function slide(page: Page, testId: string, value: number): Promise<void> {
  await page.getByTestId(testId).evaluate((el, v) => {
    const input = el as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** The page's state through its test hook (rejects while the page has not installed it yet). */
export const read = (page: Page): Promise<LabHookState> =>
  page.evaluate(() => {
    const hook = (window as TestWindow).__wideOptimaLab;
    if (!hook) throw new Error('the page has no test hook (yet)');
    return hook();
  });

/** Every worker's tfjs memory through the test hook. */
export const workerMemory = (page: Page): Promise<WorkerMemory[]> =>
  page.evaluate(() => {
    const hook = (window as TestWindow).__wideOptimaLabMemory;
    if (!hook) throw new Error('the page has no test hook');
    return hook();
  });

/** Simulates a lost GPU device through the test hook. */
export const loseDevice = (page: Page, message: string): Promise<void> =>
  page.evaluate((m) => {
    const hook = (window as TestWindow).__wideOptimaLabLoseDevice;
    if (!hook) throw new Error('the page has no test hook');
    hook(m);
  }, message);

/** Polls the test hook until `test` holds; fails early on an error message, and at `timeoutMs`. */
export async function waitFor(page: Page, what: string, test: (s: LabHookState) => boolean, timeoutMs: number): Promise<LabHookState> {
  const t0 = Date.now();
  for (;;) {
    const s = await read(page).catch(() => null);
    if (s && test(s)) return s;
    if (s?.messages.some((m) => m.key.startsWith('session.error.'))) throw new Error(`${what}: ${s.messages.map(english).join(' | ')}`);
    if (Date.now() - t0 > timeoutMs)
      throw new Error(
        `timed out waiting for ${what}; last state: ${JSON.stringify(s?.experiment?.phase)} ${JSON.stringify(s?.messages.map(english))}`,
      );
    await page.waitForTimeout(250);
  }
}
