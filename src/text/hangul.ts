/** Hangul syllables (가–힣): what makes a question, a sentence or a section Korean here. */
const HANGUL_SYLLABLE = /[\uAC00-\uD7A3]/u;

/** Whether the text holds a Hangul syllable. */
export function hasHangul(text: string): boolean {
  return HANGUL_SYLLABLE.test(text);
}
