/**
 * Where chunk vectors are kept and searched by similarity, keyed by a chunk key: a number given to a chunk's text
 * when its vector is first stored and kept by every later build while that text is unchanged (ingest matches
 * chunks by content hash), so a one-note edit deletes and adds a few keys instead of renumbering them all.
 * A build's `vector-keys.bin` maps each chunk position to its key (`ChunkVectors` reads through it).
 * Ingest and the index files use this, not hnswlib itself: `VectorIndex` (HNSW in process) is the one
 * implementation; a server store (Qdrant, pgvector) would be another, with the same keys.
 */
export interface VectorStore {
  /** Vectors stored, deleted ones included until their place is reused or the store is rebuilt. */
  readonly size: number;
  /** How many of `size` are deleted (still in the graph, left out of every result). */
  readonly deleted: number;
  /** Adds the chunk's vector, or replaces it (a deleted key comes back). Grows the store as needed. */
  upsert(key: number, vector: Float32Array): void;
  /** Removes the chunk from search results and `vector`; a key that is not there is left alone. */
  delete(key: number): void;
  /** Room for `size` vectors without growing one at a time (a batch of upserts is about to come). */
  reserve(size: number): void;
  /** The k most similar live chunks, most similar first. */
  search(query: Float32Array, k: number): VectorHit[];
  /** The stored (unit-length) vector of a live chunk, or undefined. */
  vector(key: number): Float32Array | undefined;
  /** How hard a search looks (HNSW's efSearch; Qdrant's `hnsw_ef`, pgvector's `hnsw.ef_search`): a query-time setting. */
  setEfSearch(efSearch: number): void;
  /** Writes the store to one file, which its implementation's `read` loads. */
  write(path: string): void;
}

export interface VectorHit {
  /** A chunk key from `VectorStore`, or a chunk position from `ChunkVectors`. */
  id: number;
  /** Cosine similarity, -1..1. */
  similarity: number;
}

/**
 * One build's vectors addressed by chunk position, what search reads: its hits' ids and `vector`'s argument are
 * positions in the build's chunks, translated through the build's keys.
 */
export class ChunkVectors {
  /** key → chunk position, -1 for a deleted key. */
  private readonly positions: Int32Array;

  /** `keys[position]` is the key of that chunk; keys are below `store.size`, each at most once. */
  constructor(
    readonly store: VectorStore,
    readonly keys: Uint32Array,
  ) {
    this.positions = new Int32Array(store.size).fill(-1);
    keys.forEach((key, position) => (this.positions[key] = position));
  }

  search(query: Float32Array, k: number): VectorHit[] {
    return this.store.search(query, k).map((hit) => ({ id: this.positions[hit.id]!, similarity: hit.similarity }));
  }

  vector(position: number): Float32Array | undefined {
    const key = this.keys[position];
    return key === undefined ? undefined : this.store.vector(key);
  }

  setEfSearch(efSearch: number): void {
    this.store.setEfSearch(efSearch);
  }
}

/** Keys as `vector-keys.bin` holds them: one little-endian uint32 per chunk, in chunk order. */
export function encodeKeys(keys: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(keys.length * 4);
  const view = new DataView(bytes.buffer);
  keys.forEach((key, i) => view.setUint32(i * 4, key, true));
  return bytes;
}

/** The keys `encodeKeys` wrote, or the reason they are not a key per chunk below `points`, each once. */
export function decodeKeys(bytes: Uint8Array, chunkCount: number, points: number): Uint32Array | string {
  if (bytes.byteLength !== chunkCount * 4) return `for ${bytes.byteLength / 4} chunks, not the manifest's ${chunkCount}`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const keys = new Uint32Array(chunkCount);
  const seen = new Uint8Array(points);
  for (let i = 0; i < chunkCount; i++) {
    const key = view.getUint32(i * 4, true);
    if (key >= points || seen[key]) return 'damaged (a chunk key is out of range, or given to two chunks)';
    seen[key] = 1;
    keys[i] = key;
  }
  return keys;
}
