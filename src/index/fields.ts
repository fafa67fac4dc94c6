import { LexicalIndex, ScoreBoard, type LexicalHit, type WeightedTerm } from './lexical.js';

/**
 * The lexical fields of a chunk, each its own BM25 index with its own idf and length normalisation (BM25F's
 * idea, scored per field and summed with boosts as MiniSearch does):
 * - `body`: the chunk's own text;
 * - `heading`: the section's own (last) heading, so the most specific section that names a term wins;
 * - `path`: the headings above it, below the note title: context, weaker;
 * - `title`: the note title, which every chunk of the note shares (a note-level signal, not a section's);
 * - `grams`: character bigrams of heading and body, for words the dictionary splits differently, typos and
 *   missing spaces (`트랜잭선`, `프로세스랑스레드`).
 * Copying headings into the body instead made note-title words worthless (near-zero idf) and "covered" everywhere.
 */
export const FIELDS = ['body', 'heading', 'path', 'title', 'grams'] as const;
export type FieldName = (typeof FIELDS)[number];
/** The fields that hold analyzed words (coverage is judged on these; `grams` only backs them up). */
export const WORD_FIELDS = ['body', 'heading', 'path', 'title'] as const satisfies readonly FieldName[];

export type FieldTerms = Record<FieldName, string[]>;
export type FieldQuery = Partial<Record<FieldName, WeightedTerm[]>>;
export type FieldBoosts = Record<FieldName, number>;

/** `FLDS` in ASCII, little-endian. */
const MAGIC = 0x53444c46;
const VERSION = 1;

export class FieldedLexicalIndex {
  private board?: ScoreBoard;

  private constructor(readonly fields: Readonly<Record<FieldName, LexicalIndex>>) {}

  /** `docs[i]` holds the terms of document i, per field. */
  static build(docs: FieldTerms[]): FieldedLexicalIndex {
    const fields = {} as Record<FieldName, LexicalIndex>;
    for (const field of FIELDS) fields[field] = LexicalIndex.build(docs.map((d) => d[field]));
    return new FieldedLexicalIndex(fields);
  }

  get size(): number {
    return this.fields.body.size;
  }

  /** The k best documents by Σ boost(field) · BM25(field). */
  search(query: FieldQuery, boosts: FieldBoosts, k: number): LexicalHit[] {
    if (this.size === 0) return [];
    const board = (this.board ??= new ScoreBoard(this.size));
    for (const field of FIELDS) {
      const terms = query[field];
      if (terms?.length && boosts[field] > 0) this.fields[field].accumulate(terms, boosts[field], board);
    }
    return board.takeTop(k);
  }

  /** Whether any of `docs` holds `term` in any of `fields`. */
  containsAny(term: string, docs: readonly number[], fields: readonly FieldName[] = WORD_FIELDS): boolean {
    return fields.some((field) => this.fields[field].containsAny(term, docs));
  }

  /** Whether the term occurs anywhere in the notes, in any of `fields`. */
  has(term: string, fields: readonly FieldName[] = WORD_FIELDS): boolean {
    return fields.some((field) => this.fields[field].has(term));
  }

  /** The body's idf: how rare a word is in what the notes say (absent words are the rarest). */
  idf(term: string): number {
    return this.fields.body.idf(term);
  }

  /** Each document's terms per field, as `build` took them up to order (see LexicalIndex.documentTerms). */
  documentTerms(): FieldTerms[] {
    const perField = FIELDS.map((field) => this.fields[field].documentTerms());
    return Array.from({ length: this.size }, (_, doc) => Object.fromEntries(FIELDS.map((field, f) => [field, perField[f]![doc]!])) as FieldTerms);
  }

  /** Header (magic, version, field count), then per field its name and its LexicalIndex bytes, 8-byte aligned. */
  toBinary(): Uint8Array {
    const encoder = new TextEncoder();
    const parts = FIELDS.map((field) => ({ name: encoder.encode(field), bytes: this.fields[field].toBinary() }));
    const size = parts.reduce((total, p) => total + 8 + pad8(p.name.length) + pad8(p.bytes.length), 12);
    const out = new Uint8Array(pad8(size));
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, VERSION, true);
    view.setUint32(8, parts.length, true);
    let at = pad8(12);
    for (const { name, bytes } of parts) {
      view.setUint32(at, name.length, true);
      view.setUint32(at + 4, bytes.length, true);
      at += 8;
      out.set(name, at);
      at += pad8(name.length);
      out.set(bytes, at);
      at += pad8(bytes.length);
    }
    return out;
  }

  static fromBinary(input: Uint8Array): FieldedLexicalIndex {
    const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
    if (bytes.byteLength < 16) throw new Error('lexical index is truncated');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) throw new Error('lexical index has an unexpected shape');
    if (view.getUint32(4, true) !== VERSION) throw new Error(`lexical index format ${view.getUint32(4, true)} is not supported`);
    const count = view.getUint32(8, true);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const fields = {} as Record<FieldName, LexicalIndex>;
    let at = pad8(12);
    for (let i = 0; i < count; i++) {
      if (at + 8 > bytes.byteLength) throw new Error('lexical index is truncated');
      const nameLength = view.getUint32(at, true);
      const length = view.getUint32(at + 4, true);
      at += 8;
      if (at + pad8(nameLength) + length > bytes.byteLength) throw new Error('lexical index is truncated');
      const name = decoder.decode(bytes.subarray(at, at + nameLength));
      at += pad8(nameLength);
      if ((FIELDS as readonly string[]).includes(name)) fields[name as FieldName] = LexicalIndex.fromBinary(bytes.subarray(at, at + length));
      at += pad8(length);
    }
    for (const field of FIELDS) if (!fields[field]) throw new Error(`lexical index has no ${field} field`);
    const sizes = new Set(FIELDS.map((f) => fields[f].size));
    if (sizes.size !== 1) throw new Error('lexical index fields disagree on the number of chunks');
    return new FieldedLexicalIndex(fields);
  }
}

function pad8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
