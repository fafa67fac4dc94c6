// Worker-thread entry of the worker-backed knowledge base (worker-knowledge-base.ts). The project runs its
// TypeScript through tsx, and a worker thread does not inherit the parent's loader hooks whatever started the
// parent (`tsx`, `node --import tsx`, vitest), so the worker registers tsx for itself before importing the .ts.
import { register } from 'tsx/esm/api';

register();
await import('./knowledge-worker.ts');
