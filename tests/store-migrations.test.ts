import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, Store, StoreError, type Migration } from '../src/store/index.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-migrations-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function tables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[], string>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .pluck()
      .all();
  } finally {
    db.close();
  }
}

describe('store migrations', () => {
  it('creates every table on a fresh file, in WAL mode with foreign keys on', () => {
    const file = path.join(dir, 'nested', 'bot.sqlite');
    const store = Store.open({ path: file });
    expect(store.migrated).toEqual(MIGRATIONS.map((m) => m.version));
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    store.close();

    expect(tables(file)).toEqual([
      'activity_days', 'daily_posted', 'daily_state', 'feedback', 'guild_settings', 'questions', 'quiz_attempts', 'quizzes', 'review_cards', 'review_log',
    ]);
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('is idempotent: reopening applies nothing and keeps the data', () => {
    const file = path.join(dir, 'bot.sqlite');
    const first = Store.open({ path: file });
    first.questions.log({ guildId: 'g', userId: 'u', question: 'q', answered: true });
    first.close();

    const second = Store.open({ path: file });
    expect(second.migrated).toEqual([]);
    expect(second.schemaVersion()).toBe(MIGRATIONS.length);
    expect(second.stats().asked).toBe(1);
    second.close();
  });

  it('enforces foreign keys', () => {
    const store = Store.open({ path: ':memory:' });
    // The rotation state belongs to a configured guild.
    expect(() => store.daily.pickManual('no-such-guild', () => ({ sectionId: 's', round: 1 }))).toThrow(/FOREIGN KEY/);
    store.close();
  });

  it('applies only the pending steps of a longer list, in one transaction', () => {
    const file = path.join(dir, 'bot.sqlite');
    Store.open({ path: file }).close();
    const extra: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'test column',
      up: (db) => db.exec('ALTER TABLE questions ADD COLUMN extra TEXT'),
    };
    const store = Store.open({ path: file, migrations: [...MIGRATIONS, extra] });
    expect(store.migrated).toEqual([extra.version]);
    expect(store.schemaVersion()).toBe(extra.version);
    store.close();
  });

  it('rolls a failing migration back completely', () => {
    const file = path.join(dir, 'bot.sqlite');
    Store.open({ path: file }).close();
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'half', up: (db) => db.exec('CREATE TABLE half (x); SELECT * FROM missing_table') },
    ];
    expect(() => Store.open({ path: file, migrations: broken })).toThrow(/missing_table/);
    expect(tables(file)).not.toContain('half');
    const store = Store.open({ path: file });
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    store.close();
  });

  it('refuses a database from a newer version of the bot', () => {
    const file = path.join(dir, 'bot.sqlite');
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    let error: unknown;
    try {
      Store.open({ path: file });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('DB_TOO_NEW');
    expect((error as StoreError).message).toMatch(/newer/);
  });
});
