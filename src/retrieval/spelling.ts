/**
 * Misspelt words (`새마포어`, `트랜젝션`, `스캐줄러`, `handshaek`, `semaphor`) corrected against the notes' own
 * vocabulary: a term of the question that no note contains is matched to the note terms one edit away (two for
 * Korean words of five syllables or more; English gets one, or `precision` would become `decision`), a swap of
 * two neighbours counting as one. Korean is compared by jamo, not syllables: a typo
 * changes one vowel or final consonant, which changes the whole syllable.
 */
export interface SpellingIndex {
  /** Note terms within the edit budget of `term`, closest first; empty when `term` itself is a note term. */
  corrections(term: string): string[];
}

/** Two-syllable words are left alone: one jamo away from a short word is usually another real word. */
const HANGUL_WORD = /^[\uAC00-\uD7A3]{3,}$/;
/** Latin words of five letters or more; shorter ones are one edit from too many others (`heap`, `help`). */
const LATIN_WORD = /^[a-z]{5,}$/;
/** Corrections kept per term: more would let a short typo reach unrelated words. */
const MAX_CORRECTIONS = 2;

/**
 * `vocabulary` is gathered on the first word that needs correcting, not before: most questions' words are all in the
 * notes, and bucketing a large index's vocabulary (every term as its jamo) is most of a first answer's work otherwise.
 */
export function createSpellingIndex(vocabulary: () => Iterable<string>, has: (term: string) => boolean): SpellingIndex {
  let buckets: Map<string, { term: string; symbols: number[] }[]> | undefined;
  const cache = new Map<string, string[]>();
  return {
    corrections(term: string): string[] {
      const key = bucketOf(term);
      if (key === undefined || has(term)) return [];
      const cached = cache.get(term);
      if (cached) return cached;
      const latin = LATIN_WORD.test(term);
      const budget = latin ? 1 : term.length >= 5 ? 2 : 1;
      const keys = latin ? Array.from({ length: 2 * budget + 1 }, (_, i) => `latin:${term.length - budget + i}`) : [key];
      buckets ??= bucketed(vocabulary());
      const target = symbolsOf(term);
      const found: { term: string; distance: number }[] = [];
      for (const candidate of keys.flatMap((k) => buckets!.get(k) ?? [])) {
        const distance = boundedDistance(target, candidate.symbols, budget);
        // The term itself is a glossary word, not a misspelling of one.
        if (distance <= budget && candidate.term !== term) found.push({ term: candidate.term, distance });
      }
      const result = found.sort((a, b) => a.distance - b.distance || a.term.localeCompare(b.term)).slice(0, MAX_CORRECTIONS).map((f) => f.term);
      if (cache.size > 10_000) cache.clear();
      cache.set(term, result);
      return result;
    },
  };
}

/**
 * Bucketed by script and length: a Korean edit within the budget never adds or removes a whole syllable (three
 * jamo); a Latin one changes the length by at most the budget.
 */
function bucketed(vocabulary: Iterable<string>): Map<string, { term: string; symbols: number[] }[]> {
  const buckets = new Map<string, { term: string; symbols: number[] }[]>();
  for (const term of new Set(vocabulary)) {
    const key = bucketOf(term);
    if (key === undefined) continue;
    const bucket = buckets.get(key) ?? [];
    bucket.push({ term, symbols: symbolsOf(term) });
    buckets.set(key, bucket);
  }
  return buckets;
}

function bucketOf(term: string): string | undefined {
  if (HANGUL_WORD.test(term)) return `hangul:${term.length}`;
  if (LATIN_WORD.test(term)) return `latin:${term.length}`;
  return undefined;
}

function symbolsOf(term: string): number[] {
  return HANGUL_WORD.test(term) ? jamo(term) : Array.from(term, (c) => c.charCodeAt(0));
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

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment), or `budget + 1` as soon as it must exceed the budget. */
function boundedDistance(a: number[], b: number[], budget: number): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > budget) return budget + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
