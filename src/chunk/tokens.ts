/**
 * A conservative estimate of how many subword tokens a multilingual model (XLM-R / e5, BERT WordPiece)
 * makes of a text, without loading a tokenizer: a Hangul syllable counts as one token (the real
 * tokenizers average 1–2 syllables per token), a Latin word as one per three letters, any other
 * visible character as one. Never more than one token per character, which the chunker relies on.
 */
export function estimateTokens(text: string): number {
  return countTokens(text, Infinity);
}

/** `estimateTokens(text) > limit`, but reads only as much of the text as it takes to decide. */
export function exceedsTokens(text: string, limit: number): boolean {
  return countTokens(text, limit) > limit;
}

/** Counts tokens, stopping early once the count passes `limit`. */
function countTokens(text: string, limit: number): number {
  let tokens = 0;
  let latinRun = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const latin = (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
    if (latin) {
      latinRun++;
      if (tokens + Math.ceil(latinRun / 3) > limit) return tokens + Math.ceil(latinRun / 3);
      continue;
    }
    tokens += Math.ceil(latinRun / 3);
    latinRun = 0;
    if (!/\s/.test(char)) tokens++;
    if (tokens > limit) return tokens;
  }
  return tokens + Math.ceil(latinRun / 3);
}
