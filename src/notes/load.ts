import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UserError, type SkippedFile } from '../types.js';

export interface NoteFile {
  /** Relative to the knowledge folder, forward slashes. */
  file: string;
  source: string;
}

export interface LoadOptions {
  /** Files larger than this are skipped with a warning (a note is prose, not a data dump). */
  maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Reads every `.md` file under the knowledge folder (recursively, in a stable order).
 * A file that cannot be read as UTF-8 (or BOM-marked UTF-16) text is skipped and named, as is a folder that cannot
 * be listed; the rest are still returned.
 * Symlinks that point outside the folder are not followed.
 */
export async function loadNoteFiles(dir: string, options: LoadOptions = {}): Promise<{ files: NoteFile[]; skipped: SkippedFile[] }> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const { root, paths, skipped } = await listNotePaths(dir);
  const files: NoteFile[] = [];
  // Read side by side: one at a time, a folder of thousands of notes spends seconds waiting on the disk.
  const results = await mapLimited(paths, READ_CONCURRENCY, (path) => readNote(path, maxBytes));
  paths.forEach((path, i) => {
    const file = noteName(root, path);
    const result = results[i]!;
    if ('reason' in result) skipped.push({ file, reason: result.reason });
    else files.push({ file, source: result.source });
  });
  if (files.length === 0 && skipped.length === 0) {
    throw new UserError('KNOWLEDGE_EMPTY', `No markdown notes (*.md) in ${dir}. Add at least one note, then run ingest again.`);
  }
  return { files, skipped };
}

/**
 * The `.md` files `loadNoteFiles` would read (absolute paths under the resolved folder, stable order) and the
 * links it would not follow; the freshness check walks the folder with it so both see the same notes.
 */
export async function listNotePaths(dir: string): Promise<{ root: string; paths: string[]; skipped: SkippedFile[] }> {
  const root = await realpath(dir).catch(() => {
    throw new UserError('KNOWLEDGE_MISSING', `Knowledge folder not found: ${dir}. Create it and put your markdown notes in it, or pass --knowledge DIR.`);
  });
  if (!(await stat(root)).isDirectory()) {
    throw new UserError('KNOWLEDGE_MISSING', `Knowledge path is not a folder: ${dir}.`);
  }
  const skipped: SkippedFile[] = [];
  const paths = await listMarkdown(root, root, skipped);
  return { root, paths, skipped };
}

/** A note's name in the index: relative to the knowledge folder, forward slashes. */
export function noteName(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

const READ_CONCURRENCY = 16;

/**
 * `items.map(fn)` with at most `limit` calls in flight; results in input order. Kept by hand: p-limit (which does
 * this) is not a dependency, and these ten lines are all of it that is needed.
 */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function listMarkdown(dir: string, root: string, skipped: SkippedFile[]): Promise<string[]> {
  // A folder that cannot be listed (chmod 000, a root-owned lost+found) is skipped like an unreadable note.
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (dir === root) throw error;
    skipped.push({ file: `${noteName(root, dir)}/`, reason: `folder unreadable: ${error.code ?? error.message} (its notes are not indexed)` });
    return [];
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await realpath(path).catch((error: NodeJS.ErrnoException) => error.code ?? 'unreadable');
      const inside = target === root || target.startsWith(root + sep);
      if (!inside) {
        const dangling = target === 'ENOENT';
        if (entry.name.toLowerCase().endsWith('.md') || !target.startsWith(sep)) {
          const reason = dangling
            ? 'symbolic link to something that does not exist (dangling)'
            : target.startsWith(sep)
              ? 'symbolic link that leaves the knowledge folder (not followed)'
              : target === 'ELOOP'
                ? 'symbolic link that loops (not followed)'
                : `symbolic link that cannot be followed (${target})`;
          skipped.push({ file: noteName(root, path), reason });
        }
        continue;
      }
      const info = await lstat(target);
      isDir = info.isDirectory();
      isFile = info.isFile();
      // A link to a folder inside the tree would visit it twice (or loop); its files are read once already.
      if (isDir) continue;
    }
    if (isDir) found.push(...(await listMarkdown(path, root, skipped)));
    else if (isFile && entry.name.toLowerCase().endsWith('.md')) found.push(path);
  }
  return found;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true });
const utf16be = new TextDecoder('utf-16be', { fatal: true });

/** Text of a UTF-16 file (the decoder drops the byte order mark); an odd byte count or a lone surrogate is damage. */
function decodeUtf16(decoder: TextDecoder, bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new UTF16Damaged();
  }
}

class UTF16Damaged extends Error {}

/** A note's text, or why ingest skips it (too large, binary, not UTF-8, unreadable). */
export async function readNote(path: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): Promise<{ source: string } | { reason: string }> {
  try {
    const info = await stat(path);
    if (info.size > maxBytes) return { reason: `larger than ${maxBytes} bytes (${info.size}); raise MAX_NOTE_BYTES to include it` };
    const bytes = await readFile(path);
    // UTF-16 (what some Windows editors save) is told by its byte order mark, before its NUL bytes look binary.
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? utf16le : bytes[0] === 0xfe && bytes[1] === 0xff ? utf16be : undefined;
    if (utf16) return { source: decodeUtf16(utf16, bytes) };
    if (bytes.includes(0)) return { reason: 'binary file (contains NUL bytes)' };
    return { source: utf8.decode(bytes) };
  } catch (error) {
    if (error instanceof UTF16Damaged) return { reason: 'UTF-16 text (it starts with a UTF-16 byte order mark) that is damaged; save it as UTF-8' };
    if (error instanceof TypeError) return { reason: 'not valid UTF-8 text; save it as UTF-8' };
    return { reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
}
