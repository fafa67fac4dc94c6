import type { Worker } from 'node:worker_threads';
import { UserError } from '../types.js';
import { listen, siblingModule, startWorker } from '../workers/start.js';
import { VectorIndex, type HnswParameters } from './vector.js';

/**
 * An HNSW graph built on a worker thread and written to a file there: hnswlib has no multi-threaded build, and at
 * 100k vectors a build is minutes of one core that would otherwise hold this thread (a bot re-indexing keeps
 * answering, and ingest computes the BM25 fields meanwhile). The worker runs `VectorIndex.buildPaced`, as a build on
 * this thread does, so the file is the same bytes (same points, same order, same seed).
 */
export interface GraphBuildRequest {
  /** Row-major vectors, `dimensions` floats each; row i is chunk key i (its buffer is moved to the worker). */
  vectors: Float32Array;
  dimensions: number;
  parameters: HnswParameters;
  file: string;
}
/** What the worker receives: the request and a shared flag, set to 1 to stop it between two points. */
export interface GraphThreadRequest extends GraphBuildRequest {
  stop: Int32Array;
}
export type GraphBuildReply = { written: true } | { stopped: true } | { error: string };

/** A build under way: `written` settles once the file is there (or the thread failed); `stop` ends the thread. */
export interface GraphBuild {
  written: Promise<void>;
  stop(): Promise<void>;
}

const WORKER_MODULE = siblingModule('hnsw-build-worker', import.meta.url);

export function startGraphThread(): Worker {
  return startWorker(WORKER_MODULE);
}

class BuildStopped extends Error {}

/** What the worker runs: the graph built and written, or `stopped` once the flag is set. */
export async function buildGraphFile(request: GraphThreadRequest): Promise<GraphBuildReply> {
  const { vectors, dimensions, parameters, file, stop } = request;
  const rows = Array.from({ length: vectors.length / dimensions }, (_, row) => vectors.subarray(row * dimensions, (row + 1) * dimensions));
  try {
    const index = await VectorIndex.buildPaced(rows, dimensions, parameters, async () => {
      if (Atomics.load(stop, 0) === 1) throw new BuildStopped();
    });
    index.write(file);
    return { written: true };
  } catch (error) {
    if (error instanceof BuildStopped) return { stopped: true };
    throw error;
  }
}

function buildFailed(why: string): UserError {
  return new UserError('INGEST_WORKER_FAILED', `The thread building the vector graph failed (${why}); the index was not changed.`);
}

/**
 * `buildGraphFile` on a worker thread (`start` injected so tests can make one fail). A thread is stopped by its
 * flag, then ended once it answers: terminating it inside hnswlib's native code can abort the whole process
 * (hnswlib-node raises a JavaScript error there, which a terminating thread cannot take: a fatal napi_throw).
 */
export function startGraphBuild(request: GraphBuildRequest, start: () => Worker = startGraphThread): GraphBuild {
  const worker = start();
  const stop = new Int32Array(new SharedArrayBuffer(4));
  // Settles when the thread answers, fails or exits: after that it runs nothing of hnswlib's.
  const written = new Promise<void>((resolve, reject) => {
    const unlisten = listen<GraphBuildReply>(worker, {
      message: (reply) => {
        unlisten();
        if ('written' in reply) resolve();
        else reject(buildFailed('error' in reply ? reply.error : 'it was stopped'));
      },
      error: (error) => (unlisten(), reject(buildFailed(error.message))),
      exit: (code) => (unlisten(), reject(buildFailed(`it stopped with exit code ${code}`))),
    });
  });
  worker.postMessage({ ...request, stop } satisfies GraphThreadRequest, [request.vectors.buffer as ArrayBuffer]);
  return {
    written,
    stop: async () => {
      Atomics.store(stop, 0, 1);
      await written.catch(() => undefined);
      await worker.terminate();
    },
  };
}

/** `startGraphBuild`, the thread ended once the file is written. */
export async function buildGraphFileInWorker(request: GraphBuildRequest, start?: () => Worker): Promise<void> {
  const build = startGraphBuild(request, start);
  try {
    await build.written;
  } finally {
    await build.stop();
  }
}
