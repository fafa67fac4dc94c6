import { access, constants, mkdir, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { UserError } from '../types.js';

/**
 * The index folder before anything is written to it. Ingest only ever deletes what it created, but it still must
 * not write into a folder that holds other things (a typo'd `--index` pointing at a project folder), into a system
 * location (`--index ../../etc`), or start a build it cannot finish (read-only or someone else's folder).
 */

/** Written in every build folder (and its temporary folder) this program makes: only those are ever removed. */
export const BUILD_MARKER = '.study-notes-build';

/** Folders no index belongs in: their whole trees, and the top-level folders themselves. */
const SYSTEM_TREES = ['/proc', '/sys', '/dev', '/etc', '/boot', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/usr'];
const SYSTEM_FOLDERS = ['/', '/var', '/home', '/root', '/tmp', '/opt', '/srv', '/run', '/mnt', '/media'];

/** What an index folder may hold besides builds (see store.ts, freshness.ts). */
const isIndexEntry = (entry: string): boolean => ['CURRENT', 'CURRENT.tmp', '.ingest.lock'].includes(entry) || entry.startsWith('freshness-cache.json') || /^(\.tmp-)?build-/.test(entry);

/** Checks the index folder and creates it when missing; returns its absolute path. */
export async function prepareIndexFolder(indexDir: string): Promise<string> {
  await refuseSystemLocation(indexDir);
  const absolute = resolve(indexDir);
  const info = await stat(absolute).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UserError('INDEX_UNWRITABLE', `The index folder ${indexDir} is a file, not a folder: choose a folder for the index (it is created if missing).`);
  if (info) {
    const entries = await readdir(absolute);
    const foreign = entries.filter((entry) => !isIndexEntry(entry));
    const isIndex = entries.some((entry) => entry === 'CURRENT' || entry === '.ingest.lock');
    if (!isIndex && foreign.length > 0) {
      const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : '');
      throw new UserError('INDEX_UNWRITABLE', `The index folder ${absolute} is not empty and holds no index (it has ${shown}): choose an empty or new folder for the index.`);
    }
  }
  await mkdir(absolute, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw writeFailure(error, absolute) ?? error;
  });
  await access(absolute, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
    throw writeFailure(error, absolute) ?? error;
  });
  return absolute;
}

/**
 * The one line to show for a file-system error while writing the index, or undefined for one that is not the
 * user's to fix. The previous build stays live in every case (builds are written beside it).
 */
export function writeFailure(error: unknown, indexDir: string): UserError | undefined {
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  // Only errors writing the index folder: reading a note or the model cache fails in its own words.
  if (path !== undefined && !(resolve(path) + sep).startsWith(resolve(indexDir) + sep)) return undefined;
  const kept = 'the previous index, if any, is unchanged';
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new UserError('INDEX_UNWRITABLE', `The disk holding ${indexDir} is full: free some space and run ingest again (${kept}).`);
    case 'EROFS':
      return new UserError('INDEX_UNWRITABLE', `The index folder ${indexDir} is on a read-only file system: choose a writable folder for the index (${kept}).`);
    case 'EACCES':
    case 'EPERM':
      return new UserError('INDEX_UNWRITABLE', `No permission to write in the index folder ${indexDir}: choose a folder you can write to, or change its permissions (${kept}).`);
    default:
      return undefined;
  }
}

/** Throws when the index folder is (or resolves, through `..` or links, to) a system location. Creates nothing. */
export async function refuseSystemLocation(indexDir: string): Promise<void> {
  const real = await resolveExisting(resolve(indexDir));
  if (process.platform !== 'win32' && (SYSTEM_FOLDERS.includes(real) || SYSTEM_TREES.some((tree) => real === tree || real.startsWith(tree + sep)))) {
    throw new UserError('INDEX_UNWRITABLE', `The index folder ${indexDir}${real === indexDir ? '' : ` (${real})`} is a system location: choose a folder of your own for the index, such as data/index.`);
  }
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest (symlinks resolved). */
async function resolveExisting(path: string): Promise<string> {
  const real = await realpath(path).catch(() => undefined);
  if (real) return real;
  const parent = dirname(path);
  if (parent === path) return path;
  return resolve(await resolveExisting(parent), path.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
}
