/**
 * The HNSW vector store by chunk key: what a small note edit will need instead of a rebuild (a changed chunk
 * replaced, a removed one gone from results, a new one added past the built size), and what it saves it loads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_HNSW, VectorIndex } from '../src/index/vector.js';
import type { VectorStore } from '../src/index/vector-store.js';

const DIMS = 8;
/** Unit vector along axis `axis`, tilted slightly towards the next one so that neighbours are ordered. */
const along = (axis: number, tilt = 0.1): Float32Array => {
  const v = new Float32Array(DIMS);
  v[axis % DIMS] = 1;
  v[(axis + 1) % DIMS] = tilt;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};
const ids = (store: VectorStore, query: Float32Array, k = 3) => store.search(query, k).map((hit) => hit.id);
const scratch = mkdtempSync(join(tmpdir(), 'vector-store-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the HNSW vector store', () => {
  const built = (): VectorStore => VectorIndex.build([0, 1, 2, 3].map((axis) => along(axis)), DIMS);

  it('replaces a chunk’s vector in place: searches find it where it now points', () => {
    const store = built();
    expect(ids(store, along(2), 1)).toEqual([2]);
    store.upsert(0, along(2, 0.05));
    expect(ids(store, along(2), 2).sort()).toEqual([0, 2]);
    expect(store.size).toBe(4);
  });

  it('leaves a deleted chunk out of searches and vectors, and takes it back on upsert', () => {
    const store = built();
    store.delete(1);
    expect(ids(store, along(1), 4)).not.toContain(1);
    expect(store.vector(1)).toBeUndefined();
    store.delete(1);
    store.delete(99);
    store.upsert(1, along(1));
    expect(ids(store, along(1), 1)).toEqual([1]);
    expect(Array.from(store.vector(1)!)).toEqual(Array.from(along(1)).map((x) => expect.closeTo(x, 5)));
  });

  it('grows past the size it was built for', () => {
    const store = built();
    for (let id = 4; id < 12; id++) store.upsert(id, along(id % 4, 0.2 + id / 100));
    expect(store.size).toBe(12);
    expect(ids(store, along(3, 0.3), 12).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('loads what it wrote, answering the same', () => {
    const store = built();
    store.upsert(4, along(5));
    const path = join(scratch, 'hnsw.bin');
    store.write(path);
    const loaded = VectorIndex.read(path, DIMS, DEFAULT_HNSW);
    for (let axis = 0; axis < DIMS; axis++) expect(ids(loaded, along(axis))).toEqual(ids(store, along(axis)));
  });
});
