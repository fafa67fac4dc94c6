/**
 * The body of a parse worker (see parse-pool.ts): parses the notes it is sent, one at a time, and answers each
 * with the note or the parser's error message. Says `ready` once its modules are loaded, so that loading them
 * is not counted against the first note's time budget.
 */
import { parentPort } from 'node:worker_threads';
import { parseNote } from './parse.js';
import type { ParseReply, ParseRequest } from './parse-pool.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs only as a worker thread (see parse-pool.ts)');
port.on('message', ({ file, source }: ParseRequest) => {
  let reply: ParseReply;
  try {
    const warnings: string[] = [];
    reply = { note: parseNote(file, source, (message) => warnings.push(message)), warnings };
  } catch (error) {
    reply = { error: (error as Error).message };
  }
  port.postMessage(reply);
});
port.postMessage('ready' satisfies ParseReply);
