import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmbedder, type EmbedderSpec } from '../src/embed/create.js';
import type { Embedder } from '../src/embed/embedder.js';
import { openKnowledgeBase } from '../src/engine/knowledge-base.js';
import { terminalErrorText } from '../src/errors/terminal.js';
import { BUILD_MARKER } from '../src/index/folder.js';
import { currentBuildDir, indexNeedsBuild, readIndex, readManifest } from '../src/index/store.js';
import { VectorIndex } from '../src/index/vector.js';
import { ingest, type IngestOptions } from '../src/ingest/ingest.js';
import { UserError } from '../src/types.js';
import { childEnv, ROOT, startChild } from './helpers/cli.js';
import { copyFixtureKnowledge, SEED_NOTE } from './helpers/knowledge.js';

const PAUSE_AT = pathToFileURL(join(ROOT, 'tests', 'helpers', 'pause-at.ts')).href;

const NOTE = SEED_NOTE;
const HASHING: EmbedderSpec = { kind: 'hashing' };
const BUILD_FILES = ['manifest.json', 'chunks.bin', 'notes.json', 'vectors.f32', 'hnsw.bin', 'vector-keys.bin', 'lexical.bin', 'glossary.json'];

const scratch = mkdtempSync(join(tmpdir(), 'ingest-test-'));
let counter = 0;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** A fresh copy of the fixture notes and an index folder beside it. */
function workspace(): { knowledge: string; index: string } {
  const dir = join(scratch, `ws-${counter++}`);
  return { knowledge: copyFixtureKnowledge(join(dir, 'knowledge')), index: join(dir, 'index') };
}

/** Counts the texts an embedder is asked to embed (and how often an embedder is opened). */
function counting(options: { failMidway?: boolean; fallbackReason?: string } = {}) {
  const stats = { opened: 0, embedded: 0 };
  const openEmbedder = async (spec: EmbedderSpec): Promise<{ embedder: Embedder; fallbackReason?: string }> => {
    stats.opened++;
    const inner = await createEmbedder(options.fallbackReason ? HASHING : spec);
    const embedder: Embedder = {
      id: inner.id,
      dimensions: inner.dimensions,
      async embedPassages(texts, onProgress) {
        if (options.failMidway) {
          // Half the work is done, then the model dies (out of memory, killed download, …).
          await inner.embedPassages(texts.slice(0, Math.ceil(texts.length / 2)), onProgress);
          throw new Error('embedding failed midway');
        }
        stats.embedded += texts.length;
        return inner.embedPassages(texts, onProgress);
      },
      embedQuery: (text) => inner.embedQuery(text),
    };
    return { embedder, ...(options.fallbackReason ? { fallbackReason: options.fallbackReason } : {}) };
  };
  return { stats, openEmbedder };
}

function options(ws: { knowledge: string; index: string }, extra: Partial<IngestOptions> = {}): IngestOptions {
  return { knowledgeDir: ws.knowledge, indexDir: ws.index, embedder: HASHING, analyzer: 'ngram', ...extra };
}

