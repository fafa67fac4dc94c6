/**
 * Slash commands end to end: the real discord.js client in the Bot, logged into the fake Discord,
 * answering from a hashing-embedder index of the seed note.
 */
import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sectionLabel } from '../src/answer/format.js';
import { renderStats } from '../src/discord/commands/stats.js';
import { localeOf, messages } from '../src/discord/i18n.js';
import { buttonIds, expectWellBehaved, NOTES_BASE_URL, startHarness, visibleText, type Harness } from './discord-harness.js';
import { MessageFlagBits } from './fake-discord/index.js';

const IN_SCOPE = '다른 환경은 어떤 환경을 말하는건가요?';
const OUT_OF_SCOPE = '파이썬 리스트 컴프리헨션 문법은?';
const OTHER_ENVIRONMENTS = ['Docker and VM', '도커 이미지는 다른 환경에서도 동일하게 실행된다고 했는데, 다른 환경은 어떤 환경을 말하는건가요?'];

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ config: { RATE_LIMIT_QUESTIONS: 3, RATE_LIMIT_WINDOW_SECONDS: 60 } });
});

afterAll(async () => {
  await h?.stop();
});

// Every test starts with fresh rate-limit windows.
beforeEach(() => h.clock.advance(61_000));

function ask(question: string, extra: { locale?: string; user?: { id: string } } = {}) {
  return h.fake.sendSlashCommand({ name: 'ask', options: { question }, locale: extra.locale ?? 'ko', ...(extra.user ? { user: extra.user } : {}) });
}

