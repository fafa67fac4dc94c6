import type { AnalyzedQuery } from '../retrieval/query.js';
import type { Analyzer } from '../text/analyzer.js';
import { splitSentences } from '../text/sentences.js';
import type { Answer, Citation, Passage } from '../types.js';

export interface ComposeOptions {
  analyzer: Analyzer;
  idf: (term: string) => number;
  embedder: string;
  /** Below this share of the question covered by the best passage, the bot says the notes don't cover it. */
  minCoverage: number;
  /** Links citations to the notes, e.g. `https://github.com/group/notes/blob/main/`. */
  notesBaseUrl?: string;
  maxSentences?: number;
  maxChars?: number;
}

/**
 * Calibrated on tests/eval (see `npm run eval -- --sweep`): the share of the question's content words,
 * weighted by rarity, that the best passage must contain for the bot to answer.
 */
export const DEFAULT_MIN_COVERAGE = 0.2;

/** Only the strongest few passages are quoted; the rest remain as search results. */
const QUOTED_PASSAGES = 3;

interface Candidate {
  sentence: string;
  passage: number;
  position: number;
  score: number;
}

/**
 * An extractive answer: the few sentences of the top passages that best match the question, quoted
 * verbatim, each followed by its citation number. Nothing is generated, so nothing can be invented.
 */
export function composeAnswer(query: AnalyzedQuery, passages: Passage[], options: ComposeOptions): Answer {
  const base = { question: query.question, passages, embedder: options.embedder, confidence: passages[0]?.coverage ?? 0 };
  const best = passages[0];
  if (!best || best.coverage < options.minCoverage) {
    return { ...base, answered: false, text: '', citations: [], related: passages.slice(0, 3).map((p, i) => citation(p, i + 1, options.notesBaseUrl)) };
  }
  const chosen = chooseSentences(query, passages.slice(0, QUOTED_PASSAGES), options);
  if (chosen.length === 0) {
    // The best passages have nothing to quote (only code, or only short lines): offer them instead of an empty answer.
    return { ...base, answered: false, text: '', citations: [], related: passages.slice(0, 3).map((p, i) => citation(p, i + 1, options.notesBaseUrl)) };
  }
  const order = [...new Set(chosen.map((c) => c.passage))];
  const citations = order.map((p, i) => citation(passages[p]!, i + 1, options.notesBaseUrl));
  const text = order
    .map((p, i) => `${chosen.filter((c) => c.passage === p).map((c) => c.sentence).join(' ')} [${i + 1}]`)
    .join('\n');
  return { ...base, answered: true, text, citations, related: [] };
}

function chooseSentences(query: AnalyzedQuery, passages: Passage[], options: ComposeOptions): Candidate[] {
  const maxSentences = options.maxSentences ?? 3;
  const maxChars = options.maxChars ?? 600;
  const weights = termWeights(query, options.idf);
  const candidates: Candidate[] = [];
  passages.forEach((passage, p) => {
    // Passages that answer only part of the question are quoted only if they are close to the best.
    if (p > 0 && passage.coverage < Math.max(options.minCoverage, 0.75 * passages[0]!.coverage)) return;
    proseSentences(passage.text).forEach((sentence, position) => {
      const terms = new Set(options.analyzer.analyze(sentence));
      let match = 0;
      for (const [term, weight] of weights) if (terms.has(term)) match += weight;
      if (match === 0 && !(p === 0 && position === 0)) return;
      // A section's opening sentence usually states its point; earlier passages ranked higher.
      const prior = (position === 0 ? 0.3 : 0) + 1 / (p + 2);
      candidates.push({ sentence, passage: p, position, score: match + prior });
    });
  });
  const top = candidates.reduce((max, c) => Math.max(max, c.score), 0);
  const chosen: Candidate[] = [];
  let chars = 0;
  for (const candidate of [...candidates].sort((a, b) => b.score - a.score)) {
    if (chosen.length >= maxSentences || candidate.score < top * 0.5) break;
    if (chars + candidate.sentence.length > maxChars && chosen.length > 0) continue;
    chosen.push(candidate);
    chars += candidate.sentence.length;
  }
  return chosen.sort((a, b) => a.passage - b.passage || a.position - b.position);
}

/** Each query term weighs its idf; glossary counterparts weigh less than the user's own words. */
function termWeights(query: AnalyzedQuery, idf: (term: string) => number): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { term, weight } of query.terms) weights.set(term, Math.max(weights.get(term) ?? 0, idf(term) * weight));
  return weights;
}

/** Sentences of a passage outside code fences; a line ending with `:` only introduces a list. */
function proseSentences(text: string): string[] {
  const prose: string[] = [];
  let inCode = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) {
      inCode = !inCode;
      continue;
    }
    if (!inCode) prose.push(line);
  }
  return splitSentences(prose.join('\n')).filter((s) => s.length >= 8 && !/[:：]$/.test(s));
}

export function citation(passage: Passage, n: number, notesBaseUrl?: string): Citation {
  const cited: Citation = { n, file: passage.file, section: passage.section, anchor: passage.anchor, lines: passage.lines, score: passage.score };
  if (notesBaseUrl) cited.url = sourceUrl(notesBaseUrl, passage.file, passage.lines);
  return cited;
}

/** GitHub-style link to the lines of a file. */
export function sourceUrl(baseUrl: string, file: string, lines: [number, number]): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return `${base}${file.split('/').map(encodeURIComponent).join('/')}#L${lines[0]}-L${lines[1]}`;
}