function editNote(knowledge: string, from: string, to: string): void {
  const path = join(knowledge, NOTE);
  const source = readFileSync(path, 'utf8');
  expect(source).toContain(from);
  writeFileSync(path, source.replace(from, to));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

async function userError(promise: Promise<unknown>): Promise<UserError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

function leftovers(indexDir: string): string[] {
  return readdirSync(indexDir).filter((entry) => entry.startsWith('.tmp-build-'));
}

describe('incremental ingest', () => {
  const ws = workspace();

  it('embeds every chunk on the first run', async () => {
    const { stats, openEmbedder } = counting();
    const report = await ingest(options(ws, { openEmbedder }));
    expect(report.rebuilt).toBe(true);
    expect(report.chunks).toBeGreaterThan(5);
    expect(report.embedded).toBe(report.chunks);
    expect(report.reused).toBe(0);
    expect(stats.embedded).toBe(report.chunks);
    expect(report.files).toEqual({ added: [NOTE], changed: [], removed: [], unchanged: [], skipped: [], warnings: [] });
    expect(report.embedder).toBe('hashing');
    const index = await readIndex(ws.index);
    expect(index.chunks).toHaveLength(report.chunks);
    expect(index.manifest.files[NOTE]).toMatch(/^[0-9a-f]{64}$/);
    expect(index.manifest.embedder).toBe('hashing');
  });

  it('counts no chunk as reused on a fresh index, even when two notes hold the same text', async () => {
    const twin = workspace();
    writeFileSync(join(twin.knowledge, 'copy.md'), readFileSync(join(twin.knowledge, NOTE)));
    const report = await ingest(options(twin));
    expect(report.reused).toBe(0);
    expect(report.embedded).toBe(report.chunks / 2);
  });

  it('embeds nothing and keeps the build when the notes did not change', async () => {
    const before = await currentBuildDir(ws.index);
    const { stats, openEmbedder } = counting();
    const report = await ingest(options(ws, { openEmbedder }));
    expect(report.rebuilt).toBe(false);
    expect(report.embedded).toBe(0);
    expect(report.reused).toBe(report.chunks);
    expect(stats).toEqual({ opened: 0, embedded: 0 });
    expect(report.files.unchanged).toEqual([NOTE]);
    expect(await currentBuildDir(ws.index)).toBe(before);
  });

  it('re-embeds only the chunks whose text changed', async () => {
    const old = await readIndex(ws.index);
    editNote(ws.knowledge, '다른 환경은 운영체제의 차이와, 개발 환경,', '다른 환경은 운영체제의 차이와, 스테이징 환경, 개발 환경,');
    const { stats, openEmbedder } = counting();
    const report = await ingest(options(ws, { openEmbedder }));
    const fresh = await readIndex(ws.index);
    const oldHashes = new Set(old.chunks.map((c) => c.hash));
    const changed = fresh.chunks.filter((c) => !oldHashes.has(c.hash));
    expect(changed.length).toBeGreaterThan(0);
    expect(report.rebuilt).toBe(true);
    expect(report.files.changed).toEqual([NOTE]);
    expect(report.embedded).toBe(changed.length);
    expect(stats.embedded).toBe(changed.length);
    expect(report.embedded).toBeLessThan(report.chunks);
    expect(report.reused).toBe(report.chunks - report.embedded);
    expect(report.reused).toBeGreaterThan(0);
    expect(changed.every((c) => c.text.includes('스테이징'))).toBe(true);
    // Reused vectors are the very vectors of the previous build.
    const dims = fresh.manifest.dimensions;
    const oldVector = new Map(old.chunks.map((c, i) => [c.hash, old.vectors.subarray(i * dims, (i + 1) * dims)]));
    fresh.chunks.forEach((chunk, i) => {
      const previous = oldVector.get(chunk.hash);
      if (previous) expect(Array.from(fresh.vectors.subarray(i * dims, (i + 1) * dims))).toEqual(Array.from(previous));
    });
  });

  it('reports an added and then a removed file', async () => {
    writeFileSync(join(ws.knowledge, 'extra.md'), '# 추가 노트\n\n## 스레드\n\n스레드는 프로세스 안의 실행 흐름입니다.\n');
    const added = await ingest(options(ws));
    expect(added.files.added).toEqual(['extra.md']);
    expect((await readIndex(ws.index)).chunks.some((c) => c.file === 'extra.md')).toBe(true);
    rmSync(join(ws.knowledge, 'extra.md'));
    const removed = await ingest(options(ws));
    expect(removed.files.removed).toEqual(['extra.md']);
    expect(removed.rebuilt).toBe(true);
    expect(removed.embedded).toBe(0);
    const index = await readIndex(ws.index);
    expect(index.chunks.some((c) => c.file === 'extra.md')).toBe(false);
    expect(Object.keys(index.manifest.files)).toEqual([NOTE]);
  });

  it('rebuilds with force, reusing every embedding', async () => {
    const { stats, openEmbedder } = counting();
    const report = await ingest(options(ws, { force: true, openEmbedder }));
    expect(report.rebuilt).toBe(true);
    expect(report.embedded).toBe(0);
    expect(stats.embedded).toBe(0);
  });

  it('rebuilds when a setting that shapes the index changes', async () => {
    const report = await ingest(options(ws, { chunking: { targetTokens: 60, maxTokens: 100, overlapTokens: 20 } }));
    expect(report.rebuilt).toBe(true);
    expect((await readManifest(ws.index))!.chunking.targetTokens).toBe(60);
  });
});

describe('a failed ingest leaves the previous index working', () => {
  const ws = workspace();
  let liveBefore: string | undefined;
  let builtAt: string;

  beforeAll(async () => {
    await ingest(options(ws));
    liveBefore = await currentBuildDir(ws.index);
    builtAt = (await readIndex(ws.index)).manifest.builtAt;
    editNote(ws.knowledge, '**이식성**: 컨테이너 이미지를 사용하면', '**이식성**: 컨테이너 이미지 하나로');
  });

  async function expectPreviousIndex(): Promise<void> {
    expect(await currentBuildDir(ws.index)).toBe(liveBefore);
    const index = await readIndex(ws.index);
    expect(index.manifest.builtAt).toBe(builtAt);
    expect(index.chunks.some((c) => c.text.includes('컨테이너 이미지를 사용하면'))).toBe(true);
    const kb = await openKnowledgeBase({ indexDir: ws.index });
    const answer = await kb.answer('컨테이너 장점');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]!.section).toEqual(['Docker and VM', '컨테이너의 장점']);
    expect(leftovers(ws.index)).toEqual([]);
    expect(existsSync(join(ws.index, '.ingest.lock'))).toBe(false);
  }

  it('when the embedder fails midway', async () => {
    const { openEmbedder } = counting({ failMidway: true });
    expect(await rejection(ingest(options(ws, { openEmbedder, force: true })))).toHaveProperty('message', 'embedding failed midway');
    await expectPreviousIndex();
  });

  it('when writing the new build fails', async () => {
    vi.spyOn(VectorIndex.prototype, 'write').mockImplementation(() => {
      throw new Error('ENOSPC: no space left on device');
    });
    expect(await rejection(ingest(options(ws)))).toHaveProperty('message', 'ENOSPC: no space left on device');
    vi.restoreAllMocks();
    await expectPreviousIndex();
  });

  it('and the next ingest succeeds', async () => {
    const report = await ingest(options(ws));
    expect(report.rebuilt).toBe(true);
    expect(await currentBuildDir(ws.index)).not.toBe(liveBefore);
    expect((await readIndex(ws.index)).chunks.some((c) => c.text.includes('컨테이너 이미지 하나로'))).toBe(true);
  });
});

