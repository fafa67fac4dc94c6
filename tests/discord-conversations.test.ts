/**
 * Conversations and faults end to end: mentions answered in threads, follow-ups without a mention,
 * inline answers where threads are not allowed, long answers split within Discord's limits, and the
 * gateway dropping or REST answering 429 mid-session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextChannel } from 'discord.js';
import { renderAnswer } from '../src/discord/render.js';
import type { Answer } from '../src/types.js';
import { buttonIds, expectWellBehaved, startHarness, visibleText, type Harness } from './discord-harness.js';
import { Limits, type StoredMessage } from './fake-discord/index.js';

let h: Harness;
let mention: string;

beforeAll(async () => {
  h = await startHarness();
  mention = `<@${h.fake.bot.id}>`;
});

afterAll(async () => {
  await h?.stop();
});

/** Messages the bot posted in a channel (not interaction replies). */
const fromBot = (channelId: string) => (m: StoredMessage) => m.channelId === channelId && m.source === 'channel';

/** Sends a slash command and waits for its answer: everything the gateway delivered before it has been handled. */
async function barrier(): Promise<void> {
  await h.fake.sendSlashCommand({ name: 'help', locale: 'ko' }).waitForReply();
}

describe('mentions', () => {
  it('answers a mention in a new thread on that message, then a follow-up there without a mention', async () => {
    const question = h.fake.sendMessage({ content: `${mention} 다른 환경은 어떤 환경을 말하는건가요?`, channel: h.fake.channels.study });
    const answer = await h.fake.waitForMessage(fromBot(question.id));
    const thread = h.fake.world.channel(question.id);
    expect(thread.parentId).toBe(h.fake.channels.study.id);
    expect(thread.thread?.ownerId).toBe(h.fake.bot.id);
    expect(thread.name).toBe('다른 환경은 어떤 환경을 말하는건가요?');
    expect(answer.embeds[0]?.description).toContain('다른 환경은 운영체제의 차이와');
    expect(buttonIds(answer)).toHaveLength(3);
    expect(h.fake.messagesIn(h.fake.channels.study).filter((m) => m.source !== 'user')).toEqual([]);

    h.fake.sendMessage({ content: '컨테이너의 장점은 무엇인가요?', channel: thread.id, author: h.fake.users.admin });
    const followUp = await h.fake.waitForMessage((m) => fromBot(thread.id)(m) && m.id !== answer.id);
    expect(visibleText(followUp)).toContain('컨테이너의 장점');
    await barrier();
    // Its own messages in the thread (echoed by the gateway) are not questions.
    expect(h.fake.messagesIn(thread.id).filter((m) => m.source !== 'user')).toHaveLength(2);
    expect(h.store.stats().asked).toBe(2);
  });

  it('answers inline, as a reply that pings nobody, where it may not create threads', async () => {
    const question = h.fake.sendMessage({ content: `${mention} 컨테이너 엔진이란?`, channel: h.fake.channels.noThreads });
    const answer = await h.fake.waitForMessage(fromBot(h.fake.channels.noThreads.id));
    expect((answer.raw.message_reference as { message_id?: string } | undefined)?.message_id).toBe(question.id);
    expect(answer.embeds[0]?.title).toContain('컨테이너 엔진이란?');
    expect(h.fake.world.channels.has(question.id)).toBe(false);
    expect(h.logs.some((line) => line.includes('could not start a thread; answering inline'))).toBe(true);
  });

  it('asks what to ask when the mention has no question', async () => {
    const question = h.fake.sendMessage({ content: mention, channel: h.fake.channels.general });
    const hint = await h.fake.waitForMessage(fromBot(h.fake.channels.general.id));
    expect((hint.raw.message_reference as { message_id?: string } | undefined)?.message_id).toBe(question.id);
    expect(hint.content).toContain('무엇이 궁금한가요?');
  });

  it('ignores messages without a mention, other bots, and threads it did not start unless mentioned', async () => {
    const otherBot = h.fake.world.addUser({ username: 'OtherBot', globalName: null, bot: true, locale: 'en-US' });
    h.fake.world.addMember(h.fake.guild.id, otherBot.id);
    const userThread = h.fake.createThread({ name: 'study talk', channel: h.fake.channels.general });
    const before = h.fake.botMessages.length;
    h.fake.sendMessage({ content: '컨테이너의 장점은?', channel: h.fake.channels.general });
    h.fake.sendMessage({ content: `${mention} 컨테이너의 장점은?`, channel: h.fake.channels.general, author: otherBot.id });
    h.fake.sendMessage({ content: '컨테이너의 장점은?', channel: userThread.id });
    await barrier();
    expect(h.fake.botMessages.length).toBe(before + 1); // only /help's reply

    h.fake.sendMessage({ content: `${mention} 컨테이너의 장점은?`, channel: userThread.id });
    const answer = await h.fake.waitForMessage(fromBot(userThread.id));
    expect(answer.embeds[0]?.description).toContain('[1]');
  });
});

