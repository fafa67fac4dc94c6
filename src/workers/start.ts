import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * From TypeScript sources (tsx in dev and `npm start`, vitest in tests) a worker thread starts without its
 * parent's loader hooks, whatever started the parent: it goes through this bootstrap, which registers tsx and
 * then imports the worker's module.
 */
const TSX_BOOTSTRAP = new URL('./tsx-bootstrap.mjs', import.meta.url);

/**
 * A worker thread running `module` (a `.ts` file goes through the tsx bootstrap), loading only what that module
 * loads: no flags inherited from this process, and no NODE_OPTIONS either, which a worker would read again from
 * its environment (a test's `--import` of a file-system hook, or `--import tsx` a second time).
 */
export function startWorker(module: URL, options: Omit<WorkerOptions, 'execArgv' | 'env' | 'argv'> = {}): Worker {
  const { NODE_OPTIONS: _inherited, ...env } = process.env;
  const fromSources = module.pathname.endsWith('.ts');
  return new Worker(fromSources ? TSX_BOOTSTRAP : module, { ...options, ...(fromSources ? { argv: [module.href] } : {}), execArgv: [], env });
}
