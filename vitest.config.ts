import { defineConfig } from 'vitest/config';

/**
 * Files that replace a Node module with `vi.mock`: the replacement must reach every module that imports it, so
 * these get a fresh module graph of their own.
 */
const OWN_MODULES = ['tests/notes-load.test.ts'];

export default defineConfig({
  test: {
    // Timeouts only catch hangs: no test asserts on speed, and a loaded 2-core machine (load 8–17 seen) can
    // take minutes for what a quiet one does in seconds (loading tsx and the dictionary, building indexes).
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Forks, not threads: the in-process CLI runs (tests/helpers/cli.ts) change the working directory.
    pool: 'forks',
    // Two files at once on a 2-core machine (vitest's default is cores − 1): 176 s instead of 270 s quiet. No test
    // depends on the machine's speed, so sharing the cores changes nothing but the wall time.
    maxWorkers: 2,
    setupFiles: ['tests/helpers/setup.ts'],
    projects: [
      { extends: true, test: { name: 'own-modules', include: OWN_MODULES, isolate: true } },
      // Every other file shares its worker's loaded modules with the files before it: the Korean dictionary,
      // discord.js and the engine load once per worker instead of once per file (about a third of the suite's
      // CPU). Tests keep no state in modules; what they change (spies, fake timers) they restore.
      { extends: true, test: { name: 'shared-modules', include: ['tests/**/*.test.ts'], exclude: OWN_MODULES, isolate: false } },
    ],
  },
});
