import type { Concept } from '../types.js';
import type { RotationState } from '../store/daily-state.js';
import { proseLength } from './prose.js';

/**
 * Which section the daily post shows next.
 *
 * Order: the first round follows note order — the notes are written as a curriculum (kernel roles
 * before hypervisor types before containers), so a new group meets concepts in the order they build
 * on each other. Later rounds are review, and review works better interleaved, so rounds 2, 3, …
 * use a shuffle seeded by guild id and round: deterministic (restarts and tests see the same
 * order), different every round, and different between guilds.
 *
 * Changes to the notes: a section added after a re-index is simply "not yet posted" and joins the
 * current round; ids of removed sections in the posted list are ignored.
 */

export interface ChooserOptions {
  /** Seeds the shuffle of rounds ≥ 2; use the guild id. */
  seed: string;
  /** Sections with less prose than this are not posted while others qualify (default 60 characters — Korean is dense: one full explanatory sentence). */
  minProseChars?: number;
}

export interface RotationChoice {
  concept: Concept;
  /** The round this post belongs to. */
  round: number;
  /** True when this pick starts a new round (every eligible section had been posted). */
  newRound: boolean;
  /** Eligible sections still unposted in the round after this one. */
  remaining: number;
}

export const DEFAULT_MIN_PROSE_CHARS = 60;

/**
 * Sections with enough prose to teach something (see `proseLength`); when none qualifies, all of
 * them, so a tiny knowledge base still gets posts. Duplicated ids keep their first occurrence.
 */
export function eligibleConcepts(concepts: readonly Concept[], minProseChars = DEFAULT_MIN_PROSE_CHARS): Concept[] {
  const unique = dedupe(concepts);
  const rich = unique.filter((c) => proseLength(c.text) >= minProseChars);
  return rich.length > 0 ? rich : unique;
}

/** Picks the next section for a guild. Pure; undefined only when there are no concepts at all. */
export function chooseNextConcept(
  concepts: readonly Concept[],
  state: RotationState,
  options: ChooserOptions,
): RotationChoice | undefined {
  const eligible = eligibleConcepts(concepts, options.minProseChars);
  if (eligible.length === 0) return undefined;
  const currentRound = Math.max(1, Math.floor(state.round));
  const posted = new Set(state.posted);
  let round = currentRound;
  let candidates = rotationOrder(eligible, round, options.seed).filter((c) => !posted.has(c.sectionId));
  const newRound = candidates.length === 0;
  if (newRound) {
    round = currentRound + 1;
    candidates = rotationOrder(eligible, round, options.seed);
    // Do not show yesterday's section again as the first of the new round.
    const last = state.posted.at(-1);
    if (candidates.length > 1 && candidates[0]!.sectionId === last) candidates.push(candidates.shift()!);
  }
  return { concept: candidates[0]!, round, newRound, remaining: candidates.length - 1 };
}

/** The order of one round: note order in round 1, a seeded shuffle after. */
export function rotationOrder(eligible: readonly Concept[], round: number, seed: string): Concept[] {
  if (round <= 1) return [...eligible];
  return eligible
    .map((concept, index) => ({ concept, index, key: fnv1a(`${seed}\u0000${round}\u0000${concept.sectionId}`) }))
    .sort((a, b) => a.key - b.key || a.index - b.index)
    .map((entry) => entry.concept);
}

function dedupe(concepts: readonly Concept[]): Concept[] {
  const seen = new Set<string>();
  return concepts.filter((c) => !seen.has(c.sectionId) && seen.add(c.sectionId));
}

/** 32-bit FNV-1a over UTF-16 code units: a small, stable hash for ordering. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
