import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toStoreError } from '../src/store/errors.js';
import { APPLICATION_ID } from '../src/store/integrity.js';
import { MIGRATIONS, Store, StoreError } from '../src/store/index.js';
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
      expect(caught(() => Store.open({ path: file, openTimeoutMs: 50 })).code).toBe('DB_LOCKED');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe('a database file checked at open', () => {
  /** One line, naming the file, saying what to do. */
  function refusal(file: string, code: string): string {
    const error = caught(() => Store.open({ path: file }));
    expect(error.code).toBe(code);
    expect(error.message).toContain(file);
    expect(error.message).not.toContain('\n');
    return error.message;
  }

  it('marks its own file with the application id, and adopts an unmarked one of its own from before the mark', () => {
    const file = path.join(dir, 'bot.sqlite');
    Store.open({ path: file }).close();
    const db = new Database(file);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.pragma('application_id = 0');
    db.close();
    Store.open({ path: file }).close();
    const reopened = new Database(file, { readonly: true });
    expect(reopened.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    reopened.close();
  });

  it("refuses another program's SQLite file, by its application id or by its tables, and leaves it as it was", () => {
    const marked = path.join(dir, 'marked.sqlite');
    const other = new Database(marked);
    other.pragma('application_id = 1234');
    other.close();
    expect(refusal(marked, 'DB_FOREIGN')).toMatch(/belongs to another program \(application_id 0x4d2\).*DATABASE_PATH/);

    const unmarked = path.join(dir, 'app.sqlite');
    const app = new Database(unmarked);
    app.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE orders (id INTEGER PRIMARY KEY); INSERT INTO users (name) VALUES ('kim');`);
    app.close();
    const before = fs.readFileSync(unmarked);
    expect(refusal(unmarked, 'DB_FOREIGN')).toMatch(/another program's tables \(orders, users\)/);
    expect(fs.readFileSync(unmarked).equals(before)).toBe(true);
    expect(fs.existsSync(`${unmarked}-wal`)).toBe(false);
  });

  it('refuses a file damaged in the middle (its header intact) at open, not at the first write', () => {
    const file = path.join(dir, 'bot.sqlite');
    Store.open({ path: file }).close();
    const db = new Database(file);
    const insert = db.prepare(`INSERT INTO questions (user_id, question, question_norm, answered, asked_at) VALUES ('u', ?, ?, 0, '2025-01-01T00:00:00Z')`);
    db.transaction(() => {
      for (let i = 0; i < 2000; i += 1) insert.run(`질문 ${i} ${'x'.repeat(100)}`, `질문 ${i}`);
    })();
    db.close();
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
    expect(refusal(file, 'DB_CORRUPT')).toMatch(/is damaged \(.+\)\. Restore a backup, or move it aside/);
  });

  it('refuses a file of a newer schema version in one line', () => {
    const file = path.join(dir, 'bot.sqlite');
    Store.open({ path: file }).close();
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(refusal(file, 'DB_TOO_NEW')).toMatch(/newer than this bot knows/);
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
