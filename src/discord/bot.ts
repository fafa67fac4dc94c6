import { once } from 'node:events';
import {
  Client,
  Events,
  GatewayIntentBits,
  RESTEvents,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import { CommunityNotes, type PublishOptions } from '../community/publish.js';
import type { BotConfig } from '../config.js';
import { DailyScheduler, globalTimers, ReviewReminders, WeeklyDigests, type Timers } from '../daily/index.js';
import { extractiveWriter, type AnswerWriter } from '../generate/writer.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Store } from '../store/index.js';
import { isCodedError } from '../errors/catalog.js';
import { AcknowledgmentGate } from './acks.js';
import { userErrorMessage } from './answering.js';
import { RecentAnswers } from './recent-answers.js';
import { handleButton, handleModal, handleSelect } from './buttons.js';
import { loadCommands, type SlashCommand } from './command.js';
import type { BotContext } from './context.js';
import { handleMessage } from './conversation.js';
import { dailyPoster, digestPoster, reminderSender } from './daily-post.js';
import { DeferredWrites } from './deferred-writes.js';
import { describeError } from './errors.js';
import { gapNotifier } from './gaps.js';
import { localeOf, messages } from './i18n.js';
import type { KnowledgeHolder } from './knowledge.js';
import { NO_MENTIONS } from './limits.js';
import { QuizBoard, quizPostEditor } from './quiz.js';
import { RateLimiter } from './rate-limit.js';
import { replyPrivately } from './respond.js';
import { ThreadTurns } from './thread-turns.js';

/** The configuration the bot itself reads (the rest is used to build its dependencies). */
export type BotSettings = Pick<
  BotConfig,
  | 'DISCORD_TOKEN'
  | 'DISCORD_REST_URL'
  | 'MESSAGE_CONTENT_INTENT'
  | 'NOTES_BASE_URL'
  | 'RATE_LIMIT_QUESTIONS'
  | 'RATE_LIMIT_WINDOW_SECONDS'
  | 'DIGEST_DAY'
  | 'DIGEST_TIME'
  | 'KNOWLEDGE_DIR'
>;

export interface BotOptions {
  config: BotSettings;
  knowledge: KnowledgeHolder;
  store: Store;
  /** The wall clock of the daily scheduler, quizzes and reviews (default: the store's clock). */
  now?: () => Date;
  /** The monotonic clock of the rate limit's windows, in ms (default `performance.now`). */
  elapsedMs?: () => number;
  /** Timers of the daily scheduler and of the acknowledgment gate's cap (default: the global ones). */
  timers?: Timers;
  logger?: Logger;
  /** Who phrases answers (default: the quoted, extractive answer as it is). */
  writer?: AnswerWriter;
  /** Runs after an approval is recorded, before its note is written (tests stop there, as a crash would). */
  beforeNoteWrite?: PublishOptions['beforeWrite'];
}

/**
 * The Discord front door: a discord.js client that routes slash commands, autocomplete, answer buttons
 * and (with the Message Content intent) mentions to their handlers, and runs the daily scheduler (with the
 * review reminders and the weekly digest on its ticks).
 * Everything it talks to is injected, so tests run it in-process against a fake Discord
 * (`DISCORD_REST_URL` becomes discord.js's `rest.api`; the gateway address is asked from that API).
 */
export class Bot {
  readonly client: Client;
  readonly scheduler: DailyScheduler;
  readonly quizBoard: QuizBoard;
  /** The question log's writes waiting for a locked database (tests flush it). */
  readonly writes: DeferredWrites;
  private readonly context: BotContext;
  private readonly logger: Logger;
  private commands = new Map<string, SlashCommand>();
  private readonly pending = new Set<Promise<void>>();
  private stopping = false;

  constructor(private readonly options: BotOptions) {
    const { config, store, knowledge } = options;
    const now = options.now ?? store.now;
    this.logger = options.logger ?? silentLogger;
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds, ...(config.MESSAGE_CONTENT_INTENT ? [GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] : [])],
      allowedMentions: NO_MENTIONS,
      ...(config.DISCORD_REST_URL ? { rest: { api: config.DISCORD_REST_URL } } : {}),
    });
    this.scheduler = new DailyScheduler({
      store,
      concepts: () => knowledge.current.concepts(),
      ...dailyPoster(this.client, { store, notesBaseUrl: config.NOTES_BASE_URL, logger: this.logger }),
      jobs: [
        new ReviewReminders({ store, send: reminderSender(this.client, { store }), logger: this.logger }),
        new WeeklyDigests({
          store,
          weekly: config.DIGEST_DAY === null ? null : { weekday: config.DIGEST_DAY, time: config.DIGEST_TIME },
          concepts: () => knowledge.current.concepts(),
          post: digestPoster(this.client, { store }),
          logger: this.logger,
        }),
      ],
      now,
      logger: this.logger,
      ...(options.timers ? { timers: options.timers } : {}),
    });
    this.writes = new DeferredWrites(options.timers ?? globalTimers, this.logger);
    this.quizBoard = new QuizBoard(quizPostEditor(this.client, { store, notesBaseUrl: config.NOTES_BASE_URL }), now, options.timers ?? globalTimers, this.logger);
    this.context = {
      knowledge,
      store,
      scheduler: this.scheduler,
      limiter: new RateLimiter(config.RATE_LIMIT_QUESTIONS, config.RATE_LIMIT_WINDOW_SECONDS * 1000, options.elapsedMs),
      answers: new RecentAnswers(),
      writes: this.writes,
      acks: new AcknowledgmentGate(undefined, options.timers),
      notesBaseUrl: config.NOTES_BASE_URL,
      logger: this.logger,
      now,
      quizBoard: this.quizBoard,
      writer: options.writer ?? extractiveWriter,
      threads: new ThreadTurns(),
      community: new CommunityNotes({
        store,
        knowledgeDir: config.KNOWLEDGE_DIR,
        refresh: () => knowledge.refresh(),
        notify: gapNotifier(this.client, store),
        logger: this.logger,
        ...(options.beforeNoteWrite ? { beforeWrite: options.beforeNoteWrite } : {}),
      }),
    };
  }

  /** Loads the commands, logs in, waits until ready, starts the daily scheduler. */
  async start(): Promise<void> {
    this.commands = await loadCommands();
    const { client, logger } = this;
    client.on(Events.InteractionCreate, (interaction) => {
      this.context.acks.received(interaction.id);
      this.track(this.onInteraction(interaction).finally(() => this.context.acks.acknowledged(interaction.id)));
    });
    // An interaction is acknowledged once its callback (reply, defer, autocomplete choices) has gone through.
    client.rest.on(RESTEvents.Response, (request) => {
      const callback = /^\/interactions\/(\d+)\/[^/]+\/callback/u.exec(String(request.path));
      if (callback) this.context.acks.acknowledged(callback[1]!);
    });
    if (this.options.config.MESSAGE_CONTENT_INTENT) {
      client.on(Events.MessageCreate, (message) => {
        if (!this.stopping) this.track(handleMessage(message, this.context));
      });
    }
    client.on(Events.Error, (error) => logger.error({ error: describeError(error) }, 'discord client error'));
    client.on(Events.Warn, (warning) => logger.warn({ warning }, 'discord client warning'));
    client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'gateway disconnected'));
    client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));
    const ready = once(client, Events.ClientReady);
    await client.login(this.options.config.DISCORD_TOKEN);
    await ready;
    await this.learnCommandIds();
    await this.finishApprovedNotes();
    this.scheduler.start();
    const { info } = this.options.knowledge.current;
    logger.info(
      { notes: info.notes, chunks: info.chunks, embedder: info.embedder, guilds: client.guilds.cache.size, commands: this.commands.size },
      `ready: ${info.notes} notes, ${info.chunks} chunks, embedder ${info.embedder}, guilds ${client.guilds.cache.size}`,
    );
  }

  /**
   * Fills the client's command cache (registered by `npm run register`, another process), so `/help` can
   * show clickable `</ask:id>` mentions. Without it, `/help` names the commands as text: worth a warning only.
   */
  private async learnCommandIds(): Promise<void> {
    const { client } = this;
    const fetched = await Promise.allSettled([client.application!.commands.fetch(), ...client.guilds.cache.map((guild) => guild.commands.fetch())]);
    for (const result of fetched) {
      if (result.status === 'rejected') this.logger.warn({ error: describeError(result.reason) }, 'could not read the registered commands; /help names them as text');
    }
  }

  /** Approvals a crash (or a failed write) left without their note or their notice: finished before anything new. */
  private async finishApprovedNotes(): Promise<void> {
    try {
      const told = await this.context.community.finish();
      if (told.length > 0) this.logger.info({ answers: told.map((a) => a.id) }, 'community notes left unfinished by the last run: written and announced');
    } catch (error) {
      this.logger.error({ error: describeError(error) }, 'community notes: could not finish approved answers; the next approval tries again');
    }
  }

  /**
   * Stops taking new work (an interaction arriving meanwhile is told the bot is restarting), stops the
   * scheduler, lets handlers in progress finish (a running /reindex included, so its admin gets the reply),
   * writes what waits for the database, and disconnects.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.scheduler.stop();
    await Promise.allSettled(this.pending);
    await this.quizBoard.flush();
    this.writes.close();
    await this.client.destroy();
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    try {
      if (this.stopping) await this.refuseWhileStopping(interaction);
      else if (interaction.isAutocomplete()) await this.commands.get(interaction.commandName)?.autocomplete?.(interaction, this.context);
      else if (interaction.isChatInputCommand()) await this.runCommand(interaction);
      else if (interaction.isButton()) await handleButton(interaction, this.context);
      else if (interaction.isStringSelectMenu()) await handleSelect(interaction, this.context);
      else if (interaction.isModalSubmit()) await handleModal(interaction, this.context);
    } catch (error) {
      await this.fail(interaction, error);
    }
  }

  private async runCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const command = this.commands.get(interaction.commandName);
    if (!command) throw new Error(`no handler for /${interaction.commandName}`);
    const required = command.definition.default_member_permissions;
    if (required) {
      const m = messages(localeOf(interaction.locale));
      // Discord hides admin commands from other members, but a server can override that: check again.
      if (!interaction.inGuild()) {
        await replyPrivately(interaction, m.guildOnly);
        return;
      }
      if (!interaction.memberPermissions.has(BigInt(required))) {
        this.logger.info({ command: interaction.commandName, userId: interaction.user.id, guildId: interaction.guildId }, 'admin command refused');
        await replyPrivately(interaction, m.adminOnly);
        return;
      }
    }
    await command.execute(interaction, this.context);
  }

  /** Acknowledged all the same, so the member knows to ask again rather than watch "thinking…". */
  private async refuseWhileStopping(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) await interaction.respond([]);
    else if (interaction.isRepliable()) await replyPrivately(interaction, messages(localeOf(interaction.locale)).restarting);
  }

  /** Logs with context and tells the user in one short private line (no internals). */
  private async fail(interaction: Interaction, error: unknown): Promise<void> {
    const what = interaction.isCommand() || interaction.isAutocomplete() ? `/${interaction.commandName}` : interaction.isMessageComponent() ? interaction.customId : interaction.type;
    this.logger.error(
      { interactionId: interaction.id, what, userId: interaction.user.id, guildId: interaction.guildId, channelId: interaction.channelId, error: describeError(error) },
      'interaction failed',
    );
    try {
      if (interaction.isAutocomplete()) {
        if (!interaction.responded) await interaction.respond([]);
        return;
      }
      if (!interaction.isRepliable()) return;
      const locale = localeOf(interaction.locale);
      await replyPrivately(interaction, isCodedError(error) ? userErrorMessage(error, locale) : messages(locale).genericError);
    } catch (reason) {
      this.logger.warn({ interactionId: interaction.id, error: describeError(reason) }, 'could not tell the user about the failure');
    }
  }
}