describe('follow-ups without a language model', () => {
  it('carry the previous question\'s words when the message has none of its own, and stand alone when it has', async () => {
    const question = h.fake.sendMessage({ content: `${mention} 컨테이너의 장점은?`, channel: h.fake.channels.study });
    const first = await h.fake.waitForMessage(fromBot(question.id));
    const answers = (after: StoredMessage) => (m: StoredMessage) => fromBot(question.id)(m) && BigInt(m.id) > BigInt(after.id);

    h.fake.sendMessage({ content: '더 자세히 알려줘', channel: question.id });
    const carried = await h.fake.waitForMessage(answers(first));
    expect(carried.embeds[0]?.title).toBe('❓ 컨테이너의 장점은 더 자세히 알려줘');
    expect(visibleText(carried)).toContain('컨테이너의 장점');

    h.fake.sendMessage({ content: '컨테이너 엔진이란?', channel: question.id });
    const own = await h.fake.waitForMessage(answers(carried));
    expect(own.embeds[0]?.title).toBe('❓ 컨테이너 엔진이란?');
  });
});

describe('long answers', () => {
  it('are split on paragraph boundaries into messages that Discord accepts', async () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `${i + 1}번째 문단. ${'도커 컨테이너는 호스트 커널을 공유합니다. '.repeat(30).trim()} [1]`);
    const answer: Answer = {
      question: '아주 긴 답이 필요한 질문',
      answered: true,
      confidence: 1,
      text: paragraphs.join('\n\n'),
      citations: [{ n: 1, file: 'docker-and-vm.md', section: ['Docker and VM', '컨테이너의 장점'], anchor: '컨테이너의-장점', lines: [72, 77], score: 1 }],
      related: [],
      passages: [],
      embedder: 'hashing',
    };
    const replies = renderAnswer(answer, 7, { locale: 'ko' });
    expect(replies.length).toBeGreaterThan(1);
    const channel = h.bot.client.channels.cache.get(h.fake.channels.general.id) as TextChannel;
    const sent: StoredMessage[] = [];
    for (const reply of replies) sent.push(h.fake.message((await channel.send(reply)).id)!);
    const descriptions = sent.map((m) => m.embeds[0]?.description ?? '');
    // Nothing lost, nothing cut mid-paragraph.
    expect(descriptions.join('\n\n')).toBe(answer.text);
    for (const description of descriptions) {
      expect(description.length).toBeLessThanOrEqual(Limits.embedDescription);
      expect(description).toMatch(/^\d+번째 문단\./u);
      expect(description).toMatch(/\[1\]$/u);
    }
    expect(sent.slice(0, -1).every((m) => m.components.length === 0)).toBe(true);
    expect(buttonIds(sent.at(-1)!)).toEqual(['answer:up:7', 'answer:down:7', 'answer:sources:7']);
    expect(sent.at(-1)?.embeds[0]?.fields?.[0]?.name).toBe('출처');
    expect(sent.at(-1)?.embeds[0]?.footer?.text).toBe(`노트에서 그대로 인용한 답변 · ${sent.length}/${sent.length}`);
  });
});

describe('faults', () => {
  it('resumes after the gateway drops and answers the next interaction', async () => {
    expect(h.fake.dropConnection()).toBe(1);
    await h.fake.waitForResume();
    const reply = await h.fake.sendSlashCommand({ name: 'ask', options: { question: '컨테이너의 장점은?' }, locale: 'ko' }).waitForReply();
    expect(reply.embeds[0]?.description).toContain('[1]');
    expect(h.fake.gateway.identifies).toBe(1);
    expect(h.fake.gateway.resumes).toBe(1);
    expect(h.logs.some((line) => line.includes('gateway resumed'))).toBe(true);
  });

  it('waits out a 429 on the interaction callback and the answer still lands', async () => {
    h.fake.failNextRequest('POST /interactions/:id/:token/callback', { status: 429, retryAfter: 0.3 });
    const handle = h.fake.sendSlashCommand({ name: 'ask', options: { question: '호스트 하이퍼바이저는 무엇인가요?' }, locale: 'ko' });
    const reply = await handle.waitForReply();
    expect(reply.embeds[0]?.description).toContain('[1]');
    const attempts = h.fake.requests.filter((r) => r.path.startsWith(`/interactions/${handle.id}/`));
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(handle.record.response?.type).toBe(5); // the retried deferral, still before the slow answer
  });
});

describe('unexpected failures', () => {
  // Last in the file: closing the database breaks every later question.
  it('reach the user as one short private line, and the log with context', async () => {
    h.store.close();
    const handle = h.fake.sendSlashCommand({ name: 'ask', options: { question: '컨테이너의 장점은?' }, locale: 'ko' });
    const [notice] = await h.fake.waitFor(() => (handle.followUps().length ? handle.followUps() : undefined));
    expect(notice?.ephemeral).toBe(true);
    expect(notice?.content).toBe('문제가 생겨서 처리하지 못했어요. 잠시 후 다시 시도해 주세요.');
    expect(handle.reply()?.deleted).toBe(true); // the public "thinking…" placeholder is gone
    const logged = h.logs.find((line) => line.includes('interaction failed'));
    expect(logged).toContain('"what":"/ask"');
    expect(logged).toContain(`"userId":"${h.fake.users.member.id}"`);

    const question = h.fake.sendMessage({ content: `${mention} 컨테이너의 장점은?`, channel: h.fake.channels.general });
    const reply = await h.fake.waitForMessage((m) => m.source === 'channel' && (m.raw.message_reference as { message_id?: string } | undefined)?.message_id === question.id);
    expect(reply.content).toBe('문제가 생겨서 처리하지 못했어요. 잠시 후 다시 시도해 주세요.');
    expect(h.logs.some((line) => line.includes('message failed'))).toBe(true);
  });
});

it('never had a payload rejected, never pinged, never logged the token', () => {
  expectWellBehaved(h);
});
