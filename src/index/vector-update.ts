import type { VectorStore } from './vector-store.js';

/**
 * A new build's vectors from the previous build's store, changed in place: a chunk whose text the previous build
 * had keeps that chunk's key and point, the previous build's other keys are deleted, and each new text gets a new
 * key after the store's last. Works on any `VectorStore`; ingest falls back to a whole build when `needsRebuild`.
 */
export interface VectorUpdatePlan {
  /** The new build's key per chunk position. */
  keys: Uint32Array;
  /** Chunk positions whose vectors go in under their new keys. */
  added: number[];
  /** Keys of the previous build that no chunk keeps. */
  removed: number[];
  /** The store's points and deleted points once the plan is applied. */
  points: number;
  deleted: number;
}

/**
 * Deleted points stay in an HNSW graph (searches pass through them and drop them from results): past this share
 * of the points they cost search time and recall, and a whole build compacts them away.
 */
export const MAX_DELETED_SHARE = 0.25;

export interface PreviousVectors {
  /** The previous build's chunk hashes and keys, by position. */
  hashes: readonly string[];
  keys: Uint32Array;
  store: Pick<VectorStore, 'size' | 'deleted'>;
}

/** Matches chunks by content hash; two chunks of the same text (copies in two notes) each keep a key of their own. */
export function planVectorUpdate(previous: PreviousVectors, hashes: readonly string[]): VectorUpdatePlan {
  const keysByHash = new Map<string, number[]>();
  previous.hashes.forEach((hash, position) => {
    const keys = keysByHash.get(hash);
    if (keys) keys.push(previous.keys[position]!);
    else keysByHash.set(hash, [previous.keys[position]!]);
  });
  const keys = new Uint32Array(hashes.length);
  const added: number[] = [];
  let next = previous.store.size;
  hashes.forEach((hash, position) => {
    const kept = keysByHash.get(hash)?.shift();
    if (kept !== undefined) keys[position] = kept;
    else {
      keys[position] = next++;
      added.push(position);
    }
  });
  const removed = [...keysByHash.values()].flat();
  return { keys, added, removed, points: next, deleted: previous.store.deleted + removed.length };
}

/** True when applying the plan would leave too many deleted points behind (see MAX_DELETED_SHARE). */
export function needsRebuild(plan: Pick<VectorUpdatePlan, 'points' | 'deleted'>): boolean {
  return plan.points > 0 && plan.deleted / plan.points > MAX_DELETED_SHARE;
}

/**
 * Applies the plan to the previous build's store (in memory: its files stay as they are until the new build is
 * live). `vectors[position]` is the new build's vector at that position; `pause` lets a bot keep answering.
 */
export async function applyVectorUpdate(store: VectorStore, plan: VectorUpdatePlan, vectors: readonly Float32Array[], pause: () => Promise<void>): Promise<void> {
  for (const key of plan.removed) store.delete(key);
  store.reserve(plan.points);
  for (const position of plan.added) {
    store.upsert(plan.keys[position]!, vectors[position]!);
    await pause();
  }
}
