import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { ANALYZER_NAMES } from '../text/analyzer.js';
import type { Glossary } from '../text/glossary.js';
import { UserError, type Chunk, type Note } from '../types.js';
import { FieldedLexicalIndex } from './fields.js';
import { decodeChunks, encodeChunks } from './chunk-store.js';
import { CHECKSUM_MISMATCH, sha256, sha256OfFile } from './checksum.js';
import { BUILD_MARKER } from './folder.js';
import { hnswFileProblem } from './hnsw-file.js';
import { VectorIndex } from './vector.js';
import { ChunkVectors, decodeKeys, encodeKeys } from './vector-store.js';

/**
 * The index folder on disk:
 *
 *   INDEX_DIR/CURRENT            name of the live build (replaced atomically by rename)
 *   INDEX_DIR/build-…/           one complete build: manifest, chunks, notes, vectors, HNSW and its chunk keys, lexical, glossary
 *
 * A build is written to a hidden temporary folder, synced, renamed, and only then named in CURRENT,
 * so a crash at any point leaves the previous build live and loadable.
 */
/**
 * Bumped when a build's files change shape (4: chunks.bin replaced chunks.json; 5: vector-keys.bin, and hnsw.bin
 * may hold deleted points): an older build is then rebuilt, not misread.
 */
export const FORMAT_VERSION = 5;
/**
 * Bumped whenever parsing, chunking or term extraction changes what an index holds, so that
 * the next ingest rebuilds even though the notes did not change.
 */
export const PIPELINE_VERSION = 25;

const FILES = {
  manifest: 'manifest.json',
  chunks: 'chunks.bin',
  notes: 'notes.json',
  vectors: 'vectors.f32',
  hnsw: 'hnsw.bin',
  vectorKeys: 'vector-keys.bin',
  lexical: 'lexical.bin',
  glossary: 'glossary.json',
} as const;

export const ManifestSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  pipelineVersion: z.number().int(),
  builtAt: z.string(),
  /** The embedder the vectors were made with; `ask` re-creates exactly this one. */
  embedder: z.string(),
  /** What ingest was asked for (differs from `embedder` after a fallback). */
  requestedEmbedder: z.string(),
  fallbackReason: z.string().optional(),
  dimensions: z.number().int().positive(),
  analyzer: z.enum(ANALYZER_NAMES),
  chunking: z.object({ targetTokens: z.number(), maxTokens: z.number(), overlapTokens: z.number() }),
  hnsw: z.object({ m: z.number(), efConstruction: z.number(), efSearch: z.number() }),
  /**
   * What hnsw.bin holds (its check needs it): points, deleted ones included (a one-note edit deletes its old chunks'
   * points and adds new ones; the file has room for exactly these), and how many are deleted. `vector-keys.bin`
   * names the live point of each chunk.
   */
  vectorStore: z.object({ points: z.number().int().nonnegative(), deleted: z.number().int().nonnegative() }),
  noteCount: z.number().int().nonnegative(),
  chunkCount: z.number().int().nonnegative(),
  /** Note file → sha256 of its bytes. */
  files: z.record(z.string(), z.string()),
  /** The knowledge folder the notes were read from (resolved), so `ask` can tell whether they changed since; absent in older builds. */
  knowledgeDir: z.string().optional(),
  glossaryHash: z.string(),
  /** Index file → sha256, to name the broken file when one is damaged. */
  checksums: z.record(z.string(), z.string()),
});

export type Manifest = z.infer<typeof ManifestSchema>;

export interface IndexContents {
  /** `vectorStore` is what `hnsw` holds when it is written. */
  manifest: Omit<Manifest, 'checksums' | 'vectorStore'>;
  chunks: Chunk[];
  notes: Note[];
  /** Row-major, chunkCount × dimensions, unit length. */
  vectors: Float32Array;
  /** The vector store with this build's chunk keys. */
  hnsw: ChunkVectors;
  lexical: FieldedLexicalIndex;
  glossary: Glossary;
}

