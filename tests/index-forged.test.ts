/**
 * Index files that are wrong although their checksums are right (forged, or written by a buggy tool and
 * re-signed): loading says which file is wrong and how to rebuild, and never hands hnswlib a file that would
 * make it read out of bounds or crash the process.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../scripts/prng.js';
import { terminalErrorText } from '../src/errors/terminal.js';
import { decodeChunks, encodeChunks } from '../src/index/chunk-store.js';
import { currentBuildDir, readIndex } from '../src/index/store.js';
import { VectorIndex } from '../src/index/vector.js';
import { ingest } from '../src/ingest/ingest.js';
import { UserError } from '../src/types.js';
import { copyFixtureKnowledge } from './helpers/knowledge.js';

const scratch = mkdtempSync(join(tmpdir(), 'index-forged-'));
const index = join(scratch, 'index');
let copies = 0;
let chunkCount: number;
let dimensions: number;

beforeAll(async () => {
  const report = await ingest({ knowledgeDir: copyFixtureKnowledge(join(scratch, 'knowledge')), indexDir: index, embedder: { kind: 'hashing' }, analyzer: 'ngram' });
  chunkCount = report.chunks;
  dimensions = (await readIndex(index)).manifest.dimensions;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A copy of the index with `file` replaced by `change(bytes)`, and every checksum made to match again. */
async function forged(file: string, change: (bytes: Buffer) => Buffer | Uint8Array): Promise<string> {
  const copy = join(scratch, `forged-${copies++}`);
  cpSync(index, copy, { recursive: true });
  const build = (await currentBuildDir(copy))!;
  const bytes = change(readFileSync(join(build, file)));
  writeFileSync(join(build, file), bytes);
  const manifest = JSON.parse(readFileSync(join(build, 'manifest.json'), 'utf8')) as { checksums: Record<string, string> };
  manifest.checksums[file] = sha256(bytes);
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
  writeFileSync(join(build, 'manifest.json'), manifestBytes);
  writeFileSync(join(copy, 'CURRENT'), `${build.split('/').pop()}\n${sha256(manifestBytes)}\n`);
  return copy;
}

