/** Shared by the browser tests: the test build served with one Chromium session per describe block, and slider input. */
import type { Page } from 'playwright-core';
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
