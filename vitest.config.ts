import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Timeouts only catch hangs: no test asserts on speed, and a loaded 2-core machine (load 8–17 seen) can
    // take minutes for what a quiet one does in seconds (loading tsx and the dictionary, building indexes).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
