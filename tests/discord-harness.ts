/**
 * Shared set-up of the Discord end-to-end tests: a hashing-embedder index of the notes in a temp folder,
 * an SQLite store on an injected clock, the fake Discord, and the real Bot logged into it with the
 * slash commands registered in the fake's guild.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { loadEngineConfig } from '../src/config.js';
import type { Timers } from '../src/daily/index.js';
import { Bot, type BotSettings } from '../src/discord/bot.js';
import { loadCommands, registerCommands } from '../src/discord/command.js';
import { indexSource, KnowledgeHolder } from '../src/discord/knowledge.js';
import { createLogger } from '../src/log/logger.js';
import { Store } from '../src/store/index.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type StoredMessage } from './fake-discord/index.js';

export const NOTES_BASE_URL = 'https://notes.example/blob/main/knowledge/';

/** The daily scheduler's timers never fire in tests: they call `bot.scheduler.tick()` at chosen instants. */
const MANUAL_TIMERS: Timers = { setTimeout: () => ({}), clearTimeout: () => undefined };

export class TestClock {
  private ms: number;

  constructor(iso: string) {
    this.ms = Date.parse(iso);
  }

  readonly now = (): Date => new Date(this.ms);

  set(iso: string): void {
    this.ms = Date.parse(iso);
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface HarnessOptions {
  /** Bot settings over the test defaults (generous rate limit, message content on). */
  config?: Partial<BotSettings>;
  fake?: FakeDiscordOptions;
  /** Copy the notes into the temp folder, so a test can add or change notes (for /reindex). */
  copyKnowledge?: boolean;
  /** Adds notes to the copied folder before the first ingest (implies `copyKnowledge`). */
  prepareKnowledge?: (dir: string) => void;
  /** Database file name inside the temp folder; default an in-memory database. */
  databaseFile?: string;
  /** The clock's start (default 2025-03-01T12:00:00Z, 21:00 in Seoul). */
  startAt?: string;
}

export interface Harness {
  readonly fake: FakeDiscord;
  readonly bot: Bot;
  readonly store: Store;
  readonly knowledge: KnowledgeHolder;
  readonly clock: TestClock;
  readonly knowledgeDir: string;
  /** Every log line the bot wrote. */
  readonly logs: string[];
  /** Stops the bot and starts a new one on the same store, knowledge and fake (a process restart). */
  restartBot(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discord-e2e-'));
  const copy = options.copyKnowledge || options.prepareKnowledge !== undefined;
  const knowledgeDir = copy ? path.join(dir, 'knowledge') : 'knowledge';
  if (copy) fs.cpSync('knowledge', knowledgeDir, { recursive: true });
  options.prepareKnowledge?.(knowledgeDir);
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  const engine = loadEngineConfig({ KNOWLEDGE_DIR: knowledgeDir, INDEX_DIR: path.join(dir, 'index'), EMBEDDER: 'hashing', ANALYZER: 'morph', NOTES_BASE_URL });
  const source = indexSource(engine, logger);
  await source.ingest();
  const knowledge = new KnowledgeHolder(await source.open(), source);
  const clock = new TestClock(options.startAt ?? '2025-03-01T12:00:00Z');
  const store = Store.open({ path: options.databaseFile ? path.join(dir, options.databaseFile) : ':memory:', now: clock.now });
  const fake = await startFakeDiscord(options.fake);
  const config: BotSettings = {
    DISCORD_TOKEN: fake.token,
    DISCORD_REST_URL: fake.restApi,
    MESSAGE_CONTENT_INTENT: true,
    NOTES_BASE_URL,
    RATE_LIMIT_QUESTIONS: 1000,
    RATE_LIMIT_WINDOW_SECONDS: 60,
    ...options.config,
  };
  const launch = async (): Promise<Bot> => {
    const bot = new Bot({ config, knowledge, store, now: clock.now, timers: MANUAL_TIMERS, logger });
    await bot.start();
    return bot;
  };
  let bot = await launch();
  await registerCommands(bot.client.rest, { applicationId: fake.applicationId, guildId: fake.guild.id }, (await loadCommands()).values());
  return {
    fake,
    get bot() {
      return bot;
    },
    store,
    knowledge,
    clock,
    knowledgeDir,
    logs,
    async restartBot() {
      await bot.stop();
      bot = await launch();
    },
    async stop() {
      await bot.stop();
      await fake.stop();
      await knowledge.close();
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What every test file checks at the end: Discord never rejected a payload, nobody was pinged, no secret was logged. */
export function expectWellBehaved(harness: Harness): void {
  const { fake } = harness;
  expect(fake.unknownRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  expect(fake.failedRequests.filter((r) => r.status === 400).map((r) => ({ path: r.path, response: r.response }))).toEqual([]);
  expect(fake.outgoing.length).toBeGreaterThan(0);
  expect(fake.outgoingWithMentionsEnabled()).toEqual([]);
  for (const record of fake.outgoing) expect(record.pings).toEqual({ everyone: false, users: [], roles: [], repliedUser: false });
  expect(harness.logs.join('')).not.toContain(fake.token);
}

/** The text of a message as a user sees it: content, then every embed's title, description and fields. */
export function visibleText(message: StoredMessage): string {
  return [
    message.content,
    ...message.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? '']),
  ].join('\n');
}

/** custom_ids of the buttons on a message. */
export function buttonIds(message: StoredMessage): string[] {
  return message.components.flatMap((row) => (row.components ?? []).map((c) => c.custom_id ?? ''));
}
