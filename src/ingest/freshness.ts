import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Manifest } from '../index/store.js';
import { DEFAULT_MAX_FILE_BYTES, listNotePaths, noteName, readNote } from '../notes/load.js';
import { GLOSSARY_FILE, glossaryFingerprint } from '../text/glossary.js';

/**
 * Has the knowledge folder changed since the live build was made? Answered cheaply: every note is
 * stat-ed, and only a note whose size or mtime differs from the last time it was seen is read and hashed
 * (the same way ingest hashes it) to compare with the manifest. What was seen is kept in a small cache
 * next to the index, so a question over unchanged notes reads no note at all.
 */

/** Size and modification time: what tells, without reading, that a file may have changed. */
export interface Stamp {
  size: number;
  mtimeMs: number;
}

/** What a note was when last read: its hash as ingest computes it, or null when ingest skips it (binary, too large…). */
export interface SeenNote extends Stamp {
  hash: string | null;
}

export interface NoteChanges {
  added: string[];
  changed: string[];
  removed: string[];
  /** `glossary.txt` (or the built-in glossary) differs from the one the build used. */
  glossaryChanged: boolean;
}

/** The notes whose stamp differs from the one seen last time (or that were never seen): only these are read. */
export function notesToRead(current: Record<string, Stamp>, seen: Record<string, SeenNote>): string[] {
  return Object.keys(current).filter((file) => {
    const last = seen[file];
    return !last || last.size !== current[file]!.size || last.mtimeMs !== current[file]!.mtimeMs;
  });
}

/** Indexed hashes against current ones (null: present but skipped by ingest, so not a note in the index either). */
export function compareNotes(indexed: Record<string, string>, current: Record<string, string | null>, glossaryChanged = false): NoteChanges {
  const added: string[] = [];
  const changed: string[] = [];
  for (const [file, hash] of Object.entries(current)) {
    if (hash === null) continue;
    if (!(file in indexed)) added.push(file);
    else if (indexed[file] !== hash) changed.push(file);
  }
  const removed = Object.keys(indexed).filter((file) => typeof current[file] !== 'string');
  return { added, changed, removed, glossaryChanged };
}

export function isStale(changes: NoteChanges): boolean {
  return changes.glossaryChanged || changes.added.length + changes.changed.length + changes.removed.length > 0;
}

/** How many notes of each kind changed: what a message about the changes says, in any language. */
export interface ChangeCounts {
  added: number;
  changed: number;
  removed: number;
  glossaryChanged: boolean;
}

export function changeCounts(changes: NoteChanges): ChangeCounts {
  return { added: changes.added.length, changed: changes.changed.length, removed: changes.removed.length, glossaryChanged: changes.glossaryChanged };
}

/** "2 added, 1 changed, glossary changed": only the kinds that happened. */
export function describeChanges({ added, changed, removed, glossaryChanged }: ChangeCounts): string {
  const parts = [
    added ? `${added} added` : '',
    changed ? `${changed} changed` : '',
    removed ? `${removed} removed` : '',
    glossaryChanged ? 'glossary changed' : '',
  ].filter(Boolean);
  return parts.join(', ') || 'no changes';
}

export type Freshness =
  | { state: 'fresh'; knowledgeDir: string }
  | ({ state: 'stale'; knowledgeDir: string } & NoteChanges)
  /** The build does not name its folder (made by an older version): nothing to compare with. */
  | { state: 'unknown' }
  /** The folder the build was made from is gone. */
  | { state: 'missing'; knowledgeDir: string };

const CACHE_FILE = 'freshness-cache.json';
const CacheSchema = z.object({
  knowledgeDir: z.string(),
  notes: z.record(z.string(), z.object({ size: z.number(), mtimeMs: z.number(), hash: z.string().nullable() })),
});

/**
 * A file modified again within the same mtime tick (coarse on some file systems) keeps its stamp: a stamp
 * this recent is not trusted next time, so that note is read again until it has settled.
 */
