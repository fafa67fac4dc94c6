import type { Worker } from 'node:worker_threads';
import { listen, siblingModule, startWorker } from '../workers/start.js';
import type { Note } from '../types.js';
import type { NoteFile } from './load.js';

/**
 * Parsing notes off the main thread, with a time budget per note. The markdown parser is far worse than linear on
 * some ordinary-looking inputs (a paragraph of `*a` repeated, thousands of nested labelled bullets): seconds to
 * minutes for one note. In a worker such a note cannot freeze the bot, and when it exceeds its budget the worker
 * is terminated (the only way to stop synchronous work) and replaced; the note is skipped and the rest go on.
 */
export const DEFAULT_NOTE_PARSE_TIMEOUT_SECONDS = 5;

export interface ParseOptions {
  /** A note still being parsed after this long is skipped (NOTE_PARSE_TIMEOUT_SECONDS). */
  timeoutMs: number;
  /** Worker threads side by side (INGEST_WORKERS). */
  workers: number;
}

/** `warnings`: what the parser passed over in a note it still parsed (see parseNote). */
export type ParseOutcome = { note: Note; warnings: string[] } | { reason: string };

/** What the main thread sends a worker, and what it answers (`ready` once, then one reply per request). */
export interface ParseRequest {
  file: string;
  source: string;
}
export type ParseReply = 'ready' | { note: Note; warnings: string[] } | { error: string };

const WORKER_MODULE = siblingModule('parse-worker', import.meta.url);

/**
 * Parses every note in worker threads; outcomes come back in the order of `files` whatever order the workers
 * finish in, so what is built from them is the same as from parsing one note after another.
 */
export async function parseNotesInWorkers(files: NoteFile[], options: ParseOptions): Promise<ParseOutcome[]> {
  const outcomes = new Array<ParseOutcome>(files.length);
  const size = Math.max(1, Math.min(options.workers, files.length));
  let next = 0;
  const slot = async (): Promise<void> => {
    let worker: Worker | undefined;
    try {
      while (next < files.length) {
        const i = next++;
        worker ??= await takeParser();
        const { outcome, workerLost } = await parseOn(worker, files[i]!, options.timeoutMs);
        outcomes[i] = outcome;
        if (workerLost) {
          void worker.terminate();
          worker = undefined;
        }
      }
    } catch (error) {
      await worker?.terminate();
      worker = undefined;
      throw error;
    }
    if (worker) keepParser(worker);
  };
  await Promise.all(Array.from({ length: size }, slot));
  return outcomes;
}

/**
 * Parser threads that finished their notes, kept for the next ingest: starting one (loading the markdown parser
 * into a fresh thread) takes about a second, as long as parsing a small folder, and the bot re-indexes often.
 * A kept thread is unref'd, so it never keeps the process alive; one that dies while idle is dropped.
 */
const idleParsers = new Map<Worker, () => void>();
/** At most as many as a default ingest runs side by side (INGEST_WORKERS' default is two). */
const MAX_IDLE_PARSERS = 2;

async function takeParser(): Promise<Worker> {
  const [idle] = idleParsers;
  if (!idle) return startParser();
  const [worker, stopListening] = idle;
  stopListening();
  idleParsers.delete(worker);
  worker.ref();
  return worker;
}

function keepParser(worker: Worker): void {
  if (idleParsers.size >= MAX_IDLE_PARSERS) {
    void worker.terminate();
    return;
  }
  const drop = (): void => {
    idleParsers.get(worker)?.();
    idleParsers.delete(worker);
  };
  const stopListening = listen(worker, { message: () => undefined, error: drop, exit: drop });
  idleParsers.set(worker, stopListening);
  worker.unref();
}

function startParser(): Promise<Worker> {
  // The main thread's stack size (about 1 MB), not a worker's default 4 MB: a note nested thousands of levels deep
  // then fails at once as "nested too deeply" instead of recursing for seconds first.
  const worker = startWorker(WORKER_MODULE, { resourceLimits: { stackSizeMb: 1 } });
  return new Promise((resolve, reject) => {
    const failed = (why: string): void => {
      stop();
      void worker.terminate();
      reject(new Error(`A note parser thread could not start (${why}).`));
    };
    const stop = listen(worker, {
      message: () => {
        stop();
        resolve(worker);
      },
      error: (error) => failed(error.message),
      exit: (code) => failed(`exit code ${code}`),
    });
  });
}

/** One note on one worker. `workerLost`: the worker was stopped or died and must not be used again. */
function parseOn(worker: Worker, file: NoteFile, timeoutMs: number): Promise<{ outcome: ParseOutcome; workerLost: boolean }> {
  return new Promise((resolve) => {
    const done = (outcome: ParseOutcome, workerLost: boolean): void => {
      clearTimeout(timer);
      stop();
      resolve({ outcome, workerLost });
    };
    const timer = setTimeout(() => done({ reason: `took longer than ${timeoutMs / 1000} s to parse (NOTE_PARSE_TIMEOUT_SECONDS); not indexed` }, true), timeoutMs);
    const stop = listen<Exclude<ParseReply, 'ready'>>(worker, {
      message: (reply) => done('note' in reply ? reply : { reason: `could not be parsed: ${reply.error}` }, false),
      error: (error) => done({ reason: `could not be parsed: ${error.message}` }, true),
      exit: (code) => done({ reason: `could not be parsed: the parser thread stopped (exit code ${code})` }, true),
    });
    worker.postMessage({ file: file.file, source: file.source } satisfies ParseRequest);
  });
}
