import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * From TypeScript sources (tsx in dev, `npm start` with no current build, vitest in tests) a worker thread starts
 * without its parent's loader hooks, whatever started the parent: it goes through this bootstrap, which registers tsx
 * and then imports the worker's module.
 */
const TSX_BOOTSTRAP = new URL('./tsx-bootstrap.mjs', import.meta.url);

/**
 * The worker module `name` beside the module at `from` (its `import.meta.url`), with `from`'s own extension: `.ts`
 * when running from the sources, `.js` when running the build (`npm run build`, dist/).
 */
export function siblingModule(name: string, from: string): URL {
  return new URL(`./${name}${extname(fileURLToPath(from))}`, from);
}

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

export interface WorkerEvents<Reply> {
  message: (reply: Reply) => void;
  error: (error: Error) => void;
  exit: (code: number) => void;
}

/**
 * Listens for a worker's next events; returns the function that removes these listeners (only these: the Worker
 * has listeners of its own, which `removeAllListeners()` would take away, and its messages with them).
 */
export function listen<Reply>(worker: Worker, on: WorkerEvents<Reply>): () => void {
  const stop = (): void => {
    worker.off('message', on.message);
    worker.off('error', on.error);
    worker.off('exit', on.exit);
  };
  worker.on('message', on.message);
  worker.on('error', on.error);
  worker.on('exit', on.exit);
  return stop;
}