describe('what a crash leaves behind', () => {
  it('is removed by the next successful ingest, whether or not the notes changed', async () => {
    const ws = workspace();
    await ingest(options(ws));
    const live = (await currentBuildDir(ws.index))!;
    const plant = () => {
      // A crash's temporary build (marked as ours from its first file on), a superseded build of an older version
      // (index files only, no marker), and a user's own folder with a build-like name, which is never touched.
      mkdirSync(join(ws.index, '.tmp-build-crashed'), { recursive: true });
      writeFileSync(join(ws.index, '.tmp-build-crashed', BUILD_MARKER), '');
      writeFileSync(join(ws.index, '.tmp-build-crashed', 'chunks.json'), '[');
      mkdirSync(join(ws.index, 'build-0-superseded'), { recursive: true });
      writeFileSync(join(ws.index, 'build-0-superseded', 'manifest.json'), '{}');
      mkdirSync(join(ws.index, 'build-output'), { recursive: true });
      writeFileSync(join(ws.index, 'build-output', 'report.pdf'), 'mine');
    };
    plant();
    expect(await ingest(options(ws))).toHaveProperty('rebuilt', false);
    expect(readdirSync(ws.index).filter((e) => e.includes('build-')).sort()).toEqual(['build-output', live.split('/').pop()].sort());
    plant();
    editNote(ws.knowledge, '참고자료:', '참고 자료:');
    expect(await ingest(options(ws))).toHaveProperty('rebuilt', true);
    const now = (await currentBuildDir(ws.index))!;
    expect(readdirSync(ws.index).filter((e) => e.includes('build-')).sort()).toEqual(['build-output', now.split('/').pop()].sort());
    expect(readFileSync(join(ws.index, 'build-output', 'report.pdf'), 'utf8')).toBe('mine');
  });
});

