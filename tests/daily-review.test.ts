/**
 * Spaced review and streaks on the store, on an injected clock: due dates are exactly what ts-fsrs gives for
 * the same ratings at the same instants, a restart keeps every card, review and active day, an old database
 * gains the new tables without losing its data, and streak days follow the guild's zone (across midnight
 * and a DST change).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createEmptyCard, fsrs, Rating, type Grade } from 'ts-fsrs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dueCards, localDate, recordQuizMeeting, recordReview, streakLength, type DailyQuiz, type ReviewRating } from '../src/daily/index.js';
import { MIGRATIONS, Store } from '../src/store/index.js';

const USER = '200000000000000009';

const QUIZ: DailyQuiz = {
  sectionId: 'docker-and-vm.md#도커-호스트-운영체제와-vm-운영체제',
  title: '도커 호스트 운영체제와 VM 운영체제',
  noteTitle: 'Docker and VM',
  question: {
    kind: 'choice',
    prompt: 'VM 운영체제는 하이퍼바이저 위에서 실행되는 ＿＿＿입니다.',
    options: ['이식성', '게스트 운영체제', '효율성', '패키지'],
    answer: 1,
    sentence: 'VM 운영체제는 하이퍼바이저 위에서 실행되는 게스트 운영체제입니다.',
  },
  source: { sectionId: 'docker-and-vm.md#도커-호스트-운영체제와-vm-운영체제', file: 'docker-and-vm.md', section: ['Docker and VM', '도커 호스트 운영체제와 VM 운영체제'], anchor: 'x', lines: [81, 85] },
};

let dir: string;
let clock: Date;
const now = () => clock;
const open = () => Store.open({ path: path.join(dir, 'bot.sqlite'), now });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-'));
  clock = new Date('2025-03-02T00:05:00Z');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('spaced review (ts-fsrs)', () => {
  it('schedules a fixed rating sequence exactly as ts-fsrs does, and keeps it across a restart', () => {
    let store = open();
    const card = recordQuizMeeting(store, { userId: USER, quiz: QUIZ, correct: true, now: clock, zone: 'Asia/Seoul' });
    const reference = fsrs({ enable_fuzz: false });
    let expected = reference.next(createEmptyCard(clock), clock, Rating.Good).card;
    expect(card.due.toISOString()).toBe(expected.due.toISOString());
    expect(card.front).toMatchObject({ kind: 'cloze', answer: '게스트 운영체제', prompt: QUIZ.question.kind === 'choice' ? QUIZ.question.prompt : '' });

    const sequence: [ReviewRating, Grade][] = [['good', Rating.Good], ['hard', Rating.Hard], ['again', Rating.Again], ['good', Rating.Good], ['easy', Rating.Easy]];
    for (const [rating, grade] of sequence) {
      clock = new Date(expected.due.getTime() + 60_000); // reviewed a minute after it fell due
      const [due] = dueCards(store, USER, clock);
      expect(due?.id).toBe(card.id);
      recordReview(store, { card: due!, rating, now: clock, zone: 'Asia/Seoul' });
      expected = reference.next(expected, clock, grade).card;
      store.close(); // a restart after every review: nothing lives only in memory
      store = open();
      const stored = store.reviews.byId(card.id)!;
      expect(stored.due.toISOString()).toBe(expected.due.toISOString());
      expect(stored.fsrs).toMatchObject({ reps: expected.reps, lapses: expected.lapses, state: expected.state });
    }
    expect(store.reviews.reviews(card.id)).toBe(1 + sequence.length);
    expect(dueCards(store, USER, clock)).toEqual([]);
    expect(store.reviews.nextDue(USER)?.toISOString()).toBe(expected.due.toISOString());
    store.close();
  });

  it('a wrong answer brings the card back sooner than a right one; a revealed cloze is due at once; meeting it again keeps its schedule', () => {
    const store = open();
    const right = recordQuizMeeting(store, { userId: 'right', quiz: QUIZ, correct: true, now: clock, zone: 'UTC' });
    const wrong = recordQuizMeeting(store, { userId: 'wrong', quiz: QUIZ, correct: false, now: clock, zone: 'UTC' });
    const revealed = recordQuizMeeting(store, { userId: 'revealed', quiz: QUIZ, correct: null, now: clock, zone: 'UTC' });
    expect(wrong.due.getTime()).toBeLessThan(right.due.getTime());
    expect(revealed.due.getTime()).toBe(clock.getTime());
    expect(store.reviews.reviews(revealed.id)).toBe(0);
    clock = new Date(clock.getTime() + 86_400_000);
    const again = recordQuizMeeting(store, { userId: 'right', quiz: QUIZ, correct: false, now: clock, zone: 'UTC' });
    expect(again.id).toBe(right.id);
    expect(again.due).toEqual(right.due);
    store.close();
  });
});

describe('streaks', () => {
  it('counts consecutive local days, still alive before today is done', () => {
    expect(streakLength([], '2025-03-10')).toBe(0);
    expect(streakLength(['2025-03-08', '2025-03-09', '2025-03-10'], '2025-03-10')).toBe(3);
    expect(streakLength(['2025-03-08', '2025-03-09'], '2025-03-10')).toBe(2);
    expect(streakLength(['2025-03-07', '2025-03-09'], '2025-03-10')).toBe(1);
    expect(streakLength(['2025-03-07'], '2025-03-10')).toBe(0);
    expect(streakLength(['2025-02-28', '2025-03-01'], '2025-03-01')).toBe(2);
  });

  it('puts each activity on the day of the guild zone, across midnight and a DST change', () => {
    // 23:30 and 00:30 in Seoul are two days; both are the same UTC day.
    expect(localDate(new Date('2025-03-01T14:30:00Z'), 'Asia/Seoul')).toBe('2025-03-01');
    expect(localDate(new Date('2025-03-01T15:30:00Z'), 'Asia/Seoul')).toBe('2025-03-02');
    // New York springs forward on 2025-03-09: 23:30 EST on the 8th, then 23:30 EDT on the 9th (an hour less in UTC).
    const store = open();
    for (const iso of ['2025-03-09T04:30:00Z', '2025-03-10T03:30:00Z', '2025-03-11T03:30:00Z']) {
      recordQuizMeeting(store, { userId: USER, quiz: QUIZ, correct: true, now: new Date(iso), zone: 'America/New_York' });
    }
    expect(store.reviews.activeDays(USER)).toEqual(['2025-03-10', '2025-03-09', '2025-03-08']);
    expect(streakLength(store.reviews.activeDays(USER), localDate(new Date('2025-03-11T12:00:00Z'), 'America/New_York'))).toBe(3);
    store.close();
  });
});

describe('learning-loop migration', () => {
  it('upgrades a version-1 database in place without losing its settings, questions or votes', () => {
    const file = path.join(dir, 'bot.sqlite');
    const old = Store.open({ path: file, now, migrations: MIGRATIONS.slice(0, 1) });
    old.settings.configureDaily('g1', { channelId: 'c1', time: '09:00', configuredBy: 'admin' });
    const questionId = old.questions.log({ guildId: 'g1', userId: 'u', question: '컨테이너란?', answered: true });
    expect(old.schemaVersion()).toBe(1);
    old.close();
    // The vote as version 1 wrote it (today's code writes columns that schema lacks).
    const raw = new Database(file);
    raw
      .prepare(`INSERT INTO feedback (message_id, user_id, guild_id, question_id, vote, created_at, updated_at) VALUES ('m1', 'u', 'g1', ?, 1, ?, ?)`)
      .run(questionId, now().toISOString(), now().toISOString());
    raw.close();

    const store = Store.open({ path: file, now });
    expect(store.migrated).toEqual(MIGRATIONS.filter((m) => m.version > 1).map((m) => m.version));
    expect(store.settings.get('g1')).toMatchObject({ dailyChannelId: 'c1', dailyTime: '09:00', dailyEnabled: true });
    expect(store.stats()).toMatchObject({ asked: 1, answered: 1, up: 1 });
    const quizId = store.quizzes.create({ guildId: 'g1', channelId: 'c1', localDate: '2025-03-02', kind: 'scheduled', quiz: QUIZ });
    expect(store.quizzes.answer({ quizId, userId: 'u', choice: 1, correct: true }).first).toBe(true);
    expect(store.quizzes.answer({ quizId, userId: 'u', choice: 0, correct: false })).toMatchObject({ first: false, attempt: { choice: 1, correct: true } });
    expect(store.quizzes.tally(quizId)).toEqual({ participants: 1, graded: 1, correct: 1 });
    expect(store.quizzes.get(quizId)?.quiz).toEqual(QUIZ);
    store.close();
  });
});
