/**
 * Browser helpers (the end-to-end tests and the benchmark): serve the test build on 127.0.0.1, start
 * Debian's Chromium through playwright-core (never a downloaded browser), and
 * record console errors and requests to any other origin.
 */
import { mkdtempSync } from 'node:fs';
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

export async function serveTestBuild(): Promise<{ server: PreviewServer; origin: string }> {
  const server = await preview({
    root: process.cwd(),
    logLevel: 'warn',
    build: { outDir: 'dist-test' },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return { server, origin: new URL(url).origin };
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
