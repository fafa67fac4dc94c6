import hnswlib from 'hnswlib-node';
import type { VectorHit, VectorStore } from './vector-store.js';

/**
 * Approximate nearest neighbours by cosine similarity (hnswlib). Labels are chunk ids.
 * Parameters were chosen with `npm run bench`: recall@10 against an exact scan at 100k chunks of generated
 * notes with the hashing embedder (the hard case: its vectors have no low-dimensional structure). The
 * earlier M 16 / efSearch 128 reached only 0.964 there. With M 32, efSearch 384 measured 0.989–0.992
 * across builds, too close to 0.99; efSearch 512 measured 0.992–0.994 at ~3.3 ms a query, still ~23×
 * faster than the exact scan. M 24, or M 16 with efConstruction 400, measured no better than M 32.
 * `efSearch` here is what a build records; the engine searches with its embedder's `efSearch` from
 * retrieval/tuning.ts (a query-time setting: changing it rebuilds nothing).
 */
export interface HnswParameters {
  m: number;
  efConstruction: number;
  efSearch: number;
}

export const DEFAULT_HNSW: HnswParameters = { m: 32, efConstruction: 200, efSearch: 512 };

/** The in-process `VectorStore`: chunk ids are hnswlib labels. */
export class VectorIndex implements VectorStore {
  private constructor(
    private readonly index: hnswlib.HierarchicalNSW,
    readonly parameters: HnswParameters,
  ) {}

  static build(vectors: Float32Array[], dimensions: number, parameters: HnswParameters = DEFAULT_HNSW): VectorIndex {
    const built = VectorIndex.empty(vectors.length, dimensions, parameters);
    vectors.forEach((vector, id) => built.index.addPoint(Array.from(vector), id));
    return built;
  }

  /**
   * `build`, awaiting `pause()` between points: a bot re-indexing in its own process keeps answering while
   * thousands of points go in (seconds of work in one synchronous stretch otherwise).
   */
  static async buildPaced(vectors: Float32Array[], dimensions: number, parameters: HnswParameters, pause: () => Promise<void>): Promise<VectorIndex> {
    const built = VectorIndex.empty(vectors.length, dimensions, parameters);
    for (let id = 0; id < vectors.length; id++) {
      built.index.addPoint(Array.from(vectors[id]!), id);
      await pause();
    }
    return built;
  }

  private static empty(capacity: number, dimensions: number, parameters: HnswParameters): VectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.initIndex({ maxElements: Math.max(1, capacity), m: parameters.m, efConstruction: parameters.efConstruction, randomSeed: 100 });
    index.setEf(parameters.efSearch);
    return new VectorIndex(index, parameters);
  }

  static read(path: string, dimensions: number, parameters: HnswParameters): VectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.readIndexSync(path);
    return VectorIndex.opened(index, parameters);
  }

  /** `read` on libuv's thread pool: a large index (a fifth of a second at 100k vectors) loads while this thread works on. */
  static async load(path: string, dimensions: number, parameters: HnswParameters): Promise<VectorIndex> {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    await index.readIndex(path);
    return VectorIndex.opened(index, parameters);
  }

  private static opened(index: hnswlib.HierarchicalNSW, parameters: HnswParameters): VectorIndex {
    index.setEf(parameters.efSearch);
    return new VectorIndex(index, parameters);
  }

  /** hnswlib's search breadth from now on (retrieval tuning chooses it per embedder). */
  setEfSearch(efSearch: number): void {
    this.index.setEf(efSearch);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  write(path: string): void {
    this.index.writeIndexSync(path);
  }

  vector(id: number): Float32Array | undefined {
    if (!Number.isInteger(id) || id < 0 || id >= this.index.getMaxElements()) return undefined;
    try {
      return Float32Array.from(this.index.getPoint(id));
    } catch {
      // hnswlib has no "is there" question: a label never added, or marked deleted, is an error from getPoint.
      return undefined;
    }
  }

  /**
   * Not yet used by ingest (it builds whole): a store grown here is sized past its count, which readIndex refuses
   * (hnsw-file.ts checks that a file has room for exactly the manifest's chunks).
   */
  upsert(id: number, vector: Float32Array): void {
    if (this.vector(id) === undefined && this.index.getCurrentCount() >= this.index.getMaxElements()) {
      // Doubling keeps a run of upserts linear; a key re-added after a delete reuses its place and needs none.
      this.index.resizeIndex(Math.max(2 * this.index.getMaxElements(), id + 1));
    }
    // hnswlib updates the point of a label it has (and unmarks it if it was deleted).
    this.index.addPoint(Array.from(vector), id);
  }

  delete(id: number): void {
    if (this.vector(id) !== undefined) this.index.markDelete(id);
  }

  search(query: Float32Array, k: number): VectorHit[] {
    const count = Math.min(k, this.size);
    if (count === 0) return [];
    const { neighbors, distances } = this.index.searchKnn(Array.from(query), count);
    return neighbors.map((id, i) => ({ id, similarity: 1 - distances[i]! }));
  }
}
