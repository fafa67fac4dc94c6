import type { Worker } from 'node:worker_threads';
import { siblingModule, startWorker } from '../workers/start.js';
import { readManifest } from '../index/store.js';
import type { RetrievalTuning } from '../retrieval/tuning.js';
import { createAnalyzer, dictionaryCacheDir, type Analyzer, type AnalyzerName } from '../text/analyzer.js';
import type { Glossary } from '../text/glossary.js';
import { UserError, type UserErrorDetails, type Answer, type Concept, type IndexInfo, type SearchHit } from '../types.js';
import { contentWordsOf, type LoadedKnowledgeBase, type OpenOptions, type StageTimings } from './knowledge-base.js';

/**
 * A knowledge base that answers in a worker thread (node:worker_threads): the index is loaded once, in the
 * worker, and every `answer` / `search` runs there, so the caller's event loop (the Discord gateway,
 * acknowledgements, buttons, rate-limit replies) never waits behind a retrieval. Requests queue in the worker
 * and are answered in order.
 *
 * What the interface needs synchronously stays on this side: the index's info, its glossary and tuning, the
 * concept cards (sent once when the worker is ready) and an analyzer of the index's kind (`contentWords`, and
 * the grounding check of generative answers, read words on this thread). The morphological analyzer's
 * dictionary is therefore loaded twice, once per thread.
 *
 * Errors cross the boundary as values: a `UserError` in the worker is a `UserError` with the same code here. A
 * worker that dies (a native crash, an out-of-memory) fails the requests it held, is reported to `onCrash`, and
 * is started again on the next request; `dispose` terminates it.
 */

export type WorkerRequest = { id: number; method: 'answer' | 'search' | 'answerTimed'; text: string; options?: { k?: number } };
export type WorkerReply = { id: number; value: unknown } | { id: number; error: { code?: UserError['code']; message: string; details?: UserErrorDetails } };
/** What the worker sends once the index is open (reply 0). */
interface ReadyState {
  info: IndexInfo;
  analyzer: AnalyzerName;
  glossary: Glossary;
  tuning: RetrievalTuning;
  concepts: Concept[];
}

export interface WorkerHooks {
  /** A worker died while this knowledge base was open; the next request starts a new one. */
  onCrash?: (error: Error) => void;
  /** Starts the worker (tests keep a handle to stop it). Default: the worker entry next to this file. */
  spawn?: (options: Omit<OpenOptions, 'embedder'>) => Worker;
}

const WORKER_MODULE = siblingModule('knowledge-worker', import.meta.url);

/** What the worker is started with: how to open the index, and the parent's dictionary cache folder. */
export type KnowledgeWorkerData = Omit<OpenOptions, 'embedder'> & { dictionaryCacheDir?: string };

function spawnKnowledgeWorker(options: Omit<OpenOptions, 'embedder'>): Worker {
  return startWorker(WORKER_MODULE, { workerData: { ...options, dictionaryCacheDir: dictionaryCacheDir() } satisfies KnowledgeWorkerData });
}

function errorFromReply(error: { code?: UserError['code']; message: string; details?: UserErrorDetails }): Error {
  return error.code ? new UserError(error.code, error.message, error.details) : new Error(error.message);
}

export async function openWorkerKnowledgeBase(options: OpenOptions, hooks: WorkerHooks = {}): Promise<LoadedKnowledgeBase> {
  if (options.embedder) throw new Error('a worker-backed knowledge base loads its own embedder; an injected one cannot cross threads');
  const { embedder: _none, ...workerOptions } = options;
  const kb = new WorkerKnowledgeBase(workerOptions, hooks);
  // The analyzer loads here while the worker opens the index (the manifest names it; the worker confirms).
  const early = readManifest(options.indexDir).then((m) => (m ? createAnalyzer(m.analyzer) : undefined)).catch(() => undefined);
  const ready = await kb.start();
  const analyzer = (await early)?.name === ready.analyzer ? (await early)! : await createAnalyzer(ready.analyzer);
  kb.settle(ready, analyzer);
  return kb;
}

