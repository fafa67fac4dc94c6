/**
 * A small edit of the notes changes the live build's vector graph in place (old chunks' points marked deleted, new
 * ones added, keyed by content hash) instead of building it whole, parses only the changed notes and analyzes only
 * new chunk texts, and the updated index answers as a fresh build of the same notes does: the same notes, chunks and
 * terms, the same top-k against an exact scan and against a fresh build, and the same passages.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateCorpus, type BenchQuestion } from '../scripts/gen-corpus.js';
import { HashingEmbedder } from '../src/embed/hashing.js';
import { FIELDS } from '../src/index/fields.js';
import { openKnowledgeBase } from '../src/engine/knowledge-base.js';
import { currentBuildDir, readIndex, readManifest, type LoadedIndex } from '../src/index/store.js';
import { VectorIndex } from '../src/index/vector.js';
import { MAX_DELETED_SHARE } from '../src/index/vector-update.js';
import { ingest, type IngestOptions } from '../src/ingest/ingest.js';
import type { IngestReport } from '../src/types.js';
import { buildFiles } from './helpers/build-files.js';

const scratch = mkdtempSync(join(tmpdir(), 'ingest-incremental-'));
const knowledge = join(scratch, 'knowledge');
const index = join(scratch, 'index');
let questions: BenchQuestion[];
let freshBuilds = 0;

const options = (indexDir: string, extra: Partial<IngestOptions> = {}): IngestOptions => ({ knowledgeDir: knowledge, indexDir, embedder: { kind: 'hashing' }, analyzer: 'ngram', ...extra });
const notes = (): string[] => (readdirSync(knowledge, { recursive: true }) as string[]).filter((file) => file.endsWith('.md')).sort();
/** Changes one body line of a note (its last line that is plain prose), so a chunk or two of it change. */
function editNote(file: string, words: string): void {
  const lines = readFileSync(join(knowledge, file), 'utf8').split('\n');
  const prose = lines.map((line, at) => ({ line, at })).filter(({ line }) => /^[^#\-*`|>\s]/.test(line) && line.length > 20);
  const at = prose.at(-1)!.at;
  lines[at] = `${lines[at]} ${words}`;
  writeFileSync(join(knowledge, file), lines.join('\n'));
}

beforeAll(async () => {
  questions = generateCorpus({ targetChunks: 400, outDir: knowledge, questions: 24 }).questions.filter((q) => q.inScope);
  const first = await ingest(options(index));
  expect(first.vectorGraph).toEqual({ updated: false });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** The k nearest chunk positions by an exact scan of the build's flat vectors (ties broken by position). */
function exactTop(loaded: LoadedIndex, query: Float32Array, k: number): { id: number; similarity: number }[] {
  const dims = loaded.manifest.dimensions;
  const scored = loaded.chunks.map((_, id) => {
    let similarity = 0;
    for (let d = 0; d < dims; d++) similarity += loaded.vectors[id * dims + d]! * query[d]!;
    return { id, similarity };
  });
  return scored.sort((a, b) => b.similarity - a.similarity || a.id - b.id).slice(0, k);
}

/**
 * Builds the same notes whole into a new folder and checks that the incrementally updated index answers like it:
 * its dense top-10 against an exact scan (tie-aware recall) and against the fresh graph, and the passages search shows.
 */
async function expectSameAsFreshBuild(): Promise<void> {
  const freshDir = join(scratch, `fresh-${freshBuilds++}`);
  expect((await ingest(options(freshDir))).vectorGraph).toEqual({ updated: false });
  const updated = await readIndex(index);
  const fresh = await readIndex(freshDir);
  // Parsed notes and chunks taken from the live build for unchanged files are what parsing them again makes.
  const [updatedFiles, freshFiles] = await Promise.all([buildFiles(index), buildFiles(freshDir)]);
  for (const file of ['chunks.bin', 'notes.json', 'vectors.f32', 'glossary.json']) expect(updatedFiles[file], file).toBe(freshFiles[file]);
  // Kept analyses are the terms analyzing each chunk again gives (BM25 scores by counts, so order within a chunk is free).
  const bags = (loaded: LoadedIndex) => loaded.lexical.documentTerms().map((terms) => FIELDS.map((field) => [...terms[field]].sort().join(' ')).join(' | '));
  expect(bags(updated)).toEqual(bags(fresh));
  const embedder = new HashingEmbedder({ dimensions: updated.manifest.dimensions });
  let found = 0;
  let wanted = 0;
  for (const { question } of questions) {
    const query = embedder.embed(question);
    const exact = exactTop(updated, query, 10);
    const tenth = exact.at(-1)!.similarity;
    const hits = updated.hnsw.search(query, 10);
    // A hit tied with the exact 10th neighbour is as right as the one the scan happened to list.
    found += hits.filter((hit) => hit.similarity >= tenth - 1e-6).length;
    wanted += exact.length;
    for (const hit of hits) expect(hit.similarity).toBeCloseTo(exactSimilarity(updated, hit.id, query), 5);
    expect(hits.map((h) => h.similarity)).toEqual(fresh.hnsw.search(query, 10).map((h) => expect.closeTo(h.similarity, 5)));
  }
  expect(found / wanted).toBeGreaterThanOrEqual(0.99);

  const [a, b] = await Promise.all([openKnowledgeBase({ indexDir: index }), openKnowledgeBase({ indexDir: freshDir })]);
  try {
    for (const { question } of questions) {
      const shown = async (kb: typeof a) => (await kb.search(question)).map((hit) => `${hit.file}#${hit.sectionId}`);
      expect(await shown(a), question).toEqual(await shown(b));
    }
  } finally {
    await Promise.all([a.dispose(), b.dispose()]);
  }
}

function exactSimilarity(loaded: LoadedIndex, id: number, query: Float32Array): number {
  const dims = loaded.manifest.dimensions;
  let similarity = 0;
  for (let d = 0; d < dims; d++) similarity += loaded.vectors[id * dims + d]! * query[d]!;
  return similarity;
}

function updatedGraph(report: IngestReport): { added: number; removed: number } {
  expect(report.vectorGraph?.updated, 'the graph was changed in place').toBe(true);
  return report.vectorGraph as { added: number; removed: number };
}

describe('re-ingesting after a small edit', () => {
  it('changes the previous graph in place, and the manifest counts its deleted points', async () => {
    const before = (await readManifest(index))!;
    editNote(notes()[3]!, '그래서 캐시 무효화가 중요하다 (cache invalidation).');
    const report = await ingest(options(index));
    const { added, removed } = updatedGraph(report);
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThan(10);
    expect(removed).toBe(added);
    expect(report.embedded).toBe(added);
    const manifest = (await readManifest(index))!;
    expect(manifest.vectorStore).toEqual({ points: before.vectorStore.points + added, deleted: removed });
    expect(manifest.chunkCount).toBe(before.chunkCount);
    await expectSameAsFreshBuild();
  });

  it('adds a new note’s chunks, drops a deleted note’s, and keeps a renamed note’s keys', async () => {
    const [first, second, third] = notes();
    const added = readFileSync(join(knowledge, first!), 'utf8').replace(/^(#+ .*)$/gm, '$1 (복습)');
    writeFileSync(join(knowledge, 'zz-review.md'), added);
    rmSync(join(knowledge, second!));
    const before = (await readManifest(index))!;
    const report = await ingest(options(index));
    const graph = updatedGraph(report);
    expect(graph.added).toBeGreaterThan(0);
    expect(graph.removed).toBeGreaterThan(0);
    expect((await readManifest(index))!.vectorStore.deleted).toBe(before.vectorStore.deleted + graph.removed);
    await expectSameAsFreshBuild();

    // A rename moves the same text: its chunks keep their keys (content hash), nothing is added or deleted.
    const renamedTo = join(dirname(third!), `renamed-${basename(third!)}`);
    renameSync(join(knowledge, third!), join(knowledge, renamedTo));
    const renamed = await ingest(options(index));
    expect(renamed.files.added).toEqual([renamedTo]);
    expect(updatedGraph(renamed)).toEqual({ updated: true, added: 0, removed: 0 });
    await expectSameAsFreshBuild();
  });

  it('builds the graph whole once deleted points would pass the limit, and on --force', async () => {
    const { vectorStore } = (await readManifest(index))!;
    // Renamed headings change every chunk of a note (a chunk's text includes its heading path): half the notes'
    // chunks deleted is a third of the points, past MAX_DELETED_SHARE.
    expect(MAX_DELETED_SHARE).toBeLessThan(1 / 3);
    for (const file of notes().slice(0, Math.ceil(notes().length / 2))) {
      writeFileSync(join(knowledge, file), readFileSync(join(knowledge, file), 'utf8').replace(/^(#+ .*)$/gm, '$1 (개정)'));
    }
    const report = await ingest(options(index));
    expect(report.vectorGraph).toEqual({ updated: false });
    const manifest = (await readManifest(index))!;
    expect(manifest.vectorStore).toEqual({ points: manifest.chunkCount, deleted: 0 });
    expect(vectorStore.deleted).toBeGreaterThan(0);
    await expectSameAsFreshBuild();

    editNote(notes()[0]!, '강제로 다시 만든다.');
    expect((await ingest(options(index, { force: true }))).vectorGraph).toEqual({ updated: false });
  });

  it('leaves the previous build live and answering when the updated one cannot be written', async () => {
    const live = await currentBuildDir(index);
    const before = await readIndex(index);
    const query = new HashingEmbedder({ dimensions: before.manifest.dimensions }).embed(questions[0]!.question);
    const hitsBefore = before.hnsw.search(query, 10);
    editNote(notes()[5]!, '쓰기 전에 디스크가 가득 찼다.');
    const failure = Object.assign(new Error('ENOSPC: write'), { code: 'ENOSPC', path: join(index, '.tmp-build-x', 'hnsw.bin') });
    vi.spyOn(VectorIndex.prototype, 'write').mockImplementation(() => {
      throw failure;
    });
    await expect(ingest(options(index))).rejects.toMatchObject({ code: 'INDEX_UNWRITABLE' });
    vi.restoreAllMocks();
    expect(await currentBuildDir(index)).toBe(live);
    expect(existsSync(live!)).toBe(true);
    expect((await readIndex(index)).hnsw.search(query, 10)).toEqual(hitsBefore);
    // The next run changes the (re-read) live graph as if nothing had happened.
    updatedGraph(await ingest(options(index)));
    await expectSameAsFreshBuild();
  });
});
