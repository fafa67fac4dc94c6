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

/** The in-process `VectorStore`: chunk keys are hnswlib labels. */
export class VectorIndex implements VectorStore {
  private constructor(
    private readonly index: hnswlib.HierarchicalNSW,
    readonly parameters: HnswParameters,
    private deletedCount = 0,
  ) {}

  /** Keys as `build` gives them: the vector at position i is chunk key i. */
  static identityKeys(count: number): Uint32Array {
    return Uint32Array.from({ length: count }, (_, i) => i);
  }

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

  /** `deleted`: how many of the file's points are marked deleted (the manifest says; hnsw-file.ts checked it). */
  static read(path: string, dimensions: number, parameters: HnswParameters, deleted = 0): VectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.readIndexSync(path);
    return VectorIndex.opened(index, parameters, deleted);
  }

  /** `read` on libuv's thread pool: a large index (a fifth of a second at 100k vectors) loads while this thread works on. */
  static async load(path: string, dimensions: number, parameters: HnswParameters, deleted = 0): Promise<VectorIndex> {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    await index.readIndex(path);
    return VectorIndex.opened(index, parameters, deleted);
  }

  private static opened(index: hnswlib.HierarchicalNSW, parameters: HnswParameters, deleted: number): VectorIndex {
    index.setEf(parameters.efSearch);
    return new VectorIndex(index, parameters, deleted);
  }

  /** hnswlib's search breadth from now on (retrieval tuning chooses it per embedder). */
  setEfSearch(efSearch: number): void {
    this.index.setEf(efSearch);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  get deleted(): number {
    return this.deletedCount;
  }

  reserve(size: number): void {
    if (size > this.index.getMaxElements()) this.index.resizeIndex(size);
  }

  /** Written with room for exactly its points: hnsw-file.ts refuses a file sized past its count (see there why). */
  write(path: string): void {
    if (this.index.getMaxElements() > Math.max(1, this.size)) this.index.resizeIndex(Math.max(1, this.size));
    this.index.writeIndexSync(path);
  }

  vector(key: number): Float32Array | undefined {
    if (!Number.isInteger(key) || key < 0) return undefined;
    try {
      return Float32Array.from(this.index.getPoint(key));
    } catch {
      // hnswlib has no "is there" question: a label never added, or marked deleted, is an error from getPoint.
      return undefined;
    }
  }

  upsert(key: number, vector: Float32Array): void {
    if (this.vector(key) === undefined) {
      if (this.undelete(key)) this.deletedCount--;
      else if (this.index.getCurrentCount() >= this.index.getMaxElements()) {
        // Doubling keeps a run of upserts linear; a key re-added after a delete reuses its place and needs none.
        this.index.resizeIndex(Math.max(2 * this.index.getMaxElements(), 1));
      }
    }
    // hnswlib updates the point of a label it has.
    this.index.addPoint(Array.from(vector), key);
  }

  delete(key: number): void {
    if (this.vector(key) === undefined) return;
    this.index.markDelete(key);
    this.deletedCount++;
  }

  /** Unmarks a deleted key; false for a key that is not there (hnswlib throws for both that and a live one). */
  private undelete(key: number): boolean {
    try {
      this.index.unmarkDelete(key);
      return true;
    } catch {
      return false;
    }
  }

  search(query: Float32Array, k: number): VectorHit[] {
    const count = Math.min(k, this.size - this.deletedCount);
    if (count === 0) return [];
    const { neighbors, distances } = this.index.searchKnn(Array.from(query), count);
    return neighbors.map((id, i) => ({ id, similarity: 1 - distances[i]! }));
  }
}
