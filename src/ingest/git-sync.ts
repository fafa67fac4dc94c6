import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * The notes kept in a git repository (NOTES_GIT_URL): cloned into the data folder on first use, then
 * fast-forwarded. Runs the system `git` binary with an argument list (never a shell), never prompts for
 * credentials (they come from the URL or GIT_ASKPASS), and never puts the URL's credentials in a message.
 */
export interface GitNotesOptions {
  url: string;
  branch: string;
  /** Where the clone lives (NOTES_GIT_DIR). */
  dir: string;
}

export interface SyncResult {
  /** The commit checked out now. */
  commit: string;
  /** The commit before this sync; undefined on the first clone. */
  previous: string | undefined;
  changed: boolean;
}

export class GitSyncError extends Error {
  override name = 'GitSyncError';
}

/** Only hangs are cut short: a clone over a slow link may take minutes. */
const GIT_TIMEOUT_MS = 10 * 60_000;

export class GitNotes {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: GitNotesOptions) {
    if (!/^[\w][\w./-]*$/.test(options.branch) || options.branch.includes('..')) {
      throw new GitSyncError(`NOTES_GIT_BRANCH "${options.branch}" is not a branch name.`);
    }
  }

  /** The URL as it may be shown: without a password or token. */
  get displayUrl(): string {
    return redact(this.options.url);
  }

  /** Clones (first time) or fetches and fast-forwards the branch. One sync at a time; a call while one runs waits for it. */
  sync(): Promise<SyncResult> {
    return this.exclusive(() => this.syncNow());
  }

  /**
   * Syncs, then runs `work` on the clone before any other sync may move it (ingest reads the notes of exactly the
   * commit it is given). A failed sync is handed to `work` as the error, with the commit the clone still has.
   */
  syncThen<T>(work: (commit: string | undefined, error?: GitSyncError) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const synced = await this.syncNow().catch((error: unknown) => (error instanceof GitSyncError ? error : Promise.reject(error)));
      return synced instanceof GitSyncError ? work(await this.head().catch(() => undefined), synced) : work(synced.commit);
    });
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The commit checked out, or undefined when there is no clone yet. */
  async head(): Promise<string | undefined> {
    // Only a clone of our own: `rev-parse` in a folder without `.git` would answer for an enclosing repository.
    if (!(await exists(join(this.options.dir, '.git')))) return undefined;
    return (await this.git(['rev-parse', '--verify', 'HEAD'], this.options.dir)).trim();
  }

  private async syncNow(): Promise<SyncResult> {
    const { branch, dir, url } = this.options;
    const previous = await this.head();
    if (previous === undefined) {
      if (await exists(dir)) throw new GitSyncError(`${dir} exists but is not a clone of the notes repository: move it away or set NOTES_GIT_DIR.`);
      await mkdir(dirname(dir), { recursive: true });
      // Cloned beside and renamed into place: an interrupted clone never looks like a clone.
      const tmp = `${dir}.tmp-${randomBytes(3).toString('hex')}`;
      try {
        await this.git(['clone', '--quiet', '--single-branch', `--branch=${branch}`, '--', url, tmp]);
        await rename(tmp, dir);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    } else {
      await this.git(['fetch', '--quiet', '--', url, `+refs/heads/${branch}:refs/remotes/origin/${branch}`], dir);
      try {
        await this.git(['merge', '--ff-only', '--quiet', `refs/remotes/origin/${branch}`], dir);
      } catch (error) {
        throw new GitSyncError(
          `${branch} of ${this.displayUrl} does not fast-forward from ${previous.slice(0, 7)} (rewritten by a force-push, or the clone was edited): ` +
            `kept ${previous.slice(0, 7)}. Delete ${dir} to clone afresh. (${(error as Error).message})`,
        );
      }
    }
    const commit = (await this.head())!;
    return { commit, previous, changed: commit !== previous };
  }

  private async git(args: string[], cwd?: string): Promise<string> {
    try {
      const { stdout } = await execFileAsync('git', args, {
        ...(cwd ? { cwd } : {}),
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
        // Never wait for a password on a terminal nobody is watching.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      });
      return stdout;
    } catch (error) {
      const { stderr, code } = error as { stderr?: string; code?: string | number };
      if (code === 'ENOENT') throw new GitSyncError('NOTES_GIT_URL is set but the `git` program was not found: install git.');
      const detail = redact(String(stderr ?? (error as Error).message).trim().split('\n').at(-1) ?? '');
      throw new GitSyncError(`git ${args[0]} of ${this.displayUrl} failed: ${detail}`);
    }
  }
}

/** `https://user:token@host/…` → `https://***@host/…`, wherever it appears in the text. */
export function redact(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Where a note of `commit` is shown on the web, for GitHub and GitLab remotes (https or ssh form): links pinned
 * to the indexed commit never point at lines that moved since. Undefined for other hosts.
 */
export function blobBaseUrl(url: string, commit: string, subdir = ''): string | undefined {
  const match = /^(?:https?:\/\/(?:[^/@\s]+@)?|ssh:\/\/git@|git@)(github\.com|gitlab\.com)[:/](.+?)(?:\.git)?\/?$/.exec(url.trim());
  if (!match) return undefined;
  const [, host, path] = match;
  const folder = subdir.split(/[\\/]/).filter(Boolean).map(encodeURIComponent).join('/');
  return `https://${host}/${path}/${host === 'gitlab.com' ? '-/' : ''}blob/${commit}/${folder ? `${folder}/` : ''}`;
}
