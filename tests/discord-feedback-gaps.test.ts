/**
 * What members do with an answer beyond reading it, end to end through the real client and the fake:
 * say why a 👎, ask for a note on what the notes could not answer, search instead, share a private
 * /search, and read /help.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buttonIds, expectWellBehaved, startHarness, visibleText, type Harness } from './discord-harness.js';

const IN_SCOPE = '다른 환경은 어떤 환경을 말하는건가요?';
const OUT_OF_SCOPE = '파이썬 리스트 컴프리헨션 문법은?';
const NEAR_MISS = '도커 이미지 레이어 캐시는 어떻게 동작해?';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

beforeEach(() => h.clock.advance(61_000));

function ask(question: string, locale = 'ko') {
  return h.fake.sendSlashCommand({ name: 'ask', options: { question }, locale }).waitForReply();
}

function fields(message: { embeds: { fields?: { name: string; value: string }[] }[] }): Record<string, string> {
  return Object.fromEntries((message.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
}

describe('👎 asks why', () => {
  it('answers a 👎 with a private select, keeps the reason with the vote, and /stats lists the answer with its question', async () => {
    const answer = await ask(IN_SCOPE);
    const down = buttonIds(answer)[1]!;
    const prompt = await h.fake.clickButton({ customId: down, message: answer, locale: 'ko' }).waitForReply();
    expect(prompt.ephemeral).toBe(true);
    expect(prompt.content).toBe('👎 피드백 고마워요!');
    const select = prompt.components[0]?.components?.[0];
    expect(select?.custom_id).toBe(`downreason:${answer.id}`);
    expect(select?.options?.map((o) => o.label)).toEqual(['틀렸어요', '부족해요', '엉뚱한 섹션이에요']);

    const picked = h.fake.selectMenu({ customId: select!.custom_id!, message: prompt, values: ['off-topic'], locale: 'ko' });
    await picked.response();
    expect(picked.record.response?.type).toBe(7);
    expect(h.fake.message(prompt.id)?.content).toBe('알려 줘서 고마워요. 노트와 답변을 고칠 때 참고할게요.');
    expect(h.fake.message(prompt.id)?.components).toEqual([]);

    const stats = await h.fake.sendSlashCommand({ name: 'stats', user: h.fake.users.admin, locale: 'ko' }).waitForReply();
    expect(fields(stats)['최근 👎 받은 답변']).toBe(`• ${IN_SCOPE} — 엉뚱한 섹션이에요`);
  });

  it('offers the reasons in English to an English client, and keeps no reason once the vote became 👍', async () => {
    const answer = await ask(IN_SCOPE, 'en-US');
    const [up, down] = buttonIds(answer);
    const prompt = await h.fake.clickButton({ customId: down!, message: answer, locale: 'en-US' }).waitForReply();
    expect(prompt.components[0]?.components?.[0]?.options?.map((o) => o.label)).toEqual(['It is wrong', 'Not enough', 'Wrong section']);
    await h.fake.clickButton({ customId: up!, message: answer, locale: 'en-US' }).waitForReply();
    const picked = h.fake.selectMenu({ customId: `downreason:${answer.id}`, message: prompt, values: ['wrong'], locale: 'en-US' });
    await picked.response();
    expect(h.fake.message(prompt.id)?.content).toBe('Your vote on this answer has changed since, so the reason was not kept.');
    expect(h.store.feedback.voteOf(answer.id, h.fake.users.member.id)).toBe('up');
  });
});

describe('"not found" replies', () => {
  it('carry a note-request, a search and an answer button', async () => {
    const reply = await ask(OUT_OF_SCOPE);
    const ids = buttonIds(reply);
    expect(ids[0]).toMatch(/^answer:note:\d+$/);
    expect(ids[1]).toMatch(/^answer:search:\d+$/);
    expect(ids[2]).toMatch(/^answer:propose:\d+$/);
    expect(reply.components[0]?.components?.map((c) => c.label)).toEqual(['노트에 추가 요청', '검색해 보기', '답 남기기']);
  });

  it('"노트에 추가 요청" records one request per member, which /stats shows beside the unanswered question', async () => {
    const reply = await ask(OUT_OF_SCOPE);
    const note = buttonIds(reply)[0]!;
    const first = await h.fake.clickButton({ customId: note, message: reply, locale: 'ko' }).waitForReply();
    expect(first.ephemeral).toBe(true);
    expect(first.content).toBe('노트에 추가해 달라는 요청을 남겼어요. 관리자가 `/stats` 에서 볼 수 있어요.');
    const again = await h.fake.clickButton({ customId: note, message: reply, locale: 'ko' }).waitForReply();
    expect(again.content).toBe('이미 요청한 질문이에요.');
    const top = h.store.stats({ guildId: h.fake.guild.id }).topUnanswered.find((q) => q.question === OUT_OF_SCOPE);
    expect(top?.requests).toBe(1);
    const stats = await h.fake.sendSlashCommand({ name: 'stats', user: h.fake.users.admin, locale: 'ko' }).waitForReply();
    expect(fields(stats)['노트에 없던 질문 (다음에 정리할 것)']).toContain(`${OUT_OF_SCOPE} ×${top!.count} · 추가 요청 1명`);
  });

  it('"🔎 검색해 보기" searches the same question and shows the nearest sections privately', async () => {
    // Not answered (the notes never explain layer caching), yet near enough to some sections to list them.
    const reply = await ask(NEAR_MISS);
    const handle = h.fake.clickButton({ customId: buttonIds(reply)[1]!, message: reply, locale: 'ko' });
    const found = await handle.waitForReply();
    expect(handle.record.callbacks.map((c) => [c.type, c.accepted])).toEqual([[5, true]]);
    expect(found.ephemeral).toBe(true);
    expect(found.embeds[0]?.title).toBe(`🔎 "${NEAR_MISS}" 검색 결과`);
    expect(found.embeds[0]?.description).toMatch(/^\*\*1\.\*\* \[/u);
  });

  it('"🔎 검색해 보기" on a question nothing in the notes is near says so instead of listing unrelated sections', async () => {
    const reply = await ask(OUT_OF_SCOPE);
    const found = await h.fake.clickButton({ customId: buttonIds(reply)[1]!, message: reply, locale: 'ko' }).waitForReply();
    expect(found.ephemeral).toBe(true);
    expect(found.embeds[0]?.description).toBe('검색 결과가 없어요.');
  });
});

describe('/search', () => {
  it('replies privately; "채널에 공유" posts the same result in the channel, pinging nobody', async () => {
    const handle = h.fake.sendSlashCommand({ name: 'search', options: { query: '하이퍼바이저' }, locale: 'ko' });
    const result = await handle.waitForReply();
    expect(result.ephemeral).toBe(true);
    expect(buttonIds(result)).toEqual(['search:share']);
    expect(result.components[0]?.components?.[0]?.label).toBe('채널에 공유');

    const share = h.fake.clickButton({ customId: 'search:share', message: result, locale: 'ko' });
    const [posted] = await h.fake.waitFor(() => (share.followUps().length ? share.followUps() : undefined));
    expect(posted?.ephemeral).toBe(false);
    expect(posted?.mentionsDisabled).toBe(true);
    expect(posted?.embeds).toEqual(result.embeds);
    expect(posted?.channelId).toBe(result.channelId);
    // The private copy says so and loses its button: sharing twice takes two searches.
    expect(h.fake.message(result.id)?.content).toBe('채널에 공유했어요.');
    expect(h.fake.message(result.id)?.components).toEqual([]);
  });
});

describe('/help', () => {
  it('shows members their commands and three example questions, and admins the admin commands too', async () => {
    const member = await h.fake.sendSlashCommand({ name: 'help', locale: 'ko' }).waitForReply();
    expect(member.ephemeral).toBe(true);
    const text = visibleText(member);
    for (const name of ['ask', 'search', 'concept', 'review', 'streak', 'leaderboard', 'help']) expect(text).toContain(`/${name}`);
    expect(text.match(/^.*\/ask.* .+\?$/gmu)?.length).toBeGreaterThanOrEqual(3);
    for (const admin of ['/daily', '/reindex', '/stats', '관리자']) expect(text).not.toContain(admin);
    // No internal jargon for members.
    expect(text).not.toMatch(/인텐트|intent|색인|embed|hashing/iu);

    const admin = visibleText(await h.fake.sendSlashCommand({ name: 'help', user: h.fake.users.admin, locale: 'en-US' }).waitForReply());
    expect(admin).toContain('Try asking');
    for (const name of ['/daily', '/reindex', '/stats', '/gaps', '/export-member']) expect(admin).toContain(name);
  });

  it('makes command names clickable with the ids the bot read at start', async () => {
    // The harness registers the commands after the first start; a restart sees them, as after `npm run register`.
    await h.restartBot();
    const reply = await h.fake.sendSlashCommand({ name: 'help', locale: 'ko' }).waitForReply();
    const ask = h.fake.registeredCommands(h.fake.guild.id).find((c) => c.name === 'ask')!;
    expect(reply.embeds[0]?.description).toContain(`</ask:${ask.id}> 노트에 질문하기`);
    expect(reply.embeds[0]?.description).toContain(`</ask:${ask.id}> 컨테이너의 장점은?`);
  });
});

it('never had a payload rejected, never pinged, never logged the token', () => {
  expectWellBehaved(h);
});
