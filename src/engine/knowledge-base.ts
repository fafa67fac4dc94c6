import { composeAnswer, notCovered, sourceUrl } from '../answer/compose.js';
import { createEmbedder, specFromEmbedderId, type TransformersSettings } from '../embed/create.js';
import type { Embedder } from '../embed/embedder.js';
import { readIndex, readManifest, type LoadedIndex } from '../index/store.js';
import { absentNames, answerConfidence, missingAmount } from '../retrieval/confidence.js';
import { analyzeQuery } from '../retrieval/query.js';
import { hybridSearch, type SearchTimings } from '../retrieval/search.js';
import { bestMatchingLine } from '../retrieval/snippet.js';
import { createSpellingIndex, type SpellingIndex } from '../retrieval/spelling.js';
import { WORD_FIELDS } from '../index/fields.js';
import { tuningFor, type RetrievalTuning } from '../retrieval/tuning.js';
import { createAnalyzer, type Analyzer } from '../text/analyzer.js';
import type { Glossary } from '../text/glossary.js';
import { UserError, type Answer, type Concept, type IndexInfo, type KnowledgeBase, type Note, type Passage, type SearchHit, type Section } from '../types.js';

export const MAX_QUESTION_CHARS = 1000;
export const DEFAULT_K = 5;
/** The most passages one question may ask for. */
export const MAX_K = 50;
/** A section needs this much prose to be taught on its own (concept cards, daily posts). */
const MIN_CONCEPT_CHARS = 60;

export interface OpenOptions {
  indexDir: string;
  /** Where models come from on this machine; the model itself is the one the index was built with. */
  transformers?: TransformersSettings;
  notesBaseUrl?: string;
  /** Overrides the calibrated tuning for the index's embedder (evaluation sweeps). */
  tuning?: Partial<RetrievalTuning>;
  /** Injected by tests and benchmarks. */
  embedder?: Embedder;
}

export interface StageTimings extends SearchTimings {
  embedMs: number;
  composeMs: number;
}

export interface LoadedKnowledgeBase extends KnowledgeBase {
  /** What question analysis uses besides the analyzer (`contentWords`). */
  readonly glossary: Glossary;
  readonly tuning: RetrievalTuning;
  /** Like `answer`, also reporting how long each stage took (for `npm run bench`). */
  answerTimed(question: string, options?: { k?: number }): Promise<{ answer: Answer; timings: StageTimings }>;
  dispose(): Promise<void>;
}

/** Loads the index and the embedder it was built with; the result answers questions. */
export async function openKnowledgeBase(options: OpenOptions): Promise<LoadedKnowledgeBase> {
  // The analyzer's dictionary and the index load side by side (their file reads overlap); the manifest
  // says which analyzer. A manifest that cannot be read is reported by readIndex.
  const analyzerName = (await readManifest(options.indexDir))?.analyzer;
  const [index, early] = await Promise.all([readIndex(options.indexDir, { vectors: false }), analyzerName ? createAnalyzer(analyzerName) : undefined]);
  const analyzer = early?.name === index.manifest.analyzer ? early : await createAnalyzer(index.manifest.analyzer);
  const embedder = options.embedder ?? (await createEmbedder(specFromEmbedderId(index.manifest.embedder, options.transformers)));
  if (embedder.dimensions !== index.manifest.dimensions) {
    throw new UserError('INDEX_CORRUPT', `The index has ${index.manifest.dimensions}-dimensional vectors but ${embedder.id} makes ${embedder.dimensions}.`);
  }
  return new IndexedKnowledgeBase(index, analyzer, embedder, options);
}

class IndexedKnowledgeBase implements LoadedKnowledgeBase {
  readonly info: IndexInfo;
  private conceptList?: Concept[];
  /**
   * What answering needs. Not the flat vectors: HNSW holds its own copy, which search reads for the few
   * similarities it reports (a second copy would be 150 MB at 100k chunks). Not the notes either: they
   * are parsed only when concepts are first asked for.
   */
  private readonly index: Pick<LoadedIndex, 'chunks' | 'hnsw' | 'lexical' | 'glossary'>;
  readonly tuning: RetrievalTuning;
  private spellingIndex?: SpellingIndex;
  /** Dropped once the concepts are built, and with it the notes file's bytes. */
  private readNotes?: () => Note[];

  constructor(
    loaded: Omit<LoadedIndex, 'vectors'>,
    readonly analyzer: Analyzer,
    private readonly embedder: Embedder,
    private readonly options: OpenOptions,
  ) {
    const { manifest, chunks, hnsw, lexical, glossary, readNotes } = loaded;
    this.index = { chunks, hnsw, lexical, glossary };
    this.tuning = { ...tuningFor(manifest.embedder), ...options.tuning };
    hnsw.setEfSearch(this.tuning.efSearch);
    this.readNotes = readNotes;
    this.info = { notes: manifest.noteCount, chunks: manifest.chunkCount, embedder: manifest.embedder, dimensions: manifest.dimensions, builtAt: manifest.builtAt, fallback: Boolean(manifest.fallbackReason) };
  }

  get notesBaseUrl(): string | undefined {
    return this.options.notesBaseUrl;
  }

  get glossary(): Glossary {
    return this.index.glossary;
  }

  contentWords(question: string): string[] {
    return contentWordsOf(question, this);
  }

  async search(text: string, options: { k?: number } = {}): Promise<SearchHit[]> {
    const { query, passages } = await this.retrieve(text, options.k);
    if (Math.max(0, ...passages.map((p) => p.coverage)) < this.tuning.minSearchCoverage) return [];
    const idf = (term: string) => this.index.lexical.idf(term);
    const base = this.options.notesBaseUrl;
    return passages.map((p) => ({ ...p, snippet: bestMatchingLine(p.blocks, query, idf), ...(base ? { url: sourceUrl(base, p.file, p.lines) } : {}) }));
  }

