import hnswlib from 'hnswlib-node';

/**
 * Approximate nearest neighbours by cosine similarity (hnswlib). Labels are chunk ids.
 * Parameters were chosen with `npm run bench` (recall@10 against an exact scan).
 */
export interface HnswParameters {
  m: number;
  efConstruction: number;
  efSearch: number;
}

export const DEFAULT_HNSW: HnswParameters = { m: 16, efConstruction: 200, efSearch: 128 };

export interface VectorHit {
  id: number;
  /** Cosine similarity, -1..1. */
  similarity: number;
}

export class VectorIndex {
  private constructor(
    private readonly index: hnswlib.HierarchicalNSW,
    readonly parameters: HnswParameters,
  ) {}

  static build(vectors: Float32Array[], dimensions: number, parameters: HnswParameters = DEFAULT_HNSW): VectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.initIndex({ maxElements: Math.max(1, vectors.length), m: parameters.m, efConstruction: parameters.efConstruction, randomSeed: 100 });
    vectors.forEach((vector, id) => index.addPoint(Array.from(vector), id));
    index.setEf(parameters.efSearch);
    return new VectorIndex(index, parameters);
  }

  static read(path: string, dimensions: number, parameters: HnswParameters): VectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.readIndexSync(path);
    index.setEf(parameters.efSearch);
    return new VectorIndex(index, parameters);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  write(path: string): void {
    this.index.writeIndexSync(path);
  }

  search(query: Float32Array, k: number): VectorHit[] {
    const count = Math.min(k, this.size);
    if (count === 0) return [];
    const { neighbors, distances } = this.index.searchKnn(Array.from(query), count);
    return neighbors.map((id, i) => ({ id, similarity: 1 - distances[i]! }));
  }
}
