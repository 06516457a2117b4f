import { defineConfig } from 'vitest/config';

// The simulator is a single-threaded process per device; keep test files
// in a few forks so a 2-core machine is not oversubscribed.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // a failing test prints the `make waves` command that re-runs it with tracing
    setupFiles: ['test/setup/repro.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