export interface LoadedIndex extends Omit<IndexContents, 'manifest'> {
  manifest: Manifest;
  /** Parses the notes (what `notes` does on each access): only concept cards need them. */
  readNotes(): Note[];
  dir: string;
}


/** Writes a complete build next to the live one and switches CURRENT to it. Returns the build folder. */
export async function writeIndex(indexDir: string, contents: IndexContents): Promise<string> {
  await mkdir(indexDir, { recursive: true });
  const name = `build-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const tmp = join(indexDir, `.tmp-${name}`);
  await mkdir(tmp);
  try {
    // First, so that even a crash's half-written leftover is known to be ours (and only ours are ever removed).
    writeDurably(join(tmp, BUILD_MARKER), new Uint8Array());
    const payloads: Record<string, Uint8Array> = {
      [FILES.chunks]: encodeChunks(contents.chunks),
      [FILES.notes]: json(contents.notes),
      [FILES.vectors]: new Uint8Array(contents.vectors.buffer, contents.vectors.byteOffset, contents.vectors.byteLength),
      [FILES.vectorKeys]: encodeKeys(contents.hnsw.keys),
      [FILES.lexical]: contents.lexical.toBinary(),
      [FILES.glossary]: json(contents.glossary),
    };
    const checksums: Record<string, string> = {};
    for (const [file, bytes] of Object.entries(payloads)) {
      writeDurably(join(tmp, file), bytes);
      checksums[file] = sha256(bytes);
    }
    const { store } = contents.hnsw;
    store.write(join(tmp, FILES.hnsw));
    checksums[FILES.hnsw] = sha256(await readFile(join(tmp, FILES.hnsw)));
    const manifest = json({ ...contents.manifest, vectorStore: { points: store.size, deleted: store.deleted }, checksums });
    writeDurably(join(tmp, FILES.manifest), manifest);
    await rename(tmp, join(indexDir, name));
    // CURRENT also holds the manifest's checksum: the manifest vouches for every other file, CURRENT for the manifest.
    writeDurably(join(indexDir, 'CURRENT.tmp'), new TextEncoder().encode(`${name}\n${sha256(manifest)}\n`));
    await rename(join(indexDir, 'CURRENT.tmp'), join(indexDir, 'CURRENT'));
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  await removeStaleBuilds(indexDir, name);
  return join(indexDir, name);
}

/**
 * Old builds and temp folders left by a crash are removed once a new build is live: only folders this program made
 * (they hold its marker, or, written by versions before the marker, nothing but index files), never a user's
 * `build-output/` that happens to sit in the folder.
 */
async function removeStaleBuilds(indexDir: string, live: string): Promise<void> {
  for (const entry of await readdir(indexDir)) {
    if (entry !== live && (entry.startsWith('build-') || entry.startsWith('.tmp-build-')) && (await isOwnBuild(join(indexDir, entry)))) {
      await rm(join(indexDir, entry), { recursive: true, force: true });
    }
  }
}

/** Files of builds older than FORMAT_VERSION 4 (superseded builds are still recognised as ours). */
const LEGACY_FILES = ['chunks.json'];
const OWN_FILES = new Set<string>([BUILD_MARKER, ...Object.values(FILES), ...LEGACY_FILES]);

async function isOwnBuild(dir: string): Promise<boolean> {
  const entries = await readdir(dir).catch(() => undefined);
  if (!entries) return false;
  return entries.includes(BUILD_MARKER) || (entries.length > 0 && entries.every((entry) => OWN_FILES.has(entry)));
}

/** Removes what a crashed ingest left next to the live build (temp folders, superseded builds). */
export async function removeStaleBuildsOf(indexDir: string): Promise<void> {
  const dir = await currentBuildDir(indexDir);
  if (dir) await removeStaleBuilds(indexDir, basename(dir));
}

/** The live build's folder, or undefined when no index was ever built here (or CURRENT is damaged). */
export async function currentBuildDir(indexDir: string): Promise<string | undefined> {
  const current = await readCurrent(indexDir);
  return current && !current.problem ? current.dir : undefined;
}

/**
 * CURRENT: the live build's name, then (since the manifest checksum was added) the manifest's sha256. It is only
 * ever replaced whole (rename), so anything else in it — or a build that is not there — is damage, reported as
 * `problem` (and a damaged name never becomes a path outside the index folder).
 */
async function readCurrent(indexDir: string): Promise<{ dir: string; manifestChecksum?: string; problem?: string } | undefined> {
  const path = join(indexDir, 'CURRENT');
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    // Not "no index": building one would fail the same way, or hide the live build behind a new one.
    throw new UserError('INDEX_UNREADABLE', `The index file ${path} cannot be read (${error.code ?? error.message}): give the user running this program read permission on it and its folder.`);
  });
  if (text === undefined) return undefined;
  const [name = '', checksum] = text.split('\n').map((line) => line.trim());
  if (!/^build-[A-Za-z0-9-]+$/.test(name) || (checksum && !/^[0-9a-f]{64}$/.test(checksum))) {
    return { dir: indexDir, problem: 'damaged (it does not name a build)' };
  }
  const dir = join(indexDir, name);
  const exists = await stat(dir).then((info) => info.isDirectory(), () => false);
  return { dir, ...(checksum ? { manifestChecksum: checksum } : {}), ...(exists ? {} : { problem: `damaged (it names ${name}, which is not there)` }) };
}

/** Reads and validates only the manifest (cheap: lets ingest see whether anything changed). */
/**
 * True when there is nothing to answer from yet: no build, or one written by an older version of this
 * program (a different format). The CLI and the bot then build the index instead of failing.
 */
export async function indexNeedsBuild(indexDir: string): Promise<boolean> {
  const current = await readCurrent(indexDir);
  if (!current) return true;
  // Damage is not an old version: reading the index reports it (with the file named).
  if (current.problem) return false;
  const bytes = await readFile(join(current.dir, FILES.manifest)).catch(() => undefined);
  const format = (bytes ? (parseJsonBytes(bytes) as { formatVersion?: unknown } | undefined) : undefined)?.formatVersion;
  return typeof format === 'number' && format !== FORMAT_VERSION;
}

export async function readManifest(indexDir: string): Promise<Manifest | undefined> {
  const current = await readCurrent(indexDir);
  if (!current || current.problem) return undefined;
  const bytes = await readFile(join(current.dir, FILES.manifest)).catch(() => undefined);
  if (!bytes) return undefined;
  const checksum = sha256(bytes);
  if (current.manifestChecksum && checksum !== current.manifestChecksum) return undefined;
  return validManifest(bytes, checksum);
}

/**
 * The last manifest validated, by the sha256 of its bytes: one `ask` reads the same manifest three times (the
 * freshness check, the analyzer's name, the index), and validating a large index's (7,900 notes' hashes) takes tens
 * of milliseconds each time. Nothing changes a manifest once read.
 */
let lastManifest: { checksum: string; manifest: Manifest } | undefined;

function validManifest(bytes: Buffer, checksum: string): Manifest | undefined {
  if (lastManifest?.checksum === checksum) return lastManifest.manifest;
  const parsed = ManifestSchema.safeParse(parseJsonBytes(bytes));
  if (!parsed.success) return undefined;
  lastManifest = { checksum, manifest: parsed.data };
  return parsed.data;
}

/** True when every file of the live build is present and matches its checksum. */
export async function verifyIndexFiles(indexDir: string, manifest: Manifest): Promise<boolean> {
  const dir = await currentBuildDir(indexDir);
  if (!dir) return false;
  for (const [file, checksum] of Object.entries(manifest.checksums)) {
    if ((await sha256OfFile(join(dir, file))) !== checksum) return false;
  }
  return true;
}

/**
 * Reads and checks the live build. `{ vectors: false }` is the engine's read: it leaves out the flat vectors (the
 * engine searches HNSW's own copy), whose file is then only checked for its size, and checks the notes' bytes when
 * they are first parsed (concept cards) rather than at load. The full read (ingest's, `status`) checks every file.
 */
export async function readIndex(indexDir: string): Promise<LoadedIndex>;
export async function readIndex(indexDir: string, options: { vectors: false }): Promise<Omit<LoadedIndex, 'vectors'>>;
export async function readIndex(indexDir: string, options: { vectors?: boolean } = {}): Promise<LoadedIndex | Omit<LoadedIndex, 'vectors'>> {
  for (let attempt = 1; ; attempt++) {
    const current = await readCurrent(indexDir);
    if (!current) throw new UserError('INDEX_MISSING', `No index in ${indexDir}.`);
    if (current.problem) throw corrupt('CURRENT', current.problem);
    try {
      return await readBuild(current, options.vectors !== false);
    } catch (error) {
      // Another ingest may have switched CURRENT to its new build, and removed this one, while it was being read:
      // that is not damage. The new build is read instead (a few times at most: ingests are seconds apart).
      const now = await readCurrent(indexDir);
      if (attempt < 4 && now && !now.problem && now.dir !== current.dir) continue;
      throw error;
    }
  }
}

async function readBuild(current: { dir: string; manifestChecksum?: string }, withVectors: boolean): Promise<LoadedIndex | Omit<LoadedIndex, 'vectors'>> {
  const { dir } = current;
  const manifestBytes = await readFile(join(dir, FILES.manifest)).catch(() => undefined);
  if (!manifestBytes) throw corrupt(FILES.manifest, 'missing');
  const manifestChecksum = sha256(manifestBytes);
  if (current.manifestChecksum && manifestChecksum !== current.manifestChecksum) {
    // Either file may be the damaged one: the manifest, or the checksum CURRENT holds for it.
    throw corrupt(FILES.manifest, 'damaged (its checksum does not match the one in CURRENT, or CURRENT is damaged)');
  }
  const manifest = validManifest(manifestBytes, manifestChecksum);
  if (!manifest) {
    const manifestData = parseJsonBytes(manifestBytes);
    if (manifestData === undefined) throw corrupt(FILES.manifest, 'not valid JSON');
    const format = (manifestData as { formatVersion?: unknown })?.formatVersion;
    throw corrupt(FILES.manifest, format !== FORMAT_VERSION ? `format version ${String(format)} (this version reads ${FORMAT_VERSION})` : 'unexpected content');
  }
  for (const file of Object.values(FILES)) {
    if (file !== FILES.manifest && !(file in manifest.checksums)) throw corrupt(file, 'not listed in the manifest');
  }
  const path = (file: string): string => join(dir, file);
  // hnsw.bin is most of the build: its layout (hnswlib trusts the file's numbers, and a forged file could crash the
  // process) and its checksum are checked in one pass, before hnswlib reads it; hnswlib then reads it on the thread
  // pool while the other files are checked and decoded here.
  // The graph's points are the build's chunks' keys (vector-keys.bin), deleted points included (see hnsw-file.ts).
  const { points, deleted } = manifest.vectorStore;
  if (points - deleted !== manifest.chunkCount) throw corrupt(FILES.manifest, `inconsistent (${points} vectors of which ${deleted} deleted, for ${manifest.chunkCount} chunks)`);
  const keys = decodeKeys(await verifiedBytes(dir, manifest, FILES.vectorKeys), manifest.chunkCount, points);
  if (typeof keys === 'string') throw corrupt(FILES.vectorKeys, keys);
  const hnswProblem = await hnswFileProblem(path(FILES.hnsw), {
    dimensions: manifest.dimensions,
    count: points,
    deleted,
    keys,
    m: manifest.hnsw.m,
    efConstruction: manifest.hnsw.efConstruction,
    sha256: manifest.checksums[FILES.hnsw]!,
  });
  if (hnswProblem) throw corrupt(FILES.hnsw, hnswProblem);
  const hnswLoading = VectorIndex.load(path(FILES.hnsw), manifest.dimensions, manifest.hnsw, deleted);
  // Awaited below; a failure of another file first must not leave it unhandled.
  hnswLoading.catch(() => undefined);
  const verified = (file: string): Promise<Buffer> => verifiedBytes(dir, manifest, file);
  try {
    const chunks = readChunks(await verified(FILES.chunks));
    if (chunks.length !== manifest.chunkCount) throw corrupt(FILES.chunks, inconsistent(`${chunks.length} chunks`, manifest.chunkCount));
    const lexical = readLexical(await verified(FILES.lexical));
    const glossary = parseJson<Glossary>(await verified(FILES.glossary), FILES.glossary);
    const vectors = withVectors ? floats(await verified(FILES.vectors)) : undefined;
    const vectorBytes = vectors ? vectors.byteLength : await fileSize(path(FILES.vectors));
    if (vectorBytes === undefined) throw corrupt(FILES.vectors, 'missing');
    const vectorCount = vectorBytes / (4 * manifest.dimensions);
    if (vectorCount !== manifest.chunkCount) throw corrupt(FILES.vectors, inconsistent(`${vectorCount} vectors`, manifest.chunkCount));
    // Only concept cards need the notes. Their bytes are read now (an ingest that replaces this build removes its
    // files) but, in the engine's read, checked and parsed only when asked for: 70 MB at 100k chunks that answering
    // never reads.
    const notesBytes = withVectors ? await verified(FILES.notes) : await readFile(path(FILES.notes)).catch(() => undefined);
    if (!notesBytes) throw corrupt(FILES.notes, 'missing');
    let notesChecked = withVectors;
    const readNotes = (): Note[] => {
      if (!notesChecked) checkBytes(manifest, FILES.notes, notesBytes);
      notesChecked = true;
      return parseJson<Note[]>(notesBytes, FILES.notes);
    };
    const store = await hnswLoading;
    if (store.size !== points) throw corrupt(FILES.hnsw, inconsistent(`${store.size} vectors`, manifest.chunkCount));
    const hnsw = new ChunkVectors(store, keys);
    return {
      dir,
      manifest,
      chunks,
      ...(vectors ? { vectors } : {}),
      // Each access parses afresh, so the caller decides what to keep.
      get notes(): Note[] {
        return readNotes();
      },
      readNotes,
      hnsw,
      lexical,
      glossary,
    };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('INDEX_CORRUPT', `The index in ${dir} could not be read (${(error as Error).message}).`);
  }
}

/** A build file's bytes, checked against the manifest's checksum. */
async function verifiedBytes(dir: string, manifest: Manifest, file: string): Promise<Buffer> {
  const content = await readFile(join(dir, file)).catch(() => undefined);
  if (!content) throw corrupt(file, 'missing');
  checkBytes(manifest, file, content);
  return content;
}

/** Throws `INDEX_CORRUPT` naming the file when its bytes are not the ones the manifest recorded. */
function checkBytes(manifest: Manifest, file: string, bytes: Buffer): void {
  if (sha256(bytes) !== manifest.checksums[file]) throw corrupt(file, CHECKSUM_MISMATCH);
}

async function fileSize(path: string): Promise<number | undefined> {
  return stat(path).then(
    (info) => (info.isFile() ? info.size : undefined),
    () => undefined,
  );
}

/** The file's bytes as floats, without copying when the buffer is aligned (a large file's is). */
function floats(bytes: Buffer): Float32Array {
  if (bytes.byteOffset % 4 === 0 && bytes.byteLength % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function readChunks(bytes: Buffer): Chunk[] {
  try {
    return decodeChunks(bytes);
  } catch (error) {
    throw corrupt(FILES.chunks, `not readable (${(error as Error).message})`);
  }
}

function readLexical(bytes: Buffer): FieldedLexicalIndex {
  try {
    return FieldedLexicalIndex.fromBinary(bytes);
  } catch (error) {
    throw corrupt(FILES.lexical, `not readable (${(error as Error).message})`);
  }
}

/** A problem to follow "Index file X is": what the file holds against the manifest's chunk count. */
function inconsistent(holds: string, chunkCount: number): string {
  return `inconsistent with the manifest (it holds ${holds}; the manifest says ${chunkCount} chunks)`;
}

/** `problem` completes "Index file X is …": `missing`, `damaged (…)`, `not valid JSON`. */
function corrupt(file: string, problem: string): UserError {
  return new UserError('INDEX_CORRUPT', `Index file ${file} is ${problem}.`);
}

function parseJson<T>(bytes: Buffer, file: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw corrupt(file, 'not valid JSON');
  }
}

function parseJsonBytes(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

function writeDurably(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Lock files this process holds right now. */
const locksHeldHere = new Set<string>();

/**
 * What a lock file records of its holder: the pid, and (where the system says) when that process started and
 * since which boot, so that a pid reused by another process after a crash or a reboot is not taken for the holder.
 */
interface LockHolder {
  pid: number;
  startedAt?: string;
  bootId?: string;
}

/**
 * One ingest at a time per index folder. A lock left by a process that is gone (its pid is free, or now belongs
 * to a process started later, or the machine rebooted since) is taken over. Returns a release function.
 */
export async function lockIndex(indexDir: string): Promise<() => Promise<void>> {
  await mkdir(indexDir, { recursive: true });
  const path = resolve(indexDir, '.ingest.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    // A lock file naming this very process is a leftover of an earlier process with the same pid (containers
    // reuse pids), unless this process holds it right now: then a second ingest in this process is refused too.
    if (locksHeldHere.has(path)) {
      throw new UserError('INDEX_LOCKED', `Another ingest in this process is writing ${indexDir}. Wait for it to finish.`);
    }
    // Claimed in memory before the first await, so two calls in one tick cannot both get through.
    locksHeldHere.add(path);
    try {
      await writeFile(path, JSON.stringify(await lockHolder(process.pid)), { flag: 'wx' });
      return async () => {
        await rm(path, { force: true });
        locksHeldHere.delete(path);
      };
    } catch (error) {
      locksHeldHere.delete(path);
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = parseLock(await readFile(path, 'utf8').catch(() => ''));
      if (holder && holder.pid !== process.pid && (await holdsLock(holder))) {
        throw new UserError(
          'INDEX_LOCKED',
          `Another ingest (pid ${holder.pid}) is writing ${indexDir}. Wait for it to finish; if no ingest or bot is running, delete ${path} and run it again.`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new UserError('BAD_ARGUMENT', `Could not lock ${indexDir} for ingest.`);
}

/** A lock's holder: JSON, or the bare pid older versions wrote. */
function parseLock(text: string): LockHolder | undefined {
  const legacy = Number(text);
  if (Number.isInteger(legacy) && legacy > 0) return { pid: legacy };
  try {
    const holder = JSON.parse(text) as LockHolder;
    return Number.isInteger(holder.pid) && holder.pid > 0 ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** True when the process the lock names is still the one that wrote it. */
async function holdsLock(holder: LockHolder): Promise<boolean> {
  if (!isAlive(holder.pid)) return false;
  const now = await lockHolder(holder.pid);
  if (holder.bootId && now.bootId && holder.bootId !== now.bootId) return false;
  return !(holder.startedAt && now.startedAt && holder.startedAt !== now.startedAt);
}

/** `pid`, with its start time and the boot id where /proc has them (Linux); elsewhere the pid alone. */
async function lockHolder(pid: number): Promise<LockHolder> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  const bootId = await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => undefined);
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its closing one;
  // the start time is field 22, in clock ticks since boot.
  const startedAt = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  return { pid, ...(startedAt ? { startedAt } : {}), ...(bootId ? { bootId: bootId.trim() } : {}) };
}
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
