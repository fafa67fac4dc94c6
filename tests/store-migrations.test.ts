import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, Store, StoreError, type Migration } from '../src/store/index.js';

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
      'activity_days', 'daily_posted', 'daily_state', 'feedback', 'gap_answers', 'gap_askers', 'gap_requests', 'gaps', 'guild_settings', 'questions', 'quiz_attempts', 'quizzes', 'review_cards', 'review_log',
      'review_reminders', 'weekly_digests',
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

  it('upgrades a database of the previous schema without losing its votes and questions', () => {
    const file = path.join(dir, 'bot.sqlite');
    // Written as the previous version of the bot wrote it: schema 2, rows inserted by hand.
    const old = new Database(file);
    migrate(old, MIGRATIONS.filter((m) => m.version <= 2));
    const questionId = Number(
      old
        .prepare(`INSERT INTO questions (guild_id, user_id, question, question_norm, answered, asked_at) VALUES ('g', 'u', '도커란?', '도커란?', 1, '2025-03-01T00:00:00.000Z')`)
        .run().lastInsertRowid,
    );
    const vote = old.prepare(`INSERT INTO feedback (message_id, user_id, guild_id, question_id, vote, created_at, updated_at) VALUES ('m1', ?, 'g', ?, ?, '2025-03-01T00:00:01.000Z', '2025-03-01T00:00:01.000Z')`);
    vote.run('u', questionId, -1);
    vote.run('v', questionId, 1);
    old.close();

    const store = Store.open({ path: file });
    expect(store.migrated).toEqual(MIGRATIONS.filter((m) => m.version > 2).map((m) => m.version));
    expect(store.feedback.tally('m1')).toEqual({ up: 1, down: 1 });
    expect(store.stats().recentDown.map((d) => [d.question, d.reason])).toEqual([['도커란?', null]]);
    expect(store.feedback.explainDown('m1', 'u', 'off-topic')).toBe(true);
    expect(store.stats().recentDown[0]?.reason).toBe('off-topic');
    expect(store.questions.requestNote(questionId, 'u', 'g')).toBe(true);
    store.close();
  });

  it('starts the gap list from the unanswered questions and note requests a database of schema 3 already holds', () => {
    const file = path.join(dir, 'bot.sqlite');
    const old = new Database(file);
    migrate(old, MIGRATIONS.filter((m) => m.version <= 3));
    const ask = old.prepare(
      `INSERT INTO questions (guild_id, channel_id, user_id, question, question_norm, answered, asked_at) VALUES (?, 'c', ?, ?, ?, ?, '2025-03-01T00:00:00.000Z')`,
    );
    const asked = Number(ask.run('g', 'u1', '레이어 캐시는?', '레이어 캐시는?', 0).lastInsertRowid);
    ask.run('g', 'u2', '레이어  캐시는?', '레이어 캐시는?', 0);
    ask.run('g', 'u3', '도커란?', '도커란?', 1);
    ask.run(null, 'u3', 'DM 질문', 'dm 질문', 0);
    old.prepare(`INSERT INTO gap_requests (question_id, user_id, guild_id, requested_at) VALUES (?, 'u4', 'g', '2025-03-01T00:01:00.000Z')`).run(asked);
    old.close();

    const store = Store.open({ path: file });
    const gaps = store.gaps.open('g', 10);
    expect(gaps.map((g) => [g.question, g.askers])).toEqual([['레이어 캐시는?', 3]]);
    expect(store.gaps.askers(gaps[0]!.id).map((a) => a.userId)).toEqual(['u1', 'u2', 'u4']);
    store.close();
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
