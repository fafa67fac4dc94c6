// Entry of a parse worker when the program runs from TypeScript sources (tsx, vitest): a worker thread starts
// without its parent's loader hooks, so it registers tsx itself before loading the worker's TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
