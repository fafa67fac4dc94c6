/**
 * The body of an analysis thread (see analysis-pool.ts): loads the analyzer it is told to, says `ready` (or why it
 * could not), then answers each batch of chunks with their terms.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createAnalyzer, useDictionaryCache } from '../text/analyzer.js';
import { analyzeBatch, type AnalysisReply, type AnalysisRequest, type AnalysisThreadData } from './analysis-pool.js';

const port = parentPort;
if (!port) throw new Error('analysis-worker.ts runs only as a worker thread (see analysis-pool.ts)');
const { analyzer: name, dictionaryCacheDir } = workerData as AnalysisThreadData;
useDictionaryCache({ dir: dictionaryCacheDir, warn: (message) => process.emitWarning(message) });
try {
  const analyzer = await createAnalyzer(name);
  port.on('message', ({ chunks }: AnalysisRequest) => {
    analyzeBatch(chunks, analyzer).then(
      (terms) => port.postMessage({ terms } satisfies AnalysisReply),
      (error: unknown) => port.postMessage({ error: (error as Error).message } satisfies AnalysisReply),
    );
  });
  port.postMessage('ready' satisfies AnalysisReply);
} catch (error) {
  port.postMessage({ error: `its analyzer did not load: ${(error as Error).message}` } satisfies AnalysisReply);
}
