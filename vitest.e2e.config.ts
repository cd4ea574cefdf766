import { defineConfig } from 'vitest/config';

// Browser end-to-end specs: real server processes, real sandbox, Debian's chromium driven by
// playwright-core. Run one file at a time: each starts its own browser.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
