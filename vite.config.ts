import { execSync } from 'node:child_process';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

/** What the "updated" note names: the commit the site was built from (or the build time outside a git checkout). */
function buildId(): string {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return new Date().toISOString().slice(0, 16);
  }
}

// The app is static: `npm run build` writes dist/, served from any origin
// (relative base). Data files come from public/data (built by scripts/build-data.ts).
export default defineConfig({
  base: './',
  define: { __BUILD_ID__: JSON.stringify(buildId()) },
  worker: { format: 'es' },
  // The compute and toy workers carry tfjs (2.1 and 1.6 MB); plotly's 3D bundle (1.7 MB) loads on demand.
  build: { target: 'es2022', chunkSizeWarningLimit: 2200 },
  plugins: [
    // The service worker (Workbox, through vite-plugin-pwa): the app shell, both workers, the styles, the
    // fonts the browser uses (woff2) and the dataset headers are precached on the first visit, so the lab
    // opens and trains without a network afterwards; the data chunks a run reads are kept by the loader itself
    // (Cache Storage, checked against their checksums), and plotly's 3D bundle once a 3D view has opened. A new
    // build waits until every tab of the lab is closed: it is picked up on the next visit, never mid-lecture.
    VitePWA({
      registerType: 'prompt',
      injectRegister: null,
      manifest: {
        name: 'Wide Optima Lab',
        short_name: 'Wide Optima',
        description: 'Why flat minima generalize: SGD, SWA and SAM on the same convnet, side by side.',
        start_url: '.',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f77b4',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        // The bundled reference runs (public/reference, 2 MB at most in all) too: the lecture shows them offline.
        globPatterns: ['**/*.{html,js,css,svg,woff2}', 'data/*.json', 'reference/*.json'],
        globIgnores: ['**/plotly-gl3d*.js'],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        runtimeCaching: [{ urlPattern: /plotly-gl3d[^/]*\.js$/, handler: 'CacheFirst', options: { cacheName: 'wide-optima-lab-3d' } }],
      },
    }),
  ],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**'],
    setupFiles: ['tests/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
