/** The body of a graph-building thread (see hnsw-build.ts): one request, one reply. */
import { parentPort } from 'node:worker_threads';
import { buildGraphFile, type GraphBuildReply, type GraphThreadRequest } from './hnsw-build.js';

const port = parentPort;
if (!port) throw new Error('hnsw-build-worker.ts runs only as a worker thread (see hnsw-build.ts)');
port.once('message', (request: GraphThreadRequest) => {
  buildGraphFile(request).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ error: (error as Error).message } satisfies GraphBuildReply),
  );
});