class WorkerKnowledgeBase implements LoadedKnowledgeBase {
  private worker: Worker | undefined;
  private starting: Promise<ReadyState> | undefined;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private disposed = false;
  private state!: ReadyState & { analyzerObject: Analyzer };

  constructor(
    private readonly options: Omit<OpenOptions, 'embedder'>,
    private readonly hooks: WorkerHooks,
  ) {}

  /** Starts a worker and waits until it has opened the index (its failure to open is this call's error). */
  start(): Promise<ReadyState> {
    this.starting ??= new Promise<ReadyState>((resolve, reject) => {
      const worker = (this.hooks.spawn ?? spawnKnowledgeWorker)(this.options);
      let ready = false;
      worker.on('message', (reply: WorkerReply) => {
        if (reply.id === 0) {
          if ('error' in reply) {
            void worker.terminate();
            reject(errorFromReply(reply.error));
            return;
          }
          ready = true;
          this.worker = worker;
          resolve(reply.value as ReadyState);
          return;
        }
        const waiting = this.pending.get(reply.id);
        if (!waiting) return;
        this.pending.delete(reply.id);
        if ('error' in reply) waiting.reject(errorFromReply(reply.error));
        else waiting.resolve(reply.value);
      });
      const died = (why: string) => {
        if (this.worker === worker) this.worker = undefined;
        if (!ready) {
          reject(new Error(`The answering worker stopped before the index was open: ${why}`));
          return;
        }
        if (this.disposed) return;
        const error = new Error(`The answering worker stopped unexpectedly (${why}); it is started again on the next question.`);
        for (const [id, waiting] of this.pending) {
          this.pending.delete(id);
          waiting.reject(error);
        }
        this.hooks.onCrash?.(error);
      };
      let failure: Error | undefined;
      worker.on('error', (error) => {
        failure = error;
      });
      worker.on('exit', (code) => died(failure ? failure.message : `exit code ${code}`));
    }).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  settle(ready: ReadyState, analyzer: Analyzer): void {
    this.state = { ...ready, analyzerObject: analyzer };
  }

  get info(): IndexInfo {
    return this.state.info;
  }

  get analyzer(): Analyzer {
    return this.state.analyzerObject;
  }

  get glossary(): Glossary {
    return this.state.glossary;
  }

  get tuning(): RetrievalTuning {
    return this.state.tuning;
  }

  get notesBaseUrl(): string | undefined {
    return this.options.notesBaseUrl;
  }

  concepts(): Concept[] {
    return this.state.concepts;
  }

  contentWords(question: string): string[] {
    return contentWordsOf(question, this);
  }

  answer(question: string, options?: { k?: number }): Promise<Answer> {
    return this.call('answer', question, options) as Promise<Answer>;
  }

  search(query: string, options?: { k?: number }): Promise<SearchHit[]> {
    return this.call('search', query, options) as Promise<SearchHit[]>;
  }

  answerTimed(question: string, options?: { k?: number }): Promise<{ answer: Answer; timings: StageTimings }> {
    return this.call('answerTimed', question, options) as Promise<{ answer: Answer; timings: StageTimings }>;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.starting?.catch(() => undefined);
    const worker = this.worker;
    this.worker = undefined;
    const closed = new Error('The knowledge base was closed before the question was answered.');
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      waiting.reject(closed);
    }
    await worker?.terminate();
  }

  private async call(method: WorkerRequest['method'], text: string, options?: { k?: number }): Promise<unknown> {
    if (this.disposed) throw new Error('The knowledge base is closed.');
    if (!this.worker) await this.start();
    const worker = this.worker!;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, method, text, ...(options ? { options } : {}) } satisfies WorkerRequest);
    });
  }
}
