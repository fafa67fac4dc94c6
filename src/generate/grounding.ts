import { sectionLabel } from '../answer/format.js';
import type { Analyzer } from '../text/analyzer.js';
import { splitSentences } from '../text/sentences.js';
import type { Passage } from '../types.js';
import { NOT_COVERED, withoutThinking } from './prompt.js';

/**
 * The grounding check: a generated sentence is shown only when it cites passages that exist and shares
 * most of its content terms (the index's own analyzer) with them. A sentence without a citation, with a
 * citation number no passage has, or with a figure its passages lack is dropped whole.
 */
export interface GroundedText {
  /** The sentences that passed, citations renumbered 1, 2, … in order of first citation. */
  text: string;
  /** `cited[i]` is the prompt's passage number (1-based) shown as `[i + 1]`. */
  cited: number[];
  kept: number;
  /** Sentences with something to check (content terms or citations). */
  total: number;
  /** The model said the passages do not answer the question. */
  notCovered: boolean;
}

/** Share of a sentence's term weight its cited passages must hold. */
const MIN_SHARED = 0.6;
/** Verb and adjective stems are what paraphrase changes first: they count this much of a noun. */
const PREDICATE_WEIGHT = 0.5;

/** `[1]`, `[2][3]`, `[1, 2]` */
const CITATION = /\[(\d{1,3}(?:\s*[,，]\s*\d{1,3})*)\]/gu;
const CITED_AFTER_STOP = /([.!?。])((?:\s*\[\d{1,3}(?:\s*[,，]\s*\d{1,3})*\])+)/gu;
const DIGITS = /^\d/u;

interface Claim {
  body: string;
  cites: number[];
  /** Starts a line of the reply (kept as a line break when shown). */
  lineStart: boolean;
}

export class Grounder {
  private readonly evidence = new Map<number, Set<string>>();

  constructor(
    private readonly passages: Passage[],
    private readonly analyzer: Analyzer,
  ) {}

  /** `complete`: the reply is finished; otherwise its last sentence may still be growing and is left out. */
  check(reply: string, complete: boolean): GroundedText {
    const text = withoutThinking(reply);
    const claims = claimsOf(text);
    if (!complete) claims.pop();
    const numbers = new Map<number, number>();
    const shown: string[] = [];
    let kept = 0;
    let total = 0;
    for (const claim of claims) {
      const terms = this.analyzer.analyze(claim.body);
      if (terms.length === 0 && claim.cites.length === 0) continue;
      total++;
      if (!this.supported(terms, claim.cites)) continue;
      kept++;
      const renumbered = [...new Set(claim.cites)].map((n) => {
        if (!numbers.has(n)) numbers.set(n, numbers.size + 1);
        return `[${numbers.get(n)}]`;
      });
      const line = `${claim.body} ${renumbered.join('')}`;
      if (shown.length === 0 || claim.lineStart) shown.push(line);
      else shown[shown.length - 1] += ` ${line}`;
    }
    return { text: shown.join('\n'), cited: [...numbers.keys()], kept, total, notCovered: text.includes(NOT_COVERED) };
  }

  private supported(terms: string[], cites: number[]): boolean {
    if (cites.length === 0 || cites.some((n) => n < 1 || n > this.passages.length)) return false;
    const unique = [...new Set(terms)];
    if (unique.length === 0) return false;
    const evidence = cites.map((n) => this.termsOf(n));
    const found = (term: string) => evidence.some((terms) => terms.has(term));
    // A figure is never paraphrased: one the passages do not have was made up.
    if (unique.some((term) => DIGITS.test(term) && !found(term))) return false;
    let total = 0;
    let shared = 0;
    for (const term of unique) {
      const weight = this.analyzer.isPredicate(term) ? PREDICATE_WEIGHT : 1;
      total += weight;
      if (found(term)) shared += weight;
    }
    return shared / total >= MIN_SHARED;
  }

  private termsOf(n: number): Set<string> {
    let terms = this.evidence.get(n);
    if (!terms) {
      const passage = this.passages[n - 1]!;
      terms = new Set(this.analyzer.analyze(`${sectionLabel(passage.section)}\n${passage.text}`));
      this.evidence.set(n, terms);
    }
    return terms;
  }
}

/** Sentences with their citations; a citation after the full stop (`…합니다. [1]`, `…합니다.[1]`) belongs to the sentence before it. */
function claimsOf(text: string): Claim[] {
  const claims: Claim[] = [];
  for (const line of text.replace(CITED_AFTER_STOP, '$2$1').split(/\r?\n/u)) {
    splitSentences(line).forEach((sentence, i) => {
      const body = sentence.replace(CITATION, ' ').replace(/\s+/gu, ' ').replace(/\s+([.!?。])$/u, '$1').trim();
      const cites = citationsIn(sentence);
      if (body || cites.length) claims.push({ body, cites, lineStart: i === 0 });
    });
  }
  return claims;
}

function citationsIn(text: string): number[] {
  return [...text.matchAll(CITATION)].flatMap((m) => m[1]!.split(/[,，]/u).map((n) => Number(n.trim())));
}
