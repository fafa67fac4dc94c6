/**
 * Shared set-up of the Discord end-to-end tests: a hashing-embedder index of the fixture notes in a temp
 * folder, an SQLite store on an injected clock, the fake Discord, and the real Bot logged into it with the
 * slash commands registered in the fake's guild.
 *
 * Discord's 3 s window is enforced on the fake's own clock, not the machine's: every answer, search and
 * re-index the bot starts counts as `SLOW_WORK_MS` of Discord time for each interaction the bot has
 * received and not yet acknowledged. A bot that answers before it defers is late on any machine; a bot
 * that defers first is on time on a loaded one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Events } from 'discord.js';
import { expect } from 'vitest';
import { loadEngineConfig } from '../src/config.js';
import type { Timers } from '../src/daily/index.js';
import { Bot, type BotOptions, type BotSettings } from '../src/discord/bot.js';
import { loadCommands, registerCommands } from '../src/discord/command.js';
import { indexSource, KnowledgeHolder, type KnowledgeSource } from '../src/discord/knowledge.js';
import type { LoadedKnowledgeBase } from '../src/engine/knowledge-base.js';
import type { AnswerWriter } from '../src/generate/writer.js';
import { createLogger, type Logger } from '../src/log/logger.js';
import { Store } from '../src/store/index.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions, type StoredMessage } from './fake-discord/index.js';
import { copyFixtureKnowledge } from './helpers/knowledge.js';

export const NOTES_BASE_URL = 'https://notes.example/blob/main/knowledge/';

/** Discord time one answer, search or re-index takes: longer than the 3 s window. */
const SLOW_WORK_MS = 5000;

/**
 * The bot's timers never fire in tests: the daily scheduler's ticks come from `bot.scheduler.tick()` at
 * chosen instants, and answers wait for every pending acknowledgment however long the machine takes.
 */
const MANUAL_TIMERS: Timers = { setTimeout: () => ({}), clearTimeout: () => undefined };

/**
 * The bot's wall clock and its monotonic clock: `advance` moves both (time passes), `set` only the wall
 * clock (a step, as NTP or an admin makes one).
 */
export class TestClock {
  private ms: number;
  private elapsed = 0;

  constructor(iso: string) {
    this.ms = Date.parse(iso);
  }

  readonly now = (): Date => new Date(this.ms);

  readonly elapsedMs = (): number => this.elapsed;

  set(iso: string): void {
    this.ms = Date.parse(iso);
  }

  advance(ms: number): void {
    this.ms += ms;
    this.elapsed += ms;
  }
}

export interface HarnessOptions {
  /** Bot settings over the test defaults (generous rate limit, message content on). */
  config?: Partial<BotSettings>;
  fake?: FakeDiscordOptions;
  /** Adds notes to the temp copy of the fixture notes before the first ingest. */
  prepareKnowledge?: (dir: string) => void;
  /** Engine settings over the test defaults (hashing embedder, morph analyzer), e.g. NOTE_PARSE_TIMEOUT_SECONDS. */
  engine?: Record<string, string>;
  /** Database file name inside the temp folder; default an in-memory database. */
  databaseFile?: string;
  /** The clock's start (default 2025-03-01T12:00:00Z, 21:00 in Seoul). */
  startAt?: string;
  /** Who phrases answers, logging into the harness's log (default: the bot's default, extractive). */
  writer?: (logger: Logger) => AnswerWriter;
  /** Given to every bot the harness starts: runs after an approval is recorded, before its note is written. */
  beforeNoteWrite?: BotOptions['beforeNoteWrite'];
}

