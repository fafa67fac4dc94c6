import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Glossary } from '../text/glossary.js';
import { UserError, type Chunk, type Note } from '../types.js';
import { LexicalIndex, type SerializedLexicalIndex } from './lexical.js';
import { VectorIndex } from './vector.js';

/**
 * The index folder on disk:
 *
 *   INDEX_DIR/CURRENT            name of the live build (replaced atomically by rename)
 *   INDEX_DIR/build-…/           one complete build: manifest, chunks, notes, vectors, HNSW, lexical, glossary
 *
 * A build is written to a hidden temporary folder, synced, renamed, and only then named in CURRENT,
 * so a crash at any point leaves the previous build live and loadable.
 */
export const FORMAT_VERSION = 1;
/**
 * Bumped whenever parsing, chunking or term extraction changes what an index holds, so that
 * the next ingest rebuilds even though the notes did not change.
 */
export const PIPELINE_VERSION = 2;

const FILES = {
  manifest: 'manifest.json',
  chunks: 'chunks.json',
  notes: 'notes.json',
  vectors: 'vectors.f32',
  hnsw: 'hnsw.bin',
  lexical: 'lexical.json',
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
  analyzer: z.enum(['ngram', 'morph']),
  chunking: z.object({ targetTokens: z.number(), maxTokens: z.number(), overlapTokens: z.number() }),
  hnsw: z.object({ m: z.number(), efConstruction: z.number(), efSearch: z.number() }),
  noteCount: z.number().int().nonnegative(),
  chunkCount: z.number().int().nonnegative(),
  /** Note file → sha256 of its bytes. */
  files: z.record(z.string(), z.string()),
  glossaryHash: z.string(),
  /** Index file → sha256, to name the broken file when one is damaged. */
  checksums: z.record(z.string(), z.string()),
});

export type Manifest = z.infer<typeof ManifestSchema>;

export interface IndexContents {
  manifest: Omit<Manifest, 'checksums'>;
  chunks: Chunk[];
  notes: Note[];
  /** Row-major, chunkCount × dimensions, unit length. */
  vectors: Float32Array;
  hnsw: VectorIndex;
  lexical: LexicalIndex;
  glossary: Glossary;
}

export interface LoadedIndex extends IndexContents {
  manifest: Manifest;
  dir: string;
}

const REBUILD_HINT = 'Rebuild it with `npm run ingest`.';

