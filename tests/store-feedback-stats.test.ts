import { beforeEach, describe, expect, it } from 'vitest';
import { normalizeQuestion, Store } from '../src/store/index.js';

let store: Store;
let clock: Date;

beforeEach(() => {
  clock = new Date('2025-03-01T00:00:00Z');
  store = Store.open({ path: ':memory:', now: () => clock });
});

function ask(question: string, answered: boolean, guildId: string | null = 'g1', userId = 'u1'): number {
  clock = new Date(clock.getTime() + 1000);
  return store.questions.log({ guildId, userId, question, answered, topSectionId: answered ? 'docker-and-vm.md#s' : null });
}

describe('feedback', () => {
  it('one vote per user per answer: voting again changes the vote instead of adding one', () => {
    const questionId = ask('도커란?', true);
    expect(store.feedback.vote({ messageId: 'm1', userId: 'u1', guildId: 'g1', vote: 'up', questionId })).toEqual({ vote: 'up', previous: null });
    expect(store.feedback.vote({ messageId: 'm1', userId: 'u1', guildId: 'g1', vote: 'up' })).toEqual({ vote: 'up', previous: 'up' });
    expect(store.feedback.tally('m1')).toEqual({ up: 1, down: 0 });

    expect(store.feedback.vote({ messageId: 'm1', userId: 'u1', guildId: 'g1', vote: 'down' })).toEqual({ vote: 'down', previous: 'up' });
    expect(store.feedback.tally('m1')).toEqual({ up: 0, down: 1 });
    expect(store.feedback.voteOf('m1', 'u1')).toBe('down');

    store.feedback.vote({ messageId: 'm1', userId: 'u2', guildId: 'g1', vote: 'up' });
    expect(store.feedback.tally('m1')).toEqual({ up: 1, down: 1 });
    expect(store.stats({ guildId: 'g1' })).toMatchObject({ up: 1, down: 1 });
  });
});

describe('stats', () => {
  it('counts asked, answered and not answered, and 👍/👎', () => {
    ask('도커란?', true);
    ask('VM이란?', true);
    ask('쿠버네티스란?', false);
    store.feedback.vote({ messageId: 'a', userId: 'u1', guildId: 'g1', vote: 'up' });
    store.feedback.vote({ messageId: 'a', userId: 'u2', guildId: 'g1', vote: 'up' });
    store.feedback.vote({ messageId: 'b', userId: 'u1', guildId: 'g1', vote: 'down' });
    expect(store.stats({ guildId: 'g1' })).toMatchObject({ asked: 3, answered: 2, unanswered: 1, up: 2, down: 1 });
  });

  it('ranks the most frequent unanswered questions, grouping spacing and case variants', () => {
    ask('쿠버네티스란?', false);
    ask('  쿠버네티스란? ', false, 'g1', 'u2');
    ask('What is  Kubernetes?', false);
    ask('what is kubernetes?', false);
    ask('WHAT IS KUBERNETES?\n', false, 'g1', 'u3');
    ask('Helm 차트는?', false);
    ask('도커란?', true);
    ask('도커란?', true);
    const stats = store.stats({ guildId: 'g1' });
    expect(stats.topUnanswered.map(({ normalized, count }) => [normalized, count])).toEqual([
      ['what is kubernetes?', 3],
      ['쿠버네티스란?', 2],
      ['helm 차트는?', 1],
    ]);
    // The latest wording represents the group.
    expect(stats.topUnanswered[0]!.question).toBe('WHAT IS KUBERNETES?\n');
    expect(stats.topUnanswered[0]!.lastAskedAt).toEqual(new Date('2025-03-01T00:00:05Z'));
    expect(store.stats({ guildId: 'g1', limit: 1 }).topUnanswered).toHaveLength(1);
  });

  it('keeps guilds apart and can count from a given instant', () => {
    ask('a', false, 'g1');
    ask('b', false, 'g2');
    ask('c', true, null);
    const since = new Date(clock.getTime() + 500);
    ask('a', false, 'g1');
    expect(store.stats({ guildId: 'g2' })).toMatchObject({ asked: 1, unanswered: 1 });
    expect(store.stats()).toMatchObject({ asked: 4, answered: 1, unanswered: 3 });
    expect(store.stats({ guildId: 'g1', since })).toMatchObject({ asked: 1 });
  });

  it('stores question text that looks like SQL verbatim', () => {
    const text = "'); DELETE FROM questions; --";
    ask(text, false);
    ask('x', false);
    expect(store.stats().asked).toBe(2);
    expect(store.stats().topUnanswered.map((q) => q.question)).toContain(text);
  });

  it('is empty on a fresh database', () => {
    expect(store.stats()).toEqual({ asked: 0, answered: 0, unanswered: 0, up: 0, down: 0, topUnanswered: [], recentDown: [] });
  });
});

