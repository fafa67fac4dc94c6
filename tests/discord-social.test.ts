/**
 * Streaks, the weekly leaderboard, review reminder DMs and the weekly digest end to end: the real discord.js
 * client against the fake Discord, on an injected clock, ticks driven by the test. Streak days follow the
 * guild's zone (America/New_York here, across midnight and the 2025-03-09 spring-forward), the leaderboard is
 * the guild-local Monday week, reminders go out once per local day and never when nothing is due, a closed DM
 * is logged and eventually switches the reminder off, and the digest goes out once per week. Restarts keep it all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWellBehaved, buttonIds, startHarness, visibleText, type Harness } from './discord-harness.js';
import type { SeedUser, StoredMessage } from './fake-discord/index.js';

let h: Harness;
/** m11 of the leaderboard: answered right only on the Sunday before the leaderboard's week. */
let lastWeekAnswerer: SeedUser;

beforeAll(async () => {
  h = await startHarness({ databaseFile: 'bot.sqlite', startAt: '2025-03-08T12:00:00Z' });
  await configureDaily('America/New_York');
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

async function configureDaily(timezone: string): Promise<void> {
  await h.fake
    .sendSlashCommand({ name: 'daily', subcommand: 'set', options: { channel: h.fake.channels.study.id, time: '09:00', timezone }, user: h.fake.users.admin, locale: 'ko' })
    .waitForReply();
}

const channelPosts = () => h.fake.messagesIn(h.fake.channels.study.id).filter((m) => m.source === 'channel');

/** `/daily now`: the next quiz of the rotation; with `choice`, until it is a multiple choice (some sections make a cloze). */
async function postQuiz(choice = false): Promise<{ post: StoredMessage; answer: number | null }> {
  for (let i = 0; i < 6; i += 1) {
    await h.fake.sendSlashCommand({ name: 'daily', subcommand: 'now', user: h.fake.users.admin, locale: 'ko' }).waitForReply();
    const post = channelPosts().at(-1)!;
    const q = h.store.quizzes.get(Number(/^quiz:(\d+):/u.exec(buttonIds(post)[0]!)![1]))!.quiz.question;
    if (!choice || q.kind === 'choice') return { post, answer: q.kind === 'choice' ? q.answer : null };
  }
  throw new Error('no multiple-choice quiz in six posts');
}

/** A member clicks an option (or the cloze's reveal): right when `right` and the quiz has a right answer. */
async function answer(quiz: { post: StoredMessage; answer: number | null }, user: SeedUser, right: boolean): Promise<void> {
  const ids = buttonIds(quiz.post);
  const index = quiz.answer === null ? 0 : right ? quiz.answer : (quiz.answer + 1) % ids.length;
  await h.fake.clickButton({ customId: ids[index]!, message: quiz.post, user, locale: 'ko' }).waitForReply();
}

const streak = async (user: SeedUser) => visibleText(await h.fake.sendSlashCommand({ name: 'streak', user, locale: 'ko' }).waitForReply());

describe('/streak', () => {
  it('counts the guild-local days across midnight and a DST change, privately, with the best run kept', async () => {
    const user = h.fake.addMember({ username: 'streaker', locale: 'ko' });
    // 23:30 EST on the 8th and 00:30 EST on the 9th: one UTC day, two New York days. Then 12:00 EDT on the
    // 10th and 00:30 EDT on the 11th (04:30 UTC: a fixed UTC-5 would put it on the 10th).
    for (const iso of ['2025-03-09T04:30:00Z', '2025-03-09T05:30:00Z', '2025-03-10T16:00:00Z', '2025-03-11T04:30:00Z']) {
      h.clock.set(iso);
      await answer(await postQuiz(), user, true);
    }
    h.clock.set('2025-03-11T04:45:00Z');
    const reply = await h.fake.sendSlashCommand({ name: 'streak', user, locale: 'ko' }).waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(visibleText(reply)).toContain('지금 **4일** 연속 · 최고 기록 **4일**');
    expect(visibleText(reply)).toContain('오늘도 학습했어요!');
    expect(h.store.reviews.activeDays(user.id)).toEqual(['2025-03-11', '2025-03-10', '2025-03-09', '2025-03-08']);

    // A missed day (the 12th), then two more: the current run is 2, the best stays 4.
    for (const iso of ['2025-03-13T16:00:00Z', '2025-03-14T16:00:00Z']) {
      h.clock.set(iso);
      await answer(await postQuiz(), user, false);
    }
    // 23:30 EDT on the 15th: not yet today, the streak is still alive.
    h.clock.set('2025-03-16T03:30:00Z');
    expect(await streak(user)).toContain('지금 **2일** 연속 · 최고 기록 **4일**\n오늘은 아직이에요');
    // 00:30 EDT on the 16th: the 15th went by without activity.
    h.clock.set('2025-03-16T04:30:00Z');
    expect(await streak(user)).toContain('지금 **0일** 연속 · 최고 기록 **4일**');
  });

  it('counts a rated due review card as a day too, and survives a restart', async () => {
    const user = h.fake.addMember({ username: 'reviewer', locale: 'ko' });
    h.clock.set('2025-03-16T15:00:00Z'); // 11:00 EDT on the 16th
    await answer(await postQuiz(true), user, false); // wrong: the card is due again in minutes
    h.clock.set('2025-03-17T15:00:00Z'); // the 17th: review only
    const shown = await h.fake.sendSlashCommand({ name: 'review', user, locale: 'ko' }).waitForReply();
    const [rateId] = buttonIds(shown).filter((id) => id.endsWith(':good'));
    // The review is stored before the bot answers the click.
    await h.fake.clickButton({ customId: rateId!, message: shown, user, locale: 'ko' }).response();
    await h.restartBot();
    expect(await streak(user)).toContain('지금 **2일** 연속');
  });
});

describe('/leaderboard', () => {
  let members: SeedUser[];

  beforeAll(async () => {
    await configureDaily('Asia/Seoul');
    members = Array.from({ length: 12 }, (_, i) => h.fake.addMember({ username: `m${i}`, globalName: `학생${String(i).padStart(2, '0')}`, locale: 'ko' }));
    // Sunday 23:00 in Seoul: last week. m11 answers right, which must not count this week.
    h.clock.set('2025-03-16T14:00:00Z');
    const lastWeek = await postQuiz(true);
    await answer(lastWeek, members[11]!, true);
    lastWeekAnswerer = members[11]!;
    // Monday 10:00 in Seoul onwards: this week.
    h.clock.set('2025-03-17T01:00:00Z');
    const rightOn: number[][] = [
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [0, 1, 2, 3, 4, 10],
      [0, 1, 10],
    ];
    for (const right of rightOn) {
      const quiz = await postQuiz(true);
      for (const [i, user] of members.entries()) await answer(quiz, user, right.includes(i));
    }
    // m10 missed the first quiz; its card is due after FSRS's first step, and rating it in /review scores a point.
    h.clock.advance(30 * 60_000);
    const shown = await h.fake.sendSlashCommand({ name: 'review', user: members[10]!, locale: 'ko' }).waitForReply();
    const good = buttonIds(shown).find((id) => id.endsWith(':good'))!;
    await h.fake.clickButton({ customId: good, message: shown, user: members[10]!, locale: 'ko' }).response();
  }, 120_000);

  it("ranks this week's top 10 by right answers plus reviews, names as text, nobody pinged", async () => {
    const handle = h.fake.sendSlashCommand({ name: 'leaderboard', user: members[3]!, locale: 'ko' });
    const reply = await handle.waitForReply();
    expect(reply.ephemeral).toBe(false);
    const embed = reply.embeds[0]!;
    expect(embed.title).toBe('🏆 이번 주 순위');
    expect(embed.footer?.text).toBe('점수 = 이 서버 퀴즈 정답 수 + 복습 카드 평가 수');
    const lines = embed.description!.split('\n');
    expect(lines[0]).toBe('2025-03-17 ~ 2025-03-23 (월요일 시작)');
    expect(lines.slice(2)).toEqual([
      '1. 학생00 — 3점 (정답 3 · 복습 0)',
      '1. 학생01 — 3점 (정답 3 · 복습 0)',
      '1. 학생10 — 3점 (정답 2 · 복습 1)',
      '4. 학생02 — 2점 (정답 2 · 복습 0)',
      '4. 학생03 — 2점 (정답 2 · 복습 0)',
      '4. 학생04 — 2점 (정답 2 · 복습 0)',
      '7. 학생05 — 1점 (정답 1 · 복습 0)',
      '7. 학생06 — 1점 (정답 1 · 복습 0)',
      '7. 학생07 — 1점 (정답 1 · 복습 0)',
      '7. 학생08 — 1점 (정답 1 · 복습 0)',
    ]);
    expect(visibleText(reply)).not.toMatch(/<@|학생09|학생11/u);
    const sent = h.fake.outgoing.filter((o) => o.interactionId === handle.id);
    expect(sent.length).toBeGreaterThan(0);
    for (const record of sent) expect(record.mentionsDisabled).toBe(true);
  });
});

describe('/review remind', () => {
  let reminded: SeedUser;
  let closed: SeedUser;
  const dmsTo = (user: SeedUser) => h.fake.messagesIn(h.fake.world.dmChannelWith(user.id).id);
  const dmAttempts = (user: SeedUser) => h.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${h.fake.world.dmChannelWith(user.id).id}/messages`)).length;

  it('sends the due count by DM at the chosen local time, exactly once that day', async () => {
    reminded = h.fake.addMember({ username: 'reminded', locale: 'ko' });
    closed = h.fake.addMember({ username: 'closed-dms', locale: 'ko' });
    h.clock.set('2025-03-18T11:00:00Z'); // 20:00 in Seoul
    const quiz = await postQuiz(true);
    await answer(quiz, reminded, false);
    await answer(quiz, closed, false);
    const on = await h.fake.sendSlashCommand({ name: 'review', options: { remind: 'on', time: '21:00' }, user: reminded, locale: 'ko' }).waitForReply();
    expect(on.ephemeral).toBe(true);
    expect(on.content).toMatch(/^매일 21:00 \(Asia\/Seoul\)에 복습할 카드 수를 DM으로 알려 드릴게요\. .*다음 알림: <t:1742299200:F>$/u);
    await h.fake.sendSlashCommand({ name: 'review', options: { remind: 'on', time: '21:00' }, user: closed, locale: 'ko' }).waitForReply();
    h.fake.failNextRequest((r) => r.method === 'POST' && r.path.endsWith(`/channels/${h.fake.world.dmChannelWith(closed.id).id}/messages`), {
      status: 403,
      code: 50007,
      message: 'Cannot send messages to this user',
      times: 10,
    });

    h.clock.set('2025-03-18T11:59:00Z');
    await h.bot.scheduler.tick();
    expect(dmsTo(reminded)).toEqual([]);
    h.clock.set('2025-03-18T12:00:00Z');
    await h.bot.scheduler.tick();
    expect(dmsTo(reminded).map((m) => m.content)).toEqual([
      '🔁 오늘 복습할 카드가 1장 있어요. 서버에서 `/review` 로 복습해 보세요. (알림 끄기: `/review remind: off`)',
    ]);
    h.clock.set('2025-03-18T14:00:00Z');
    await h.bot.scheduler.tick();
    await h.restartBot();
    await h.bot.scheduler.tick();
    expect(dmsTo(reminded)).toHaveLength(1);
  });

  it('logs a DM that fails without retrying that day, and switches off after three failed days', async () => {
    expect(dmAttempts(closed)).toBe(1);
    expect(h.logs.join('')).toContain('reminder: DM failed; tried again tomorrow');
    for (const day of ['2025-03-19', '2025-03-20']) {
      h.clock.set(`${day}T12:00:00Z`);
      await h.bot.scheduler.tick();
      await h.bot.scheduler.tick();
    }
    expect(dmAttempts(closed)).toBe(3);
    expect(h.store.reminders.get(closed.id)).toMatchObject({ enabled: false, failures: 3 });
    expect(h.logs.join('')).toContain('reminder: DM failed again; the reminder is switched off');
    h.clock.set('2025-03-21T12:00:00Z');
    await h.bot.scheduler.tick();
    expect(dmAttempts(closed)).toBe(3);
    // The reminded member got one DM a day meanwhile (the card stayed due).
    expect(dmsTo(reminded)).toHaveLength(4);
  });

  it('sends nothing on a day with no card due, and stops when switched off', async () => {
    h.clock.set('2025-03-21T13:00:00Z');
    const shown = await h.fake.sendSlashCommand({ name: 'review', user: reminded, locale: 'ko' }).waitForReply();
    const easy = buttonIds(shown).find((id) => id.endsWith(':easy'))!;
    await h.fake.clickButton({ customId: easy, message: shown, user: reminded, locale: 'ko' }).response();
    expect(h.store.reviews.dueCount(reminded.id, h.clock.now())).toBe(0);
    h.clock.set('2025-03-22T12:00:00Z');
    await h.bot.scheduler.tick();
    expect(dmsTo(reminded)).toHaveLength(4);
    expect(h.store.reminders.get(reminded.id)).toMatchObject({ lastDate: '2025-03-22', lastStatus: 'nothing-due' });
    const off = await h.fake.sendSlashCommand({ name: 'review', options: { remind: 'off' }, user: reminded, locale: 'ko' }).waitForReply();
    expect(off.content).toBe('복습 알림을 껐어요.');
    expect(h.store.reminders.get(reminded.id)?.enabled).toBe(false);
  });
});

describe('the weekly digest', () => {
  it('posts once on Sunday 20:00 in the guild zone: most asked, notes added or changed, the ranking, unanswered questions', async () => {
    // Asked this digest week (from last Sunday 20:00 in Seoul).
    h.clock.set('2025-03-19T03:00:00Z');
    const ask = (question: string, user: SeedUser) => h.fake.sendSlashCommand({ name: 'ask', options: { question }, user, locale: 'ko' }).waitForReply();
    const [a, b, c] = [h.fake.users.admin, h.fake.users.member, h.fake.addMember({ username: 'asker', locale: 'ko' })];
    for (const user of [a, b, c]) await ask('컨테이너의 장점은?', user);
    for (const user of [a, b]) await ask('쿠버네티스 오퍼레이터 패턴의 조정 루프는?', user);
    // A note added and a note changed since the bot first looked (its first tick, on the 18th).
    fs.writeFileSync(
      path.join(h.knowledgeDir, 'network.md'),
      [
        '# 네트워크 기초',
        '',
        '## TCP',
        '',
        '**TCP**는 연결을 맺고 순서와 도착을 보장하는 전송 계층 프로토콜입니다. 잃어버린 패킷은 다시 보내고, 받는 쪽이 감당할 만큼만 보내도록 흐름을 조절합니다.',
        '**UDP**는 연결 없이 데이터그램을 보내는 전송 계층 프로토콜로, 순서와 도착을 보장하지 않는 대신 지연이 적어 실시간 스트리밍과 게임에 쓰입니다.',
        '',
      ].join('\n'),
    );
    fs.appendFileSync(path.join(h.knowledgeDir, 'docker-and-vm.md'), '\n컨테이너는 호스트 커널을 공유하므로 가상 머신보다 가볍고 빠르게 시작됩니다.\n');
    await h.fake.sendSlashCommand({ name: 'reindex', user: h.fake.users.admin, locale: 'ko' }).waitForReply();

    h.clock.set('2025-03-23T10:59:00Z');
    await h.bot.scheduler.tick();
    const before = channelPosts().length;
    h.clock.set('2025-03-23T11:00:00Z');
    await h.bot.scheduler.tick();
    const posts = channelPosts();
    expect(posts).toHaveLength(before + 1);
    const digest = posts.at(-1)!;
    const embed = digest.embeds[0]!;
    expect(embed.title).toBe('📰 이번 주 스터디 다이제스트');
    expect(embed.description).toBe('2025-03-16 ~ 2025-03-23');
    const field = (name: string) => embed.fields?.find((f) => f.name === name)?.value ?? '';
    expect(field('많이 나온 질문').split('\n').slice(0, 2)).toEqual(['1. 컨테이너의 장점은? · 3번', '2. 쿠버네티스 오퍼레이터 패턴의 조정 루프는? · 2번']);
    expect(field('노트에 없던 질문')).toBe('1. 쿠버네티스 오퍼레이터 패턴의 조정 루프는? · 2번');
    expect(field('추가되거나 바뀐 노트')).toMatch(/^추가 1 · 변경 1 \(2025-03-18 \d\d:\d\d 이후\)\n• 추가: 네트워크 기초 \(`network\.md`\)\n• 변경: .+ \(`docker-and-vm\.md`\)$/u);
    const ranking = field('이번 주 순위').split('\n');
    expect(ranking).toHaveLength(10);
    expect(ranking.slice(0, 3)).toEqual(['1. 학생00 — 3점 (정답 3 · 복습 0)', '1. 학생01 — 3점 (정답 3 · 복습 0)', '1. 학생10 — 3점 (정답 2 · 복습 1)']);
    // It ranks since the last digest slot (last Sunday 20:00): last Sunday 23:00's right answer counts here, unlike on /leaderboard.
    const m11 = lastWeekAnswerer;
    const window = { from: new Date('2025-03-16T11:00:00Z'), to: new Date('2025-03-23T11:00:00Z') };
    expect(h.store.leaderboard(h.fake.guild.id, window, 20).find((e) => e.userId === m11.id)).toMatchObject({ correct: 1, points: 1 });
    expect(h.store.leaderboard(h.fake.guild.id, { from: new Date('2025-03-16T15:00:00Z'), to: window.to }, 20).find((e) => e.userId === m11.id)).toBeUndefined();
    expect(visibleText(digest)).not.toContain('<@');

    h.clock.set('2025-03-23T13:00:00Z');
    await h.bot.scheduler.tick();
    await h.restartBot();
    await h.bot.scheduler.tick();
    expect(channelPosts()).toHaveLength(before + 1);
    expect(h.store.digests.slot(h.fake.guild.id)).toEqual({ date: '2025-03-23', status: 'posted' });
  });

  it('is not caught up in the next week when the bot was down on Sunday evening', async () => {
    const before = channelPosts().length;
    // Down from Sunday 19:00 to Monday 08:00 (Seoul): that Sunday's digest is skipped, not posted on Monday.
    h.clock.set('2025-03-31T00:00:00Z');
    await h.bot.scheduler.tick();
    expect(channelPosts().filter((m) => m.embeds[0]?.title === '📰 이번 주 스터디 다이제스트')).toHaveLength(1);
    expect(channelPosts().length - before).toBeLessThanOrEqual(1); // at most the daily quiz
  });
});

it('never had a payload rejected, never pinged, never logged the token', () => {
  expectWellBehaved(h);
});
