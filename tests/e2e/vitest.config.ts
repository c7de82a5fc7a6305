import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: the production build (test mode, with the test hook) in headless Chromium.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    testTimeout: 900_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