describe('the index folder', () => {
  it('is refused when it is not empty and holds no index, naming what is there', async () => {
    const ws = workspace();
    mkdirSync(join(ws.index, 'build-output'), { recursive: true });
    writeFileSync(join(ws.index, 'thesis.docx'), 'mine');
    const error = await userError(ingest(options(ws)));
    expect(error.code).toBe('INDEX_UNWRITABLE');
    expect(error.message).toBe(`The index folder ${ws.index} is not empty and holds no index (it has thesis.docx): choose an empty or new folder for the index.`);
    expect(readdirSync(ws.index).sort()).toEqual(['build-output', 'thesis.docx']);
  });

  it('is refused in a system location, however the path is spelled', async () => {
    const ws = workspace();
    for (const dir of ['/proc', '/etc/passwd', `${ws.index}${'/..'.repeat(12)}/etc/notes-index`]) {
      const error = await userError(ingest(options(ws, { indexDir: dir })));
      expect(error.code, dir).toBe('INDEX_UNWRITABLE');
      expect(error.message, dir).toMatch(/^The index folder (\/proc|\/etc\/passwd|.+ \(\/etc\/notes-index\)) is a system location: choose a folder of your own for the index, such as data\/index\.$/);
    }
  });

  it('says so in one line when it is read-only, and leaves it as it was', async () => {
    // Root may write anywhere: the folder is not read-only to it.
    if (process.getuid?.() === 0) return;
    const ws = workspace();
    mkdirSync(ws.index);
    chmodSync(ws.index, 0o555);
    try {
      const error = await userError(ingest(options(ws)));
      expect(error.message).toBe(`No permission to write in the index folder ${ws.index}: choose a folder you can write to, or change its permissions (the previous index, if any, is unchanged).`);
      expect(readdirSync(ws.index)).toEqual([]);
    } finally {
      chmodSync(ws.index, 0o755);
    }
  });
});

describe('a write that fails midway', () => {
  const failures = {
    ENOSPC: 'The disk holding INDEX is full: free some space and run ingest again',
    EROFS: 'The index folder INDEX is on a read-only file system: choose a writable folder for the index',
    EACCES: 'No permission to write in the index folder INDEX: choose a folder you can write to, or change its permissions',
  };
  it.each(Object.entries(failures))('(%s) is one line saying why, and the previous index stays live', async (code, message) => {
    const ws = workspace();
    await ingest(options(ws));
    const live = await currentBuildDir(ws.index);
    const failure = Object.assign(new Error(`${code}: write`), { code, path: join(ws.index, '.tmp-build-x', 'hnsw.bin') });
    vi.spyOn(VectorIndex.prototype, 'write').mockImplementation(() => {
      throw failure;
    });
    const error = await userError(ingest(options(ws, { force: true })));
    expect(error.message).toBe(`${message.replace('INDEX', ws.index)} (the previous index, if any, is unchanged).`);
    expect(await currentBuildDir(ws.index)).toBe(live);
    expect(leftovers(ws.index)).toEqual([]);
  });
});

