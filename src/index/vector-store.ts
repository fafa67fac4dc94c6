/**
 * Where chunk vectors are kept and searched by similarity, keyed by chunk id (today its position in the index).
 * Ingest, the index files and search use this, not hnswlib itself: `VectorIndex` (HNSW in process) is the one
 * implementation; a server store (Qdrant, pgvector) would be another, with the same keys.
 */
export interface VectorStore {
  /** Vectors stored, deleted ones included until their place is reused. */
  readonly size: number;
  /** Adds the chunk's vector, or replaces it (a deleted key comes back). Grows the store as needed. */
  upsert(id: number, vector: Float32Array): void;
  /** Removes the chunk from search results and `vector`; a key that is not there is left alone. */
  delete(id: number): void;
  /** The k most similar live chunks, most similar first. */
  search(query: Float32Array, k: number): VectorHit[];
  /** The stored (unit-length) vector of a live chunk, or undefined. */
  vector(id: number): Float32Array | undefined;
  /** How hard a search looks (HNSW's efSearch; Qdrant's `hnsw_ef`, pgvector's `hnsw.ef_search`): a query-time setting. */
  setEfSearch(efSearch: number): void;
  /** Writes the store to one file, which its implementation's `read` loads. */
  write(path: string): void;
}

export interface VectorHit {
  id: number;
  /** Cosine similarity, -1..1. */
  similarity: number;
}
