/**
 * Preloaded by the fault tests into an ingest child (`node --import tsx --import <this> src/cli.ts ingest`):
 * with `PAUSE_AT` set, the process stops for good just before a named file-system step of writing an
 * index and says so on stderr (`paused before <step>`), so the test kills it at exactly that step instead
 * of after a guessed delay. With `PAUSE_UNTIL` naming a file as well, it stops only until that file exists
 * (the test creates it once it has done what must happen meanwhile), then goes on.
 * Steps are `<op> <name>` — op `mkdir`, `open` (for writing), `read` (a whole file), `rename` or `rm`;
 * name the basename of the path, with build names shortened to `build` / `.tmp-build` — e.g.
 * `open manifest.json`, `rename CURRENT.tmp`. `a > b` pauses before the first `b` after an `a`
 * (`rename CURRENT.tmp > rm build`: the old build's removal once the new one is live, not a crash leftover's
 * at start-up).
 */
import fs from 'node:fs';
import { basename } from 'node:path';
import { syncBuiltinESMExports } from 'node:module';

const wanted = (process.env.PAUSE_AT ?? '').split('>').map((s) => s.trim()).filter(Boolean);

function stepOf(op: string, path: unknown): string {
  const name = basename(String(path)).replace(/^(\.tmp-)?build-.*$/u, (_, tmp: string | undefined) => `${tmp ?? ''}build`);
  return `${op} ${name}`;
}

/**
 * With `PAUSE_RESUME=stdin`, an asynchronous step (mkdir, rename, rm) is held instead until a line arrives on
 * stdin, with the event loop running: the process meanwhile handles signals and its other work (the bot's
 * shutdown during a re-index), then the step goes on.
 */
const resumeOnStdin = process.env.PAUSE_RESUME === 'stdin';

/** Counts off the steps in order; true at the last one, once reported. */
function reached(step: string): boolean {
  if (step !== wanted[0]) return false;
  wanted.shift();
  if (wanted.length > 0) return false;
  fs.writeSync(2, `paused before ${step}\n`);
  return true;
}

/** Blocks the whole process until it is killed, or until the PAUSE_UNTIL file exists. */
function block(): void {
  const until = process.env.PAUSE_UNTIL;
  const wait = new Int32Array(new SharedArrayBuffer(4));
  if (!until) Atomics.wait(wait, 0, 0);
  else while (!fs.existsSync(until)) Atomics.wait(wait, 0, 0, 10);
}

/** A synchronous step: blocked at the target. */
function reachedSync(step: string): void {
  if (reached(step)) block();
}

/** An asynchronous step: held until stdin says go (PAUSE_RESUME=stdin), else blocked. */
async function reachedAsync(step: string): Promise<void> {
  if (!reached(step)) return;
  if (!resumeOnStdin) return block();
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.destroy();
  fs.writeSync(2, `resumed before ${step}\n`);
}

if (wanted.length > 0) {
  const { promises } = fs;
  const openSync = fs.openSync;
  fs.openSync = ((path: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
    if (typeof flags === 'string' && flags.startsWith('w')) reachedSync(stepOf('open', path));
    return openSync(path, flags as fs.OpenMode, mode);
  }) as typeof fs.openSync;
  const { mkdir, readFile, rename, rm } = promises;
  promises.readFile = (async (path: fs.PathLike, options?: Parameters<typeof readFile>[1]) => {
    await reachedAsync(stepOf('read', path));
    return readFile(path, options);
  }) as typeof promises.readFile;
  promises.mkdir = (async (path: fs.PathLike, options?: fs.MakeDirectoryOptions) => {
    await reachedAsync(stepOf('mkdir', path));
    return mkdir(path, options);
  }) as typeof promises.mkdir;
  promises.rename = async (from, to) => {
    await reachedAsync(stepOf('rename', from));
    return rename(from, to);
  };
  promises.rm = async (path, options) => {
    await reachedAsync(stepOf('rm', path));
    return rm(path, options);
  };
  // `import { openSync } from 'node:fs'` in the product sees the wrappers only after this.
  syncBuiltinESMExports();
}
