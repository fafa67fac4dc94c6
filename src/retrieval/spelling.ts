/**
 * Misspelt Korean words (`새마포어`, `트랜젝션`, `스캐줄러`) corrected against the notes' own vocabulary: a term of
 * the question that no note contains is matched to the note terms one jamo edit away (two for longer words).
 * Jamo, not syllables: a typo changes one vowel or final consonant, which changes the whole syllable.
 */
export interface SpellingIndex {
  /** Note terms within the edit budget of `term`, closest first; empty when `term` itself is a note term. */
  corrections(term: string): string[];
}

/** Two-syllable words are left alone: one jamo away from a short word is usually another real word. */
const HANGUL_WORD = /^[\uAC00-\uD7A3]{3,}$/;
/** Corrections kept per term: more would let a short typo reach unrelated words. */
const MAX_CORRECTIONS = 2;

export function createSpellingIndex(vocabulary: Iterable<string>, has: (term: string) => boolean): SpellingIndex {
  // Bucketed by syllable count: within the budget an edit never adds or removes a whole syllable (three jamo).
  const byLength = new Map<number, { term: string; jamo: number[] }[]>();
  for (const term of new Set(vocabulary)) {
    if (!HANGUL_WORD.test(term)) continue;
    const bucket = byLength.get(term.length) ?? [];
    bucket.push({ term, jamo: jamo(term) });
    byLength.set(term.length, bucket);
  }
  const cache = new Map<string, string[]>();
  return {
    corrections(term: string): string[] {
      if (!HANGUL_WORD.test(term) || has(term)) return [];
      const cached = cache.get(term);
      if (cached) return cached;
      const budget = term.length >= 5 ? 2 : 1;
      const target = jamo(term);
      const found: { term: string; distance: number }[] = [];
      for (const candidate of byLength.get(term.length) ?? []) {
        const distance = boundedDistance(target, candidate.jamo, budget);
        if (distance <= budget) found.push({ term: candidate.term, distance });
      }
      const result = found.sort((a, b) => a.distance - b.distance || a.term.localeCompare(b.term)).slice(0, MAX_CORRECTIONS).map((f) => f.term);
      if (cache.size > 10_000) cache.clear();
      cache.set(term, result);
      return result;
    },
  };
}

/** Hangul syllables as their initial, medial and final jamo (a missing final is its own symbol). */
function jamo(word: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i) - 0xac00;
    out.push(Math.floor(code / 588), 19 + Math.floor((code % 588) / 28), 40 + (code % 28));
  }
  return out;
}

/** Levenshtein distance, or `budget + 1` as soon as it must exceed the budget. */
function boundedDistance(a: number[], b: number[], budget: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > budget) return budget + 1;
    previous = current;
  }
  return previous[b.length]!;
}
