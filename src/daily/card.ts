import type { Concept, SectionLocation } from '../types.js';
import { proseSentences, type ProseSentence } from './prose.js';
import { isParticle, stripParticle } from '../text/particles.js';

/**
 * A concept card as data: what `/concept` and the daily post show. The Discord layer renders it
 * (embed, localized labels, `||spoiler||` for the answer); everything quoted here is verbatim
 * from the note, nothing is invented.
 */
export interface ConceptCard {
  sectionId: string;
  /** Last heading of the path. */
  title: string;
  /** Note title › section › sub-section. */
  path: string[];
  /** Key sentences of the section, verbatim and in note order (empty for a code-only section). */
  summary: string[];
  /** The section's bold / code terms, most salient first (at most 8). */
  keyTerms: string[];
  /** For a section without prose: its first lines verbatim (usually code or a diagram). */
  excerpt: string | null;
  source: CardSource;
  /** Self-check question; null when the section offers nothing to ask about. */
  question: SelfCheck | null;
}

/** Where the card comes from: a `Citation` without the retrieval fields. */
/** Where a card comes from: a section's location in its note, and its id. */
export interface CardSource extends SectionLocation {
  sectionId: string;
}

export type SelfCheck =
  /**
   * A sentence of the section with the answer replaced by `CLOZE_BLANK` in `prompt`.
   * `sentence` is the original; `answer` occurs in it verbatim.
   */
  | { kind: 'cloze'; prompt: string; answer: string; sentence: string }
  /** No good blank: "explain `topic` in one sentence", with a sentence of the note as the answer. */
  | { kind: 'recall'; topic: string; answer: string };

/** The blank in a cloze prompt. Full-width low lines: plain `_` runs are underline markup in Discord. */
export const CLOZE_BLANK = '＿＿＿';

export interface CardOptions {
  /** Most sentences in the summary (default 3). */
  maxSentences?: number;
  /** Character budget of the summary; the first sentence is always kept (default 500). */
  maxSummaryChars?: number;
  /** Lines shown for a section without prose (default 8). */
  excerptLines?: number;
}

const MAX_KEY_TERMS = 8;
/** Terms longer than this are bold phrases, not terms: fine for summary preference, poor blanks. */
export const MAX_BLANK_LENGTH = 24;
/** A cloze sentence must keep this many characters around the blank to be answerable. */
export const MIN_CONTEXT = 8;

/** Builds the card for one concept. Pure: same concept, same card. */
export function composeConceptCard(concept: Concept, options: CardOptions = {}): ConceptCard {
  const prose = proseSentences(concept.text);
  const keyTerms = cleanTerms(concept.keyTerms);
  const summary = pickSummary(prose, keyTerms, options);
  const excerpt = summary.length === 0 ? firstLines(concept.text, options.excerptLines ?? 8) : null;
  return {
    sectionId: concept.sectionId,
    title: concept.title,
    path: [...concept.path],
    summary: summary.map((s) => s.text),
    keyTerms: keyTerms.slice(0, MAX_KEY_TERMS),
    excerpt,
    source: {
      sectionId: concept.sectionId,
      file: concept.file,
      section: [...concept.path],
      anchor: concept.anchor,
      lines: [concept.lines[0], concept.lines[1]],
    },
    question: pickQuestion(concept, prose, keyTerms, summary),
  };
}

/**
 * The lead sentence (usually the definition), then sentences with key terms, then the next ones in
 * order, up to `maxSentences` and the character budget; returned in note order.
 */
function pickSummary(prose: ProseSentence[], keyTerms: string[], options: CardOptions): ProseSentence[] {
  const maxSentences = Math.max(1, options.maxSentences ?? 3);
  const budget = options.maxSummaryChars ?? 500;
  const [lead, ...rest] = prose;
  if (!lead) return [];
  const withTerms = rest.filter((s) => keyTerms.some((t) => s.text.includes(t)));
  const others = rest.filter((s) => !withTerms.includes(s));
  const chosen = [lead];
  let used = lead.text.length;
  for (const sentence of [...withTerms, ...others]) {
    if (chosen.length >= maxSentences) break;
    if (used + sentence.text.length > budget) continue;
    chosen.push(sentence);
    used += sentence.text.length;
  }
  return chosen.sort((a, b) => a.index - b.index);
}

function pickQuestion(concept: Concept, prose: ProseSentence[], keyTerms: string[], summary: ProseSentence[]): SelfCheck | null {
  const inSummary = new Set(summary.map((s) => s.index));
  const cloze = clozeFromTerms(concept, prose, keyTerms, inSummary) ?? clozeFromSalientWord(concept, prose, inSummary);
  if (cloze) return cloze;
  const answer = summary[0]?.text;
  return answer ? { kind: 'recall', topic: concept.title, answer } : null;
}

/** Blank out a bold term: terms not visible in the title first, sentences not already in the summary first. */
function clozeFromTerms(concept: Concept, prose: ProseSentence[], terms: string[], inSummary: Set<number>): SelfCheck | undefined {
  let best: { score: number; sentence: ProseSentence; term: string } | undefined;
  terms.forEach((term, rank) => {
    if (term.length < 2 || term.length > MAX_BLANK_LENGTH) return;
    for (const sentence of prose) {
      if (!containsTerm(sentence.text, term) || sentence.text.length < term.length + MIN_CONTEXT) continue;
      const score = (revealedByTitle(concept, term) ? 1000 : 0) + (inSummary.has(sentence.index) ? 100 : 0) + rank;
      if (!best || score < best.score || (score === best.score && sentence.index < best.sentence.index)) {
        best = { score, sentence, term };
      }
    }
  });
  return best && cloze(best.sentence.text, best.term);
}

