import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread that loads only what its entry loads: no flags inherited from this process, and no NODE_OPTIONS
 * either, which a worker would read again from its environment (a test's `--import` of a file-system hook, or
 * `--import tsx` a second time; the `.mjs` entries register tsx themselves when running from sources).
 */
export function startWorker(entry: URL, options: Omit<WorkerOptions, 'execArgv' | 'env'> = {}): Worker {
  const { NODE_OPTIONS: _inherited, ...env } = process.env;
  return new Worker(entry, { ...options, execArgv: [], env });
}
