/**
 * The HNSW vector store by chunk key: what a small note edit needs instead of a rebuild (a changed chunk
 * replaced, a removed one gone from results, a new one added past the built size), what it saves it loads,
 * and the plan that matches a new build's chunks to the previous build's keys by content hash.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_HNSW, VectorIndex } from '../src/index/vector.js';
import { hnswFileProblem } from '../src/index/hnsw-file.js';
import { MAX_DELETED_SHARE, needsRebuild, planVectorUpdate } from '../src/index/vector-update.js';
import { ChunkVectors, type VectorStore } from '../src/index/vector-store.js';
import { sha256OfFile } from '../src/index/checksum.js';

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

describe('a store with deleted points', () => {
  it('counts them, leaves them out, and writes a file sized to its points that loads with the same answers', async () => {
    const store = VectorIndex.build([0, 1, 2, 3].map((axis) => along(axis)), DIMS);
    store.delete(1);
    store.delete(1);
    store.upsert(4, along(1, 0.05));
    store.upsert(5, along(6));
    expect([store.size, store.deleted]).toEqual([6, 1]);
    expect(ids(store, along(1), 6)).not.toContain(1);
    const path = join(scratch, 'deleted.bin');
    store.write(path);
    const keys = Uint32Array.from([0, 2, 3, 4, 5]);
    const expectation = { dimensions: DIMS, count: 6, deleted: 1, keys, m: DEFAULT_HNSW.m, efConstruction: DEFAULT_HNSW.efConstruction, sha256: (await sha256OfFile(path))! };
    // Grown by doubling to room for 8, written with room for exactly its 6: what the file check accepts.
    expect(await hnswFileProblem(path, expectation)).toBeUndefined();
    expect(await hnswFileProblem(path, { ...expectation, deleted: 0 })).toBe("damaged (1 of its vectors are deleted, not the manifest's 0)");
    expect(await hnswFileProblem(path, { ...expectation, keys: Uint32Array.from([0, 1, 2, 3, 4]) })).toBe("damaged (a chunk's vector is missing or deleted)");
    const loaded = VectorIndex.read(path, DIMS, DEFAULT_HNSW, 1);
    expect(ids(loaded, along(1), 6)).toEqual(ids(store, along(1), 6));
    // A loaded store is told only how many keys are deleted: a deleted one, upserted twice, comes back once.
    loaded.upsert(1, along(1));
    loaded.upsert(1, along(1));
    expect([loaded.size, loaded.deleted]).toEqual([6, 0]);
  });

  it('reads back through the build’s keys as chunk positions', () => {
    const store = VectorIndex.build([0, 1, 2, 3].map((axis) => along(axis)), DIMS);
    store.delete(0);
    store.upsert(4, along(7));
    // Chunk 0 is now key 4, chunks 1–3 kept theirs.
    const chunks = new ChunkVectors(store, Uint32Array.from([4, 1, 2, 3]));
    expect(chunks.search(along(7), 1)).toEqual([{ id: 0, similarity: expect.closeTo(1, 5) }]);
    expect(chunks.search(along(2), 1).map((hit) => hit.id)).toEqual([2]);
    expect(Array.from(chunks.vector(0)!)).toEqual(Array.from(along(7)).map((x) => expect.closeTo(x, 5)));
    expect(chunks.vector(4)).toBeUndefined();
  });
});

describe('planning an update by content hash', () => {
  const previous = (hashes: string[], deleted = 0) => ({ hashes, keys: VectorIndex.identityKeys(hashes.length), store: { size: hashes.length + deleted, deleted } });

  it('keeps the key of every unchanged text wherever it moved, deletes the rest, and numbers new texts after the last key', () => {
    const plan = planVectorUpdate(previous(['a', 'b', 'c', 'd'], 2), ['c', 'a', 'x', 'd', 'y']);
    expect(Array.from(plan.keys)).toEqual([2, 0, 6, 3, 7]);
    expect(plan).toMatchObject({ added: [2, 4], removed: [1], points: 8, deleted: 3 });
  });

  it('gives each copy of a repeated text a point of its own, so both can be found', () => {
    const plan = planVectorUpdate(previous(['a', 'a', 'b']), ['a', 'b', 'a', 'a']);
    expect(Array.from(plan.keys)).toEqual([0, 2, 1, 3]);
    expect(plan).toMatchObject({ added: [3], removed: [], points: 4, deleted: 0 });
    expect(planVectorUpdate(previous(['a', 'a', 'b']), ['b']).removed).toEqual([0, 1]);
  });

  it('asks for a whole build past the deleted share', () => {
    expect(needsRebuild({ points: 100, deleted: Math.floor(100 * MAX_DELETED_SHARE) })).toBe(false);
    expect(needsRebuild({ points: 100, deleted: Math.floor(100 * MAX_DELETED_SHARE) + 1 })).toBe(true);
    expect(needsRebuild({ points: 0, deleted: 0 })).toBe(false);
  });
});
