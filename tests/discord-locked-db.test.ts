/**
 * Another process holds the database's write lock (`BEGIN IMMEDIATE`, as a backup tool or a second bot would)
 * while interactions arrive: every one is acknowledged, every computed answer is delivered, and the question
 * log entries are written once the lock is gone.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonIds, expectWellBehaved, startHarness, type Harness } from './discord-harness.js';

const QUESTIONS = ['컨테이너의 장점은?', '하이퍼바이저란?', '다른 환경은 어떤 환경을 말하는건가요?'];

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ databaseFile: 'bot.sqlite' });
});

afterAll(async () => {
  await h?.stop();
});

function loggedQuestions(): string[] {
  const db = new Database(h.store.path, { readonly: true });
  try {
    return db.prepare<[], string>('SELECT question FROM questions ORDER BY asked_at, id').pluck().all();
  } finally {
    db.close();
  }
}

describe('a database locked by another process', () => {
  it('acknowledges everything, delivers every answer, and logs the questions once the lock is released', async () => {
    const other = new Database(h.store.path);
    other.exec('BEGIN IMMEDIATE');
    let released = false;
    try {
      const asks = QUESTIONS.map((question) => h.fake.sendSlashCommand({ name: 'ask', options: { question }, locale: 'ko' }));
      const help = h.fake.sendSlashCommand({ name: 'help', locale: 'ko' });
      const search = h.fake.sendSlashCommand({ name: 'search', options: { query: '하이퍼바이저' }, locale: 'ko' });
      for (const handle of [...asks, help, search]) expect((await handle.response()).accepted).toBe(true);

      const replies = await Promise.all(asks.map((handle) => handle.waitForReply()));
      replies.forEach((reply, i) => {
        expect(reply.embeds[0]?.title).toContain(QUESTIONS[i]);
        expect(reply.content ?? '').not.toContain('문제가 생겨서');
      });
      expect((await help.waitForReply()).embeds[0]?.title).toBe('📚 스터디 노트 봇 사용법');
      expect((await search.waitForReply()).embeds[0]?.title).toBe('🔎 "하이퍼바이저" 검색 결과');

      // The sources of an answer whose log entry is still waiting are there all the same.
      const sources = buttonIds(replies[0]!).find((id) => id.startsWith('answer:sources:'))!;
      const shown = await h.fake.clickButton({ customId: sources, message: replies[0]!, locale: 'ko' }).waitForReply();
      expect(shown.ephemeral).toBe(true);
      expect(shown.content ?? '').not.toContain('더 이상 보관하고 있지 않아요');

      expect(h.bot.writes.waiting).toBe(QUESTIONS.length);
      expect(h.logs.join('')).toContain('database locked by another process: write queued, retried later');
      // Still locked: a retry keeps them waiting, nothing is dropped.
      expect(h.bot.writes.flush()).toBe(QUESTIONS.length);
      expect(loggedQuestions()).toEqual([]);

      other.exec('ROLLBACK');
      released = true;
      expect(h.bot.writes.flush()).toBe(0);
      expect(loggedQuestions().sort()).toEqual([...QUESTIONS].sort());
    } finally {
      if (!released) other.exec('ROLLBACK');
      other.close();
    }
    // Once the lock is gone, answers are logged at once again.
    await h.fake.sendSlashCommand({ name: 'ask', options: { question: '도커 이미지란?' }, locale: 'ko' }).waitForReply();
    expect(h.bot.writes.waiting).toBe(0);
    expect(loggedQuestions()).toContain('도커 이미지란?');
    expectWellBehaved(h);
  });
});