/** Writes a complete build next to the live one and switches CURRENT to it. Returns the build folder. */
export async function writeIndex(indexDir: string, contents: IndexContents): Promise<string> {
  await mkdir(indexDir, { recursive: true });
  const name = `build-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const tmp = join(indexDir, `.tmp-${name}`);
  await mkdir(tmp);
  try {
    const payloads: Record<string, Uint8Array> = {
      [FILES.chunks]: json(contents.chunks),
      [FILES.notes]: json(contents.notes),
      [FILES.vectors]: new Uint8Array(contents.vectors.buffer, contents.vectors.byteOffset, contents.vectors.byteLength),
      [FILES.lexical]: json(contents.lexical.toJSON()),
      [FILES.glossary]: json(contents.glossary),
    };
    const checksums: Record<string, string> = {};
    for (const [file, bytes] of Object.entries(payloads)) {
      writeDurably(join(tmp, file), bytes);
      checksums[file] = sha256(bytes);
    }
    contents.hnsw.write(join(tmp, FILES.hnsw));
    checksums[FILES.hnsw] = sha256(await readFile(join(tmp, FILES.hnsw)));
    writeDurably(join(tmp, FILES.manifest), json({ ...contents.manifest, checksums }));
    await rename(tmp, join(indexDir, name));
    writeDurably(join(indexDir, 'CURRENT.tmp'), new TextEncoder().encode(`${name}\n`));
    await rename(join(indexDir, 'CURRENT.tmp'), join(indexDir, 'CURRENT'));
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  await removeStaleBuilds(indexDir, name);
  return join(indexDir, name);
}

/** Old builds and temp folders left by a crash are removed once a new build is live. */
async function removeStaleBuilds(indexDir: string, live: string): Promise<void> {
  for (const entry of await readdir(indexDir)) {
    if (entry !== live && (entry.startsWith('build-') || entry.startsWith('.tmp-build-'))) {
      await rm(join(indexDir, entry), { recursive: true, force: true });
    }
  }
}

/** The live build's folder, or undefined when no index was ever built here. */
export async function currentBuildDir(indexDir: string): Promise<string | undefined> {
  const name = await readFile(join(indexDir, 'CURRENT'), 'utf8').catch(() => undefined);
  return name?.trim() ? join(indexDir, name.trim()) : undefined;
}

/** Reads and validates only the manifest (cheap: lets ingest see whether anything changed). */
export async function readManifest(indexDir: string): Promise<Manifest | undefined> {
  const dir = await currentBuildDir(indexDir);
  if (!dir) return undefined;
  const parsed = ManifestSchema.safeParse(await readJson(join(dir, FILES.manifest)).catch(() => undefined));
  return parsed.success ? parsed.data : undefined;
}

/** True when every file of the live build is present and matches its checksum. */
export async function verifyIndexFiles(indexDir: string, manifest: Manifest): Promise<boolean> {
  const dir = await currentBuildDir(indexDir);
  if (!dir) return false;
  for (const [file, checksum] of Object.entries(manifest.checksums)) {
    const content = await readFile(join(dir, file)).catch(() => undefined);
    if (!content || sha256(content) !== checksum) return false;
  }
  return true;
}

export async function readIndex(indexDir: string): Promise<LoadedIndex> {
  const dir = await currentBuildDir(indexDir);
  if (!dir) throw new UserError('INDEX_MISSING', `No index in ${indexDir}. Build it with \`npm run ingest\`.`);
  const manifestData = await readJson(join(dir, FILES.manifest)).catch(() => {
    throw corrupt(FILES.manifest, 'missing or not valid JSON');
  });
  const parsed = ManifestSchema.safeParse(manifestData);
  if (!parsed.success) {
    const format = (manifestData as { formatVersion?: unknown })?.formatVersion;
    throw corrupt(FILES.manifest, format !== FORMAT_VERSION ? `format version ${String(format)} (this version reads ${FORMAT_VERSION})` : 'unexpected content');
  }
  const manifest = parsed.data;
  const bytes: Record<string, Buffer> = {};
  for (const [file, checksum] of Object.entries(manifest.checksums)) {
    const content = await readFile(join(dir, file)).catch(() => undefined);
    if (!content) throw corrupt(file, 'missing');
    if (sha256(content) !== checksum) throw corrupt(file, 'damaged (checksum mismatch)');
    bytes[file] = content;
  }
  try {
    const chunks = parseJson<Chunk[]>(bytes, FILES.chunks);
    const vectorBytes = bytes[FILES.vectors]!;
    const vectors = new Float32Array(vectorBytes.buffer.slice(vectorBytes.byteOffset, vectorBytes.byteOffset + vectorBytes.byteLength));
    if (chunks.length !== manifest.chunkCount || vectors.length !== manifest.chunkCount * manifest.dimensions) {
      throw corrupt(FILES.vectors, 'does not match the chunk count');
    }
    const hnsw = VectorIndex.read(join(dir, FILES.hnsw), manifest.dimensions, manifest.hnsw);
    if (hnsw.size !== manifest.chunkCount) throw corrupt(FILES.hnsw, 'does not match the chunk count');
    return {
      dir,
      manifest,
      chunks,
      notes: parseJson<Note[]>(bytes, FILES.notes),
      vectors,
      hnsw,
      lexical: LexicalIndex.fromJSON(parseJson<SerializedLexicalIndex>(bytes, FILES.lexical)),
      glossary: parseJson<Glossary>(bytes, FILES.glossary),
    };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('INDEX_CORRUPT', `The index in ${dir} could not be read (${(error as Error).message}). ${REBUILD_HINT}`);
  }
}

function corrupt(file: string, problem: string): UserError {
  return new UserError('INDEX_CORRUPT', `Index file ${file} is ${problem}. ${REBUILD_HINT}`);
}

function parseJson<T>(bytes: Record<string, Buffer>, file: string): T {
  try {
    return JSON.parse(bytes[file]!.toString('utf8')) as T;
  } catch {
    throw corrupt(file, 'not valid JSON');
  }
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}

function json(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
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

/**
 * One ingest at a time per index folder. A lock left by a crashed process (its pid is gone) is taken over.
 * Returns a release function.
 */
export async function lockIndex(indexDir: string): Promise<() => Promise<void>> {
  await mkdir(indexDir, { recursive: true });
  const path = join(indexDir, '.ingest.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(path, 'utf8').catch(() => ''));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new UserError('BAD_ARGUMENT', `Another ingest (pid ${holder}) is writing ${indexDir}. Wait for it to finish.`);
      }
      await rm(path, { force: true });
    }
  }
  throw new UserError('BAD_ARGUMENT', `Could not lock ${indexDir} for ingest.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function indexSizeOnDisk(indexDir: string): Promise<number> {
  const dir = await currentBuildDir(indexDir);
  if (!dir) return 0;
  let total = 0;
  for (const entry of await readdir(dir)) total += (await stat(join(dir, entry))).size;
  return total;
}