describe('/ask', () => {
  it('defers at once, then answers with the quoted text, numbered linked citations and buttons', async () => {
    const handle = ask(IN_SCOPE);
    const reply = await handle.waitForReply();
    // The answer took longer than Discord's window (SLOW_WORK_MS on the fake's clock): only a deferral
    // sent before it is accepted, and it is the one and only initial response.
    expect(handle.record.callbacks.map((c) => [c.type, c.accepted])).toEqual([[5, true]]);
    expect(reply.ephemeral).toBe(false);
    const [embed] = reply.embeds;
    expect(embed?.title).toContain(IN_SCOPE);
    // Members are told where the answer comes from, not which embedder the index uses.
    expect(embed?.footer?.text).toBe('노트에서 그대로 인용한 답변');
    expect(visibleText(reply)).not.toMatch(/hashing|transformers:/);
    expect(embed?.description).toContain('다른 환경은 운영체제의 차이와, 개발 환경, 테스트 환경, 클라우드 환경 등을 포함합니다.');
    expect(embed?.description).toMatch(/높은 이식성을 보장합니다\. \[1\]/);
    const sources = embed?.fields?.find((f) => f.name === '출처');
    // One line per citation: the leaf heading (its topic kept, the note title left out), then the quoted lines as the link.
    expect(sources?.value.split('\n')[0]).toBe(`\\[1\\] …다른 환경은 어떤 환경을 말하는건가요? — [docker-and-vm.md:97, 99](${NOTES_BASE_URL}docker-and-vm.md#L97-L99)`);
    expect(sources?.value).not.toContain('Docker and VM');
    const ids = buttonIds(reply);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toMatch(/^answer:up:\d+$/);
    expect(ids[1]).toMatch(/^answer:down:\d+$/);
    expect(ids[2]).toMatch(/^answer:sources:\d+$/);
    expect(reply.components[0]?.components?.map((c) => c.label)).toEqual(['도움이 됐어요', '아쉬워요', '출처 전체 보기']);
  });

  it('says plainly when the notes do not cover the question and lists the nearest sections', async () => {
    const reply = await ask(OUT_OF_SCOPE).waitForReply();
    const [embed] = reply.embeds;
    expect(embed?.description).toContain('노트에서 이 질문에 대한 내용을 찾지 못했어요.');
    const related = embed?.fields?.find((f) => f.name === '관련 있을 수 있는 섹션');
    expect(related?.value.split('\n').length).toBeGreaterThanOrEqual(1);
    expect(related?.value).toMatch(/^\\\[1\\\] [^\n›]+ — \[docker-and-vm\.md:\d+-\d+\]\(https:\/\/notes\.example\//u);
    expect(buttonIds(reply)).toHaveLength(3);
  });

  it('counts "🔎 검색해 보기" under a not-found against the same rate limit', async () => {
    // Not OUT_OF_SCOPE: /stats below counts how often that one was asked.
    const reply = await ask('러스트 소유권 규칙은?').waitForReply();
    const search = buttonIds(reply).find((id) => id.startsWith('answer:search:'))!;
    for (let i = 0; i < 2; i++) expect((await h.fake.clickButton({ customId: search, message: reply, locale: 'ko' }).waitForReply()).embeds).toHaveLength(1);
    const limited = await h.fake.clickButton({ customId: search, message: reply, locale: 'ko' }).waitForReply();
    expect(limited.ephemeral).toBe(true);
    expect(limited.content).toMatch(/^질문이 조금 많았어요\. \d+초 뒤에 다시 물어봐 주세요\.$/u);
  });

  it('refuses an empty or too long question with a short private message, before deferring', async () => {
    const before = h.store.stats().asked;
    const empty = ask('   ');
    expect((await empty.response()).type).toBe(4);
    const emptyReply = await empty.waitForReply();
    expect(emptyReply.ephemeral).toBe(true);
    expect(emptyReply.content).toContain('내용이 비어 있어요');

    const long = ask('가'.repeat(1001));
    const longReply = await long.waitForReply();
    expect(longReply.ephemeral).toBe(true);
    expect(longReply.content).toBe('질문이 너무 길어요. 1000자 이내로 줄여 주세요.');
    expect(h.store.stats().asked).toBe(before);
  });

  it('answers in English when the Discord client is in English', async () => {
    const reply = await ask('What is a hypervisor?', { locale: 'en-US' }).waitForReply();
    expect(reply.embeds[0]?.fields?.[0]?.name).toBe('Sources');
    expect(reply.embeds[0]?.footer?.text).toContain('Quoted verbatim from the notes');
    expect(reply.components[0]?.components?.map((c) => c.label)).toEqual(['Helpful', 'Not helpful', 'Show full sources']);
    const notFound = await ask(OUT_OF_SCOPE, { locale: 'en-GB' }).waitForReply();
    expect(notFound.embeds[0]?.description).toContain("I couldn't find this in the notes.");
    expect(notFound.embeds[0]?.fields?.[0]?.name).toBe('Sections that may be related');
  });

  it('rate-limits each user with a friendly private reply, and lets them ask again after the window', async () => {
    const user = h.fake.addMember({ username: 'fast_asker', locale: 'ko' });
    for (let i = 0; i < 3; i += 1) expect((await ask(IN_SCOPE, { user }).waitForReply()).embeds).toHaveLength(1);
    const limited = await ask(IN_SCOPE, { user }).waitForReply();
    expect(limited.ephemeral).toBe(true);
    expect(limited.content).toMatch(/질문이 조금 많았어요\. \d+초 뒤에 다시 물어봐 주세요\./u);
    // Someone else is not affected.
    expect((await ask(IN_SCOPE, { user: h.fake.users.admin }).waitForReply()).embeds).toHaveLength(1);
    h.clock.advance(60_000);
    expect((await ask(IN_SCOPE, { user }).waitForReply()).ephemeral).toBe(false);
  });

  it('keeps its windows on the monotonic clock: a wall clock stepped back an hour locks nobody out', async () => {
    const user = h.fake.addMember({ username: 'clock_victim', locale: 'en-US' });
    for (let i = 0; i < 3; i += 1) expect((await ask(IN_SCOPE, { user, locale: 'en-US' }).waitForReply()).embeds).toHaveLength(1);
    h.clock.set(new Date(h.clock.now().getTime() - 3_600_000).toISOString());
    const limited = await ask(IN_SCOPE, { user, locale: 'en-US' }).waitForReply();
    // The window left is at most its own length, not an hour more.
    expect(Number(/ask again in (\d+) s/u.exec(limited.content)?.[1])).toBeLessThanOrEqual(60);
    h.clock.advance(60_000);
    expect((await ask(IN_SCOPE, { user, locale: 'en-US' }).waitForReply()).ephemeral).toBe(false);
  });
});

describe('/search', () => {
  it('lists the top sections compactly: title path, file:lines, a one-line snippet', async () => {
    const handle = h.fake.sendSlashCommand({ name: 'search', options: { query: '하이퍼바이저' }, locale: 'ko' });
    const reply = await handle.waitForReply();
    expect(handle.record.response?.type).toBe(5);
    const [embed] = reply.embeds;
    expect(embed?.title).toBe('🔎 "하이퍼바이저" 검색 결과');
    const lines = embed?.description?.split('\n\n') ?? [];
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines[0]).toMatch(/^\*\*1\.\*\* \[Docker and VM › .*하이퍼바이저.*\]\(https:\/\/notes\.example\/.+\) — `docker-and-vm\.md:\d+-\d+`\n.+/u);
  });

  it('shows under each section the line that matches the query, not the section\'s first line', async () => {
    const reply = await h.fake.sendSlashCommand({ name: 'search', options: { query: 'WSL2' }, locale: 'ko' }).waitForReply();
    const first = reply.embeds[0]?.description?.split('\n\n')[0] ?? '';
    expect(first.split('\n')[1]).toContain('WSL2');
  });

  it('refuses an empty query privately', async () => {
    const reply = await h.fake.sendSlashCommand({ name: 'search', options: { query: ' ' }, locale: 'en-US' }).waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('That is empty.');
  });
});

describe('/concept', () => {
  it('autocompletes Korean partial input, at most 25 choices', async () => {
    const handle = h.fake.sendAutocomplete({ name: 'concept', focused: 'name', value: '하이퍼' });
    await handle.response();
    const choices = h.fake.autocompleteChoices(handle.id) ?? [];
    // The leaf heading first; the note's title, shared by every choice, only when nothing else says where.
    expect(choices.map((c) => c.name)).toEqual([
      '베어메탈 하이퍼바이저 — VM의 하이퍼바이저 종류',
      '호스트 하이퍼바이저 — Docker and VM',
    ]);
    const everything = h.fake.sendAutocomplete({ name: 'concept', focused: 'name', value: '' });
    await everything.response();
    const all = h.fake.autocompleteChoices(everything.id) ?? [];
    expect(all.length).toBeGreaterThan(5);
    expect(all.length).toBeLessThanOrEqual(25);
  });

  it('shows the chosen section as a concept card with a spoilered self-check', async () => {
    const suggest = h.fake.sendAutocomplete({ name: 'concept', focused: 'name', value: '컨테이너의' });
    await suggest.response();
    const [choice] = h.fake.autocompleteChoices(suggest.id) ?? [];
    expect(choice?.name).toBe('컨테이너의 장점 — Docker and VM');
    const reply = await h.fake.sendSlashCommand({ name: 'concept', options: { name: String(choice?.value) }, locale: 'ko' }).waitForReply();
    const [embed] = reply.embeds;
    expect(embed?.title).toBe('Docker and VM › 컨테이너의 장점');
    expect(embed?.url).toBe(`${NOTES_BASE_URL}docker-and-vm.md#L72-L77`);
    expect(embed?.description).toContain('컨테이너');
    const check = embed?.fields?.find((f) => f.name === '스스로 확인');
    expect(check?.value).toMatch(/＿＿＿[\s\S]*\n정답: \|\|.+\|\|$/u);
    expect(embed?.fields?.find((f) => f.name === '출처')?.value).toContain('docker-and-vm.md:72-77');
  });

  it('accepts typed text that was not picked from the list, and says so privately when nothing matches', async () => {
    const typed = await h.fake.sendSlashCommand({ name: 'concept', options: { name: '호스트 하이퍼' }, locale: 'ko' }).waitForReply();
    expect(typed.embeds[0]?.title).toBe('Docker and VM › 호스트 하이퍼바이저');
    const missing = await h.fake.sendSlashCommand({ name: 'concept', options: { name: '양자역학' }, locale: 'ko' }).waitForReply();
    expect(missing.ephemeral).toBe(true);
    expect(missing.content).toContain('"양자역학"에 해당하는 개념을 찾지 못했어요');
  });
});

describe('/concept and review', () => {
  it('makes the looked-up concept one of the member\'s review cards: due now, unrated, shown by /review; not a study day', async () => {
    const reader = h.fake.addMember({ username: 'reader', locale: 'ko' });
    expect(h.store.reviews.dueCount(reader.id, h.clock.now())).toBe(0);
    const card = await h.fake.sendSlashCommand({ name: 'concept', options: { name: '호스트 하이퍼' }, user: reader, locale: 'ko' }).waitForReply();
    expect(card.embeds[0]?.title).toBe('Docker and VM › 호스트 하이퍼바이저');

    const [due, ...more] = h.store.reviews.due(reader.id, h.clock.now());
    expect(more).toEqual([]);
    expect(due).toMatchObject({ userId: reader.id, front: { source: { file: 'docker-and-vm.md', section: ['Docker and VM', '호스트 하이퍼바이저'] } } });
    expect(h.store.reviews.reviews(due!.id)).toBe(0);
    expect(h.store.reviews.activeDays(reader.id)).toEqual([]);

    // Looking it up again keeps the one card.
    await h.fake.sendSlashCommand({ name: 'concept', options: { name: '호스트 하이퍼' }, user: reader, locale: 'ko' }).waitForReply();
    expect(h.store.reviews.dueCount(reader.id, h.clock.now())).toBe(1);

    const review = await h.fake.sendSlashCommand({ name: 'review', user: reader, locale: 'ko' }).waitForReply();
    expect(review.ephemeral).toBe(true);
    expect(review.embeds[0]?.title).toBe('🔁 복습 · 남은 카드 1장');
    expect(buttonIds(review)).toEqual(['again', 'hard', 'good', 'easy'].map((r) => `review:${due!.id}:${r}`));
    expectWellBehaved(h);
  });
});

describe('answer buttons', () => {
  it('records 👍 per user and answer, shows it in /stats, and shows the cited passages privately', async () => {
    const reply = await ask(IN_SCOPE).waitForReply();
    const [up, down, sources] = buttonIds(reply);
    const questionId = Number(up?.split(':')[2]);

    const vote = await h.fake.clickButton({ customId: up!, message: reply, user: h.fake.users.admin, locale: 'ko' }).waitForReply();
    expect(vote.ephemeral).toBe(true);
    expect(vote.content).toBe('👍 피드백 고마워요!');
    expect(h.store.feedback.voteOf(reply.id, h.fake.users.admin.id)).toBe('up');
    const changed = await h.fake.clickButton({ customId: down!, message: reply, user: h.fake.users.member, locale: 'en-US' }).waitForReply();
    expect(changed.content).toBe('👎 Thanks for the feedback!');
    expect(h.store.feedback.tally(reply.id)).toEqual({ up: 1, down: 1 });
    expect(questionId).toBeGreaterThan(0);

    const shown = await h.fake.clickButton({ customId: sources!, message: reply, locale: 'ko' }).waitForReply();
    expect(shown.ephemeral).toBe(true);
    expect(shown.flags & MessageFlagBits.Ephemeral).toBe(MessageFlagBits.Ephemeral);
    expect(shown.embeds[0]?.title).toBe(`[1] ${sectionLabel(OTHER_ENVIRONMENTS)}`);
    // The whole section is shown; its link still opens at the quoted line.
    expect(shown.embeds[0]?.url).toBe(`${NOTES_BASE_URL}docker-and-vm.md#L97-L99`);
    expect(shown.embeds[0]?.description).toContain('다른 환경은 운영체제의 차이와');
    expect(shown.embeds[0]?.footer?.text).toBe('docker-and-vm.md:97-122');
    // The public answer itself is untouched.
    expect(h.fake.message(reply.id)?.edits).toBe(1);

    const stats = await h.fake.sendSlashCommand({ name: 'stats', user: h.fake.users.admin, locale: 'ko' }).waitForReply();
    const fields = Object.fromEntries((stats.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields['👍']).toBe('1');
    expect(fields['👎']).toBe('1');
  });
});

describe('/stats and /help', () => {
  it('/stats counts questions, answered vs not, and lists the unanswered ones most asked first', async () => {
    await ask(OUT_OF_SCOPE).waitForReply();
    const stats = await h.fake.sendSlashCommand({ name: 'stats', user: h.fake.users.admin, locale: 'ko' }).waitForReply();
    expect(stats.ephemeral).toBe(true);
    const fields = Object.fromEntries((stats.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    const expected = h.store.stats({ guildId: h.fake.guild.id });
    expect(expected.unanswered).toBeGreaterThanOrEqual(3);
    expect(fields['질문 수']).toBe(String(expected.asked));
    expect(fields['답변함']).toBe(String(expected.answered));
    expect(fields['못 찾음']).toBe(String(expected.unanswered));
    expect(fields['노트에 없던 질문 (다음에 정리할 것)']?.split('\n')[0]).toBe(`1. ${OUT_OF_SCOPE} ×3`);
    // What the answers come from, for the admin: notes, chunks and when it was built (in the server's zone); no model warning.
    expect(fields['색인']).toMatch(/^노트 1개 · 조각 \d+개 · \d{4}-\d\d-\d\d \d\d:\d\d 기준$/);
  });

  it('/stats warns admins, in their language, when answers come from the fallback embedder', () => {
    const stats = { asked: 0, answered: 0, unanswered: 0, up: 0, down: 0, topUnanswered: [], recentDown: [] };
    const info = { notes: 2, chunks: 1, embedder: 'hashing', dimensions: 384, builtAt: '2026-12-01T00:00:00.000Z', fallback: true };
    const indexField = (reply: ReturnType<typeof renderStats>) => (reply.embeds![0] as APIEmbed).fields!.at(-1)!.value;
    const field = (locale: string) => indexField(renderStats(stats, info, 'Asia/Seoul', messages(localeOf(locale))));
    expect(field('ko')).toMatch(/^노트 2개 · 조각 1개 · 2026-12-01 09:00 기준\n⚠️ 임베딩 모델을 불러오지 못해/);
    expect(field('en-US')).toMatch(/^2 notes · 1 chunk · built 2026-12-01 09:00\n⚠️ The embedding model could not be loaded/);
    expect(indexField(renderStats(stats, { ...info, fallback: false }, 'Asia/Seoul', messages('ko')))).not.toContain('⚠️');
  });

  it('/help explains the bot in one embed, in the user language', async () => {
    const ko = await h.fake.sendSlashCommand({ name: 'help', locale: 'ko' }).waitForReply();
    expect(ko.embeds).toHaveLength(1);
    expect(ko.embeds[0]?.title).toBe('📚 스터디 노트 봇 사용법');
    expect(visibleText(ko)).toContain('/ask');
    const en = await h.fake.sendSlashCommand({ name: 'help', locale: 'en-US' }).waitForReply();
    expect(en.embeds[0]?.title).toBe('📚 Study notes bot');
  });
});

describe('admin commands', () => {
  it('are registered with Manage Server as the default member permission', () => {
    const registered = h.fake.registeredCommands(h.fake.guild.id);
    const admin = registered.filter((c) => c.default_member_permissions !== null).map((c) => c.name).sort();
    expect(admin).toEqual(['daily', 'export-member', 'gaps', 'reindex', 'stats']);
    for (const name of admin) expect(registered.find((c) => c.name === name)?.default_member_permissions).toBe(String(1n << 5n));
  });

  it('are refused at run time for a member without Manage Server', async () => {
    for (const input of [{ name: 'stats' }, { name: 'reindex' }, { name: 'daily', subcommand: 'off' }]) {
      const reply = await h.fake.sendSlashCommand({ ...input, user: h.fake.users.member, locale: 'ko' }).waitForReply();
      expect(reply.ephemeral).toBe(true);
      expect(reply.content).toBe('이 명령은 서버 관리(Manage Server) 권한이 있는 사람만 쓸 수 있어요.');
    }
    expect(h.store.settings.get(h.fake.guild.id)).toBeUndefined();
    expect(h.logs.filter((line) => line.includes('admin command refused'))).toHaveLength(3);
  });
});

it('never had a payload rejected, never pinged, never logged the token', () => {
  expectWellBehaved(h);
});
