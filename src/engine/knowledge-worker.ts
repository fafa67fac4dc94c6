import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../types.js';
import { openKnowledgeBase } from './knowledge-base.js';
import type { KnowledgeWorkerData, WorkerReply, WorkerRequest } from './worker-knowledge-base.js';
import { useDictionaryCache } from '../text/analyzer.js';

/**
 * Inside the worker thread: opens the index once and answers the main thread's requests one at a time, in
 * the order they came (retrieval is synchronous CPU work; the main thread's event loop stays free meanwhile).
 */
const port = parentPort!;
const { dictionaryCacheDir, ...options } = workerData as KnowledgeWorkerData;
// The parent's folder; a failed copy is a process warning on the bot's stderr.
if (dictionaryCacheDir) useDictionaryCache({ dir: dictionaryCacheDir, warn: (message) => process.emitWarning(message) });

function failure(id: number, error: unknown): WorkerReply {
  if (error instanceof UserError) return { id, error: { code: error.code, message: error.message, details: error.details } };
  return { id, error: { message: error instanceof Error ? error.message : String(error) } };
}

try {
  const kb = await openKnowledgeBase(options);
  port.on('message', (request: WorkerRequest) => {
    const run = async (): Promise<unknown> => {
      switch (request.method) {
        case 'answer':
          return kb.answer(request.text, request.options);
        case 'search':
          return kb.search(request.text, request.options);
        case 'answerTimed':
          return kb.answerTimed(request.text, request.options);
      }
    };
    run().then(
      (value) => port.postMessage({ id: request.id, value } satisfies WorkerReply),
      (error: unknown) => port.postMessage(failure(request.id, error)),
    );
  });
  port.postMessage({ id: 0, value: { info: kb.info, analyzer: kb.analyzer.name, glossary: kb.glossary, tuning: kb.tuning, concepts: kb.concepts() } } satisfies WorkerReply);
} catch (error) {
  port.postMessage(failure(0, error));
}