describe('why 👎, and note requests', () => {
  it('keeps the reason with the 👎 and lists the latest 👎 answers with their questions, bounded', () => {
    const first = ask('도커란?', true);
    const second = ask('VM이란?', true);
    store.feedback.vote({ messageId: 'm1', userId: 'u1', guildId: 'g1', vote: 'down', questionId: first });
    expect(store.feedback.explainDown('m1', 'u1', 'incomplete')).toBe(true);
    clock = new Date(clock.getTime() + 1000);
    store.feedback.vote({ messageId: 'm2', userId: 'u1', guildId: 'g1', vote: 'down', questionId: second });
    store.feedback.vote({ messageId: 'm2', userId: 'u2', guildId: 'g1', vote: 'up', questionId: second });
    expect(store.stats({ guildId: 'g1' }).recentDown.map((d) => [d.question, d.reason])).toEqual([
      ['VM이란?', null],
      ['도커란?', 'incomplete'],
    ]);
    expect(store.stats({ guildId: 'g1', limit: 1 }).recentDown).toHaveLength(1);
    expect(store.stats({ guildId: 'other' }).recentDown).toEqual([]);
  });

  it('drops the reason when the vote turns to 👍, and refuses a reason for a vote that is not 👎', () => {
    const id = ask('도커란?', true);
    store.feedback.vote({ messageId: 'm1', userId: 'u1', guildId: 'g1', vote: 'down', questionId: id });
    store.feedback.explainDown('m1', 'u1', 'wrong');
    store.feedback.vote({ messageId: 'm1', userId: 'u1', guildId: 'g1', vote: 'down' });
    expect(store.stats().recentDown[0]?.reason).toBe('wrong');
    store.feedback.vote({ messageId: 'm1', userId: 'u1', guildId: 'g1', vote: 'up' });
    expect(store.feedback.explainDown('m1', 'u1', 'off-topic')).toBe(false);
    expect(store.feedback.explainDown('m9', 'u1', 'off-topic')).toBe(false);
    store.feedback.vote({ messageId: 'm1', userId: 'u1', guildId: 'g1', vote: 'down' });
    expect(store.stats().recentDown[0]?.reason).toBeNull();
  });

  it('counts note requests per unanswered question, once per member', () => {
    const a = ask('쿠버네티스란?', false, 'g1', 'u1');
    const b = ask('쿠버네티스란?', false, 'g1', 'u2');
    ask('파이썬이란?', false);
    expect(store.questions.requestNote(a, 'u1', 'g1')).toBe(true);
    expect(store.questions.requestNote(a, 'u1', 'g1')).toBe(false);
    expect(store.questions.requestNote(b, 'u2', 'g1')).toBe(true);
    const top = store.stats({ guildId: 'g1' }).topUnanswered;
    expect(top.map((q) => [q.question, q.count, q.requests])).toEqual([
      ['쿠버네티스란?', 2, 2],
      ['파이썬이란?', 1, 0],
    ]);
    expect(store.questions.text(a)).toBe('쿠버네티스란?');
    expect(store.questions.text(9999)).toBeUndefined();
  });
});

describe('normalizeQuestion', () => {
  it('trims, collapses whitespace, folds case and width', () => {
    expect(normalizeQuestion('  Docker\t\n와   VM ')).toBe('docker 와 vm');
    expect(normalizeQuestion('ＤＯＣＫＥＲ')).toBe('docker');
    // Decomposed Hangul (as typed on some systems) equals the composed form.
    expect(normalizeQuestion('도커'.normalize('NFD'))).toBe('도커');
  });
});
