import { FieldedLexicalIndex, type FieldTerms } from './fields.js';

/**
 * The lexical side of `VectorStore`: chunks' analyzed terms kept by chunk content hash, and the BM25 fields over a
 * build's chunks made from them. Unlike a vector graph, BM25 cannot be changed in place for one chunk: its idf and
 * length norms depend on every document, so adding or removing a chunk changes every score. The fields are rebuilt
 * from the kept terms instead (`bm25` in the ingest timings: about a second at 20k chunks, 9–12 s at 100k), while
 * the analysis that made the terms (Korean morphology: most of the lexical work) runs only for new chunk texts.
 * Search, `toBinary` and `fromBinary` are `FieldedLexicalIndex`'s; a server store (OpenSearch, Postgres full-text)
 * would index by the same hash and score server-side.
 */
export interface LexicalStore {
  /** Distinct chunk texts held. */
  readonly size: number;
  /** Keeps a chunk text's terms, replacing any held under that hash. */
  upsert(hash: string, terms: FieldTerms): void;
  delete(hash: string): void;
  has(hash: string): boolean;
  hashes(): IterableIterator<string>;
  /** The BM25 fields over these chunks, document i being `chunkHashes[i]` (every one must be held). */
  fields(chunkHashes: readonly string[]): FieldedLexicalIndex;
}

export class ChunkTerms implements LexicalStore {
  private readonly byHash = new Map<string, FieldTerms>();

  /** What a build's lexical index holds, by the hash of each of its chunks (`chunkHashes[doc]`). */
  static fromFields(fields: FieldedLexicalIndex, chunkHashes: readonly string[]): ChunkTerms {
    const store = new ChunkTerms();
    fields.documentTerms().forEach((terms, doc) => store.upsert(chunkHashes[doc]!, terms));
    return store;
  }

  get size(): number {
    return this.byHash.size;
  }

  upsert(hash: string, terms: FieldTerms): void {
    this.byHash.set(hash, terms);
  }

  delete(hash: string): void {
    this.byHash.delete(hash);
  }

  has(hash: string): boolean {
    return this.byHash.has(hash);
  }

  hashes(): IterableIterator<string> {
    return this.byHash.keys();
  }

  fields(chunkHashes: readonly string[]): FieldedLexicalIndex {
    return FieldedLexicalIndex.build(
      chunkHashes.map((hash) => {
        const terms = this.byHash.get(hash);
        if (!terms) throw new Error(`no terms kept for chunk ${hash}`);
        return terms;
      }),
    );
  }
}
