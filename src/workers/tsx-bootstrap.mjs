// Entry of every worker thread started from TypeScript sources (see start.ts): registers tsx in this thread,
// then loads the worker's module, whose URL start.ts passes as the one argument.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
