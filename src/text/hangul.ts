/** Hangul syllables (가–힣): what makes a question, a sentence or a section Korean here. */
const HANGUL_SYLLABLE = /[\uAC00-\uD7A3]/u;

/** Whether the text holds a Hangul syllable. */
export function hasHangul(text: string): boolean {
  return HANGUL_SYLLABLE.test(text);
}

/** Final consonants (받침) by the index `finalConsonant` gives: 0 is none. */
export const FINAL = { none: 0, nieun: 4, rieul: 8, mieum: 16 } as const;

/**
 * The final consonant of the syllable at `index` (a syllable's code is 0xAC00 + 588·initial + 28·vowel + final),
 * or undefined when the character there is not a Hangul syllable.
 */
export function finalConsonant(text: string, index: number): number | undefined {
  const code = text.charCodeAt(index);
  return code >= 0xac00 && code <= 0xd7a3 ? (code - 0xac00) % 28 : undefined;
}
