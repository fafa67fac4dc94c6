/**
 * The vocabulary of the project. Every module speaks in these types; they are defined here once.
 *
 *   knowledge/*.md ─parse→ Note (Sections of Blocks) ─chunk→ Chunk[] ─embed+index→ index folder
 *   question ─retrieve→ Passage[] ─compose→ Answer (text + Citation[])
 */

import type { Analyzer } from './text/analyzer.js';
import type { UserErrorCode } from './errors/catalog.js';

/**
 * What a section is for (notes/role.ts decides). Most sections explain their topic (`content`); a list of interview
 * questions without their answers (`questions`) and a list of sources (`references`) only look like answers.
 */
export type SectionRole = 'content' | 'questions' | 'references';

/** 1-based, inclusive line range in a source file. */
export type LineRange = [start: number, end: number];

/** A run of content inside a section: what the chunker packs and the composer quotes from. */
export interface Block {
  kind: 'paragraph' | 'list-item' | 'code' | 'table' | 'quote';
  /** Plain text: markdown emphasis, links and HTML removed; code kept verbatim. */
  text: string;
  lines: LineRange;
  /** Terms the author set in **bold** (or `inline code`): key terms for concept cards. */
  emphasis: string[];
  /** Characters of `text` that are link text (`[Agile Software Development](./…)`); absent when none. */
  linkChars?: number;
}

/** A heading (or a list item that reads as one) and the content directly under it. */
export interface Section {
  /** Stable across re-ingests while the heading path is unchanged: `file#anchor`. */
  id: string;
  file: string;
  /** Heading path from the note title down: ['Docker and VM', '컨테이너의 장점']. */
  path: string[];
  /** GitBook-style heading slug, for links to `file#anchor`. */
  anchor: string;
  /** 0 for the note root (text before the first heading), then one more per nesting level. */
  depth: number;
  /** From the heading line to the last line of the section's own content. */
  lines: LineRange;
  blocks: Block[];
  /**
   * The heading is a link to another page (`### [📖 정리노트](./contents/data-structure)`), or the section sits under
   * such a heading: a README's pointer to where the topic is explained.
   */
  pointer?: true;
}

/** One markdown file under the knowledge folder. */
export interface Note {
  /** Relative to the knowledge folder, forward slashes. */
  file: string;
  title: string;
  /** sha256 of the file's bytes: unchanged files are skipped on re-ingest. */
  hash: string;
  sections: Section[];
}

/** The unit that is embedded and indexed. */
export interface Chunk {
  /** Position in the index (the vector store keys it by content hash instead: vector-keys.bin maps one to the other). */
  id: number;
  sectionId: string;
  file: string;
  section: string[];
  anchor: string;
  lines: LineRange;
  /** The body text quoted from the note. The section path is prepended only when embedding/indexing. */
  text: string;
  /** What the section is for; absent means it explains its topic (see notes/role.ts). */
  role?: Exclude<SectionRole, 'content'>;
  /** How `text` divides into the note's blocks (joined by `\n` in `text`): kind, lines and length in characters. */
  parts: ChunkPart[];
  /** sha256 of what is embedded (section path + text): the embedding cache key. */
  hash: string;
}

export interface ChunkPart {
  kind: Block['kind'];
  lines: LineRange;
  chars: number;
}

/** Where a passage or citation points: a section of a note and the lines it spans. */
export interface SectionLocation {
  file: string;
  /** Heading path from the note title down. */
  section: string[];
  anchor: string;
  lines: LineRange;
}

/** A piece of a passage as the note has it: one paragraph, list item, code block, table or quote. */
export interface PassageBlock {
  kind: Block['kind'];
  text: string;
  lines: LineRange;
  /** The heading of the subsection the block comes from, when a passage joins its subsections (`장점`, `단점`). */
  under?: string;
}

/** A retrieved section: chunks of one section merged, best first. */
export interface Passage extends SectionLocation {
  sectionId: string;
  text: string;
  /** `text` as the blocks it came from, in note order, each with its own lines (what per-quote citations use). */
  blocks: PassageBlock[];
  /** Fused retrieval score; higher is better. Comparable only within one query. */
  score: number;
  /** Cosine similarity of the best chunk to the query (dense signal, for abstention). */
  similarity: number;
  /** Share of the query's terms found in the passage (lexical signal, for abstention), 0..1. */
  coverage: number;
  /** Share of the query's terms its sibling sections among the first passages hold together (`DDL`, `DML`, `DCL`). */
  siblingCoverage?: number;
  /** What the section is for when it only looks like an answer (a question list, pointers to material elsewhere). */
  role?: Chunk['role'];
}

/** A search result: the passage, the line of it that best matches the query, and its link when the notes have one. */
export interface SearchHit extends Passage {
  snippet: { text: string; line: number };
  /** The section's lines in the notes (NOTES_BASE_URL or the notes' git remote). */
  url?: string;
}

