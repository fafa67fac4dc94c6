import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { FieldTerms } from '../index/fields.js';
import { chunkFieldTerms } from '../retrieval/query.js';
import { createAnalyzer, dictionaryCacheDir, type Analyzer, type AnalyzerName } from '../text/analyzer.js';
import { UserError, type Chunk } from '../types.js';
import { listen, siblingModule, startWorker } from '../workers/start.js';

/**
 * The lexical analysis of every chunk (Korean morphology: most of a big ingest's time) on a small pool of worker
 * threads. Chunks go out in consecutive batches and their terms are put back in chunk order, whatever order the
 * threads finish in, so the index is byte for byte the one a single thread builds. One thread (INGEST_WORKERS=1,
 * one core) or a small ingest analyzes here instead: the same batches through the same function, paced so the
 * bot's event loop keeps turning.
 */

/** What a chunk's analysis reads of it (the rest stays on this thread). */
export type ChunkText = Pick<Chunk, 'section' | 'text'>;

/** The default pool: two threads at most, since a thread costs a copy of the dictionary (about 300 MB of RSS). */
export function defaultIngestWorkers(): number {
  return Math.min(2, availableParallelism());
}

/**
 * Under this many chunks one thread does it all: starting a thread (tsx, the morphology dictionary) takes about a
 * second, which a few hundred chunks do not win back.
 */
export const MIN_CHUNKS_FOR_THREADS = 500;
/** Chunks per message: large enough that messaging is cheap, small enough that the threads finish together. */
const BATCH_SIZE = 200;

export interface AnalysisOptions {
  analyzer: AnalyzerName;
  /** Threads side by side (INGEST_WORKERS); 1 analyzes on this thread. */
  workers: number;
  /** Fewer chunks than this are analyzed on this thread (default MIN_CHUNKS_FOR_THREADS). */
  minChunksForThreads?: number;
  /** Yields to the event loop now and then (the one-thread path runs here). */
  pause: () => Promise<void>;
  /** Starts an analysis thread; injected so tests can make one fail. Default: analysis-worker.ts. */
  startThread?: (analyzer: AnalyzerName) => Worker;
}

/** What the main thread sends a thread, and what it answers (`ready` or a failure once, then one reply per batch). */
export interface AnalysisRequest {
  chunks: ChunkText[];
}
export type AnalysisReply = 'ready' | { terms: FieldTerms[] } | { error: string };
export interface AnalysisThreadData {
  analyzer: AnalyzerName;
  /** The parent's dictionary cache folder (DICTIONARY_CACHE_DIR), so both load the same copy. */
  dictionaryCacheDir: string;
}

/** One batch's terms, chunk by chunk: what every path runs, on whichever thread. */
export async function analyzeBatch(chunks: ChunkText[], analyzer: Analyzer, pause: () => Promise<void> = async () => {}): Promise<FieldTerms[]> {
  const terms: FieldTerms[] = [];
  for (const chunk of chunks) {
    await pause();
    terms.push(chunkFieldTerms(chunk, analyzer));
  }
  return terms;
}

/** Analyzes batches one after another; `stop` frees what it holds. */
interface Analyst {
  analyze(chunks: ChunkText[]): Promise<FieldTerms[]>;
  stop(): Promise<void>;
}

const WORKER_MODULE = siblingModule('analysis-worker', import.meta.url);

export function startAnalysisThread(analyzer: AnalyzerName): Worker {
  return startWorker(WORKER_MODULE, { workerData: { analyzer, dictionaryCacheDir: dictionaryCacheDir() } satisfies AnalysisThreadData });
}

/**
 * The terms of every chunk, in chunk order. A thread that fails (its dictionary does not load, it crashes, it
 * runs out of memory) fails the whole analysis with INGEST_WORKER_FAILED, the other threads stopped: nothing has
 * been written by then, so the live index stays as it was.
 */
export async function analyzeChunks(chunks: ChunkText[], options: AnalysisOptions): Promise<FieldTerms[]> {
  const batches: ChunkText[][] = [];
  for (let at = 0; at < chunks.length; at += BATCH_SIZE) batches.push(chunks.slice(at, at + BATCH_SIZE));
  const threaded = chunks.length >= (options.minChunksForThreads ?? MIN_CHUNKS_FOR_THREADS) && options.workers > 1;
  const size = threaded ? Math.min(options.workers, batches.length) : 1;
  const results = new Array<FieldTerms[]>(batches.length);
  const analysts: Promise<Analyst>[] = [];
  let next = 0;
  const slot = async (): Promise<void> => {
    const analyst = threaded ? threadAnalyst(options.startThread ?? startAnalysisThread, options.analyzer) : localAnalyst(options.analyzer, options.pause);
    analysts.push(analyst);
    while (next < batches.length) {
      const i = next++;
      results[i] = await (await analyst).analyze(batches[i]!);
    }
  };
  try {
    await Promise.all(Array.from({ length: size }, slot));
  } catch (error) {
    // The other slots take no further batch.
    next = batches.length;
    throw error;
  } finally {
    await Promise.all(analysts.map((analyst) => analyst.then((a) => a.stop(), () => undefined)));
  }
  return results.flat();
}

async function localAnalyst(name: AnalyzerName, pause: () => Promise<void>): Promise<Analyst> {
  const analyzer = await createAnalyzer(name);
  return { analyze: (chunks) => analyzeBatch(chunks, analyzer, pause), stop: async () => {} };
}

function threadFailed(why: string): UserError {
  return new UserError('INGEST_WORKER_FAILED', `A thread analyzing the notes' chunks failed (${why}); the index was not changed.`);
}

/** A thread, once it says it has loaded its analyzer. */
function threadAnalyst(start: (analyzer: AnalyzerName) => Worker, analyzer: AnalyzerName): Promise<Analyst> {
  const worker = start(analyzer);
  const analyst: Analyst = {
    analyze: (chunks) =>
      new Promise((resolve, reject) => {
        const stop = listen<Exclude<AnalysisReply, 'ready'>>(worker, {
          message: (reply) => {
            stop();
            if ('terms' in reply) resolve(reply.terms);
            else reject(threadFailed(reply.error));
          },
          error: (error) => (stop(), reject(threadFailed(error.message))),
          exit: (code) => (stop(), reject(threadFailed(`it stopped with exit code ${code}`))),
        });
        worker.postMessage({ chunks: chunks.map(({ section, text }) => ({ section, text })) } satisfies AnalysisRequest);
      }),
    stop: async () => {
      await worker.terminate();
    },
  };
  return new Promise((resolve, reject) => {
    const failed = (why: string): void => {
      stop();
      void worker.terminate();
      reject(threadFailed(why));
    };
    const stop = listen<AnalysisReply>(worker, {
      message: (reply) => {
        if (reply === 'ready') {
          stop();
          resolve(analyst);
        } else failed('error' in reply ? reply.error : 'an unexpected reply');
      },
      error: (error) => failed(error.message),
      exit: (code) => failed(`it stopped with exit code ${code} before it was ready`),
    });
  });
}
