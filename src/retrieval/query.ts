import type { WeightedTerm } from '../index/lexical.js';
import { ENGLISH_STOP_WORDS, normalize, type Analyzer } from '../text/analyzer.js';
import { expandQuery, type Glossary } from '../text/glossary.js';

/** One content word of the question, with the terms it analyzes to and its glossary counterparts. */
export interface TermGroup {
  word: string;
  terms: string[];
  /** Each alternative (a glossary counterpart) analyzed into its own terms. */
  alternatives: string[][];
}

export interface AnalyzedQuery {
  question: string;
  groups: TermGroup[];
  /** BM25 query: the question's own terms at full weight, glossary counterparts at less. */
  terms: WeightedTerm[];
  /** The question followed by its glossary counterparts: what the dense side embeds. */
  expandedText: string;
}

/** Counterparts help find the notes, but the user's own words are the stronger evidence. */
export const ALTERNATIVE_WEIGHT = 0.6;

/**
 * Korean question words and request phrasing (`무엇인가요`, `설명해줘`, `말하는건가요`): they say how to
 * answer, not what about, and no note contains them as content. Matched as word prefixes.
 */
const KOREAN_QUESTION_WORDS = [
  '무엇', '뭐', '뭔', '뭘', '무슨', '어떤', '어떻', '어떠', '어느', '어디', '왜', '언제', '누가', '누구',
  '설명', '알려', '말하', '말해', '가르쳐', '궁금', '대해', '대한', '관해', '관한', '있나', '있어', '있는지',
  '인가', '인지', '건가', '건지', '하나요', '되나요', '되는', '하는', '해줘', '해주', '주세요', '좀', '그럼',
  '그러면', '이란', '란', '그리고', '정리', '의미', '뜻',
];

const WORDS = /[\p{L}\p{N}][\p{L}\p{N}+#.-]*/gu;

export function analyzeQuery(question: string, analyzer: Analyzer, glossary: Glossary): AnalyzedQuery {
  const groups: TermGroup[] = [];
  for (const [raw] of normalize(question).matchAll(WORDS)) {
    const word = raw.replace(/[.-]+$/, '');
    if (isQuestionWord(word)) continue;
    const terms = analyzer.analyze(word);
    if (terms.length > 0) groups.push({ word, terms, alternatives: [] });
  }
  const expansions = expandQuery(question, glossary);
  for (const { matched, alternatives } of expansions) {
    const analyzed = alternatives.map((alt) => analyzer.analyze(alt)).filter((terms) => terms.length > 0);
    for (const group of groups) {
      if (group.word.includes(matched) || matched.split(/\s+/).includes(group.word)) group.alternatives.push(...analyzed);
    }
  }
  const terms: WeightedTerm[] = groups.flatMap((g) => [
    ...g.terms.map((term) => ({ term, weight: 1 })),
    ...g.alternatives.flat().map((term) => ({ term, weight: ALTERNATIVE_WEIGHT })),
  ]);
  const extra = [...new Set(expansions.flatMap((e) => e.alternatives))];
  return { question, groups, terms, expandedText: extra.length ? `${question} (${extra.join(', ')})` : question };
}

function isQuestionWord(word: string): boolean {
  if (ENGLISH_STOP_WORDS.has(word)) return true;
  return KOREAN_QUESTION_WORDS.some((prefix) => word.startsWith(prefix));
}

/**
 * How much of the question a passage covers, 0..1: each content word counts by its rarity (idf),
 * and is covered when at least half of its terms — or of one glossary counterpart's — occur in the passage.
 */
export function coverage(query: AnalyzedQuery, passageTerms: TermSet, idf: (term: string) => number): number {
  let total = 0;
  let covered = 0;
  for (const group of query.groups) {
    const weight = Math.max(...group.terms.map(idf), 0.1);
    total += weight;
    if ([group.terms, ...group.alternatives].some((terms) => share(terms, passageTerms) >= 0.5)) covered += weight;
  }
  return total === 0 ? 0 : covered / total;
}

/** A passage's terms: a `Set`, or the lexical index answering for the passage's chunks. */
export type TermSet = Pick<ReadonlySet<string>, 'has'>;

function share(terms: string[], present: TermSet): number {
  if (terms.length === 0) return 0;
  let found = 0;
  for (const term of terms) if (present.has(term)) found++;
  return found / terms.length;
}