/** A numbered source under an answer. */
export interface Citation extends SectionLocation {
  n: number;
  score: number;
  /** Link to the file and lines when NOTES_BASE_URL is configured (the quoted lines when there are quotes). */
  url?: string;
  /** What the answer quoted from this section, in answer order, each with its own lines. Absent for related sections. */
  quotes?: QuotedText[];
}

/** A piece of an answer quoted verbatim from the note (`…` and bold framing left out), and where it is. */
export interface QuotedText {
  lines: LineRange;
  text: string;
}

export interface Answer {
  question: string;
  /** False when the notes do not cover the question: `text` then says so and `related` offers near sections. */
  answered: boolean;
  /** Extractive answer: sentences quoted from the notes, each ending with its citation number like `[1]`. */
  text: string;
  citations: Citation[];
  /** Nearest sections offered when the question was not answered ("maybe related"). */
  related: Citation[];
  /** The retrieved passages, best first. */
  passages: Passage[];
  /** Which embedder the index was built with, e.g. `transformers:Xenova/multilingual-e5-small` or `hashing`. */
  embedder: string;
  /** How sure retrieval is that the notes answer the question, 0..1 (answered when ≥ the calibrated threshold). */
  confidence: number;
  /** Not answered because the notes never mention these names of the question (`weakref`, `GraphQL`). */
  absentNames?: string[];
  /**
   * Set when a language model wrote `text` from the passages (ANSWER_MODE=generative): the model's name. Every
   * sentence then passed the grounding check, and `citations` are the passages it cited.
   */
  generatedBy?: string;
}

/** A section worth teaching on its own: what `/concept` and the daily post show. */
export interface Concept {
  sectionId: string;
  /** Last heading of the path. */
  title: string;
  path: string[];
  file: string;
  anchor: string;
  lines: LineRange;
  /** The section's content, plain text. */
  text: string;
  /** Bold / code terms of the section, most salient first. */
  keyTerms: string[];
}

/** What the index holds, for status lines and `/stats`. */
export interface IndexInfo {
  notes: number;
  chunks: number;
  embedder: string;
  dimensions: number;
  builtAt: string;
  /** The configured model could not be loaded when the index was built: answers come from the hashing embedder. */
  fallback: boolean;
}

/** What an ingest run did. */
export interface IngestReport {
  /** `warnings`: notes indexed with something passed over (broken front matter), said when they are parsed. */
  files: { added: string[]; changed: string[]; removed: string[]; unchanged: string[]; skipped: SkippedFile[]; warnings: NoteWarning[] };
  chunks: number;
  /** Distinct chunk texts embedded in this run (0 when nothing changed); chunks with the same text share one. */
  embedded: number;
  /** Chunks whose embedding came from the previous index. */
  reused: number;
  embedder: string;
  /** Set when the configured model could not be loaded and the hashing embedder was used instead. */
  fallbackReason?: string;
  /** False when the previous index was kept as is (nothing changed). */
  rebuilt: boolean;
  /**
   * How a rebuilt index's vector graph was made: the previous build's changed in place (`added` points, `removed`
   * ones marked deleted), or built whole (no usable previous graph, or too many deleted points). Absent when not rebuilt.
   */
  vectorGraph?: { updated: true; added: number; removed: number } | { updated: false };
  indexDir: string;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface NoteWarning {
  file: string;
  warning: string;
}

/** The engine as the front doors (CLI, Discord, daily scheduler) see it. */
export interface KnowledgeBase {
  readonly info: IndexInfo;
  answer(question: string, options?: { k?: number }): Promise<Answer>;
  /** The k best sections, or none when even the best covers almost none of the query (no content words at all, `ㅋㅋㅋ`). */
  search(query: string, options?: { k?: number }): Promise<SearchHit[]>;
  /** Every section with enough content to teach, in note order. */
  concepts(): Concept[];
  /** The question's content words (not its question words or the kind of answer it asks for): `컨테이너의 장점은?` → 컨테이너의, 장점은. */
  contentWords(question: string): string[];
  /** The analyzer the index was built with: text compared with the notes goes through it too. */
  readonly analyzer: Analyzer;
  /** Where citations link to (NOTES_BASE_URL, or the notes' git remote at the indexed commit). */
  readonly notesBaseUrl: string | undefined;
}

/** What a front door needs to phrase a `UserError` for its own audience, beyond its code. */
export interface UserErrorDetails {
  /** KNOWLEDGE_EMPTY: the notes that could not be read. */
  skipped?: SkippedFile[];
  /** QUESTION_TOO_LONG: the most characters a question may have. */
  limit?: number;
}

/** An error the user caused and can fix (codes and meanings: src/errors.ts): shown as a message, never as a stack trace. */
export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly details: UserErrorDetails = {},
  ) {
    super(message);
    this.name = 'UserError';
  }
}
