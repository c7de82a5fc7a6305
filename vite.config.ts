import { defineConfig } from 'vitest/config';

// The app is static: `npm run build` writes dist/, served from any origin
// (relative base). Data files come from public/data (built by scripts/build-data.ts).
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  // plotly.js alone is 4.6 MB minified; tfjs lives in the worker chunk.
  build: { target: 'es2022', chunkSizeWarningLimit: 6000 },
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
