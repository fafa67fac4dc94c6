import type { Passage } from '../types.js';

/** How many of the first passages may vouch for the question being answerable. */
const VOUCHING_PASSAGES = 3;

/**
 * How sure retrieval is that the notes answer the question, 0..1: the best share of the question's words
 * (weighted by rarity, a word the notes never contain weighing most) that one of the first passages holds.
 * A question that shares one common word with a note covers little of itself; one whose rare words appear
 * nowhere in the notes covers less still.
 */
export function answerConfidence(passages: Passage[]): number {
  return passages.slice(0, VOUCHING_PASSAGES).reduce((best, p) => Math.max(best, p.coverage), 0);
}
