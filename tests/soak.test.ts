/**
 * A short run of the soak script (`npm run soak` asks 10,000 questions): it completes and reports its memory
 * samples. Nothing about memory or time is asserted here; the figures belong to the long run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { soak } from '../scripts/soak.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soak-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('asks a few hundred questions through answer() in one process and reports memory samples', async () => {
  const result = await soak({ questions: 300, embedder: 'hashing', analyzer: 'ngram', chunks: 150, workDir: dir, sampleEvery: 100 });
  expect(result.questions).toBe(300);
  expect(result.samples.map((s) => s.questions)).toEqual([0, 100, 200, 300]);
  expect(result.unique).toBeGreaterThan(150);
  expect(result.answered).toBeGreaterThan(0);
});
