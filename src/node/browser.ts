/**
 * Browser helpers (the end-to-end tests and the benchmark): serve the test build on 127.0.0.1, start
 * Debian's Chromium through playwright-core (never a downloaded browser), and
 * record console errors and requests to any other origin.
 */
import { mkdtempSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { type PreviewServer, preview } from 'vite';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The test build on 127.0.0.1, and the response-body bytes it has sent so far (what browsers fetched over the network). */
export async function serveTestBuild(): Promise<{ server: PreviewServer; origin: string; bytesSent: () => number }> {
  const server = await preview({
    root: process.cwd(),
    logLevel: 'warn',
    build: { outDir: 'dist-test' },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  let sent = 0;
  // Ahead of vite's own handler: every body chunk written to any response is counted.
  server.httpServer.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    const count = (chunk: unknown) => {
      if (typeof chunk === 'string') sent += Buffer.byteLength(chunk);
      else if (chunk instanceof Uint8Array) sent += chunk.length;
    };
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
    res.write = ((chunk: unknown, ...rest: unknown[]) => (count(chunk), write(chunk, ...rest))) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => (
      typeof chunk !== 'function' && count(chunk),
      end(chunk, ...rest)
    )) as typeof res.end;
  });
  return { server, origin: new URL(url).origin, bytesSent: () => sent };
}

export interface Session {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
}

export async function openBrowser(origin: string, webgpu: boolean): Promise<Session> {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'wol-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: webgpu ? [...FLAGS, '--enable-unsafe-webgpu'] : FLAGS,
    viewport: { width: 1500, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreignRequests.push(u);
  });
  return { context, page, consoleErrors, foreignRequests };
}