describe('a reader while another ingest replaces the index', () => {
  it('loads the new build instead of reporting a healthy index as damaged', async () => {
    const ws = workspace();
    await ingest(options(ws));
    const old = (await currentBuildDir(ws.index))!;
    const resume = join(scratch, `resume-${counter++}`);
    const script = join(scratch, `reader-${counter++}.mts`);
    const store = pathToFileURL(join(ROOT, 'src', 'index', 'store.ts')).href;
    writeFileSync(script, `import { readIndex } from ${JSON.stringify(store)};\nprocess.stdout.write((await readIndex(${JSON.stringify(ws.index)})).dir);\n`);
    // The reader has read CURRENT (naming the old build) and waits before its manifest, while the old build goes.
    const reader = startChild(['--import', PAUSE_AT, script], { cwd: scratch, env: childEnv(scratch, { PAUSE_AT: 'read manifest.json', PAUSE_UNTIL: resume }) });
    await reader.waitForOutput('paused before read manifest.json');
    await ingest(options(ws, { force: true }));
    expect(existsSync(old)).toBe(false);
    writeFileSync(resume, '');
    const { code } = await reader.exited;
    expect(code, reader.stderr()).toBe(0);
    expect(reader.stdout()).toBe(await currentBuildDir(ws.index));
  });
});

