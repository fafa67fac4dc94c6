import { createHash } from 'node:crypto';
import type { DigestBaseline, LeaderboardEntry, NoteFingerprints, UnansweredQuestion } from '../store/index.js';
import type { Concept } from '../types.js';
import type { Window } from './schedule.js';

/**
 * The weekly digest's content, composed from what the store and the knowledge base hold (pure; the Discord
 * layer renders it). The index keeps no history of ingests, only the notes as they are now, so "notes added or
 * changed" compares each note's concepts (the sections quizzes and `/concept` teach) with a fingerprint taken
 * at the previous digest, or when the bot first saw the guild.
 */

/** How many entries each part of the digest lists. */
export const DIGEST_LIMITS = { questions: 5, notes: 10, leaderboard: 10, unanswered: 5 } as const;

export interface NoteChange {
  file: string;
  /** The note's title (its first heading). */
  title: string;
}

export interface WeeklyDigest {
  /** What it reports on: from the previous weekly slot to this one. */
  covers: Window;
  /** Most asked questions of the week, answered or not. */
  topQuestions: UnansweredQuestion[];
  notes: {
    added: NoteChange[];
    changed: NoteChange[];
    /** Since when: the previous digest, or when the bot started watching this guild's notes. */
    since: Date;
  };
  leaderboard: LeaderboardEntry[];
  /** "노트에 없던 질문": the week's questions the notes could not answer, most asked first. */
  unanswered: UnansweredQuestion[];
}

/** Note file → a hash of its concepts (section ids and texts): changes when what the note teaches changes. */
export function noteFingerprints(concepts: readonly Concept[]): NoteFingerprints {
  const byFile = new Map<string, ReturnType<typeof createHash>>();
  for (const concept of concepts) {
    let hash = byFile.get(concept.file);
    if (!hash) byFile.set(concept.file, (hash = createHash('sha256')));
    hash.update(`${concept.sectionId}\u0000${concept.text}\u0000`);
  }
  return Object.fromEntries([...byFile].map(([file, hash]) => [file, hash.digest('hex').slice(0, 16)]));
}

/** Notes in `current` that `before` did not have, and notes whose fingerprint differs, in file order. */
export function changedNotes(before: NoteFingerprints, current: NoteFingerprints, concepts: readonly Concept[]): { added: NoteChange[]; changed: NoteChange[] } {
  const titles = new Map<string, string>();
  for (const concept of concepts) if (!titles.has(concept.file)) titles.set(concept.file, concept.path[0] ?? concept.file);
  const change = (file: string): NoteChange => ({ file, title: titles.get(file) ?? file });
  const files = Object.keys(current).sort();
  return {
    added: files.filter((file) => before[file] === undefined).map(change),
    changed: files.filter((file) => before[file] !== undefined && before[file] !== current[file]).map(change),
  };
}

export interface DigestInput {
  covers: Window;
  topQuestions: UnansweredQuestion[];
  unanswered: UnansweredQuestion[];
  leaderboard: LeaderboardEntry[];
  baseline: DigestBaseline;
  current: NoteFingerprints;
  concepts: readonly Concept[];
}

export function composeDigest(input: DigestInput): WeeklyDigest {
  const notes = changedNotes(input.baseline.notes, input.current, input.concepts);
  return {
    covers: input.covers,
    topQuestions: input.topQuestions.slice(0, DIGEST_LIMITS.questions),
    notes: { added: notes.added.slice(0, DIGEST_LIMITS.notes), changed: notes.changed.slice(0, DIGEST_LIMITS.notes), since: input.baseline.since },
    leaderboard: input.leaderboard.slice(0, DIGEST_LIMITS.leaderboard),
    unanswered: input.unanswered.slice(0, DIGEST_LIMITS.unanswered),
  };
}
