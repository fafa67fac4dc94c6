/**
 * Security pass, end to end on the real client path (fake Discord) and on the command-line entry:
 * - the bot token never shows in logs, errors or crash output (child processes of `npm start` with a bad
 *   configuration, a rejected token, a token Discord's HTTP client refuses, an unreachable API, a broken
 *   database; the in-process logs after failed Discord requests — interaction tokens included);
 * - every outgoing payload disables mentions, and note or question text with `@everyone`, `@here`, `<@&role>`,
 *   `<@user>` reaches Discord inert (checked over every payload the fake recorded);
 * - admin commands check the member's permissions when they run; in DMs only the public commands work;
 * - questions are data: SQL-, path- and shell-looking questions leave the database schema, the stored rows,
 *   the notes and the index untouched and are stored verbatim.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonIds, expectWellBehaved, startHarness, visibleText, type Harness } from './discord-harness.js';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/index.js';
import { childEnv, ROOT, startChild } from './helpers/cli.js';
import { copyFixtureKnowledge } from './helpers/knowledge.js';


const MENTIONS_NOTE = [
  '# 공지 규칙',
  '',
  '## 멘션 주의',
  '',
  '공지할 때는 @everyone 이나 @here 를 함부로 쓰지 말고 <@&123456789012345678> 역할이나 <@234567890123456789> 님에게만 알립니다.',
  '질문은 <#345678901234567890> 채널에 남기고, 예전 형식 <@!456789012345678901> 도 멘션입니다.',
  '',
].join('\n');

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    databaseFile: 'bot.sqlite',
    config: { RATE_LIMIT_QUESTIONS: 1000 },
    prepareKnowledge: (dir) => {
      fs.writeFileSync(path.join(dir, 'announcements.md'), MENTIONS_NOTE);
      fs.writeFileSync(path.join(dir, '@here-notice.md'), '# @everyone 공지\n\n## 공지 채널\n\n공지 채널에는 <@234567890123456789> 님만 글을 올립니다. 다른 사람은 댓글로 답합니다.\n');
    },
  });
});

afterAll(async () => {
  await h?.stop();
});

/** Every string the bot sent in message payloads (content, embeds, components), not the allowed_mentions. */
function sentText(): string[] {
  const out: string[] = [];
  const walk = (value: unknown, key: string): void => {
    if (key === 'allowed_mentions' || key === 'custom_id' || key === 'url') return;
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  for (const record of h.fake.outgoing) walk(record.body, '');
  return out;
}

const LIVE_MENTION = /@(everyone|here)|<@[!&]?\d+>/u;

function withoutCode(text: string): string {
  return text.replace(/```[\s\S]*?```/gu, '').replace(/`[^`\n]*`/gu, '');
}

describe('mentions', () => {
  it('sends nothing that pings, and shows @everyone, @here, role and user mentions from notes and questions inert', async () => {
    const ask = h.fake.sendSlashCommand({ name: 'ask', options: { question: '공지할 때 멘션은 어떻게 하나요? @everyone <@&123456789012345678>' }, locale: 'ko' });
    const answer = await ask.waitForReply();
    expect(visibleText(answer)).toContain('@\u200beveryone');
    const sourcesId = buttonIds(answer).find((id) => id.startsWith('answer:sources:'))!;
    await h.fake.clickButton({ customId: sourcesId, message: answer }).waitForReply();
    await h.fake.sendSlashCommand({ name: 'search', options: { query: '멘션 @here <@234567890123456789>' }, locale: 'ko' }).waitForReply();
    await h.fake.sendSlashCommand({ name: 'concept', options: { name: '멘션 주의' }, locale: 'ko' }).waitForReply();
    await h.fake.sendSlashCommand({ name: 'concept', options: { name: '@everyone 없는 개념 <@234567890123456789>' }, locale: 'ko' }).waitForReply();
    await h.fake.sendSlashCommand({ name: 'ask', options: { question: '공지 채널에는 누가 글을 올리나요?' }, locale: 'ko' }).waitForReply();
    // A mention of the bot in a channel: answered in a thread.
    const me = h.bot.client.user!.id;
    const message = h.fake.sendMessage({ content: `<@${me}> 공지할 때 @everyone 을 써도 되나요? <@&123456789012345678>` });
    await h.fake.waitForMessage((m) => m.source === 'channel' && m.channelId === message.id && m.embeds.length > 0);

    const texts = sentText();
    expect(texts.length).toBeGreaterThan(20);
    // Inside code (a file name such as `@here-notice.md:5`) Discord shows text literally: not a mention to neutralise.
    expect(texts.filter((t) => LIVE_MENTION.test(withoutCode(t)))).toEqual([]);
    // The mentions are still readable (inert, not removed).
    const all = texts.join('\n');
    for (const shown of ['@\u200beveryone', '@\u200bhere', '<@&\u200b123456789012345678>', '<@\u200b234567890123456789>', '<@!\u200b456789012345678901>']) expect(all).toContain(shown);
    expect(h.fake.outgoing.length).toBeGreaterThanOrEqual(7);
    for (const record of h.fake.outgoing) {
      expect(record.mentionsDisabled, record.route).toBe(true);
      expect(record.pings).toEqual({ everyone: false, users: [], roles: [], repliedUser: false });
    }
  });
});

describe('permissions and DMs', () => {
  const refusedEn = 'Only members with the Manage Server permission can use this command.';

  it('refuses admin commands to a member without Manage Server when they run, and does nothing', async () => {
    const { member } = h.fake.users;
    const before = h.store.settings.get(h.fake.guild.id);
    for (const input of [
      { name: 'reindex' },
      { name: 'stats' },
      { name: 'daily', subcommand: 'set', options: { channel: h.fake.channels.general.id, time: '09:00' } },
      { name: 'daily', subcommand: 'now' },
      { name: 'daily', subcommand: 'off' },
    ]) {
      const handle = h.fake.sendSlashCommand({ ...input, user: member });
      const reply = await handle.waitForReply();
      expect(reply.ephemeral, input.name).toBe(true);
      expect(reply.content, input.name).toBe(refusedEn);
      expect(h.knowledge.reindexing).toBe(false);
    }
    expect(h.store.settings.get(h.fake.guild.id)).toEqual(before);
    expect(h.logs.filter((l) => l.includes('admin command refused')).length).toBe(5);
    // The same commands work for the admin.
    const stats = await h.fake.sendSlashCommand({ name: 'stats', user: h.fake.users.admin, locale: 'ko' }).waitForReply();
    expect(stats.embeds[0]?.title).toBeTruthy();
  });

  it('in a DM refuses the server-only commands, even to the server admin, and answers the public ones', async () => {
    const { admin } = h.fake.users;
    for (const input of [{ name: 'reindex' }, { name: 'stats' }, { name: 'daily', subcommand: 'now' }]) {
      const reply = await h.fake.sendSlashCommand({ ...input, user: admin, dm: true, locale: 'ko' }).waitForReply();
      expect(reply.ephemeral, input.name).toBe(true);
      expect(reply.content, input.name).toBe('이 명령은 서버 안에서만 쓸 수 있어요.');
    }
    expect(h.knowledge.reindexing).toBe(false);

    const asked = h.store.stats().asked;
    const ask = h.fake.sendSlashCommand({ name: 'ask', options: { question: '컨테이너의 장점은?' }, user: admin, dm: true, locale: 'ko' });
    const answer = await ask.waitForReply();
    expect(ask.record.response?.type).toBe(5);
    expect(answer.embeds[0]?.description).toContain('[1]');
    expect(h.store.stats().asked).toBe(asked + 1); // logged, without a guild
    const search = await h.fake.sendSlashCommand({ name: 'search', options: { query: '하이퍼바이저' }, user: admin, dm: true, locale: 'ko' }).waitForReply();
    expect(search.embeds[0]?.description).toContain('docker-and-vm.md');
    const help = await h.fake.sendSlashCommand({ name: 'help', user: admin, dm: true, locale: 'ko' }).waitForReply();
    expect(help.embeds).toHaveLength(1);
    // A plain DM message (no slash command) is not a question: no reply. The bot handles gateway events in
    // order and drops a DM at once, so by the time a later command is answered the DM was handled.
    const sent = h.fake.botMessages.filter((m) => m.source === 'channel').length;
    h.fake.sendMessage({ content: `<@${h.bot.client.user!.id}> 안녕하세요`, dm: true, author: admin });
    await h.fake.sendSlashCommand({ name: 'help', user: admin, dm: true, locale: 'ko' }).waitForReply();
    expect(h.fake.botMessages.filter((m) => m.source === 'channel').length).toBe(sent);
  });
});

describe('questions are data', () => {
  const NASTY = [
    "'); DROP TABLE questions; --",
    '" OR 1=1; DELETE FROM guild_settings WHERE 1; --',
    '../../../../etc/passwd',
    '..\\..\\windows\\system32\\config\\SAM',
    '$(touch /tmp/pwned-by-question) `touch /tmp/pwned-by-question` ; rm -rf ./data && echo',
    '%s%s%n %x {{7*7}} ${process.exit(1)} <script>alert(1)</script>',
    'file:///etc/shadow?x=1#L1-L9',
    "컨테이너'; UPDATE questions SET question = 'x'; --",
  ];

  function snapshot(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      out[path.relative(dir, file)] = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    }
    return out;
  }

  it('never lets a question reach SQL, a file path or a shell', async () => {
    const indexDir = path.join(path.dirname(h.knowledgeDir), 'index');
    const notesBefore = snapshot(h.knowledgeDir);
    const indexBefore = snapshot(indexDir);
    const db = new Database(h.store.path, { readonly: true });
    const schema = (): unknown => db.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY name").all();
    const schemaBefore = schema();
    const settingsBefore = db.prepare('SELECT * FROM guild_settings ORDER BY guild_id').all();
    const questionsBefore = db.prepare('SELECT id, question FROM questions ORDER BY id').all() as { id: number; question: string }[];

    for (const text of NASTY) {
      const answer = await h.fake.sendSlashCommand({ name: 'ask', options: { question: text }, locale: 'ko' }).waitForReply();
      expect(answer.embeds[0]?.title, text).toContain('❓');
      const search = await h.fake.sendSlashCommand({ name: 'search', options: { query: text }, locale: 'ko' }).waitForReply();
      expect(search.embeds[0]?.title, text).toContain('검색 결과');
      const concept = await h.fake.sendSlashCommand({ name: 'concept', options: { name: text.slice(0, 100) }, locale: 'ko' }).waitForReply();
      expect(concept.ephemeral || concept.embeds.length === 1, text).toBe(true);
    }
    // Admin inputs that end up in the settings table: refused as values, never as SQL.
    const badTime = await h.fake.sendSlashCommand({ name: 'daily', subcommand: 'set', options: { channel: h.fake.channels.general.id, time: "'; DROP TABLE guild_settings; --" }, user: h.fake.users.admin, locale: 'ko' }).waitForReply();
    expect(badTime.content).toContain('시간으로 읽을 수 없어요');
    const badZone = await h.fake.sendSlashCommand({ name: 'daily', subcommand: 'set', options: { channel: h.fake.channels.general.id, time: '09:00', timezone: '../../../etc/localtime' }, user: h.fake.users.admin, locale: 'ko' }).waitForReply();
    expect(badZone.content).toContain('알 수 없는 시간대');

    expect(schema()).toEqual(schemaBefore);
    expect(db.prepare('SELECT * FROM guild_settings ORDER BY guild_id').all()).toEqual(settingsBefore);
    const questionsAfter = db.prepare('SELECT id, question FROM questions ORDER BY id').all() as { id: number; question: string }[];
    expect(questionsAfter.slice(0, questionsBefore.length)).toEqual(questionsBefore);
    expect(questionsAfter.slice(questionsBefore.length).map((q) => q.question)).toEqual(NASTY); // verbatim, once each (searches are not logged)
    db.close();
    expect(snapshot(h.knowledgeDir)).toEqual(notesBefore);
    expect(snapshot(indexDir)).toEqual(indexBefore);
    expect(fs.existsSync('/tmp/pwned-by-question')).toBe(false);
    expect(h.logs.filter((l) => l.includes('interaction failed'))).toEqual([]);
  });
});

describe('the token stays secret', () => {
  it('is not in the logs after failed Discord requests, nor any interaction token', async () => {
    h.fake.failNextRequest(/^PATCH \/webhooks\/\d+\/[^/]+\/messages\/(@|%40)original$/u, { status: 404, code: 10008, message: 'Unknown Message' });
    const handle = h.fake.sendSlashCommand({ name: 'ask', options: { question: '컨테이너의 장점은?' }, locale: 'ko' });
    // The failure is logged, then the user is told privately: the last thing the bot does about it.
    await h.fake.waitFor(() => h.logs.some((l) => l.includes('interaction failed')) && handle.followUps().length > 0, { description: 'the failure to be logged and told' });
    const logs = h.logs.join('');
    expect(logs).toContain('Unknown Message');
    expect(logs).not.toContain(h.fake.token);
    for (const record of h.fake.interactions.values()) expect(logs).not.toContain(record.token.split(':')[1]);
    expect(logs).not.toContain(handle.token.split(':')[1]);
  });

  describe('npm start (child processes)', () => {
    const SECRET = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GsEcRt.super-secret-token-value_do-not-print';
    let fake: FakeDiscord;
    let dir: string;
    let knowledge: string;

    beforeAll(async () => {
      fake = await startFakeDiscord();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-entry-'));
      knowledge = copyFixtureKnowledge(path.join(dir, 'knowledge'));
    });

    afterAll(async () => {
      await fake?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    let runs = 0;
    async function start(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
      const child = startChild([path.join(ROOT, 'src', 'bot.ts')], {
        cwd: dir,
        env: childEnv(dir, {
          DISCORD_CLIENT_ID: fake.applicationId,
          DISCORD_REST_URL: fake.restApi,
          KNOWLEDGE_DIR: knowledge,
          INDEX_DIR: path.join(dir, 'index'),
          EMBEDDER: 'hashing',
          ANALYZER: 'ngram',
          DATABASE_PATH: path.join(dir, `run-${runs++}.sqlite`),
          LOG_LEVEL: 'debug',
          ...env,
        }),
      });
      const { code } = await child.exited;
      return { code, out: child.stdout() + child.stderr() };
    }

    it('never prints it: bad configuration, rejected token, unusable token, unreachable API, broken database', async () => {
      const notADatabase = path.join(dir, 'junk.sqlite');
      fs.writeFileSync(notADatabase, 'this is not an sqlite database file, only text that is long enough');
      // The index is built once first, so the runs below fail where they are meant to.
      const first = await start({ DISCORD_TOKEN: SECRET });
      expect(first.code).toBe(2);
      const runs = await Promise.all([
        start({ DISCORD_TOKEN: SECRET, LOG_LEVEL: 'verbose' }),
        start({ DISCORD_TOKEN: SECRET, RATE_LIMIT_QUESTIONS: '-1' }),
        start({ DISCORD_TOKEN: SECRET, DATABASE_PATH: notADatabase }),
        start({ DISCORD_TOKEN: `${SECRET}\nX-Injected: 1` }),
        start({ DISCORD_TOKEN: SECRET, DISCORD_REST_URL: 'http://127.0.0.1:9/api' }),
      ]);
      for (const [i, run] of [first, ...runs].entries()) {
        expect(run.out, `run ${i}`).not.toContain(SECRET);
        expect(run.out, `run ${i}`).not.toContain('super-secret-token-value');
        expect(run.code, `run ${i}: ${run.out}`).not.toBe(0);
      }
      // The rejected token says so in one line; the configuration and database problems name what to fix.
      expect(first.out.trim().split('\n').at(-1)).toContain('Discord rejected DISCORD_TOKEN');
      expect(runs[0]!.out).toContain('LOG_LEVEL');
      expect(runs[1]!.out).toContain('RATE_LIMIT_QUESTIONS');
      expect(runs[2]!.out).toContain('is not a valid SQLite database');
      expect(runs[3]!.out).toContain('DISCORD_TOKEN has characters a bot token never contains');
      for (const run of runs.slice(0, 4)) expect(run.code, run.out).toBe(2);
      // Discord unreachable is not the user's typo: an unexpected error (exit 1), still without the token.
      expect(runs[4]!.out).toContain('ECONNREFUSED');
    });
  });
});

it('never had a payload rejected, never pinged, never logged the token', () => {
  expectWellBehaved(h);
});
