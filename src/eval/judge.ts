import type { Answer, SectionLocation } from '../types.js';
import { isAbstainKind, type EvalCase, type Kind, type Split } from './schema.js';

/** What a user sees: the answer is composed from, and judged on, the top five passages. */
export const EVAL_K = 5;

/** How one question fared. Everything a summary, a failure list or a sampled answer needs. */
export interface CaseResult {
  id: string;
  /** Name of the set the case came from (`seed`, `cs-study`, …): the combined suite mixes them. */
  set: string;
  q: string;
  lang: 'ko' | 'en';
  kind: Kind;
  style: string[];
  split: Split;
  inScope: boolean;
  /** 1-based rank of the first passage from an expected section within the top EVAL_K; 0 when none. */
  rank: number;
  answered: boolean;
  confidence: number;
  /** Must groups with no alternative in the answer text. */
  missing: string[][];
  /** The first source the bot offers (its first citation, or the first related section when it abstained) is expected. */
  sourceRight: boolean;
  /** Answered, and the answer contains an alternative of every must group: the answer answers. */
  answerMust: boolean;
  /** answered && sourceRight. */
  topCitationRight: boolean;
  top?: SourceRef;
  text: string;
  citations: SourceRef[];
}

export interface SourceRef {
  file: string;
  section: string[];
  lines: [number, number];
}

/** NFC, lower case, no whitespace at all, no markdown emphasis or code marks: how must strings are matched. */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\*\*|`/g, '').replace(/\s+/g, '');
}

/** A passage or citation is from an expected section when the file matches and its path contains the heading. */
export function isExpected(c: Pick<EvalCase, 'expect'>, location: Pick<SectionLocation, 'file' | 'section'>): boolean {
  return c.expect.some((e) => e.file === location.file && location.section.includes(e.heading));
}

/** The must groups none of whose alternatives occur in `text`. */
export function missingGroups(must: string[][], text: string): string[][] {
  const haystack = normalizeForMatch(text);
  return must.filter((group) => !group.some((alt) => haystack.includes(normalizeForMatch(alt))));
}

export function judgeCase(c: EvalCase, answer: Answer, set: string): CaseResult {
  const passages = answer.passages.slice(0, EVAL_K);
  const inScope = !isAbstainKind(c.kind);
  const missing = missingGroups(c.must, answer.answered ? answer.text : '');
  const source = answer.citations[0] ?? answer.related[0];
  const sourceRight = inScope && source !== undefined && isExpected(c, source);
  return {
    id: c.id,
    set,
    q: c.q,
    lang: c.lang,
    kind: c.kind,
    style: c.style,
    split: c.split,
    inScope,
    rank: passages.findIndex((p) => isExpected(c, p)) + 1,
    confidence: answer.confidence,
    answered: answer.answered,
    missing,
    sourceRight,
    answerMust: answer.answered && inScope && missing.length === 0,
    topCitationRight: answer.answered && sourceRight,
    text: answer.text,
    citations: answer.citations.map(ref),
    ...(passages[0] ? { top: ref(passages[0]) } : {}),
  };
}

function ref(location: SectionLocation): SourceRef {
  return { file: location.file, section: location.section, lines: location.lines };
}