const SETTLE_MS = 2000;

/** Notes stat-ed side by side: enough to keep the pool's threads busy, few enough not to crowd out the index's reads. */
const STAT_BATCH = 64;

export interface FreshnessOptions {
  /** Notes above this size are skipped by ingest, so here too (MAX_NOTE_BYTES). */
  maxFileBytes?: number;
}

/** Compares the knowledge folder the live build was made from with the build's manifest. */
export async function checkFreshness(indexDir: string, manifest: Manifest, options: FreshnessOptions = {}): Promise<Freshness> {
  const { knowledgeDir } = manifest;
  if (!knowledgeDir) return { state: 'unknown' };
  const listing = await listNotePaths(knowledgeDir).catch(() => undefined);
  if (!listing) return { state: 'missing', knowledgeDir };
  const cachePath = join(indexDir, CACHE_FILE);
  const cache = CacheSchema.safeParse(await readJson(cachePath));
  const seen = cache.success && cache.data.knowledgeDir === knowledgeDir ? cache.data.notes : {};

  const paths = new Map(listing.paths.map((path) => [noteName(listing.root, path), path]));
  const glossaryPath = join(listing.root, GLOSSARY_FILE);
  // The glossary is tracked under its own name; `.txt` never collides with a note's name.
  paths.set(GLOSSARY_FILE, glossaryPath);
  const stamps: Record<string, Stamp> = {};
  // A batch of stats at a time on libuv's pool, not one after another: a first answer waits for this check, and
  // 7,900 stats in turn took 1.7 s of a 100k-chunk cold start (the pool also reads the index meanwhile).
  const entries = [...paths];
  for (let at = 0; at < entries.length; at += STAT_BATCH) {
    const batch = entries.slice(at, at + STAT_BATCH);
    const infos = await Promise.all(batch.map(([, path]) => stat(path).catch(() => undefined)));
    batch.forEach(([file], i) => {
      const info = infos[i];
      if (info?.isFile()) stamps[file] = { size: info.size, mtimeMs: info.mtimeMs };
    });
  }

  const now: Record<string, SeenNote> = {};
  const toRead = new Set(notesToRead(stamps, seen));
  for (const [file, stamp] of Object.entries(stamps)) {
    // Stamped before reading: a save in between leaves an older stamp, which only costs a read next time.
    if (!toRead.has(file)) now[file] = seen[file]!;
    // An unreadable glossary is indexed as none (ingest skips it), so it reads as none here too, not as a change forever.
    else if (file === GLOSSARY_FILE) now[file] = { ...stamp, hash: glossaryFingerprint(await readFile(glossaryPath, 'utf8').catch(() => '')) };
    else {
      const read = await readNote(paths.get(file)!, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
      now[file] = { ...stamp, hash: 'source' in read ? sha256(read.source) : null };
    }
  }
  if (toRead.size > 0 || Object.keys(seen).length !== Object.keys(now).length) await writeCache(cachePath, knowledgeDir, now);

  const { [GLOSSARY_FILE]: glossary, ...notes } = now;
  const changes = compareNotes(
    manifest.files,
    Object.fromEntries(Object.entries(notes).map(([file, note]) => [file, note.hash])),
    (glossary?.hash ?? glossaryFingerprint('')) !== manifest.glossaryHash,
  );
  return isStale(changes) ? { state: 'stale', knowledgeDir, ...changes } : { state: 'fresh', knowledgeDir };
}

async function writeCache(path: string, knowledgeDir: string, notes: Record<string, SeenNote>): Promise<void> {
  const settled = Object.fromEntries(Object.entries(notes).filter(([, note]) => Date.now() - note.mtimeMs >= SETTLE_MS));
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  // Only a cache: a read-only index folder or a race with another process costs reads next time, nothing more.
  await writeFile(tmp, JSON.stringify({ knowledgeDir, notes: settled }))
    .then(() => rename(tmp, path))
    .catch(() => rm(tmp, { force: true }).catch(() => undefined));
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
