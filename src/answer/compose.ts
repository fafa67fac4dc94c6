import type { Analyzer } from '../text/analyzer.js';
import { questionIntent, type QuestionIntent } from '../text/intent.js';
import type { Answer, Citation, LineRange, Passage } from '../types.js';
import { renderSegments, type Segment } from './render.js';
import { selectSegments, type QueryTerms } from './select.js';
import { hasHangul } from '../text/hangul.js';

export interface ComposeOptions {
  analyzer: Analyzer;
  idf: (term: string) => number;
  embedder: string;
  /** Retrieval's confidence that the notes answer the question (retrieval/confidence.ts), carried into the answer. */
  confidence: number;
  /** Links citations to the notes, e.g. `https://github.com/group/notes/blob/main/`. */
  notesBaseUrl?: string;
  /** The answer's length budget in characters (quoted text, not counting markup and citation numbers). */
  maxChars?: number;
  /** The question's type and subjects when retrieval already decided them; otherwise read from the question. */
  intent?: QuestionIntent;
}

export const DEFAULT_MAX_CHARS = 700;

/**
 * An extractive answer shaped by what the question asks (a definition, a reason, steps, both sides of a
 * comparison, a list): sentences and list items quoted verbatim from the top passages, each citing its own
 * lines. Only framing is added (bold subjects and labels, list markers, `…` for cuts, fixed phrases for what
 * the notes do not cover), so nothing can be invented.
 */
export function composeAnswer(query: QueryTerms, passages: Passage[], options: ComposeOptions): Answer {
  const base = { question: query.question, passages, embedder: options.embedder, confidence: options.confidence };
  if (passages.length === 0) return { ...base, ...unanswered(passages, options) };
  const intent = options.intent ?? questionIntent(query.question);
  const segments = selectSegments(query, passages, intent, { analyzer: options.analyzer, idf: options.idf, maxChars: options.maxChars ?? DEFAULT_MAX_CHARS });
  // The best passages have nothing to quote (only code, headings or questions): offer them instead of an empty answer.
  if (!segments.some(hasQuote)) return { ...base, ...unanswered(passages, options) };
  const { text, citations } = renderSegments(segments, passages, { notesBaseUrl: options.notesBaseUrl, english: !hasHangul(query.question) });
  return { ...base, answered: true, text, citations, related: [] };
}

function hasQuote(segment: Segment): boolean {
  return segment.kind !== 'missing';
}

/** What the bot says when retrieval is not confident the notes cover the question: nothing quoted, the nearest sections offered. */
export function notCovered(query: Pick<QueryTerms, 'question'>, passages: Passage[], options: Pick<ComposeOptions, 'embedder' | 'confidence' | 'notesBaseUrl'> & { absentNames?: string[] }): Answer {
  const absent = options.absentNames?.length ? { absentNames: options.absentNames } : {};
  return { question: query.question, passages, embedder: options.embedder, confidence: options.confidence, ...absent, ...unanswered(passages, options) };
}

function unanswered(passages: Passage[], options: Pick<ComposeOptions, 'notesBaseUrl'>): Pick<Answer, 'answered' | 'text' | 'citations' | 'related'> {
  return { answered: false, text: '', citations: [], related: passages.slice(0, 3).map((p, i) => citation(p, i + 1, options.notesBaseUrl)) };
}

export function citation(passage: Passage, n: number, notesBaseUrl?: string): Citation {
  const cited: Citation = { n, file: passage.file, section: passage.section, anchor: passage.anchor, lines: passage.lines, score: passage.score };
  if (notesBaseUrl) cited.url = sourceUrl(notesBaseUrl, passage.file, passage.lines);
  return cited;
}

/** GitHub-style link to the lines of a file: `#L75` for one line, `#L74-L77` for a range. */
export function sourceUrl(baseUrl: string, file: string, lines: LineRange): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const anchor = lines[0] === lines[1] ? `#L${lines[0]}` : `#L${lines[0]}-L${lines[1]}`;
  return `${base}${file.split('/').map(encodeURIComponent).join('/')}${anchor}`;
}
