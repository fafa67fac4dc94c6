/**
 * The learning loop end to end, real discord.js client against the fake Discord on an injected clock: the
 * scheduled daily quiz (question and buttons only), members answering privately (✅/❌, the quoted
 * sentence and its source), a day of 30 members with the participation line edited at most once per
 * interval, `/review` rating due cards with ts-fsrs, the streak, and a restart that keeps all of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quizAnswer, type DailyQuiz } from '../src/daily/index.js';
import { buttonIds, expectWellBehaved, NOTES_BASE_URL, startHarness, visibleText, type Harness } from './discord-harness.js';
import type { SeedUser, StoredMessage } from './fake-discord/index.js';

let h: Harness;
let post: StoredMessage;
let quiz: DailyQuiz;
let members: SeedUser[];

beforeAll(async () => {
  // 2025-03-01 21:00 in Seoul; a database file, so a restart reopens the same state.
  h = await startHarness({ databaseFile: 'bot.sqlite', startAt: '2025-03-01T12:00:00Z' });
  await h.fake
    .sendSlashCommand({ name: 'daily', subcommand: 'set', options: { channel: h.fake.channels.study.id, time: '09:00' }, user: h.fake.users.admin, locale: 'ko' })
    .waitForReply();
  members = Array.from({ length: 30 }, (_, i) => h.fake.addMember({ username: `member${i}`, locale: 'ko' }));
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

const click = (customId: string, user: SeedUser, locale = 'ko') => h.fake.clickButton({ customId, message: post, user, locale });
const optionButton = (i: number) => buttonIds(post)[i]!;

describe('the daily quiz post', () => {
  it('replaces the card at 09:00 Seoul time: a question and A–D, nothing that gives the answer away', async () => {
    h.clock.set('2025-03-02T00:00:00Z');
    const [result] = await h.bot.scheduler.tick();
    expect(result).toMatchObject({ outcome: 'posted', localDate: '2025-03-02' });
    post = h.fake.message(result?.outcome === 'posted' ? result.messageId! : '')!;
    const stored = h.store.quizzes.get(Number(/^quiz:(\d+):/u.exec(optionButton(0))![1]))!;
    quiz = stored.quiz;
    expect(stored).toMatchObject({ messageId: post.id, localDate: '2025-03-02', kind: 'scheduled', channelId: h.fake.channels.study.id });

    const embed = post.embeds[0]!;
    expect(embed.title).toBe('📅 오늘의 퀴즈');
    expect(embed.footer?.text).toBe('오늘 0명 참여');
    expect(embed.fields ?? []).toEqual([]);
    expect(buttonIds(post)).toEqual([0, 1, 2, 3].map((i) => `quiz:${stored.id}:${i}`));
    expect(post.components[0]?.components?.map((c) => c.label)).toEqual(['A', 'B', 'C', 'D']);

    const q = quiz.question;
    if (q.kind !== 'choice') throw new Error(`expected a multiple choice on the seed note, got ${q.kind}`);
    const text = visibleText(post);
    expect(text).toContain(q.prompt);
    // The answer shows only as its option; the sentence, the section, its source and its summary do not show.
    expect(text.split(quizAnswer(q)).length - 1).toBe(1);
    expect(text).toContain(`**${'ABCD'[q.answer]}.** ${quizAnswer(q)}`);
    expect(text).not.toContain(q.sentence);
    expect(text).not.toContain(quiz.title);
    expect(text).not.toContain('docker-and-vm.md');
    expect(text).not.toMatch(/핵심 용어|정답:|출처/u);
  });

  it('answers a click privately: ❌ with the right option, the quoted sentence and its source; a second click changes nothing', async () => {
    const q = quiz.question;
    if (q.kind !== 'choice') throw new Error('unreachable');
    const wrong = (q.answer + 1) % 4;
    const reply = await click(optionButton(wrong), h.fake.users.member, 'ko').waitForReply();
    expect(reply.ephemeral).toBe(true);
    const text = visibleText(reply);
    expect(text).toContain(`❌ 아쉬워요. 고른 답: ${'ABCD'[wrong]}. ${q.options[wrong]} · 정답: **${'ABCD'[q.answer]}. ${quizAnswer(q)}**`);
    expect(text).toContain(`> ${q.sentence}`);
    expect(text).toContain(`${NOTES_BASE_URL}docker-and-vm.md#L${quiz.source.lines[0]}-L${quiz.source.lines[1]}`);
    expect(text).toContain('`/review`');
    expect(text).toContain('🔥 1일 연속 학습 중');

    const again = await click(optionButton(q.answer), h.fake.users.member, 'ko').waitForReply();
    expect(visibleText(again)).toContain('❌ 아쉬워요.');
    expect(visibleText(again)).toContain('이미 답한 퀴즈예요');
    expect(h.store.quizzes.tally(Number(/^quiz:(\d+):/u.exec(optionButton(0))![1]))).toEqual({ participants: 1, graded: 1, correct: 0 });

    const english = await click(optionButton(q.answer), h.fake.users.admin, 'en-US').waitForReply();
    expect(visibleText(english)).toContain(`✅ Right! **${'ABCD'[q.answer]}. ${quizAnswer(q)}**`);
  });

  it('takes a day of 30 members clicking at once, and edits the post at most once per interval', async () => {
    const q = quiz.question;
    if (q.kind !== 'choice') throw new Error('unreachable');
    const editsBefore = h.fake.message(post.id)!.edits;
    // Two in three right.
    const handles = members.map((user, i) => click(optionButton(i % 3 === 2 ? (q.answer + 1) % 4 : q.answer), user));
    const replies = await Promise.all(handles.map((handle) => handle.waitForReply()));
    for (const [i, reply] of replies.entries()) {
      expect(reply.ephemeral).toBe(true);
      expect(visibleText(reply)).toContain(i % 3 === 2 ? '❌' : '✅');
    }
    // The clock has not moved: the first click edited at once, the rest wait for the end of the interval.
    expect(h.fake.message(post.id)!.edits - editsBefore).toBeLessThanOrEqual(1);
    await h.bot.quizBoard.flush();
    const edited = h.fake.message(post.id)!;
    expect(edited.edits - editsBefore).toBeLessThanOrEqual(2);
    // 32 members: the member (wrong), the admin (right), 20 right and 10 wrong of the 30.
    expect(edited.embeds[0]?.footer?.text).toBe(`오늘 32명 참여 · 정답률 ${Math.round((100 * 21) / 32)}%`);
    expect(buttonIds(edited)).toEqual(buttonIds(post));
  });
});

describe('/review', () => {
  it('shows the member their due card privately and rates it with 다시 / 어려움 / 알맞음 / 쉬움', async () => {
    const user = h.fake.users.member; // answered wrong: the card came back after FSRS's first step
    const early = await h.fake.sendSlashCommand({ name: 'review', user, locale: 'ko' }).waitForReply();
    expect(early.ephemeral).toBe(true);
    expect(early.content).toMatch(/^지금 복습할 카드가 없어요\. 다음 복습: <t:\d+:R>\n🔥 1일 연속 학습 중$/u);

    h.clock.advance(10 * 60_000);
    const shown = await h.fake.sendSlashCommand({ name: 'review', user, locale: 'ko' }).waitForReply();
    expect(shown.ephemeral).toBe(true);
    const embed = shown.embeds[0]!;
    expect(embed.title).toBe('🔁 복습 · 남은 카드 1장');
    expect(embed.description).toContain(`||${quizAnswer(quiz.question)}||`);
    expect(embed.description).toContain('🔥 1일 연속 학습 중');
    expect(shown.components[0]?.components?.map((c) => c.label)).toEqual(['다시', '어려움', '알맞음', '쉬움']);
    const card = h.store.reviews.get(user.id, quiz.sectionId)!;
    expect(buttonIds(shown)).toEqual(['again', 'hard', 'good', 'easy'].map((r) => `review:${card.id}:${r}`));

    const someoneElse = await h.fake.clickButton({ customId: `review:${card.id}:easy`, message: shown, user: members[0]!, locale: 'ko' }).waitForReply();
    expect(someoneElse.content).toContain('다른 사람의 복습 카드예요');
    expect(h.store.reviews.reviews(card.id)).toBe(1);

    const rated = h.fake.clickButton({ customId: `review:${card.id}:good`, message: shown, user, locale: 'ko' });
    expect((await rated.response()).type).toBe(7); // the same private message moves on
    const after = await h.fake.waitFor(() => (h.fake.message(shown.id)?.content.startsWith('복습 끝') ? h.fake.message(shown.id) : undefined));
    expect(after.embeds).toEqual([]);
    expect(after.components).toEqual([]);
    expect(after.content).toMatch(/^복습 끝! 수고했어요\. 다음 복습: <t:\d+:R>\n🔥 1일 연속 학습 중$/u);
    expect(h.store.reviews.reviews(card.id)).toBe(2);
    expect(h.store.reviews.byId(card.id)!.due.getTime()).toBeGreaterThan(h.clock.now().getTime());
  });

  it('keeps quizzes, reviews and streaks across a restart, and the old post still grades', async () => {
    await h.restartBot();
    h.clock.set('2025-03-03T00:00:30Z');
    expect((await h.bot.scheduler.tick())[0]?.outcome).toBe('posted');
    const next = h.fake.messagesIn(h.fake.channels.study.id).filter((m) => m.source === 'channel').at(-1)!;
    expect(next.id).not.toBe(post.id);
    const late = h.fake.addMember({ username: 'late', locale: 'ko' });
    const old = await click(optionButton(0), late).waitForReply();
    expect(old.embeds[0]?.description).toMatch(/^(✅|❌)/u);
    const reply = await h.fake.clickButton({ customId: buttonIds(next)[0]!, message: next, user: h.fake.users.member, locale: 'ko' }).waitForReply();
    expect(reply.ephemeral).toBe(true);
    const review = await h.fake.sendSlashCommand({ name: 'review', user: h.fake.users.member, locale: 'ko' }).waitForReply();
    expect(visibleText(review)).toContain('🔥 2일 연속 학습 중');
    expect(h.store.reviews.reviews(h.store.reviews.get(h.fake.users.member.id, quiz.sectionId)!.id)).toBe(2);
  });
});

describe('a quiz answered with 정답 보기 (a cloze or a recall question)', () => {
  it('has one 정답 보기 button, shows the answer privately, and counts participants without a share of right answers', async () => {
    const admin = () => h.fake.sendSlashCommand({ name: 'daily', subcommand: 'now', user: h.fake.users.admin, locale: 'ko' }).waitForReply();
    const posts = () => h.fake.messagesIn(h.fake.channels.study.id).filter((m) => m.source === 'channel');
    // Some of the seed note's sections have too few terms for A–D (and no fair blank: they are recall questions).
    let cloze: StoredMessage | undefined;
    for (let i = 0; i < 3 && !cloze; i += 1) {
      await admin();
      const latest = posts().at(-1)!;
      if (buttonIds(latest).some((id) => id.endsWith(':reveal'))) cloze = latest;
    }
    expect(cloze).toBeDefined();
    const stored = h.store.quizzes.get(Number(/^quiz:(\d+):/u.exec(buttonIds(cloze!)[0]!)![1]))!;
    const answer = quizAnswer(stored.quiz.question);
    expect(stored.kind).toBe('manual');
    expect(cloze!.components[0]?.components?.map((c) => c.label)).toEqual(['정답 보기']);
    expect(visibleText(cloze!)).not.toContain(answer);
    const q = stored.quiz.question;
    expect(visibleText(cloze!)).toContain(q.kind === 'recall' ? q.topic : '＿＿＿');

    const user = h.fake.addMember({ username: 'cloze-reader', locale: 'ko' });
    const reply = await h.fake.clickButton({ customId: buttonIds(cloze!)[0]!, message: cloze!, user, locale: 'ko' }).waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds[0]?.description).toMatch(new RegExp(`^💡 정답: \\*\\*${answer}\\*\\*`, 'u'));
    await h.bot.quizBoard.flush();
    expect(h.fake.message(cloze!.id)?.embeds[0]?.footer?.text).toBe('오늘 1명 참여');
    // Revealed, not graded: a new card, due at once.
    const card = h.store.reviews.get(user.id, stored.quiz.sectionId)!;
    expect(card.due.getTime()).toBeLessThanOrEqual(h.clock.now().getTime());
  });
});

it('never had a payload rejected, never pinged, never logged the token', () => {
  expectWellBehaved(h);
});
