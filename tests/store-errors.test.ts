import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toStoreError } from '../src/store/errors.js';
import { Store, StoreError } from '../src/store/index.js';
import { TSX_LOADER } from './helpers/cli.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-errors-'));
});
afterEach(() => {
  fs.chmodSync(dir, 0o700);
  fs.rmSync(dir, { recursive: true, force: true });
});

function caught(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected a StoreError');
}

describe('a locked database', () => {
  it('fails a write with DB_LOCKED after the busy timeout, saying what to do', () => {
    const file = path.join(dir, 'bot.sqlite');
    const store = Store.open({ path: file, busyTimeoutMs: 50 });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const error = caught(() => store.questions.log({ guildId: 'g', userId: 'u', question: 'q', answered: false }));
      expect(error.code).toBe('DB_LOCKED');
      expect(error.message).toMatch(/locked by another process/);
      expect(error.message).toMatch(/only one bot instance/);
      // Settings writes are transactions too.
      expect(caught(() => store.settings.configureDaily('g', { channelId: 'c', time: '09:00', configuredBy: 'u' })).code).toBe('DB_LOCKED');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // Once the other writer is gone, writes work again.
    expect(store.questions.log({ guildId: 'g', userId: 'u', question: 'q', answered: false })).toBeGreaterThan(0);
    store.close();
  });

  it('fails opening with DB_LOCKED when another process holds the lock during migration', () => {
    const file = path.join(dir, 'fresh.sqlite');
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE; CREATE TABLE t (x);');
    try {
      expect(caught(() => Store.open({ path: file, busyTimeoutMs: 50 })).code).toBe('DB_LOCKED');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe('a read-only database file', () => {
  /**
   * Runs Store.open + one write in a child process. As root (CI, containers) file modes do not
   * stop writes, so the child runs as `nobody` against a root-owned file: a real read-only file.
   */
  type Outcome = { name?: string; code?: string; message?: string; ok?: boolean; unavailable?: string };

  function openAsOtherUser(file: string): Outcome {
    // The checkout must be readable by `nobody` (it is not when cloned under /root, say).
    const probe = spawnSync(
      process.execPath,
      ['-e', `for (const f of process.argv.slice(1)) require('fs').accessSync(f, require('fs').constants.R_OK)`,
        path.join(repo, 'src/store/index.ts'), path.join(repo, 'node_modules/tsx/package.json'), path.join(repo, 'node_modules/better-sqlite3/package.json')],
      { uid: 65534, gid: 65534, cwd: os.tmpdir(), encoding: 'utf8' },
    );
    if (probe.status !== 0) return { unavailable: `user nobody cannot read ${repo}` };
    const script = path.join(dir, 'open.mjs');
    const storeUrl = pathToFileURL(path.join(repo, 'src/store/index.ts')).href;
    fs.writeFileSync(
      script,
      `import { Store } from ${JSON.stringify(storeUrl)};
       try {
         const store = Store.open({ path: process.argv[2] });
         store.questions.log({ guildId: 'g', userId: 'u', question: 'q', answered: false });
         console.log(JSON.stringify({ ok: true }));
       } catch (e) {
         console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message }));
       }`,
    );
    fs.chmodSync(script, 0o644);
    const result = spawnSync(process.execPath, ['--import', TSX_LOADER, script, file], {
      cwd: os.tmpdir(),
      encoding: 'utf8',
      uid: 65534,
      gid: 65534,
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() },
      timeout: 300_000, // only a hang: a loaded machine is slow to load tsx
    });
    const line = result.stdout.trim().split('\n').at(-1);
    if (!line) throw new Error(`child failed: ${result.stderr}`);
    return JSON.parse(line) as Outcome;
  }

  function openHere(file: string): Outcome {
    try {
      const store = Store.open({ path: file });
      store.questions.log({ guildId: 'g', userId: 'u', question: 'q', answered: false });
      store.close();
      return { ok: true };
    } catch (e) {
      const error = e as StoreError;
      return { name: error.name, code: error.code, message: error.message };
    }
  }

  /** Root ignores file modes; an immutable file (chattr +i) is read-only even for root, where the file system supports it. */
  function openImmutable(file: string): Outcome {
    if (spawnSync('chattr', ['+i', file]).status !== 0) return { unavailable: 'chattr +i is not supported here' };
    try {
      return openHere(file);
    } finally {
      spawnSync('chattr', ['-i', file]);
    }
  }

  it('gives DB_READONLY with advice instead of a raw SQLite error', (ctx) => {
    const file = path.join(dir, 'bot.sqlite');
    Store.open({ path: file }).close();
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dir, 0o555);

    let result: Outcome;
    if (process.getuid?.() !== 0) result = openHere(file);
    else {
      result = openAsOtherUser(file);
      if (result.unavailable) result = openImmutable(file);
    }
    if (result.unavailable) {
      ctx.skip(`no way to make a read-only file here: ${result.unavailable}`);
      return;
    }
    expect(result.ok).toBeUndefined();
    expect(result.name).toBe('StoreError');
    expect(result.code).toBe('DB_READONLY');
    expect(result.message).toContain(file);
    expect(result.message).toMatch(/read-only/);
    expect(result.message).toMatch(/write permission/);
  });

  it('maps SQLite read-only errors raised later (e.g. the disk was remounted) the same way', () => {
    const error = toStoreError(new Database.SqliteError('attempt to write a readonly database', 'SQLITE_READONLY_DBMOVED'), 'data/bot.sqlite');
    expect(error?.code).toBe('DB_READONLY');
    expect(toStoreError(new Database.SqliteError('database is locked', 'SQLITE_BUSY'), 'x')?.code).toBe('DB_LOCKED');
    expect(toStoreError(new Database.SqliteError('file is not a database', 'SQLITE_NOTADB'), 'x')?.code).toBe('DB_CORRUPT');
    // Constraint violations are programming errors, not file problems: left alone.
    expect(toStoreError(new Database.SqliteError('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_UNIQUE'), 'x')).toBeUndefined();
  });

  it('reports a file that is not a database as DB_CORRUPT', () => {
    const file = path.join(dir, 'junk.sqlite');
    fs.writeFileSync(file, 'this is not an sqlite file, just some text that is long enough to have a header');
    expect(caught(() => Store.open({ path: file })).code).toBe('DB_CORRUPT');
  });
});