async function loadError(dir: string): Promise<UserError | undefined> {
  try {
    const loaded = await readIndex(dir, { vectors: false });
    // What loaded must also search without reading outside the file.
    loaded.hnsw.search(new Float32Array(dimensions).fill(1 / Math.sqrt(dimensions)), 5);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
}

describe('a forged hnsw.bin with valid checksums', () => {
  it('of 8-dimension vectors under a manifest of more is INDEX_CORRUPT naming hnsw.bin', async () => {
    const small = join(scratch, 'small.bin');
    VectorIndex.build(Array.from({ length: chunkCount }, (_, i) => Float32Array.from({ length: 8 }, (_v, j) => (i === j ? 1 : 0.1))), 8).write(small);
    const error = await loadError(await forged('hnsw.bin', () => readFileSync(small)));
    expect(error?.code).toBe('INDEX_CORRUPT');
    expect(error?.message).toMatch(/^Index file hnsw\.bin is not laid out for \d+-dimension vectors [^.]*\.$/);
    expect(terminalErrorText(error!)).toMatch(/\. Rebuild it with `npm run ingest`\.$/);
  });

  it('claiming more vectors than the manifest is INDEX_CORRUPT naming hnsw.bin', async () => {
    const error = await loadError(await forged('hnsw.bin', (bytes) => (bytes.writeBigUInt64LE(BigInt(chunkCount + 1000), 16), bytes)));
    expect(error?.message).toMatch(/^Index file hnsw\.bin is for \d+ vectors, not the manifest's \d+\./);
  });

  it('never crashes the reader, whatever word of the file is changed (seeded mutations)', async () => {
    const pristine = readFileSync(join((await currentBuildDir(index))!, 'hnsw.bin'));
    const random = mulberry32(16);
    let headerChanges = 0;
    for (let n = 0; n < 60; n++) {
      // Header words half the time (where hnswlib takes its sizes and offsets from), anywhere otherwise.
      const header = n % 2 === 0;
      const at = header ? 8 * Math.floor(random() * 12) : 4 * Math.floor((random() * (pristine.length - 4)) / 4);
      const value = [0, 1, 0xffffffff, 0x7fffffff, Math.floor(random() * 0xffffffff), chunkCount + 1][n % 6]!;
      const error = await loadError(await forged('hnsw.bin', (bytes) => (bytes.writeUInt32LE(value, at), bytes)));
      if (error) {
        expect(error.code).toBe('INDEX_CORRUPT');
        expect(error.message).toMatch(/^Index file hnsw\.bin is /);
      }
      // Every changed header field is caught, but `mult` (offset 80: only used when adding points).
      if (header && at !== 80 && value !== pristine.readUInt32LE(at)) {
        headerChanges++;
        expect(error, `header word at ${at} set to ${value}`).toBeDefined();
      }
    }
    expect(headerChanges).toBeGreaterThan(15);
  });
});

describe('forged chunk keys with valid checksums', () => {
  it('giving two chunks one vector is INDEX_CORRUPT naming vector-keys.bin', async () => {
    const error = await loadError(await forged('vector-keys.bin', (bytes) => (bytes.writeUInt32LE(bytes.readUInt32LE(4), 0), bytes)));
    expect(error?.message).toBe('Index file vector-keys.bin is damaged (a chunk key is out of range, or given to two chunks).');
  });

  it('naming a vector hnsw.bin does not hold is INDEX_CORRUPT naming vector-keys.bin', async () => {
    const error = await loadError(await forged('vector-keys.bin', (bytes) => (bytes.writeUInt32LE(chunkCount + 5, 0), bytes)));
    expect(error?.message).toMatch(/^Index file vector-keys\.bin is damaged/);
  });

  it('of a chunk whose vector hnsw.bin marks deleted is INDEX_CORRUPT naming hnsw.bin', async () => {
    // Bit 0 of the third byte of a level-0 link list is hnswlib's deleted mark; the first element follows the 96-byte header.
    const error = await loadError(await forged('hnsw.bin', (bytes) => (bytes.writeUInt8(bytes.readUInt8(96 + 2) | 1, 96 + 2), bytes)));
    expect(error?.message).toBe("Index file hnsw.bin is damaged (1 of its vectors are deleted, not the manifest's 0).");
  });
});

describe('a forged chunks.bin with valid checksums', () => {
  it('whose section table points past its end is INDEX_CORRUPT naming chunks.bin, with how to rebuild', async () => {
    // The first section's file: a string number past the string table (header word 3 counts its strings).
    const error = await loadError(await forged('chunks.bin', (bytes) => (bytes.writeUInt32LE(bytes.readUInt32LE(12), 4 * (9 + bytes.readUInt32LE(12) + 1)), bytes)));
    expect(error?.code).toBe('INDEX_CORRUPT');
    expect(error?.message).toBe('Index file chunks.bin is not readable (a section names a string that is not there).');
    expect(terminalErrorText(error!)).toMatch(/\. Rebuild it with `npm run ingest`\.$/);
  });

  it('whose text is cut short is refused at load, not when a passage is shown', async () => {
    const error = await loadError(await forged('chunks.bin', (bytes) => bytes.subarray(0, bytes.length - 3)));
    expect(error?.message).toMatch(/^Index file chunks\.bin is not readable \(it is \d+ bytes long; its header describes \d+\)\.$/);
  });
});

describe('an index file inconsistent with the manifest', () => {
  it('is named in a sentence that reads right', async () => {
    const error = await loadError(await forged('chunks.bin', (bytes) => encodeChunks(decodeChunks(bytes).slice(0, -1))));
    expect(error?.message).toBe(
      `Index file chunks.bin is inconsistent with the manifest (it holds ${chunkCount - 1} chunks; the manifest says ${chunkCount} chunks).`,
    );
  });
});
