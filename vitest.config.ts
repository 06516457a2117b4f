import { defineConfig } from 'vitest/config';

// The simulator is a single-threaded process per device; keep test files
// in a few forks so a 2-core machine is not oversubscribed.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // a failing test prints the `make waves` command that re-runs it with tracing
    setupFiles: ['test/setup/repro.ts'],
    testTimeout: 120_000,
    // unit-bench and variant-simulator builds run in beforeAll: the pipelined AES makes a cold
    // Verilator + g++ build take 1.5-2 min on a quiet 2-core machine, several at once far longer
    hookTimeout: 900_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