  async answer(question: string, options: { k?: number } = {}): Promise<Answer> {
    return (await this.answerTimed(question, options)).answer;
  }

  async answerTimed(question: string, options: { k?: number } = {}): Promise<{ answer: Answer; timings: StageTimings }> {
    const { query, passages, timings } = await this.retrieve(question, options.k);
    const start = performance.now();
    const confidence = answerConfidence(passages);
    const absent = absentNames(query, (term) => this.index.lexical.has(term));
    const shared = { embedder: this.info.embedder, confidence, ...(this.options.notesBaseUrl ? { notesBaseUrl: this.options.notesBaseUrl } : {}) };
    const answer =
      confidence >= this.tuning.minConfidence && absent.length === 0 && !missingAmount(query.question, passages)
        ? composeAnswer(query, passages, { ...shared, analyzer: this.analyzer, idf: (term) => this.index.lexical.idf(term) })
        : notCovered(query, passages, { ...shared, absentNames: absent });
    timings.composeMs = performance.now() - start;
    return { answer, timings };
  }

  /**
   * The vocabulary misspelt question words are corrected to, gathered the first time a question has a word the notes
   * lack: the notes' terms and the glossary's one-word Korean terms (a member may misspell 데드락 where the notes only say 교착 상태). Only a word
   * the notes lack is corrected, even if the glossary knows it: its glossary counterparts are searched anyway.
   */
  private spelling(): SpellingIndex {
    if (this.spellingIndex) return this.spellingIndex;
    const { lexical, glossary } = this.index;
    return (this.spellingIndex = createSpellingIndex(
      // The glossary's Korean words only (those of its phrases too: `리액티브` of 리액티브 프로그래밍): a thousand built-in
      // English terms would make `smart` a misspelt `start`.
      () => [...WORD_FIELDS.flatMap((field) => [...lexical.fields[field].vocabulary()]), ...new Set(glossary.groups.flat().flatMap((term) => term.split(' ')).filter((word) => /^[\uAC00-\uD7A3]+$/u.test(word)))],
      (term) => lexical.has(term),
    ));
  }

  /** Built from the notes on first use: answering questions never needs them. */
  concepts(): Concept[] {
    if (!this.conceptList) {
      this.conceptList = (this.readNotes?.() ?? []).flatMap((note) => note.sections.filter(isTeachable).map(toConcept));
      this.readNotes = undefined;
    }
    return this.conceptList;
  }

  async dispose(): Promise<void> {
    await this.embedder.dispose?.();
  }

  private async retrieve(text: string, k = DEFAULT_K) {
    const question = validateQuestion(text);
    if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new UserError('BAD_ARGUMENT', `k must be a whole number from 1 to ${MAX_K}.`);
    const query = analyzeQuery(question, this.analyzer, this.index.glossary, this.tuning, this.spelling());
    const start = performance.now();
    const vector = await this.embedder.embedQuery(query.expandedText);
    const timings: StageTimings = { embedMs: performance.now() - start, hnswMs: 0, bm25Ms: 0, fuseMs: 0, composeMs: 0 };
    const { chunks, hnsw, lexical } = this.index;
    const passages = hybridSearch({ chunks, dimensions: this.info.dimensions, hnsw, lexical }, query, vector, k, this.tuning, timings);
    return { query, passages, timings };
  }
}

/**
 * What makes a question look empty to a reader: whitespace (NBSP, ideographic space…), controls, format
 * characters (zero-width space and joiners, word joiner, BOM, soft hyphen, bidi marks), and the blank
 * characters used for "invisible" text (Hangul fillers, braille blank).
 */
const INVISIBLE = /[\s\p{Cc}\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/gu;

/** True when `text` has nothing a reader can see. */
export function isBlankQuestion(text: string): boolean {
  return text.replace(INVISIBLE, '') === '';
}

/** `KnowledgeBase.contentWords`, for any holder of an analyzer, a glossary and a tuning. */
export function contentWordsOf(question: string, kb: Pick<LoadedKnowledgeBase, 'analyzer' | 'glossary' | 'tuning'>): string[] {
  return analyzeQuery(question, kb.analyzer, kb.glossary, kb.tuning)
    .groups.filter((group) => !group.intent)
    .map((group) => group.word);
}

export function validateQuestion(text: string): string {
  const question = text.normalize('NFC').trim();
  if (isBlankQuestion(question)) throw new UserError('EMPTY_QUESTION', 'The question is empty. Ask something, e.g. "컨테이너의 장점은?"');
  if (question.length > MAX_QUESTION_CHARS) {
    throw new UserError('QUESTION_TOO_LONG', `The question is ${question.length} characters long; the limit is ${MAX_QUESTION_CHARS}. Shorten it.`, { limit: MAX_QUESTION_CHARS });
  }
  return question;
}

function isTeachable(section: Section): boolean {
  const prose = section.blocks.filter((b) => b.kind !== 'code').reduce((n, b) => n + b.text.length, 0);
  return prose >= MIN_CONCEPT_CHARS;
}

function toConcept(section: Section): Concept {
  return {
    sectionId: section.id,
    title: section.path[section.path.length - 1]!,
    path: section.path,
    file: section.file,
    anchor: section.anchor,
    lines: section.lines,
    text: section.blocks.map((b) => (b.kind === 'code' ? `\`\`\`\n${b.text}\n\`\`\`` : b.text)).join('\n'),
    keyTerms: [...new Set(section.blocks.flatMap((b) => b.emphasis))],
  };
}
