/**
 * Okapi BM25 over analyzed terms. All postings live in two flat typed arrays (document ids ascending
 * within each term, term frequencies beside them) addressed by per-term offsets: compact in memory, fast
 * to score, and stored on disk as one binary file that loads without parsing (`toBinary`/`fromBinary`).
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


export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** `BM25` in ASCII, little-endian. */
const MAGIC = 0x35324d42;
const BINARY_VERSION = 1;
const HEADER_BYTES = 48;

export class LexicalIndex {
  private readonly avgLength: number;
  /** k1 · (1 − b + b · length / avgLength) per document: the length normalisation, computed once. */
  private readonly norms: Float64Array;
  /** Reused score accumulator (searches are synchronous, so one per index is enough). */
  private board?: ScoreBoard;

  private constructor(
    /** term → term number; postings of term t are `docs`/`tfs` from `offsets[t]` to `offsets[t + 1]`. */
    private readonly terms: Map<string, number>,
    private readonly offsets: Uint32Array,
    private readonly docs: Uint32Array,
    private readonly tfs: Uint16Array,
    private readonly docLengths: Uint32Array,
    private readonly k1 = BM25_K1,
    private readonly b = BM25_B,
  ) {
    let total = 0;
    for (const length of docLengths) total += length;
    this.avgLength = docLengths.length ? total / docLengths.length : 0;
    this.norms = new Float64Array(docLengths.length);
    for (let doc = 0; doc < docLengths.length; doc++) this.norms[doc] = this.k1 * (1 - this.b + (this.b * docLengths[doc]!) / this.avgLength);
  }

  /** `docs[i]` holds the terms of document i. */
  static build(docs: string[][]): LexicalIndex {
    const terms = new Map<string, number>();
    const lengths = new Uint32Array(docs.length);
    // Pass 1: each document's distinct terms with their frequencies, flat; document frequency per term.
    let pairTerms = new Uint32Array(1024);
    let pairTfs = new Uint16Array(1024);
    let pairs = 0;
    let df = new Uint32Array(1024);
    const docEnds = new Uint32Array(docs.length);
    docs.forEach((docTerms, doc) => {
      lengths[doc] = docTerms.length;
      const counts = new Map<string, number>();
      for (const term of docTerms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let id = terms.get(term);
        if (id === undefined) {
          id = terms.size;
          terms.set(term, id);
          if (id >= df.length) df = grow(df, df.length * 2);
        }
        if (pairs >= pairTerms.length) {
          pairTerms = grow(pairTerms, pairTerms.length * 2);
          pairTfs = grow(pairTfs, pairTfs.length * 2);
        }
        pairTerms[pairs] = id;
        pairTfs[pairs] = Math.min(tf, 0xffff);
        pairs++;
        df[id]!++;
      }
      docEnds[doc] = pairs;
    });
    // Pass 2: place each pair in its term's postings; documents come in order, so postings stay ascending.
    const offsets = new Uint32Array(terms.size + 1);
    for (let t = 0; t < terms.size; t++) offsets[t + 1] = offsets[t]! + df[t]!;
    const cursor = offsets.slice(0, terms.size);
    const postingDocs = new Uint32Array(pairs);
    const postingTfs = new Uint16Array(pairs);
    let pair = 0;
    for (let doc = 0; doc < docs.length; doc++) {
      for (; pair < docEnds[doc]!; pair++) {
        const at = cursor[pairTerms[pair]!]!++;
        postingDocs[at] = doc;
        postingTfs[at] = pairTfs[pair]!;
      }
    }
    return new LexicalIndex(terms, offsets, postingDocs, postingTfs, lengths);
  }

  get size(): number {
    return this.docLengths.length;
  }

  /** Inverse document frequency (BM25+ style, never negative). */
  idf(term: string): number {
    const t = this.terms.get(term);
    return this.idfOf(t === undefined ? 0 : this.offsets[t + 1]! - this.offsets[t]!);
  }

