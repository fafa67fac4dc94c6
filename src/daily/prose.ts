import { splitSentences } from '../text/sentences.js';

/**
 * Telling prose from code, diagrams and labels in a section's plain text. `Concept.text` keeps code
 * verbatim and does not mark it, so this looks at each sentence: a teaching sentence has words,
 * ends like a sentence (`.`/`?`/`!`, or a Korean predicate such as `…합니다` written without a
 * period), and carries no tree-drawing characters or code punctuation.
 */

export interface ProseSentence {
  /** Verbatim substring of the section text (a leading list bullet is dropped). */
  text: string;
  /** Position among all sentences of the section (0-based), for keeping note order. */
  index: number;
}

const BOX_DRAWING = /[\u2500-\u257F]/u;
const CODE_START = /^(?:#|\/\/|\/\*|\$\s|>|[{}[\]<]|```|~~~)/u;
const CODE_CHARS = /[{}();=<>[\]$\\|`*]/gu;
const LETTER = /\p{L}/gu;
const SENTENCE_END = /(?:[.!?。？！…]["'”’)\]]*|\p{Script=Hangul})$/u;
const BULLET = /^(?:[-*+•]|\d{1,2}[.)])\s+/u;

/** Minimum letters for a sentence to teach anything. */
const MIN_LETTERS = 10;
const MIN_WORDS = 3;

/** The section's prose sentences in order; code lines, diagrams and bare labels are left out. */
export function proseSentences(text: string): ProseSentence[] {
  const result: ProseSentence[] = [];
  splitSentences(text).forEach((raw, index) => {
    const sentence = raw.replace(BULLET, '');
    if (isProse(sentence)) result.push({ text: sentence, index });
  });
  return result;
}

/** Characters of prose in the section: how much it has to teach. */
export function proseLength(text: string): number {
  return proseSentences(text).reduce((sum, s) => sum + s.text.length, 0);
}

export function isProse(sentence: string): boolean {
  if (BOX_DRAWING.test(sentence) || CODE_START.test(sentence)) return false;
  if (!SENTENCE_END.test(sentence)) return false;
  if ((sentence.match(LETTER)?.length ?? 0) < MIN_LETTERS) return false;
  if (sentence.split(/\s+/u).length < MIN_WORDS) return false;
  const codeChars = sentence.match(CODE_CHARS)?.length ?? 0;
  return codeChars / sentence.length <= 0.08;
}
