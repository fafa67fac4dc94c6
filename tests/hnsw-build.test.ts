/**
 * The vector graph built on a worker thread: the file it writes is the one a build on this thread writes, and a
 * build stopped partway ends its thread cleanly (between two points, never inside hnswlib) and writes nothing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraphFileInWorker, startGraphBuild } from '../src/index/hnsw-build.js';
import { DEFAULT_HNSW, VectorIndex } from '../src/index/vector.js';
import { mulberry32 } from '../scripts/prng.js';

const DIMS = 16;
const scratch = mkdtempSync(join(tmpdir(), 'hnsw-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function randomVectors(count: number): Float32Array[] {
  const next = mulberry32(3);
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: DIMS }, () => next() - 0.5);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}
const flat = (rows: Float32Array[]) => {
  const out = new Float32Array(rows.length * DIMS);
  rows.forEach((row, i) => out.set(row, i * DIMS));
  return out;
};

describe('the vector graph built on a worker thread', () => {
  it('writes the same bytes as the same build on this thread', async () => {
    const vectors = randomVectors(300);
    const here = join(scratch, 'here.bin');
    const there = join(scratch, 'there.bin');
    (await VectorIndex.buildPaced(vectors, DIMS, DEFAULT_HNSW, async () => {})).write(here);
    await buildGraphFileInWorker({ vectors: flat(vectors), dimensions: DIMS, parameters: DEFAULT_HNSW, file: there });
    expect(readFileSync(there).equals(readFileSync(here))).toBe(true);
    const loaded = VectorIndex.read(there, DIMS, DEFAULT_HNSW);
    expect(loaded.search(vectors[42]!, 1)[0]!.id).toBe(42);
  });

  it('stops between two points when asked, writing nothing', async () => {
    const file = join(scratch, 'stopped.bin');
    const build = startGraphBuild({ vectors: flat(randomVectors(2000)), dimensions: DIMS, parameters: DEFAULT_HNSW, file });
    // Asked before the thread has its first point: it stops after that point, whatever the machine's speed.
    await build.stop();
    await expect(build.written).rejects.toMatchObject({ code: 'INGEST_WORKER_FAILED', message: expect.stringContaining('it was stopped') });
    expect(existsSync(file)).toBe(false);
  });
});
