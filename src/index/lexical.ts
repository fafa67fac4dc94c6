/**
 * Okapi BM25 over analyzed terms. Postings are kept as parallel typed arrays per term
 * (document ids ascending, term frequencies), which is compact to store and fast to score.
 */
export interface WeightedTerm {
  term: string;
  /** Multiplies the term's contribution: glossary expansions count for less than the user's own words. */
  weight: number;
}

export interface LexicalHit {
  doc: number;
  score: number;
}

export interface SerializedLexicalIndex {
  k1: number;
  b: number;
  docLengths: number[];
  /** term → [doc ids..., term frequencies...] (two halves of one array). */
  postings: Record<string, number[]>;
}

export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

interface Postings {
  docs: Uint32Array;
  tfs: Uint16Array;
}

export class LexicalIndex {
  private readonly avgLength: number;

  private constructor(
    private readonly postings: Map<string, Postings>,
    private readonly docLengths: Uint32Array,
    private readonly k1 = BM25_K1,
    private readonly b = BM25_B,
  ) {
    let total = 0;
    for (const length of docLengths) total += length;
    this.avgLength = docLengths.length ? total / docLengths.length : 0;
  }

  /** `docs[i]` holds the terms of document i. */
  static build(docs: string[][]): LexicalIndex {
    const lists = new Map<string, { docs: number[]; tfs: number[] }>();
    const lengths = new Uint32Array(docs.length);
    docs.forEach((terms, doc) => {
      lengths[doc] = terms.length;
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let list = lists.get(term);
        if (!list) lists.set(term, (list = { docs: [], tfs: [] }));
        list.docs.push(doc);
        list.tfs.push(Math.min(tf, 0xffff));
      }
    });
    const postings = new Map<string, Postings>();
    for (const [term, list] of lists) postings.set(term, { docs: Uint32Array.from(list.docs), tfs: Uint16Array.from(list.tfs) });
    return new LexicalIndex(postings, lengths);
  }

  get size(): number {
    return this.docLengths.length;
  }

  /** Inverse document frequency (BM25+ style, never negative). */
  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  search(query: WeightedTerm[], k: number): LexicalHit[] {
    const scores = new Map<number, number>();
    for (const { term, weight } of mergeTerms(query)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term) * weight;
      for (let i = 0; i < list.docs.length; i++) {
        const doc = list.docs[i]!;
        const tf = list.tfs[i]!;
        const norm = this.k1 * (1 - this.b + (this.b * this.docLengths[doc]!) / this.avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (this.k1 + 1)) / (tf + norm));
      }
    }
    return topK(scores, k);
  }

  toJSON(): SerializedLexicalIndex {
    const postings: Record<string, number[]> = {};
    for (const [term, list] of this.postings) postings[term] = [...list.docs, ...list.tfs];
    return { k1: this.k1, b: this.b, docLengths: [...this.docLengths], postings };
  }

  static fromJSON(data: SerializedLexicalIndex): LexicalIndex {
    if (!Array.isArray(data?.docLengths) || typeof data.postings !== 'object') throw new Error('lexical index has an unexpected shape');
    const postings = new Map<string, Postings>();
    for (const [term, flat] of Object.entries(data.postings)) {
      const half = flat.length / 2;
      if (!Number.isInteger(half)) throw new Error(`lexical index postings for "${term}" are damaged`);
      const docs = Uint32Array.from(flat.slice(0, half));
      for (const doc of docs) if (doc >= data.docLengths.length) throw new Error(`lexical index refers to a missing document ${doc}`);
      postings.set(term, { docs, tfs: Uint16Array.from(flat.slice(half)) });
    }
    return new LexicalIndex(postings, Uint32Array.from(data.docLengths), data.k1, data.b);
  }
}

/** The same term asked twice (a word and its glossary expansion) counts once, at its highest weight. */
function mergeTerms(query: WeightedTerm[]): WeightedTerm[] {
  const best = new Map<string, number>();
  for (const { term, weight } of query) best.set(term, Math.max(best.get(term) ?? 0, weight));
  return [...best].map(([term, weight]) => ({ term, weight }));
}

export function topK(scores: Map<number, number>, k: number): LexicalHit[] {
  return [...scores]
    .map(([doc, score]) => ({ doc, score }))
    .sort((a, b) => b.score - a.score || a.doc - b.doc)
    .slice(0, k);
}
