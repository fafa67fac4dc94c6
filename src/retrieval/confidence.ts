import type { Passage } from '../types.js';
import { counterparts, type AnalyzedQuery } from './query.js';
import { stemEnglish } from '../text/analyzer.js';
import { hasHangul } from '../text/hangul.js';

/**
 * How many of the first passages may vouch for the question being answerable: the five a member is shown. A
 * preference among them (a comparison section below one explaining its subject alone) is not doubt about answering.
 */
const VOUCHING_PASSAGES = 5;

/**
 * How sure retrieval is that the notes answer the question, 0..1: the best share of the question's words
 * (weighted by rarity, a word the notes never contain weighing most) that one of the first passages holds, or
 * that sibling sections among them hold together.
 * A question that shares one common word with a note covers little of itself; one whose rare words appear
 * nowhere in the notes covers less still.
 */
export function answerConfidence(passages: Passage[]): number {
  return passages.slice(0, VOUCHING_PASSAGES).reduce((best, p) => Math.max(best, p.coverage, p.siblingCoverage ?? 0), 0);
}

/** An English name as a Korean question writes it, a particle glued on or not (`weakref로`, `GraphQL이랑`). */
const LATIN_NAME = /^([a-z][a-z0-9+#.-]*[a-z0-9+#])[\uAC00-\uD7A3]*$/u;
/** Complexity written as a word (`logn`, `nlogn`, `elogv`, `n2`; see the analyzer's notation) is not a name. */
const NOTATION = /^(?:[b-hj-z]?log[b-hj-z]|[b-hj-z]\d+)$/u;
/** What a question quotes (`LIKE 'abc%'`) is an example, not a name asked about. */
const QUOTED = /(['"`‘“])(.*?)\1|‘(.*?)’|“(.*?)”/gu;

/**
 * The English names of a Korean question that no note contains, as the question writes them (`weakref`,
 * `GraphQL`): a Korean question names its topic in English, so notes that never mention the name cannot answer
 * it, however many of the question's other words they share (`파이썬 weakref로 약한 참조 쓰는 방법`).
 * Names with a glossary counterpart or a spelling fix the notes contain are not absent. Of an English question, its
 * acronyms (`absentAcronyms`).
 */
export function absentNames(query: Pick<AnalyzedQuery, 'question' | 'groups'>, known: (term: string) => boolean): string[] {
  if (!hasHangul(query.question)) return absentAcronyms(query, known);
  const quoted = [...query.question.matchAll(QUOTED)].map((m) => (m[2] ?? m[3] ?? m[4] ?? '').toLowerCase()).join(' ');
  const absent: string[] = [];
  for (const group of query.groups) {
    const name = LATIN_NAME.exec(group.word)?.[1];
    if (!name || group.intent || NOTATION.test(name) || quoted.includes(name)) continue;
    // A counterpart is there whole: `kmp 알고리즘` (KMP's glossary phrase) is not there for holding 알고리즘.
    if (group.terms.some(known) || counterparts(group).some((terms) => terms.every(known))) continue;
    const at = query.question.toLowerCase().indexOf(name);
    absent.push(at >= 0 ? query.question.slice(at, at + name.length) : name);
  }
  return [...new Set(absent)];
}

/** An acronym as an English question writes it (`JWT`, `CIDRs`, `XSS`): capitals, its plural `s` aside. */
const ACRONYM = /\b([A-Z][A-Z0-9]+)s?\b/gu;

/**
 * The acronyms of an English question that no note contains: in an English question every word is Latin, and most
 * are answered by Korean notes through their glossary counterparts, but an acronym names its topic (`How does
 * JWT-based authentication work?`), and notes that never write it do not answer it.
 */
function absentAcronyms(query: Pick<AnalyzedQuery, 'question' | 'groups'>, known: (term: string) => boolean): string[] {
  const acronyms = new Set([...query.question.matchAll(ACRONYM)].map((m) => m[1]!));
  return [...acronyms].filter((acronym) => {
    // As the analyzer has it (`CORS` is `cor`, as in the notes).
    const term = stemEnglish(acronym.toLowerCase());
    if (known(term)) return false;
    // Its glossary counterparts, not the other terms of its word (`based` of `JWT-based`).
    const group = query.groups.find((g) => g.terms.includes(term));
    return !group || !counterparts(group).flat().some(known);
  });
}

/**
 * `몇 초`, `몇 배`, `몇 주`, `몇 계층`: a question asking for an amount in a unit. (`몇 개`, `몇 가지` ask for a list.)
 * Written with or without the space.
 */
const ASKED_AMOUNT = /몇\s?(초|분|시간|일|주|개월|달|년|배|번|회|계층|층|단계|비트|바이트|퍼센트|%)/u;
const KOREAN_COUNT = '(?:\\d+(?:[.,]\\d+)?|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|몇십|수십|수백)';

/**
 * The amount a question asks for (`기본값은 몇 초야?`) when none of the first passages states one in that unit: the
 * notes name the thing but not the figure (`Keep-Alive 속성으로 타임아웃을 지정할 수 있다`), and the sentence quoted
 * would not answer. Undefined when the question asks for no amount, or a passage has one (`2주를 주기로`, `3계층`).
 */
export function missingAmount(question: string, passages: Pick<Passage, 'text'>[]): string | undefined {
  const asked = ASKED_AMOUNT.exec(question);
  if (!asked) return undefined;
  // The units are letters or `%`, none of them special in a pattern.
  const stated = new RegExp(`${KOREAN_COUNT}\\s?(?:~\\s?${KOREAN_COUNT}\\s?)?${asked[1]!}`, 'u');
  return passages.slice(0, VOUCHING_PASSAGES).some((p) => stated.test(p.text)) ? undefined : asked[0];
}
