/** Shared by the browser tests: the test build served with one Chromium session per describe block, and slider input. */
import type { Page } from 'playwright-core';
import type { Experiment } from '../../src/ui/experiment';
import { afterAll, beforeAll } from 'vitest';
import { type Session, openBrowser, serveTestBuild } from '../../src/node/browser';

/** Serves the test build and opens Chromium before the block's tests; closes both after them. */
export function servedBrowser(webgpu: boolean): { readonly origin: string; readonly session: Session } {
  let origin = '';
  let session: Session | null = null;
  let stop: () => Promise<void> = async () => {};
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

/** What the page's test hook reports. */
export interface HookState {
  experiment: Experiment | null;
  backend: { backend: string; notes: string[]; summary: string | null } | null;
  workers: number;
  messages: string[];
  /** Finished experiments saved so far in this page. */
  saved: number;
  longTasks: { supported: boolean; training: { count: number; longestMs: number }; all: { count: number; longestMs: number } };
}

/** The page's state through its test hook. */
export const read = (page: Page) => page.evaluate(() => (window as unknown as { __wideOptimaLab: () => HookState }).__wideOptimaLab());

/** Polls the test hook until `test` holds; fails early on an error message, and at `timeoutMs`. */
export async function waitFor(page: Page, what: string, test: (s: HookState) => boolean, timeoutMs: number): Promise<HookState> {
  const t0 = Date.now();
  for (;;) {
    const s = await read(page).catch(() => null);
    if (s && test(s)) return s;
    if (s?.messages.some((m) => m.startsWith('Error'))) throw new Error(`${what}: ${s.messages.join(' | ')}`);
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(s?.experiment?.phase)} ${JSON.stringify(s?.messages)}`);
    await page.waitForTimeout(250);
  }
}
