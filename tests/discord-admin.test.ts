/**
 * Admin commands end to end: `/daily` settings and quiz posts through the fake Discord on an injected
 * clock (once at the set time, across a restart, a deleted channel reported to the admin), and
 * `/reindex` swapping in a new index while answers keep coming.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWellBehaved, startHarness, visibleText, type Harness } from './discord-harness.js';
import { ChannelType, type StoredMessage } from './fake-discord/index.js';

let h: Harness;

beforeAll(async () => {
  // 2025-03-01 21:00 in Seoul; a database file, so a restart reopens the same state.
  // A generous parse budget: the slow note below must still be in the parser while the test's interactions are answered.
  h = await startHarness({ databaseFile: 'bot.sqlite', startAt: '2025-03-01T12:00:00Z', engine: { NOTE_PARSE_TIMEOUT_SECONDS: '20' } });
});

afterAll(async () => {
  await h?.stop();
});

function admin(input: { name: string; subcommand?: string; options?: Record<string, string> }) {
  return h.fake.sendSlashCommand({ ...input, user: h.fake.users.admin, locale: 'ko' });
}

const cardsIn = (channelId: string): StoredMessage[] => h.fake.messagesIn(channelId).filter((m) => m.source === 'channel');

describe('/daily', () => {
  it('/daily now before any set-up says what to do', async () => {
    const reply = await admin({ name: 'daily', subcommand: 'now' }).waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('/daily set');
  });

  it('refuses a bad time, an unknown zone and a channel it cannot post in, and saves nothing', async () => {
    const { study, readOnly } = h.fake.channels;
    const badTime = await admin({ name: 'daily', subcommand: 'set', options: { channel: study.id, time: '25:61' } }).waitForReply();
    expect(badTime.content).toContain('"25:61"은(는) 시간으로 읽을 수 없어요');
    const badZone = await admin({ name: 'daily', subcommand: 'set', options: { channel: study.id, time: '09:00', timezone: 'Mars/Olympus' } }).waitForReply();
    expect(badZone.content).toContain('"Mars/Olympus"은(는) 알 수 없는 시간대예요');
    const closed = await admin({ name: 'daily', subcommand: 'set', options: { channel: readOnly.id, time: '09:00' } }).waitForReply();
    expect(closed.content).toContain(`<#${readOnly.id}> 채널에는 제가 글을 올릴 권한`);
    expect(h.store.settings.get(h.fake.guild.id)).toBeUndefined();
  });

  it('/daily set saves channel, time and zone and tells when the next post comes', async () => {
    const { study } = h.fake.channels;
    const reply = await admin({ name: 'daily', subcommand: 'set', options: { channel: study.id, time: '9시', timezone: 'Asia/Seoul' } }).waitForReply();
    expect(reply.ephemeral).toBe(true);
    const next = Date.parse('2025-03-02T00:00:00Z') / 1000;
    expect(reply.content).toBe(`매일 09:00 (Asia/Seoul)에 <#${study.id}> 채널에 오늘의 퀴즈를 올릴게요. 다음 게시: <t:${next}:F> (<t:${next}:R>)`);
    expect(h.store.settings.get(h.fake.guild.id)).toMatchObject({
      dailyChannelId: study.id,
      dailyTime: '09:00',
      timezone: 'Asia/Seoul',
      dailyEnabled: true,
      configuredBy: h.fake.users.admin.id,
      locale: 'ko',
    });
  });

  it('/daily now posts the next quiz to the channel at once', async () => {
    const { study } = h.fake.channels;
    const reply = await admin({ name: 'daily', subcommand: 'now' }).waitForReply();
    const [quiz] = cardsIn(study.id);
    expect(reply.content).toBe(`<#${study.id}> 채널에 "${h.knowledge.current.concepts()[0]?.title}" 퀴즈를 올렸어요.`);
    const embed = quiz?.embeds[0];
    expect(embed?.title).toBe('📅 오늘의 퀴즈');
    expect(embed?.description).toContain('＿＿＿');
    expect(embed?.footer?.text).toBe('오늘 0명 참여');
    expect(quiz?.components[0]?.components?.map((c) => c.label)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('posts at 09:00 Seoul time exactly once, also across a restart, then the next section the next day', async () => {
    const { study } = h.fake.channels;
    const before = cardsIn(study.id).length;
    h.clock.set('2025-03-01T23:59:00Z'); // 08:59 in Seoul
    expect(await h.bot.scheduler.tick()).toEqual([{ guildId: h.fake.guild.id, outcome: 'not-due' }]);
    h.clock.set('2025-03-02T00:00:00Z');
    const [posted] = await h.bot.scheduler.tick();
    expect(posted).toMatchObject({ outcome: 'posted', localDate: '2025-03-02' });
    const cards = cardsIn(study.id);
    expect(cards).toHaveLength(before + 1);
    expect(posted?.outcome === 'posted' && posted.messageId).toBe(cards.at(-1)?.id);
    const firstQuestion = cards.at(-1)?.embeds[0]?.description;

    h.clock.advance(3 * 3600_000);
    expect((await h.bot.scheduler.tick())[0]?.outcome).toBe('taken');
    await h.restartBot();
    expect((await h.bot.scheduler.tick())[0]?.outcome).toBe('taken');
    expect(cardsIn(study.id)).toHaveLength(before + 1);

    h.clock.set('2025-03-03T00:00:30Z');
    expect((await h.bot.scheduler.tick())[0]?.outcome).toBe('posted');
    expect(cardsIn(study.id)).toHaveLength(before + 2);
    expect(cardsIn(study.id).at(-1)?.embeds[0]?.description).not.toBe(firstQuestion);
  });

  it('tells the admin by DM when the channel was deleted, keeps running, and recovers after /daily set', async () => {
    const { study, general } = h.fake.channels;
    h.fake.deleteChannel(study.id);
    h.clock.set('2025-03-04T00:00:00Z');
    const [failed] = await h.bot.scheduler.tick();
    expect(failed).toMatchObject({ outcome: 'failed', problem: { kind: 'channel-missing', channelId: study.id } });
    const dm = await h.fake.waitForMessage((m) => m.source === 'channel' && h.fake.world.channel(m.channelId).type === ChannelType.DM);
    expect(h.fake.world.channel(dm.channelId).recipientId).toBe(h.fake.users.admin.id);
    expect(dm.content).toContain(`<#${study.id}> 채널에 올리지 못했어요: 채널이 없어졌어요.`);
    expect(h.logs.some((line) => line.includes('daily: admin notified'))).toBe(true);

    expect((await h.bot.scheduler.tick())[0]?.outcome).toBe('taken'); // no crash, no retry loop
    h.clock.advance(60_000);
    await admin({ name: 'daily', subcommand: 'set', options: { channel: general.id, time: '09:00' } }).waitForReply();
    expect((await h.bot.scheduler.tick())[0]?.outcome).toBe('posted');
    expect(cardsIn(general.id).filter((m) => m.embeds[0]?.title === '📅 오늘의 퀴즈')).toHaveLength(1);
  });

  it('/daily off stops the posts but keeps the settings', async () => {
    const reply = await admin({ name: 'daily', subcommand: 'off' }).waitForReply();
    expect(reply.content).toContain('껐어요');
    expect(h.store.settings.get(h.fake.guild.id)).toMatchObject({ dailyEnabled: false, dailyChannelId: h.fake.channels.general.id });
    h.clock.set('2025-03-05T00:00:00Z');
    expect(await h.bot.scheduler.tick()).toEqual([]);
  });
});

describe('/reindex', () => {
  const NOTE = [
    '# Kubernetes',
    '',
    '## 파드',
    '',
    '**파드**(Pod)는 쿠버네티스에서 배포할 수 있는 가장 작은 단위입니다. 하나의 파드는 하나 이상의 컨테이너를 묶어 네트워크와 저장소를 공유합니다. 공지는 @everyone 대신 <@123456789012345678> 에게 부탁하세요.',
    '',
  ].join('\n');

  it('reports that nothing changed when the notes are the same', async () => {
    const reply = await admin({ name: 'reindex' }).waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds[0]?.description).toBe('바뀐 노트가 없어요. 색인(청크 12개)을 그대로 둘게요.');
  });

  it('re-ingests a new note while answers keep coming, then answers from the new index', async () => {
    fs.writeFileSync(path.join(h.knowledgeDir, 'kubernetes.md'), NOTE);
    const hold = h.holdNextIngest();
    const reindex = admin({ name: 'reindex' });
    await hold.started;
    // While the re-index is under way, the current index keeps answering.
    const during = await h.fake.sendSlashCommand({ name: 'ask', options: { question: '컨테이너의 장점은?' }, locale: 'ko' }).waitForReply();
    expect(during.embeds[0]?.description).toContain('[1]');
    expect(h.knowledge.reindexing).toBe(true);
    hold.release();

    const report = await reindex.waitForReply();
    expect(report.embeds[0]?.description).toMatch(/^다시 색인했어요\. 파일: 추가 1, 변경 0, 삭제 0 · 청크 \d+개 \(새로 임베딩 \d+, 재사용 12\)/u);
    expect(report.embeds[0]?.fields).toEqual([{ name: '추가된 파일', value: '• kubernetes.md' }]);
    expect(h.logs.some((line) => line.includes('reindex finished'))).toBe(true);

    const answer = await h.fake.sendSlashCommand({ name: 'ask', options: { question: '쿠버네티스 파드는 무엇인가요?' }, locale: 'ko' }).waitForReply();
    expect(answer.embeds[0]?.fields?.[0]?.value).toContain('kubernetes.md:');
  });

  it('keeps answering while a note the parser would take minutes over is parsed, then skips that note by name', async () => {
    // 96 KB of `*a`: over a minute of the markdown parser's time (16 KB already takes 1.6 s), in one note.
    fs.writeFileSync(path.join(h.knowledgeDir, 'pasted.md'), `# 붙여 넣은 글\n\n${'*a'.repeat(49_152)}\n`);
    const hold = h.holdNextIngest();
    const reindex = admin({ name: 'reindex' });
    await hold.started;
    hold.release();
    const skippedLogged = (): boolean => h.logs.some((line) => line.includes('"note skipped"') && line.includes('pasted.md'));
    // Interactions arriving while the note is in the parser are all answered, before its time budget runs out.
    const helps = await Promise.all([1, 2, 3, 4].map(() => h.fake.sendSlashCommand({ name: 'help', locale: 'ko' }).waitForReply()));
    expect(helps.every((reply) => reply.embeds.length + reply.content.length > 0)).toBe(true);
    expect(skippedLogged()).toBe(false);
    expect(h.knowledge.reindexing).toBe(true);

    await reindex.waitForReply(undefined, 120_000);
    expect(skippedLogged()).toBe(true);
    const report = h.logs.find((line) => line.includes('"note skipped"') && line.includes('pasted.md'))!;
    expect(report).toContain('took longer than 20 s to parse');
    fs.rmSync(path.join(h.knowledgeDir, 'pasted.md'));
  });

  it('shows note text with @everyone and user mentions inert', async () => {
    const card = await h.fake.sendSlashCommand({ name: 'concept', options: { name: '파드' }, locale: 'ko' }).waitForReply();
    const text = visibleText(card);
    expect(text).toContain('@\u200beveryone');
    expect(text).toContain('<@\u200b123456789012345678>');
    expect(h.fake.outgoing.find((o) => o.messageId === card.id)?.pings).toEqual({ everyone: false, users: [], roles: [], repliedUser: false });
  });
});

it('never had a payload rejected, never pinged, never logged the token', () => {
  expectWellBehaved(h);
});