export interface Harness {
  readonly fake: FakeDiscord;
  readonly bot: Bot;
  readonly store: Store;
  readonly knowledge: KnowledgeHolder;
  readonly clock: TestClock;
  /** The temp copy of the fixture notes the index is built from (tests may change it, then /reindex). */
  readonly knowledgeDir: string;
  /** Every log line the bot wrote. */
  readonly logs: string[];
  /**
   * Makes the next re-index wait, once started (`reindexing` is true), until `release()`: what happens
   * meanwhile is then decided by the test, not by how fast the machine ingests.
   */
  holdNextIngest(): { started: Promise<void>; release: () => void };
  /** Stops the bot and starts a new one on the same store, knowledge and fake (a process restart). */
  restartBot(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discord-e2e-'));
  const knowledgeDir = copyFixtureKnowledge(path.join(dir, 'knowledge'));
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
  const engine = loadEngineConfig({ KNOWLEDGE_DIR: knowledgeDir, INDEX_DIR: path.join(dir, 'index'), EMBEDDER: 'hashing', ANALYZER: 'morph', NOTES_BASE_URL, ...options.engine });
  const fake = await startFakeDiscord(options.fake);
  const work = new SlowWork(fake);
  const real = indexSource(engine, logger);
  await real.ingest();
  const source = work.source(real);
  const knowledge = new KnowledgeHolder(await source.open(), source);
  const clock = new TestClock(options.startAt ?? '2025-03-01T12:00:00Z');
  const store = Store.open({ path: options.databaseFile ? path.join(dir, options.databaseFile) : ':memory:', now: clock.now });
  const config: BotSettings = {
    DISCORD_TOKEN: fake.token,
    DISCORD_REST_URL: fake.restApi,
    MESSAGE_CONTENT_INTENT: true,
    NOTES_BASE_URL,
    RATE_LIMIT_QUESTIONS: 1000,
    RATE_LIMIT_WINDOW_SECONDS: 60,
    DIGEST_DAY: 7,
    DIGEST_TIME: '20:00',
    KNOWLEDGE_DIR: knowledgeDir,
    ...options.config,
  };
  const launch = async (): Promise<Bot> => {
    const bot = new Bot({ config, knowledge, store, now: clock.now, elapsedMs: clock.elapsedMs, timers: MANUAL_TIMERS, logger, ...(options.writer ? { writer: options.writer(logger) } : {}), ...(options.beforeNoteWrite ? { beforeNoteWrite: options.beforeNoteWrite } : {}) });
    work.watch(bot);
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
    holdNextIngest: () => work.holdNextIngest(),
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

/** Charges the bot's engine work to the interactions it keeps waiting (see the top of this file). */
class SlowWork {
  /** Interactions the bot's client has received and the fake has not yet seen acknowledged. */
  private readonly waiting = new Set<string>();
  private hold: { started: () => void; released: Promise<void> } | undefined;

  constructor(private readonly fake: FakeDiscord) {}

  watch(bot: Bot): void {
    bot.client.on(Events.InteractionCreate, (interaction) => this.waiting.add(interaction.id));
  }

  holdNextIngest(): { started: Promise<void>; release: () => void } {
    let started!: () => void;
    let release!: () => void;
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    this.hold = { started, released: new Promise<void>((resolve) => (release = resolve)) };
    return { started: startedPromise, release };
  }

  /** `source` with each ingest charged, and each opened knowledge base charging its answers and searches. */
  source(source: KnowledgeSource): KnowledgeSource {
    return {
      ingest: async () => {
        this.charge();
        const hold = this.hold;
        this.hold = undefined;
        if (hold) {
          hold.started();
          await hold.released;
        }
        return source.ingest();
      },
      open: async () => this.charging(await source.open()),
    };
  }

  private charging(kb: LoadedKnowledgeBase): LoadedKnowledgeBase {
    const charged = new Set<PropertyKey>(['answer', 'answerTimed', 'search']);
    return new Proxy(kb, {
      get: (target, property) => {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        const bound = (value as (...args: unknown[]) => unknown).bind(target);
        if (!charged.has(property)) return bound;
        return (...args: unknown[]) => {
          this.charge();
          return bound(...args);
        };
      },
    });
  }

  private charge(): void {
    for (const id of this.waiting) {
      if (this.fake.interaction(id)?.response) this.waiting.delete(id);
      else this.fake.delayInteraction(id, SLOW_WORK_MS);
    }
  }
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
