import type { Concept } from '../types.js';

/**
 * Concepts whose title (then heading path) contains `input`, ignoring case and spaces, so a partial Korean
 * word such as "하이퍼" finds "베어메탈 하이퍼바이저". Titles that start with the input come first; ties keep
 * note order. Empty input lists every concept.
 */
export function matchConcepts(concepts: Concept[], input: string): Concept[] {
  const query = fold(input);
  const ranked: { concept: Concept; rank: number }[] = [];
  for (const concept of concepts) {
    const title = fold(concept.title);
    const rank = title.startsWith(query) ? 0 : title.includes(query) ? 1 : fold(concept.path.join(' ')).includes(query) ? 2 : -1;
    if (rank >= 0) ranked.push({ concept, rank });
  }
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.concept);
}

function fold(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/gu, '');
}