describe('the ingest lock', () => {
  it('refuses to run while another live process holds the lock', async () => {
    const ws = workspace();
    mkdirSync(ws.index, { recursive: true });
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(ws.index, '.ingest.lock'), String(holder.pid));
      const error = await userError(ingest(options(ws)));
      expect(error.code).toBe('INDEX_LOCKED');
      expect(error.message).toContain(String(holder.pid));
      expect(readFileSync(join(ws.index, '.ingest.lock'), 'utf8')).toBe(String(holder.pid));
      expect(await currentBuildDir(ws.index)).toBeUndefined();
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    const ws = workspace();
    mkdirSync(ws.index, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(ws.index, '.ingest.lock'), String(gone));
    const report = await ingest(options(ws));
    expect(report.rebuilt).toBe(true);
    expect(existsSync(join(ws.index, '.ingest.lock'))).toBe(false);
  });

  it('takes over a lock whose pid now belongs to another live process, and says how to clear a live one', async () => {
    const ws = workspace();
    mkdirSync(ws.index, { recursive: true });
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'ignore' });
    try {
      const lock = join(ws.index, '.ingest.lock');
      // What an ingest records, as if written by an earlier process that had the same pid: a different start time.
      const started = readFileSync(`/proc/${other.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]!;
      writeFileSync(lock, JSON.stringify({ pid: other.pid, startedAt: String(Number(started) - 1) }));
      expect(await ingest(options(ws))).toHaveProperty('rebuilt', true);
      expect(existsSync(lock)).toBe(false);
      // The process that really holds it is waited for, and the message says what to do if it is not an ingest.
      writeFileSync(lock, JSON.stringify({ pid: other.pid, startedAt: started }));
      const error = await userError(ingest(options(ws, { force: true })));
      expect(error.message).toBe(`Another ingest (pid ${other.pid}) is writing ${ws.index}. Wait for it to finish; if no ingest or bot is running, delete ${lock} and run it again.`);
    } finally {
      other.kill();
    }
  });

  it('lets only one of two concurrent ingests in the same process through', async () => {
    const ws = workspace();
    const results = await Promise.allSettled([ingest(options(ws)), ingest(options(ws))]);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(UserError);
    expect(((rejected[0] as PromiseRejectedResult).reason as UserError).code).toBe('INDEX_LOCKED');
    expect(existsSync(join(ws.index, '.ingest.lock'))).toBe(false);
    expect(await ingest(options(ws))).toHaveProperty('rebuilt', false);
  });
});

describe('a damaged index', () => {
  const ws = workspace();
  beforeAll(async () => {
    await ingest(options(ws));
  });

  function damagedCopy(file: string, damage: 'truncate' | 'flip'): string {
    const copy = join(scratch, `damaged-${counter++}`);
    cpSync(ws.index, copy, { recursive: true });
    const build = readFileSync(join(copy, 'CURRENT'), 'utf8').split('\n')[0]!.trim();
    const path = join(copy, build, file);
    const size = readFileSync(path).length;
    if (damage === 'truncate') truncateSync(path, Math.floor(size / 2));
    else {
      const bytes = readFileSync(path);
      bytes[Math.floor(size / 2)] = bytes[Math.floor(size / 2)]! ^ 0x04;
      writeFileSync(path, bytes);
    }
    return copy;
  }

  it('has exactly the files the checks below damage', async () => {
    // Besides the empty marker saying the folder is a build this program made.
    expect(readdirSync((await currentBuildDir(ws.index))!).sort()).toEqual([BUILD_MARKER, ...BUILD_FILES].sort());
  });

  for (const file of BUILD_FILES) {
    for (const damage of ['truncate', 'flip'] as const) {
      it(`is reported as INDEX_CORRUPT naming ${file} (${damage})`, async () => {
        const error = await userError(readIndex(damagedCopy(file, damage)));
        expect(error.code).toBe('INDEX_CORRUPT');
        expect(error.message).toContain(file);
        expect(terminalErrorText(error)).toMatch(/Rebuild it with `npm run ingest`/);
      });
    }
  }

  it('is reported when the manifest was altered but is still valid JSON', async () => {
    const copy = join(scratch, `damaged-${counter++}`);
    cpSync(ws.index, copy, { recursive: true });
    const path = join((await currentBuildDir(copy))!, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { builtAt: string };
    writeFileSync(path, JSON.stringify({ ...manifest, builtAt: '2001-01-01T00:00:00.000Z' }));
    const error = await userError(readIndex(copy));
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.message).toContain('manifest.json');
  });

  it('is reported when a build file is missing', async () => {
    const copy = damagedCopy('chunks.bin', 'truncate');
    rmSync(join((await currentBuildDir(copy))!, 'hnsw.bin'));
    const error = await userError(readIndex(copy));
    expect(error.code).toBe('INDEX_CORRUPT');
  });

  it('is INDEX_MISSING when there is no index at all', async () => {
    expect((await userError(readIndex(join(scratch, 'no-index-here')))).code).toBe('INDEX_MISSING');
  });

  it('is INDEX_UNREADABLE, not "no index", when CURRENT is there but cannot be read', async () => {
    // Root reads through chmod 000, so a folder in CURRENT's place stands in for a permission error.
    const copy = join(scratch, `unreadable-${counter++}`);
    mkdirSync(join(copy, 'CURRENT'), { recursive: true });
    const error = await userError(readIndex(copy));
    expect(error.code).toBe('INDEX_UNREADABLE');
    expect(error.message).toContain(join(copy, 'CURRENT'));
    expect((await userError(indexNeedsBuild(copy))).code).toBe('INDEX_UNREADABLE');
  });

  it('is repaired by the next ingest even though the notes did not change', async () => {
    const copy = damagedCopy('lexical.bin', 'flip');
    const report = await ingest(options({ knowledge: ws.knowledge, index: copy }));
    expect(report.rebuilt).toBe(true);
    expect((await readIndex(copy)).chunks.length).toBe(report.chunks);
  });
});

describe('embedder fallback', () => {
  it('records why the configured model was not used, in the report and the manifest', async () => {
    const ws = workspace();
    const reason = 'Model Xenova/multilingual-e5-small could not be downloaded (offline).';
    const spec: EmbedderSpec = { kind: 'transformers', model: 'Xenova/multilingual-e5-small' };
    const { openEmbedder } = counting({ fallbackReason: reason });
    const report = await ingest(options(ws, { embedder: spec, openEmbedder }));
    expect(report.fallbackReason).toBe(reason);
    expect(report.embedder).toBe('hashing');
    const manifest = (await readManifest(ws.index))!;
    expect(manifest.fallbackReason).toBe(reason);
    expect(manifest.embedder).toBe('hashing');
    expect(manifest.requestedEmbedder).toBe('transformers:Xenova/multilingual-e5-small');
    // Unchanged notes: still no work, and the reason is still reported.
    const again = await ingest(options(ws, { embedder: spec, openEmbedder }));
    expect(again.rebuilt).toBe(false);
    expect(again.fallbackReason).toBe(reason);
    // The index answers with the embedder it was built with.
    const kb = await openKnowledgeBase({ indexDir: ws.index });
    expect(kb.info.embedder).toBe('hashing');
  });

  it('has no fallback reason when the requested embedder was used', async () => {
    const ws = workspace();
    const report = await ingest(options(ws));
    expect(report.fallbackReason).toBeUndefined();
    expect((await readManifest(ws.index))!.fallbackReason).toBeUndefined();
  });
});

describe('bad knowledge folders', () => {
  it('fails with KNOWLEDGE_MISSING and KNOWLEDGE_EMPTY, leaving no index behind', async () => {
    const ws = workspace();
    expect((await userError(ingest(options({ knowledge: join(ws.knowledge, 'nope'), index: ws.index })))).code).toBe('KNOWLEDGE_MISSING');
    const empty = join(scratch, `empty-${counter++}`);
    mkdirSync(empty);
    expect((await userError(ingest(options({ knowledge: empty, index: ws.index })))).code).toBe('KNOWLEDGE_EMPTY');
    writeFileSync(join(empty, 'broken.md'), Uint8Array.from([0xc3, 0x28, 0x00, 0x41]));
    expect((await userError(ingest(options({ knowledge: empty, index: ws.index })))).code).toBe('KNOWLEDGE_EMPTY');
    expect(await currentBuildDir(ws.index)).toBeUndefined();
    expect(existsSync(join(ws.index, '.ingest.lock'))).toBe(false);
  });

  it('skips an unreadable note, names it, and indexes the rest', async () => {
    const ws = workspace();
    writeFileSync(join(ws.knowledge, 'legacy.md'), Uint8Array.from([0x23, 0x20, 0xb0, 0xa1, 0x0a]));
    const report = await ingest(options(ws));
    expect(report.files.skipped.map((s) => s.file)).toEqual(['legacy.md']);
    expect(report.files.added).toEqual([NOTE]);
  });

  it('indexes a note whose front matter is not valid YAML, and names it with a warning', async () => {
    const ws = workspace();
    writeFileSync(join(ws.knowledge, 'broken-yaml.md'), '---\ntitle: [unclosed\n---\n# 도커 볼륨\n\n볼륨은 컨테이너의 데이터를 남긴다.\n');
    const report = await ingest(options(ws));
    expect(report.files.added).toEqual(['broken-yaml.md', NOTE].sort());
    expect(report.files.warnings).toEqual([{ file: 'broken-yaml.md', warning: expect.stringMatching(/^front matter is not valid YAML/u) }]);
    expect((await readIndex(ws.index)).notes.find((note) => note.file === 'broken-yaml.md')?.title).toBe('도커 볼륨');
  });

  it('names a glossary.txt that cannot be read as skipped, and indexes the notes without it', async () => {
    const ws = workspace();
    mkdirSync(join(ws.knowledge, 'glossary.txt'));
    const report = await ingest(options(ws));
    expect(report.files.skipped).toEqual([{ file: 'glossary.txt', reason: expect.stringMatching(/^cannot be read \(EISDIR\)/u) }]);
    expect(report.files.added).toEqual([NOTE]);
  });
});
