/**
 * Generative answers in Discord end to end: the real bot against the fake Discord and a fake OpenAI-compatible
 * model. `/ask` shows the checked sentences as the model writes them, edit by edit within Discord's limits,
 * and ends in the checked answer; a failing model leaves the quoted answer; follow-ups in threads are
 * condensed by the model before retrieval.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAiChatModel } from '../src/generate/chat.js';
import { generativeWriter } from '../src/generate/writer.js';
import { messages } from '../src/discord/i18n.js';
import { buttonIds, expectWellBehaved, startHarness, visibleText, type Harness } from './discord-harness.js';
import { passageNumber, pieces, startFakeLlm, type FakeLlm } from './fake-llm/index.js';
import type { StoredMessage } from './fake-discord/index.js';

const ko = messages('ko');
let h: Harness;
let llm: FakeLlm;

beforeAll(async () => {
  llm = await startFakeLlm();
  h = await startHarness({
    writer: (logger) => generativeWriter(openAiChatModel({ baseUrl: llm.baseUrl, model: 'fake-model' }), { logger, timeoutMs: 10_000 }),
  });
});

beforeEach(() => {
  llm.requests.length = 0;
});

afterAll(async () => {
  await h?.stop();
  await llm?.stop();
});

/** The final answer: the message once it carries the answer buttons. */
const final = (m: StoredMessage) => buttonIds(m).length > 0;

describe('/ask with a local model', () => {
  it('edits the reply with checked sentences as they arrive, at most once per second, and ends in the checked answer', async () => {
    let advances = 0;
    llm.reply = (request) => {
      const n = passageNumber(request, '컨테이너의 장점');
      const reply = pieces(
        `컨테이너는 호스트 운영체제의 커널을 공유하므로 VM에 비해 더 적은 자원을 사용합니다 [${n}]. ` +
          `쿠버네티스는 구글이 만들었습니다 [${n}]. ` +
          `컨테이너는 경량화되어 빠르게 시작하고 중지할 수 있습니다 [${n}]. ` +
          `각 컨테이너는 독립된 실행 환경을 제공하여 애플리케이션 간의 충돌을 방지합니다 [${n}]. @everyone`,
      );
      // A second of the bot's clock passes every 12 tokens.
      return { ...reply, beforePiece: (i) => (i > 0 && i % 12 === 0 ? (h.clock.advance(1000), advances++) : undefined) };
    };
    const ask = h.fake.sendSlashCommand({ name: 'ask', options: { question: '컨테이너의 장점은?' }, locale: 'ko' });
    const reply = await ask.waitForReply(final);
    expect(ask.record.response?.type).toBe(5);

    const answer = reply.embeds[0]!;
    expect(answer.description).toBe(
      '컨테이너는 호스트 운영체제의 커널을 공유하므로 VM에 비해 더 적은 자원을 사용합니다. [1] ' +
        '컨테이너는 경량화되어 빠르게 시작하고 중지할 수 있습니다. [1] ' +
        '각 컨테이너는 독립된 실행 환경을 제공하여 애플리케이션 간의 충돌을 방지합니다. [1]',
    );
    expect(answer.footer?.text).toBe(ko.generatedFooter);
    expect(answer.fields?.find((f) => f.name === '출처')?.value).toContain('컨테이너의 장점');

    const drafts = reply.history.filter((version) => version.embeds?.[0]?.footer?.text === ko.draftFooter);
    expect(drafts.length).toBeGreaterThanOrEqual(1);
    expect(drafts.length).toBeLessThanOrEqual(1 + advances);
    for (const draft of drafts) {
      expect(answer.description!.startsWith(draft.embeds![0]!.description!)).toBe(true);
      expect(draft.components ?? []).toEqual([]);
    }
    expect(visibleText(reply)).not.toContain('쿠버네티스');
    expect(h.logs.some((line) => line.includes('"generatedBy":"fake-model"'))).toBe(true);

    // "출처 전체 보기" shows the cited section.
    const sources = await h.fake.clickButton({ customId: buttonIds(reply)[2]!, message: reply, locale: 'ko' }).waitForReply();
    expect(sources.embeds[0]?.title).toBe('[1] Docker and VM › 컨테이너의 장점');
    expectWellBehaved(h);
  });

  it('shows the quoted answer, and no error, when the model fails', async () => {
    llm.reply = () => ({ kind: 'status', status: 500 });
    const before = h.logs.length;
    const reply = await h.fake.sendSlashCommand({ name: 'ask', options: { question: '컨테이너의 장점은?' }, locale: 'ko' }).waitForReply(final);
    expect(reply.embeds[0]?.footer?.text).toBe(ko.answerFooter);
    expect(reply.embeds[0]?.description).toContain('[1]');
    expect(h.logs.slice(before).filter((line) => line.includes('language model failed'))).toHaveLength(1);
    expect(llm.requests).toHaveLength(1);
  });

  it('does not ask the model when the notes do not cover the question', async () => {
    llm.reply = () => pieces('양자 컴퓨터는 큐비트를 씁니다 [1].');
    const reply = await h.fake.sendSlashCommand({ name: 'ask', options: { question: '양자 컴퓨터의 큐비트 오류 정정은?' }, locale: 'ko' }).waitForReply();
    expect(reply.embeds[0]?.description).toContain(ko.notFound);
    expect(llm.requests).toEqual([]);
  });
});

describe('follow-ups in a thread', () => {
  it('are condensed by the model into a standalone question before retrieval', async () => {
    llm.reply = (request) => {
      if (!request.stream) return pieces('VM에서 커널의 역할은?');
      const n = passageNumber(request, 'VM에서의 커널');
      return pieces(`VM은 각자 자신의 게스트 운영체제 커널을 가집니다 [${n}].`);
    };
    const mention = `<@${h.fake.bot.id}>`;
    const question = h.fake.sendMessage({ content: `${mention} 도커에서 커널의 역할은?`, channel: h.fake.channels.study });
    const first = await h.fake.waitForMessage((m) => m.channelId === question.id && m.source === 'channel');
    expect(llm.requests.filter((r) => !r.stream)).toEqual([]);

    h.fake.sendMessage({ content: '그럼 VM은?', channel: question.id });
    const followUp = await h.fake.waitForMessage((m) => m.channelId === question.id && m.source === 'channel' && m.id !== first.id);
    expect(followUp.embeds[0]?.title).toContain('VM에서 커널의 역할은?');
    const condense = llm.requests.find((r) => !r.stream)!;
    expect(condense.messages[1]!.content).toContain('<asked>\n도커에서 커널의 역할은?\n</asked>');
    expect(condense.messages[1]!.content).toContain('<last>\n그럼 VM은?\n</last>');
    expect(llm.requests.filter((r) => r.stream).at(-1)!.messages[1]!.content).toContain('<question>\nVM에서 커널의 역할은?\n</question>');
    expectWellBehaved(h);
  });
});
