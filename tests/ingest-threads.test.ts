/**
 * The chunks' lexical analysis (Korean morphology, most of a big ingest's time) runs on a pool of threads, and the
 * vector graph is built on a thread of its own meanwhile: the index they build is byte for byte the one the main
 * thread alone builds, and a thread that fails stops the ingest with a clear error, leaving the live index as it was.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../scripts/gen-corpus.js';
import { ingestSettings, loadEngineConfig } from '../src/config.js';
import { startAnalysisThread } from '../src/ingest/analysis-pool.js';
import { startGraphThread } from '../src/index/hnsw-build.js';
import { currentBuildDir } from '../src/index/store.js';
import { ingest, type IngestOptions } from '../src/ingest/ingest.js';
import type { AnalyzerName } from '../src/text/analyzer.js';
import { UserError } from '../src/types.js';
import { buildFiles } from './helpers/build-files.js';
import { copyFixtureKnowledge, SEED_NOTE } from './helpers/knowledge.js';

const scratch = mkdtempSync(join(tmpdir(), 'ingest-threads-'));
const knowledge = join(scratch, 'knowledge');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => {
  // The fixture notes and a few hundred generated chunks: several batches for two threads to share.
  copyFixtureKnowledge(knowledge);
  generateCorpus({ targetChunks: 450, outDir: join(knowledge, 'generated'), questions: 0 });
});

function ingestOptions(indexDir: string, extra: Partial<IngestOptions> = {}): IngestOptions {
  return { knowledgeDir: knowledge, indexDir, embedder: { kind: 'hashing' }, analyzer: 'morph', minChunksForThreads: 0, ...extra };
}

/** A thread that says it is ready, then dies at its first batch, as a crash or an out-of-memory would. */
function crashingThread(): Worker {
  return new Worker(`const { parentPort } = require('node:worker_threads'); parentPort.postMessage('ready'); parentPort.on('message', () => process.exit(3));`, { eval: true });
}

describe('chunks analyzed on a pool of threads', () => {
  it('build byte for byte the index the main thread alone builds', async () => {
    const started: string[] = [];
    const counted = (analyzer: AnalyzerName): Worker => (started.push(analyzer), startAnalysisThread(analyzer));
    const countedGraph = (): Worker => (started.push('graph'), startGraphThread());
    const options = (dir: string, workers: number) => ingestOptions(dir, { workers, startAnalysisThread: counted, startGraphThread: countedGraph });
    const serial = await ingest(options(join(scratch, 'serial'), 1));
    expect(started).toEqual([]);
    const pooled = await ingest(options(join(scratch, 'pooled'), 2));
    expect(started.sort()).toEqual(['graph', 'morph', 'morph']);
    expect(pooled.vectorGraph).toEqual({ updated: false });
    expect(pooled.chunks).toBe(serial.chunks);
    expect(serial.chunks).toBeGreaterThan(450);
    expect(await buildFiles(join(scratch, 'pooled'))).toEqual(await buildFiles(join(scratch, 'serial')));
  });

  it('analyze a small ingest and build its graph on the main thread, where starting threads would cost more than they save', async () => {
    const started: string[] = [];
    await ingest(
      ingestOptions(join(scratch, 'small'), {
        analyzer: 'ngram',
        workers: 2,
        minChunksForThreads: 100_000,
        startAnalysisThread: (a) => (started.push(a), startAnalysisThread(a)),
        startGraphThread: () => (started.push('graph'), startGraphThread()),
      }),
    );
    expect(started).toEqual([]);
  });

  it('stop at a failing thread with a clear error, the live index untouched, and build again afterwards', async () => {
    const indexDir = join(scratch, 'failing');
    // Bigrams: what is tested is the threads' failure, not the analysis (quicker than morphology).
    const options = (dir: string, extra: Partial<IngestOptions>) => ingestOptions(dir, { analyzer: 'ngram', ...extra });
    await ingest(options(indexDir, { workers: 1 }));
    const before = await buildFiles(indexDir);
    const entries = readdirSync(indexDir).sort();
    writeFileSync(join(knowledge, SEED_NOTE), `${readFileSync(join(knowledge, SEED_NOTE), 'utf8')}\n\n## 추가\n\n세마포어는 동시에 들어갈 수 있는 스레드 수를 제한합니다.\n`);
    // One real thread beside one that crashes: the real one is stopped too. Forced, so that every chunk is analyzed
    // again (otherwise only the edited note's new chunk is, on this thread).
    let starts = 0;
    const failing = ingest(options(indexDir, { workers: 2, force: true, startAnalysisThread: (a) => (starts++ === 0 ? startAnalysisThread(a) : crashingThread()) }));
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'INGEST_WORKER_FAILED', message: expect.stringMatching(/thread analyzing .* failed \(it stopped with exit code 3\); the index was not changed/) });
    expect(await buildFiles(indexDir)).toEqual(before);
    expect(readdirSync(indexDir).sort()).toEqual(entries);
    // The lock is released and nothing is left half done: the next ingest builds the changed note.
    const report = await ingest(options(indexDir, { workers: 2 }));
    expect(report.files.changed).toEqual([SEED_NOTE]);
  });

  it('stop at a failing graph thread with a clear error, the live index untouched and no temp folder left', async () => {
    const indexDir = join(scratch, 'failing-graph');
    await ingest(ingestOptions(indexDir, { analyzer: 'ngram', workers: 1 }));
    const before = await buildFiles(indexDir);
    const entries = readdirSync(indexDir).sort();
    const crashing = (): Worker => new Worker(`require('node:worker_threads').parentPort.on('message', () => process.exit(4));`, { eval: true });
    const error = await ingest(ingestOptions(indexDir, { analyzer: 'ngram', workers: 2, force: true, startGraphThread: crashing })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'INGEST_WORKER_FAILED', message: expect.stringMatching(/thread building the vector graph failed \(it stopped with exit code 4\); the index was not changed/) });
    expect(await buildFiles(indexDir)).toEqual(before);
    expect(readdirSync(indexDir).sort()).toEqual(entries);
  });

  it('report a thread that cannot load its analyzer', async () => {
    const unloadable = (): Worker => new Worker(`require('node:worker_threads').parentPort.postMessage({ error: 'its analyzer did not load: dictionary missing' });`, { eval: true });
    const error = await ingest(ingestOptions(join(scratch, 'unloadable'), { analyzer: 'ngram', workers: 2, startAnalysisThread: unloadable })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INGEST_WORKER_FAILED', message: expect.stringContaining('dictionary missing') });
    expect(await currentBuildDir(join(scratch, 'unloadable'))).toBeUndefined();
  });

  it('take their number from INGEST_WORKERS, a whole number above 0', () => {
    expect(ingestSettings(loadEngineConfig({ INGEST_WORKERS: '3' })).workers).toBe(3);
    expect(ingestSettings(loadEngineConfig({})).workers).toBeUndefined();
    expect(() => loadEngineConfig({ INGEST_WORKERS: '0' })).toThrow(/INGEST_WORKERS must be a number above 0/);
  });
});
