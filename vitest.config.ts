import { defineConfig } from 'vitest/config';

// One test run for the whole repo. Integration specs start real servers on loopback and use
// the real database (SQLite by default, PostgreSQL when DATABASE_URL is set), so files run in
// separate forks and are given generous timeouts; the machine has two cores.
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'e2e/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