/** No usable bold term: blank out the section's most frequent noun-like word that the title does not give away. */
function clozeFromSalientWord(concept: Concept, prose: ProseSentence[], inSummary: Set<number>): SelfCheck | undefined {
  const counts = new Map<string, { count: number; first: number }>();
  let position = 0;
  for (const sentence of prose) {
    for (const raw of sentence.text.split(/[\s,.;:!?()[\]{}"'“”‘’·/]+/u)) {
      const word = nounLike(raw);
      position += 1;
      if (!word || revealedByTitle(concept, word)) continue;
      const entry = counts.get(word) ?? { count: 0, first: position };
      entry.count += 1;
      counts.set(word, entry);
    }
  }
  const ranked = [...counts.entries()].sort(
    ([a, x], [b, y]) => y.count - x.count || b.length - a.length || x.first - y.first,
  );
  for (const [word] of ranked) {
    const candidates = prose.filter((s) => containsTerm(s.text, word) && s.text.length >= word.length + MIN_CONTEXT);
    const sentence = candidates.find((s) => !inSummary.has(s.index)) ?? candidates[0];
    if (sentence) return cloze(sentence.text, word);
  }
  return undefined;
}

/**
 * Blanks every occurrence of `answer`, with the gloss written right after it: `호출자(Caller)` or
 * `LRU(Least Recently Used)` left as `＿＿＿(Caller)` would translate the blank for the member.
 */
export function cloze(sentence: string, answer: string): SelfCheck & { kind: 'cloze' } {
  const withGloss = new RegExp(`${termPattern(answer).source}(?:\\s?\\([^()]{1,60}\\))?`, 'gu');
  return { kind: 'cloze', prompt: sentence.replace(withGloss, CLOZE_BLANK), answer, sentence };
}

/**
 * Where a term occurs as a term: a Latin term must not touch other Latin letters or digits (`CPU`
 * is not blanked inside `vCPU`); Korean terms may be followed by particles, so they match anywhere.
 */
function termPattern(term: string): RegExp {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const before = /^[A-Za-z0-9]/u.test(term) ? '(?<![A-Za-z0-9])' : '';
  const after = /[A-Za-z0-9]$/u.test(term) ? '(?![A-Za-z0-9])' : '';
  return new RegExp(`${before}${escaped}${after}`, 'gu');
}

export function containsTerm(sentence: string, term: string): boolean {
  return termPattern(term).test(sentence);
}

export function revealedByTitle(concept: Concept, term: string): boolean {
  const title = concept.title.toLowerCase();
  const t = term.toLowerCase();
  return title.includes(t) || t.includes(title);
}

// Endings of verbs, adjectives and adverbs: such a word is not a noun.
const NON_NOUN_END = /[다며고면여게되하해된한할될히록던]$/u;
const STOPWORDS = new Set([
  '것', '수', '등', '및', '그', '각', '더', '또는', '통해', '위해', '하나', '같은', '다른', '이를', '이는', '이러한',
  '때문', '경우', '기본적', '마치', '주로', '직접', '따로', '여전히', '모든', '어떤', '어떠한', '가장', '매우', '또한',
  '그리고', '하지만', '따라서', '기존', '특정', '기반',
  'the', 'and', 'or', 'of', 'to', 'a', 'an', 'in', 'is', 'are', 'as', 'for', 'on', 'with', 'but', 'it', 'this', 'that',
]);

/** The noun a token starts with (particle removed), or undefined when the token does not look like a noun. */
function nounLike(token: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9+#-]*$/u.test(token)) {
    return token.length >= 2 && !STOPWORDS.has(token.toLowerCase()) ? token : undefined;
  }
  if (!/^\p{Script=Hangul}+$/u.test(token)) {
    // Mixed forms such as `VM의`, `CPU를`: keep the Latin/digit head when a particle follows.
    const mixed = /^([A-Za-z][A-Za-z0-9]*)(\p{Script=Hangul}{1,3})$/u.exec(token);
    return mixed && isParticle(mixed[2]!) && !STOPWORDS.has(mixed[1]!.toLowerCase()) && mixed[1]!.length >= 2
      ? mixed[1]
      : undefined;
  }
  // The particle comes off, once, unless that would leave a single syllable.
  const stem = stripParticle(token);
  if (NON_NOUN_END.test(token) && stem === token) return undefined;
  const word = stem.length >= 2 ? stem : token;
  if (word.length < 2 || STOPWORDS.has(word) || NON_NOUN_END.test(word)) return undefined;
  return word;
}

export function cleanTerms(terms: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of terms) {
    const term = raw.trim();
    const key = term.toLowerCase();
    if (!term || seen.has(key)) continue;
    seen.add(key);
    result.push(term);
  }
  return result;
}

function firstLines(text: string, count: number): string | null {
  const lines = text.split(/\r?\n/u).filter((line) => line.trim() !== '');
  if (lines.length === 0) return null;
  const excerpt = lines.slice(0, count).map((line) => line.trimEnd()).join('\n');
  return excerpt.length > 1000 ? `${excerpt.slice(0, 999)}…` : excerpt;
}