  private idfOf(df: number): number {
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Whether any of `docs` contains `term` (binary search in the term's postings). */
  containsAny(term: string, docs: readonly number[]): boolean {
    const t = this.terms.get(term);
    if (t === undefined) return false;
    const start = this.offsets[t]!;
    const end = this.offsets[t + 1]!;
    for (const doc of docs) {
      let lo = start;
      let hi = end - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const at = this.docs[mid]!;
        if (at === doc) return true;
        if (at < doc) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return false;
  }

  search(query: WeightedTerm[], k: number): LexicalHit[] {
    if (this.size === 0) return [];
    const board = (this.board ??= new ScoreBoard(this.size));
    this.accumulate(query, 1, board);
    return board.takeTop(k);
  }

  /**
   * Adds `factor` × this index's BM25 score of every matching document to `board`. Several indexes over the
   * same documents (one per field) share one board this way.
   */
  accumulate(query: WeightedTerm[], factor: number, board: ScoreBoard): void {
    const { scores, seen, touched } = board;
    let count = board.count;
    const { docs, tfs, norms, offsets } = this;
    const k1plus1 = this.k1 + 1;
    for (const { term, weight } of mergeTerms(query)) {
      const t = this.terms.get(term);
      if (t === undefined) continue;
      const start = offsets[t]!;
      const end = offsets[t + 1]!;
      const idf = this.idfOf(end - start) * weight * factor;
      for (let i = start; i < end; i++) {
        const doc = docs[i]!;
        const tf = tfs[i]!;
        if (seen[doc] === 0) {
          seen[doc] = 1;
          touched[count++] = doc;
        }
        scores[doc]! += (idf * tf * k1plus1) / (tf + norms[doc]!);
      }
    }
    board.count = count;
  }

  /**
   * Each document's terms as `build` took them, up to order (a term repeated as often as it occurred): the postings
   * read back by document, so a later build can reuse a chunk's analysis. Scores built from these equal the original's.
   */
  documentTerms(): string[][] {
    const out = Array.from({ length: this.size }, (): string[] => []);
    for (const [term, t] of this.terms) {
      for (let i = this.offsets[t]!; i < this.offsets[t + 1]!; i++) {
        const terms = out[this.docs[i]!]!;
        for (let n = this.tfs[i]!; n > 0; n--) terms.push(term);
      }
    }
    return out;
  }

  /** Whether the index holds the term at all. */
  has(term: string): boolean {
    return this.terms.has(term);
  }

  /** The distinct terms, in no particular order. */
  vocabulary(): IterableIterator<string> {
    return this.terms.keys();
  }

  /** Number of distinct terms. */
  get vocabularySize(): number {
    return this.terms.size;
  }

  /**
   * The on-disk form: a 48-byte header (magic, version, k1, b, counts), then document lengths, term offsets,
   * posting documents (u32) and frequencies (u16), and the terms as NUL-separated UTF-8. Little-endian.
   */
  toBinary(): Uint8Array {
    const { termList, offsets, docs, tfs } = this.storable();
    const termBytes = new TextEncoder().encode(termList.join('\0'));
    const layout = binaryLayout(this.docLengths.length, termList.length, docs.length, termBytes.length);
    const out = new Uint8Array(layout.total);
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, BINARY_VERSION, true);
    view.setFloat64(8, this.k1, true);
    view.setFloat64(16, this.b, true);
    view.setUint32(24, this.docLengths.length, true);
    view.setUint32(28, termList.length, true);
    view.setUint32(32, docs.length, true);
    view.setUint32(36, termBytes.length, true);
    out.set(bytesOf(this.docLengths), layout.docLengths);
    out.set(bytesOf(offsets), layout.offsets);
    out.set(bytesOf(docs), layout.docs);
    out.set(bytesOf(tfs), layout.tfs);
    out.set(termBytes, layout.terms);
    return out;
  }

  /**
   * The terms the file can carry, with their postings. A term holding half a surrogate pair cannot be
   * written as UTF-8 (it would come back as U+FFFD, colliding with others), and NUL separates terms; such
   * terms are left out of the file. The analyzers make neither, and no well-formed query could match them.
   */
  private storable(): { termList: string[]; offsets: Uint32Array; docs: Uint32Array; tfs: Uint16Array } {
    const all = [...this.terms.keys()];
    const unstorable = (term: string): boolean => term.includes('\0') || LONE_SURROGATE.test(term);
    if (!all.some(unstorable)) return { termList: all, offsets: this.offsets, docs: this.docs, tfs: this.tfs };
    const termList: string[] = [];
    const ranges: [number, number][] = [];
    for (const [term, t] of this.terms) {
      if (unstorable(term)) continue;
      termList.push(term);
      ranges.push([this.offsets[t]!, this.offsets[t + 1]!]);
    }
    const offsets = new Uint32Array(termList.length + 1);
    ranges.forEach(([start, end], i) => (offsets[i + 1] = offsets[i]! + end - start));
    const docs = new Uint32Array(offsets[termList.length]!);
    const tfs = new Uint16Array(docs.length);
    ranges.forEach(([start, end], i) => {
      docs.set(this.docs.subarray(start, end), offsets[i]!);
      tfs.set(this.tfs.subarray(start, end), offsets[i]!);
    });
    return { termList, offsets, docs, tfs };
  }

  /** Reads `toBinary` output; the arrays are views of `bytes` (not copied). Throws on anything inconsistent. */
  static fromBinary(input: Uint8Array): LexicalIndex {
    if (!LITTLE_ENDIAN) throw new Error('lexical index: big-endian machines are not supported');
    if (input.byteLength < HEADER_BYTES) throw new Error('lexical index is truncated');
    // Typed-array views need aligned offsets; a file read into its own buffer already is.
    const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) throw new Error('lexical index has an unexpected shape');
    const version = view.getUint32(4, true);
    if (version !== BINARY_VERSION) throw new Error(`lexical index format ${version} is not supported`);
    const k1 = view.getFloat64(8, true);
    const b = view.getFloat64(16, true);
    const docCount = view.getUint32(24, true);
    const termCount = view.getUint32(28, true);
    const postingCount = view.getUint32(32, true);
    const termByteCount = view.getUint32(36, true);
    const layout = binaryLayout(docCount, termCount, postingCount, termByteCount);
    if (layout.total !== bytes.byteLength) throw new Error('lexical index is truncated or has trailing bytes');
    const at = (offset: number) => bytes.byteOffset + offset;
    const docLengths = new Uint32Array(bytes.buffer, at(layout.docLengths), docCount);
    const offsets = new Uint32Array(bytes.buffer, at(layout.offsets), termCount + 1);
    const docs = new Uint32Array(bytes.buffer, at(layout.docs), postingCount);
    const tfs = new Uint16Array(bytes.buffer, at(layout.tfs), postingCount);
    if (offsets[0] !== 0 || offsets[termCount] !== postingCount) throw new Error('lexical index offsets are damaged');
    for (let t = 0; t < termCount; t++) {
      const start = offsets[t]!;
      const end = offsets[t + 1]!;
      if (end < start || end > postingCount) throw new Error('lexical index offsets are damaged');
      for (let i = start; i < end; i++) {
        const doc = docs[i]!;
        if (doc >= docCount) throw new Error(`lexical index refers to a missing document ${doc}`);
        if (i > start && doc <= docs[i - 1]!) throw new Error('lexical index postings are damaged');
      }
    }
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(layout.terms, layout.terms + termByteCount));
    const termList = termCount === 0 ? [] : text.split('\0');
    if (termList.length !== termCount) throw new Error('lexical index terms are damaged');
    const terms = new Map<string, number>();
    termList.forEach((term, t) => terms.set(term, t));
    if (terms.size !== termCount) throw new Error('lexical index terms are damaged (repeated)');
    return new LexicalIndex(terms, offsets, docs, tfs, docLengths, k1, b);
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** A surrogate code unit without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function binaryLayout(docCount: number, termCount: number, postingCount: number, termBytes: number) {
  const docLengths = HEADER_BYTES;
  const offsets = docLengths + 4 * docCount;
  const docs = offsets + 4 * (termCount + 1);
  const tfs = docs + 4 * postingCount;
  const terms = tfs + 2 * postingCount + ((2 * postingCount) % 4);
  return { docLengths, offsets, docs, tfs, terms, total: terms + termBytes };
}

function bytesOf(array: Uint32Array | Uint16Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function grow<T extends Uint32Array | Uint16Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/**
 * The k best documents by score (ties: lower document first), from the documents a search touched.
 * A bounded heap keeps this O(touched · log k) instead of sorting every matching document.
 */
/** Scores of the documents one search touched, reused across searches: cleared as the top k are taken. */
export class ScoreBoard {
  readonly scores: Float64Array;
  readonly seen: Uint8Array;
  readonly touched: Uint32Array;
  /** How many entries of `touched` are in use. */
  count = 0;

  constructor(documents: number) {
    this.scores = new Float64Array(documents);
    this.seen = new Uint8Array(documents);
    this.touched = new Uint32Array(documents);
  }

  /** The k best documents (ties: lower document first); the board is empty again afterwards. */
  takeTop(k: number): LexicalHit[] {
    const hits = selectTopK(this.touched, this.count, this.scores, k);
    for (let i = 0; i < this.count; i++) {
      const doc = this.touched[i]!;
      this.scores[doc] = 0;
      this.seen[doc] = 0;
    }
    this.count = 0;
    return hits;
  }
}

function selectTopK(touched: Uint32Array, count: number, scores: Float64Array, k: number): LexicalHit[] {
  const limit = Math.max(0, Math.min(Math.trunc(k), count));
  if (limit === 0) return [];
  // Min-heap on "worse": the root is the worst hit kept so far.
  const heap = new Uint32Array(limit);
  let size = 0;
  const worse = (a: number, b: number): boolean => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const siftUp = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const siftDown = (i: number): void => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < size && worse(heap[left]!, heap[worst]!)) worst = left;
      if (right < size && worse(heap[right]!, heap[worst]!)) worst = right;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (let i = 0; i < count; i++) {
    const doc = touched[i]!;
    if (size < limit) {
      heap[size++] = doc;
      siftUp(size - 1);
    } else if (worse(heap[0]!, doc)) {
      heap[0] = doc;
      siftDown(0);
    }
  }
  return [...heap]
    .map((doc) => ({ doc, score: scores[doc]! }))
    .sort((a, b) => b.score - a.score || a.doc - b.doc);
}

/** The same term asked twice (a word and its glossary expansion) counts once, at its highest weight. */
function mergeTerms(query: WeightedTerm[]): WeightedTerm[] {
  const best = new Map<string, number>();
  for (const { term, weight } of query) best.set(term, Math.max(best.get(term) ?? 0, weight));
  return [...best].map(([term, weight]) => ({ term, weight }));
}
