import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { runCli as runCliInProcess } from '../../src/cli/main.js';

export { scratchKnowledge } from './knowledge.js';
import { TEST_DICTIONARY_CACHE_DIR } from './dictionary.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** `node --import` argument for tsx that works from any cwd (a bare `tsx` resolves from the cwd). */
export const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** Environment that makes the CLI use the generated tiny transformers model, fully offline. */
export const TINY_MODEL_ENV = {
  EMBEDDER: 'transformers',
  MODEL_ID: 'tiny-ko-static',
  LOCAL_MODEL_PATH: join(ROOT, 'tests', 'fixtures', 'models'),
  ALLOW_REMOTE_MODELS: 'false',
  LOG_LEVEL: 'error',
};

/**
 * The whole environment of a child process a test starts: nothing inherited but PATH, so neither the
 * developer's shell nor a `.env` can change what the test sees; `home` stands in for HOME. LANG=C: the CLI speaks
 * English unless a test asks for another locale (LANG=ko_KR.UTF-8). The dictionary copy is the tests' own
 * (TEST_DICTIONARY_CACHE_DIR), not the project's data/cache.
 */
export function childEnv(home: string, env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: home, TMPDIR: tmpdir(), LANG: 'C', DICTIONARY_CACHE_DIR: TEST_DICTIONARY_CACHE_DIR, ...env };
}

/** A temp folder to run a child process in, away from the repo's `.env`, `knowledge/` and `data/`. */
export function childCwd(): string {
  return mkdtempSync(join(tmpdir(), 'notes-bot-cwd-'));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI's `runCli` in this process the way `npm run --silent <command> --` would run it in a child: the
 * environment of `childEnv` with the tiny model, stdin from `input` (piped, not a terminal), stdout and stderr captured, in a fresh
 * temp folder. The Korean dictionary and the modules stay loaded between runs, which is most of a spawned
 * CLI's time.
 */
export function runCli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  const cwd = childCwd();
  return inTurn(() => runInProcess(cwd, args, childEnv(cwd, { ...TINY_MODEL_ENV, ...options.env }), options.input)).finally(() => rmSync(cwd, { recursive: true, force: true }));
}

/** `runCli` in a workspace the test made (`cwd`, with its own `.env` and notes): nothing added to `childEnv` but `env`. */
export function runCliIn(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return inTurn(() => runInProcess(cwd, args, childEnv(cwd, env)));
}

/** In-process runs take turns: each moves the process into its own working directory while it runs. */
let previousRun: Promise<unknown> = Promise.resolve();
function inTurn<T>(run: () => Promise<T>): Promise<T> {
  const result = previousRun.then(run);
  previousRun = result.catch(() => undefined);
  return result;
}

async function runInProcess(cwd: string, args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  const stdout = capture();
  const stderr = capture();
  const home = process.cwd();
  process.chdir(cwd);
  try {
    const code = await runCliInProcess({
      argv: args,
      env,
      stdin: Readable.from([input]),
      stdout: stdout.stream,
      stderr: stderr.stream,
      // Stopping `ingest --watch` is a signal to a real process: those tests spawn one.
      stopRequested: () => new Promise<void>(() => {}),
    });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    process.chdir(home);
  }
}

/** A stream that keeps what is written to it (strings as written, so no character is split across chunks). */
function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

export interface Child {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Settles once the process has exited and its output is all read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when stdout or stderr (as chosen) contains `text`; rejects if the process ends first. */
  waitForOutput(text: string, stream?: 'stdout' | 'stderr'): Promise<void>;
}

/**
 * Starts `node --import tsx <args>` with exactly `env` (see `childEnv`) in `cwd`. Waiting is on output,
 * never on time: a hang is caught by the test's timeout.
 */
export function startChild(args: string[], options: { cwd: string; env: Record<string, string> }): Child {
  return watchChild(spawn(process.execPath, ['--import', TSX_LOADER, ...args], { cwd: options.cwd, env: options.env }));
}

/** Collects a spawned process's output (stdout and stderr piped) for `waitForOutput`. */
export function watchChild(child: ChildProcess): Child {
  const output = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]?.on('data', (chunk: Buffer) => {
      output[stream] += chunk.toString();
      for (const listener of listeners) listener();
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    process: child,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    exited,
    waitForOutput: (text, stream = 'stderr') =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!output[stream].includes(text)) return;
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        check();
        void exited.then(() => {
          listeners.delete(check);
          reject(new Error(`exited before "${text}" in ${stream}:\n${output.stderr}`));
        });
      }),
  };
}
