/**
 * A fake Discord (REST + gateway) on 127.0.0.1 for end-to-end tests with the
 * real discord.js Client.
 *
 *   const fake = await startFakeDiscord();
 *   const client = new Client({ intents, rest: { api: fake.restApi } });
 *   await client.login(fake.token);
 *   const ask = fake.sendSlashCommand({ name: 'ask', options: { question: '은/는' } });
 *   const reply = await ask.waitForReply();
 *   await client.destroy();
 *   await fake.stop();
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { FakeClock } from './clock.js';
import { ApiError, FormErrors, apiError } from './errors.js';
import { FakeGateway, Intent, type GatewaySession } from './gateway.js';
import { Router, readBody, requestMatches, type RequestMatcher, type RouteContext, type RouteResult } from './http.js';
import { allowsNoMentions, computePings, mentionedRoleIds, mentionedUserIds, mentionsEveryone } from './mentions.js';
import { buildOptions, type OptionValues } from './options.js';
import { SnowflakeGenerator } from './snowflake.js';
import type {
  ApiAttachment,
  ApiChannel,
  ApiCommand,
  ApiComponent,
  ApiEmbed,
  ApiInteraction,
  ApiInteractionOption,
  ApiMessage,
  CallbackRecord,
  FileRecord,
  InteractionKind,
  InteractionRecord,
  MessageSource,
  OutgoingRecord,
  RestRequestRecord,
  Snowflake,
  StoredMessage,
} from './types.js';
import {
  isEmptyMessage,
  MessageFlagBits,
  validateAutocompleteResult,
  validateCommand,
  validateCommandList,
  validateMessageFields,
  validateModal,
  validateThreadCreate,
} from './validate.js';
import {
  BOT_ROLE_PERMISSIONS,
  ChannelType,
  Permission,
  World,
  type WorldChannel,
  type WorldUser,
} from './world.js';

// ------------------------------------------------------------------ public types

export interface FakeDiscordOptions {
  /** Bot token the fake accepts (REST `Authorization: Bot …` and gateway IDENTIFY). */
  token?: string;
  /** Time allowed for the first interaction response (Discord: 3000 ms), on `fake.clock`. */
  interactionResponseWindowMs?: number;
  /** Lifetime of an interaction token for edits and follow-ups (Discord: 15 min), on `fake.clock`. */
  interactionTokenTtlMs?: number;
  /** HELLO heartbeat interval (Discord: ~41250 ms). */
  heartbeatIntervalMs?: number;
  /** Dispatch MESSAGE_CREATE/UPDATE/DELETE for the bot's own messages, as Discord does (default true). */
  echoBotMessages?: boolean;
  /** Privileged intents "enabled in the developer portal" (default: all). Others close the gateway with 4014. */
  privilegedIntents?: { guildMembers?: boolean; guildPresences?: boolean; messageContent?: boolean };
  guildName?: string;
  /** The guild's preferred locale, sent as `guild_locale` (default 'en-US'). */
  guildLocale?: string;
  botUsername?: string;
  /** console.warn each unknown route (default true). They are always recorded in `unknownRequests`. */
  warnOnUnknownRoutes?: boolean;
}

export interface SeedUser {
  readonly id: Snowflake;
  readonly username: string;
  readonly globalName: string | null;
  readonly locale: string;
}

export interface SeedChannel {
  readonly id: Snowflake;
  readonly name: string;
}

export type Ref = Snowflake | { readonly id: Snowflake };

interface InteractionTarget {
  /** Default: the plain member. */
  user?: Ref;
  /** Default: #general. Any guild text channel, thread or DM channel id. */
  channel?: Ref;
  /** Send from the user's DM channel with the bot instead of a guild channel. */
  dm?: boolean;
  /** Default: the user's locale. */
  locale?: string;
  /** Override the response window for this interaction only. */
  responseWindowMs?: number;
}

export interface SlashCommandInput extends InteractionTarget {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  /** `{ question: '...', limit: 3 }` (types from the registered command, else inferred) or raw API options. */
  options?: OptionValues | ApiInteractionOption[];
}

export interface AutocompleteInput extends SlashCommandInput {
  /** Name of the option being typed. */
  focused: string;
  /** What the user has typed so far. */
  value: string;
}

export interface ButtonInput {
  customId: string;
  /** The message carrying the button (a StoredMessage, or its id). */
  message: Ref;
  user?: Ref;
  locale?: string;
  responseWindowMs?: number;
}

export interface SelectInput extends ButtonInput {
  values: string[];
}

export interface ModalSubmitInput {
  /** The interaction that showed the modal (callback type 9); supplies custom id, channel and message. */
  from?: InteractionHandle | Snowflake;
  customId?: string;
  /** Text input custom_id → value. */
  fields: Record<string, string>;
  user?: Ref;
  channel?: Ref;
  locale?: string;
  responseWindowMs?: number;
}

export interface UserMessageInput {
  content: string;
  /** Default: the plain member. */
  author?: Ref;
  /** Default: #general. May be a thread. */
  channel?: Ref;
  /** Post in the author's DM with the bot. */
  dm?: boolean;
  /** Extra users to list as mentioned (ids in `<@id>` form in the content are found automatically). */
  mentions?: Ref[];
  /** Make it a reply to this message. */
  replyTo?: Ref;
  embeds?: ApiEmbed[];
}

export interface InteractionHandle {
  readonly id: Snowflake;
  readonly token: string;
  readonly payload: ApiInteraction;
  readonly record: InteractionRecord;
  /** The accepted initial response (rejects on timeout, listing rejected attempts). */
  response(timeoutMs?: number): Promise<CallbackRecord>;
  /** Current state of `@original` (after edits), if any. */
  reply(): StoredMessage | undefined;
  /** Waits until `@original` satisfies `predicate` (default: exists and is no longer "thinking"). */
  waitForReply(predicate?: (message: StoredMessage) => boolean, timeoutMs?: number): Promise<StoredMessage>;
  /** Follow-up messages (not counting a follow-up that replaced a deferred reply). */
  followUps(): StoredMessage[];
}

export interface FailureOptions {
  /** HTTP status (default 429). */
  status?: number;
  /** Seconds, for 429 (default 0.2). Sent as `Retry-After` and `retry_after`. */
  retryAfter?: number;
  /** 429: mark as global rate limit. */
  global?: boolean;
  /** Discord error code for non-429 failures (default 0). */
  code?: number;
  message?: string;
  /** How many matching requests to fail (default 1). */
  times?: number;
}

interface PendingFailure {
  matcher: RequestMatcher;
  options: FailureOptions;
  remaining: number;
}

type WaitOptions = { timeoutMs?: number; description?: string | (() => string) } | number;

/** Waits fail only on a real hang: a loaded 2-core machine can take seconds for what takes milliseconds. */
const DEFAULT_WAIT_MS = 30_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const idOf = (ref: Ref): Snowflake => (typeof ref === 'string' ? ref : ref.id);

/** The message flags a bot may set when sending (ephemeral only for interaction responses). */
function messageFlags(value: unknown, interaction: boolean): number {
  if (typeof value !== 'number') return 0;
  const settable =
    MessageFlagBits.SuppressEmbeds |
    MessageFlagBits.SuppressNotifications |
    MessageFlagBits.IsComponentsV2 |
    (interaction ? MessageFlagBits.Ephemeral : 0);
  return value & settable;
}
const iso = (ms: number = Date.now()): string => new Date(ms).toISOString();

function findComponent(components: ApiComponent[], customId: string): ApiComponent | undefined {
  for (const component of components) {
    if (component.custom_id === customId) return component;
    const nested = component.components ? findComponent(component.components, customId) : undefined;
    if (nested) return nested;
  }
  return undefined;
}

// ------------------------------------------------------------------ entry point

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(options);
  await fake.listen();
  return fake;
}

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: Snowflake;
  readonly bot: SeedUser;
  readonly guild: { readonly id: Snowflake; readonly name: string; readonly preferredLocale: string };
  readonly channels: {
    readonly category: SeedChannel;
    /** #general: plain text channel. */
    readonly general: SeedChannel;
    /** #korean-study: plain text channel. */
    readonly study: SeedChannel;
    /** #no-threads: the bot may post but not create threads (403 50013). */
    readonly noThreads: SeedChannel;
    /** #announcements: the bot may not post (403 50013); interaction replies still work. */
    readonly readOnly: SeedChannel;
  };
  readonly users: {
    /** Guild owner with the Moderator role (Administrator + Manage Server); locale 'ko'. */
    readonly admin: SeedUser;
    /** Plain member, no roles; locale 'en-US'. */
    readonly member: SeedUser;
  };
  readonly roles: { readonly everyone: Snowflake; readonly admin: Snowflake; readonly bot: Snowflake };

  /** The model behind the fake (users, guilds, channels, permissions). */
  readonly world: World;
  /** Discord's time for interaction windows and tokens; stands still unless a test advances it. */
  readonly clock = new FakeClock();
  readonly gateway: FakeGateway;

  /** Every REST request, in arrival order. */
  readonly requests: RestRequestRecord[] = [];
  /** Every interaction the fake created, by id. */
  readonly interactions = new Map<Snowflake, InteractionRecord>();
  /** Every interaction callback attempt, accepted or rejected. */
  readonly callbacks: CallbackRecord[] = [];
  /** Every message payload the bot sent (creates and edits), with mention analysis. */
  readonly outgoing: OutgoingRecord[] = [];

  readonly #options: Required<Omit<FakeDiscordOptions, 'privilegedIntents' | 'token' | 'guildName' | 'guildLocale' | 'botUsername'>>;
  readonly #allowedPrivileged: number;
  readonly #ids: SnowflakeGenerator;
  readonly #server: http.Server;
  readonly #router = new Router();
  readonly #events = new EventEmitter();
  readonly #messages = new Map<Snowflake, StoredMessage>();
  readonly #tokens = new Map<string, Snowflake>();
  readonly #expiredTokens = new Set<Snowflake>();
  readonly #globalCommands = new Map<Snowflake, ApiCommand>();
  readonly #guildCommands = new Map<Snowflake, Map<Snowflake, ApiCommand>>();
  readonly #unregisteredCommandIds = new Map<string, Snowflake>();
  readonly #failures: PendingFailure[] = [];
  readonly #refusedMessages = new Set<Snowflake>();
  readonly #refusedThreads = new Set<Snowflake>();
  #resumesAtLastDrop = 0;
  #port = 0;
  #requestSeq = 0;
  #stopped = false;

  constructor(options: FakeDiscordOptions = {}) {
    this.#options = {
      interactionResponseWindowMs: options.interactionResponseWindowMs ?? 3000,
      interactionTokenTtlMs: options.interactionTokenTtlMs ?? 15 * 60_000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      echoBotMessages: options.echoBotMessages ?? true,
      warnOnUnknownRoutes: options.warnOnUnknownRoutes ?? true,
    };
    const privileged = options.privilegedIntents ?? {};
    this.#allowedPrivileged =
      (privileged.guildMembers === false ? 0 : Intent.GuildMembers) |
      (privileged.guildPresences === false ? 0 : Intent.GuildPresences) |
      (privileged.messageContent === false ? 0 : Intent.MessageContent);
    this.token = options.token ?? `fake.${randomBytes(12).toString('base64url')}`;
    this.#events.setMaxListeners(0);

    // ---- seed the world
    this.#ids = new SnowflakeGenerator();
    const botId = this.#ids.next();
    const world = new World(this.#ids, botId);
    this.world = world;
    this.applicationId = botId; // modern apps: application id == bot user id
    const seedUser = (u: WorldUser): SeedUser => ({
      id: u.id,
      username: u.username,
      globalName: u.globalName,
      locale: u.locale,
    });
    const bot = world.addUser({
      id: botId,
      username: options.botUsername ?? 'StudyNotesBot',
      globalName: null,
      bot: true,
      locale: 'en-US',
    });
    const admin = world.addUser({ username: 'kim_admin', globalName: '김관리자', bot: false, locale: 'ko' });
    const member = world.addUser({ username: 'lee_learner', globalName: 'Lee', bot: false, locale: 'en-US' });
    const guild = world.addGuild(options.guildName ?? 'Korean Study', admin.id, options.guildLocale ?? 'en-US');
    const adminRole = world.addRole(guild.id, {
      name: 'Moderator',
      permissions: Permission.Administrator | Permission.ManageGuild,
      color: 0x3498db,
      managed: false,
    });
    const botRole = world.addRole(guild.id, {
      name: bot.username,
      permissions: BOT_ROLE_PERMISSIONS,
      color: 0,
      managed: true,
      botId,
    });
    world.addMember(guild.id, botId, [botRole.id]);
    world.addMember(guild.id, admin.id, [adminRole.id]);
    world.addMember(guild.id, member.id, []);
    const text = (name: string, parentId: Snowflake | null, position: number, deny = 0n): WorldChannel =>
      world.addChannel({
        type: ChannelType.GuildText,
        guildId: guild.id,
        name,
        position,
        parentId,
        topic: null,
        overwrites: deny ? [{ id: botRole.id, type: 0, allow: 0n, deny }] : [],
      });
    const category = world.addChannel({
      type: ChannelType.GuildCategory,
      guildId: guild.id,
      name: 'Study',
      position: 0,
      parentId: null,
      topic: null,
      overwrites: [],
    });
    const general = text('general', category.id, 0);
    const study = text('korean-study', category.id, 1);
    const noThreads = text('no-threads', category.id, 2, Permission.CreatePublicThreads | Permission.CreatePrivateThreads);
    const readOnly = text('announcements', category.id, 3, Permission.SendMessages | Permission.SendMessagesInThreads);
    const seedChannel = (c: WorldChannel): SeedChannel => ({ id: c.id, name: c.name ?? '' });

    this.bot = seedUser(bot);
    this.users = { admin: seedUser(admin), member: seedUser(member) };
    this.guild = { id: guild.id, name: guild.name, preferredLocale: guild.preferredLocale };
    this.roles = { everyone: guild.id, admin: adminRole.id, bot: botRole.id };
    this.channels = {
      category: seedChannel(category),
      general: seedChannel(general),
      study: seedChannel(study),
      noThreads: seedChannel(noThreads),
      readOnly: seedChannel(readOnly),
    };

    this.#server = http.createServer((req, res) => {
      void this.#handleHttp(req, res);
    });
    this.gateway = new FakeGateway(this.#server, {
      token: this.token,
      heartbeatIntervalMs: this.#options.heartbeatIntervalMs,
      allowedPrivilegedIntents: this.#allowedPrivileged,
      readyPayload: (session, resumeUrl) => this.#readyPayload(session, resumeUrl),
      guildCreatePayloads: (session) =>
        [...this.world.guilds.keys()].map((id) =>
          this.world.guildCreatePayload(id, (session.intents & Intent.GuildMembers) !== 0),
        ),
      guildMembersChunk: (request) => this.#guildMembersChunk(request),
      changed: () => this.#changed(),
    });
    this.#registerRoutes();
  }

  // ================================================================ lifecycle

  /** Starts listening on 127.0.0.1 (random port). `startFakeDiscord()` calls this. */
  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    this.gateway.setBaseUrl(`ws://127.0.0.1:${this.#port}`);
  }

  get port(): number {
    return this.#port;
  }

  /** Pass as `new Client({ rest: { api: fake.restApi } })`. */
  get restApi(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  get gatewayUrl(): string {
    return this.gateway.url;
  }

  /** Closes sockets and the server. Destroy the discord.js client first, or it will try to reconnect. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ================================================================ records & queries

  /** Requests to routes the fake does not implement (404/405). Should stay empty. */
  get unknownRequests(): RestRequestRecord[] {
    return this.requests.filter((r) => r.route === null && !r.injected);
  }

  /** Requests answered with a 4xx/5xx (validation failures, injected failures, unknown routes). */
  get failedRequests(): RestRequestRecord[] {
    return this.requests.filter((r) => r.status >= 400);
  }

  /** All messages ever created (including deleted and ephemeral ones), oldest first. */
  get messages(): StoredMessage[] {
    return [...this.#messages.values()];
  }

  message(id: Snowflake): StoredMessage | undefined {
    return this.#messages.get(id);
  }

  /** Messages currently in a channel (not deleted), oldest first. Ephemeral ones only with `includeEphemeral`. */
  messagesIn(channel: Ref, options: { includeEphemeral?: boolean } = {}): StoredMessage[] {
    const id = idOf(channel);
    return this.messages.filter(
      (m) => m.channelId === id && !m.deleted && (options.includeEphemeral === true || !m.ephemeral),
    );
  }

  /** Messages the bot created (channel sends, interaction replies, follow-ups). */
  get botMessages(): StoredMessage[] {
    return this.messages.filter((m) => m.source !== 'user');
  }

  /** Outgoing payloads that were accepted but did not disable mentions. */
  outgoingWithMentionsEnabled(): OutgoingRecord[] {
    return this.outgoing.filter((o) => o.accepted && !o.mentionsDisabled);
  }

  interaction(id: Snowflake): InteractionRecord | undefined {
    return this.interactions.get(id);
  }

  /** Current state of an interaction's `@original` message (after all edits). */
  originalResponse(interactionId: Snowflake): StoredMessage | undefined {
    const id = this.interactions.get(interactionId)?.originalMessageId;
    return id ? this.#messages.get(id) : undefined;
  }

  /** Choices the bot returned to an autocomplete interaction. */
  autocompleteChoices(interactionId: Snowflake): { name: string; value: string | number }[] | undefined {
    const response = this.interactions.get(interactionId)?.response;
    if (!response || response.type !== 8 || !isRecord(response.data)) return undefined;
    return response.data.choices as { name: string; value: string | number }[];
  }

  /** Registered application commands (global, or for a guild). */
  registeredCommands(guildId?: Snowflake): ApiCommand[] {
    return [...(guildId ? (this.#guildCommands.get(guildId)?.values() ?? []) : this.#globalCommands.values())];
  }

  /** Forgets recorded requests, callbacks, outgoing payloads and the gateway log (state is kept). */
  clearRecords(): void {
    this.requests.length = 0;
    this.callbacks.length = 0;
    this.outgoing.length = 0;
    this.gateway.log.length = 0;
  }

  // ================================================================ waiting

  /**
   * Resolves with the first truthy value `check` returns, re-evaluated after
   * every change in the fake (request, message, gateway event). No polling.
   */
  waitFor<T>(check: () => T | undefined | null | false, options: WaitOptions = {}): Promise<T> {
    const { timeoutMs, description } = typeof options === 'number' ? { timeoutMs: options, description: undefined } : options;
    const ms = timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        if (timer) clearTimeout(timer);
        this.#events.off('change', attempt);
      };
      function attempt(): boolean {
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (error) {
          finish();
          reject(error instanceof Error ? error : new Error(String(error)));
          return true;
        }
        if (value === undefined || value === null || value === false) return false;
        finish();
        resolve(value);
        return true;
      }
      if (attempt()) return;
      this.#events.on('change', attempt);
      timer = setTimeout(() => {
        finish();
        const what = typeof description === 'function' ? description() : (description ?? 'condition');
        reject(new Error(`fake-discord: timed out after ${ms} ms waiting for ${what}`));
      }, ms);
    });
  }

  /** Resolves with the accepted initial response to an interaction. */
  waitForInteractionResponse(interactionId: Snowflake, timeoutMs = DEFAULT_WAIT_MS): Promise<CallbackRecord> {
    return this.waitFor(() => this.interactions.get(interactionId)?.response ?? undefined, {
      timeoutMs,
      description: () => `a response to interaction ${interactionId} (attempts: ${this.#describeAttempts(interactionId)})`,
    });
  }

  /** Resolves with the first callback attempt (accepted or not). */
  waitForCallbackAttempt(interactionId: Snowflake, timeoutMs = DEFAULT_WAIT_MS): Promise<CallbackRecord> {
    return this.waitFor(() => this.interactions.get(interactionId)?.callbacks[0], {
      timeoutMs,
      description: `a callback attempt for interaction ${interactionId}`,
    });
  }

  /** Waits until the interaction's `@original` satisfies `predicate` (default: exists and is not "thinking…"). */
  waitForOriginalResponse(
    interactionId: Snowflake,
    predicate: (message: StoredMessage) => boolean = (m) => !m.loading,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<StoredMessage> {
    return this.waitFor(
      () => {
        const message = this.originalResponse(interactionId);
        return message && predicate(message) ? message : undefined;
      },
      {
        timeoutMs,
        description: () => {
          const current = this.originalResponse(interactionId);
          const state = current
            ? `loading=${String(current.loading)} content=${JSON.stringify(current.content.slice(0, 80))} embeds=${current.embeds.length}`
            : 'none';
          const attempts = this.#describeAttempts(interactionId);
          return `the original response of interaction ${interactionId} (current: ${state}; attempts: ${attempts})`;
        },
      },
    );
  }

  /** Resolves with the first message (existing or future, any channel) matching `predicate`. */
  waitForMessage(predicate: (message: StoredMessage) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<StoredMessage> {
    return this.waitFor(() => this.messages.find((m) => !m.deleted && predicate(m)), {
      timeoutMs,
      description: 'a matching message',
    });
  }

  /** Resolves once a gateway session is identified and connected. */
  waitForSession(timeoutMs = DEFAULT_WAIT_MS): Promise<GatewaySession> {
    return this.waitFor(() => this.gateway.live[0]?.session ?? undefined, {
      timeoutMs,
      description: 'a gateway session',
    });
  }

  /** Resolves when the client has resumed after the last `dropConnection()` (or after `since` resumes). */
  waitForResume(options: { since?: number; timeoutMs?: number } = {}): Promise<number> {
    const since = options.since ?? this.#resumesAtLastDrop;
    return this.waitFor(
      () => {
        const count = this.gateway.resumes;
        return count > since && this.gateway.live.some((c) => c.kind === 'resume') ? count : undefined;
      },
      { timeoutMs: options.timeoutMs ?? DEFAULT_WAIT_MS, description: 'the client to RESUME' },
    );
  }

  #describeAttempts(interactionId: Snowflake): string {
    const record = this.interactions.get(interactionId);
    if (!record) return 'unknown interaction';
    if (record.callbacks.length === 0) return 'none';
    return record.callbacks
      .map((c) => `type ${c.type} → ${c.status}${c.error ? ` ${c.error.code} ${c.error.message}` : ''} at ${c.elapsedMs} ms`)
      .join('; ');
  }

  #changed(): void {
    this.#events.emit('change');
  }

  // ================================================================ failure injection & world changes

  /**
   * Makes the next request(s) matching `matcher` fail. Default: 429 with
   * `Retry-After: 0.2`, so discord.js waits and retries.
   *   fake.failNextRequest('POST /interactions/:id/:token/callback', { status: 429, retryAfter: 0.3 })
   */
  failNextRequest(matcher: RequestMatcher, options: FailureOptions = {}): void {
    this.#failures.push({ matcher, options, remaining: options.times ?? 1 });
  }

  /** Sets the default response window for interactions created from now on. */
  setInteractionResponseWindow(ms: number): void {
    this.#options.interactionResponseWindowMs = ms;
  }

  /** Makes an interaction's response window (3 s) over: its first response now gets 404 10062. */
  expireInteraction(interactionId: Snowflake): void {
    const record = this.#interactionOrThrow(interactionId);
    record.responseWindowMs = -1;
  }

  /**
   * The bot kept this interaction waiting `ms` longer than the clock shows (it did slow work while the
   * interaction was unacknowledged): its window and token age by `ms`, the clock and others do not.
   */
  delayInteraction(interactionId: Snowflake, ms: number): void {
    this.#interactionOrThrow(interactionId).createdAt -= ms;
  }

  /** Makes an interaction's token (15 min) expire: edits and follow-ups get 401 50027. */
  expireInteractionToken(interactionId: Snowflake): void {
    this.#interactionOrThrow(interactionId);
    this.#expiredTokens.add(interactionId);
  }

  /** Deletes a channel (CHANNEL_DELETE / THREAD_DELETE is dispatched); later requests to it get 404 10003. */
  deleteChannel(channel: Ref): void {
    const c = this.world.channel(idOf(channel));
    c.deleted = true;
    if (c.guildId) {
      if (c.thread) {
        this.gateway.dispatch(
          'THREAD_DELETE',
          { id: c.id, guild_id: c.guildId, parent_id: c.parentId, type: c.type },
          { intent: Intent.Guilds },
        );
      } else {
        this.gateway.dispatch('CHANNEL_DELETE', this.world.apiChannel(c.id), { intent: Intent.Guilds });
      }
    }
    this.#changed();
  }

  /**
   * Makes a channel refuse the bot's messages (403 50013 Missing Permissions).
   * For guild text channels this is a member overwrite denying Send Messages
   * (dispatched as CHANNEL_UPDATE, so permission checks in the bot agree).
   */
  refuseMessagesIn(channel: Ref, refuse = true): void {
    this.#setRefusal(idOf(channel), Permission.SendMessages | Permission.SendMessagesInThreads, this.#refusedMessages, refuse);
  }

  /** Makes thread creation in a channel fail with 403 50013 (member overwrite denying Create Threads). */
  refuseThreadsIn(channel: Ref, refuse = true): void {
    this.#setRefusal(idOf(channel), Permission.CreatePublicThreads | Permission.CreatePrivateThreads, this.#refusedThreads, refuse);
  }

  #setRefusal(channelId: Snowflake, bits: bigint, set: Set<Snowflake>, refuse: boolean): void {
    const c = this.world.channel(channelId);
    if (c.guildId && !c.thread) {
      let overwrite = c.overwrites.find((o) => o.type === 1 && o.id === this.bot.id);
      if (!overwrite) {
        overwrite = { id: this.bot.id, type: 1, allow: 0n, deny: 0n };
        c.overwrites.push(overwrite);
      }
      overwrite.deny = refuse ? overwrite.deny | bits : overwrite.deny & ~bits;
      this.gateway.dispatch('CHANNEL_UPDATE', this.world.apiChannel(c.id), { intent: Intent.Guilds });
    } else if (refuse) {
      set.add(channelId);
    } else {
      set.delete(channelId);
    }
    this.#changed();
  }

  /** Adds a guild text channel (CHANNEL_CREATE is dispatched). */
  addTextChannel(name: string, options: { parentId?: Snowflake | null } = {}): SeedChannel {
    const guild = this.world.guild(this.guild.id);
    const c = this.world.addChannel({
      type: ChannelType.GuildText,
      guildId: guild.id,
      name,
      position: guild.channelIds.length,
      parentId: options.parentId === undefined ? this.channels.category.id : options.parentId,
      topic: null,
      overwrites: [],
    });
    this.gateway.dispatch('CHANNEL_CREATE', this.world.apiChannel(c.id), { intent: Intent.Guilds });
    this.#changed();
    return { id: c.id, name };
  }

  /** Adds a user and makes them a guild member (GUILD_MEMBER_ADD is dispatched with the GuildMembers intent). */
  addMember(options: { username: string; globalName?: string; locale?: string; roles?: Snowflake[] }): SeedUser {
    const user = this.world.addUser({
      username: options.username,
      globalName: options.globalName ?? null,
      bot: false,
      locale: options.locale ?? 'en-US',
    });
    this.world.addMember(this.guild.id, user.id, options.roles ?? []);
    this.gateway.dispatch(
      'GUILD_MEMBER_ADD',
      { ...this.world.apiMember(this.guild.id, user.id), guild_id: this.guild.id },
      { intent: Intent.GuildMembers },
    );
    this.#changed();
    return { id: user.id, username: user.username, globalName: user.globalName, locale: user.locale };
  }

  // ================================================================ gateway drivers

  /**
   * Closes the client's gateway connection abruptly; discord.js reconnects to
   * `resume_gateway_url` and RESUMEs, and missed dispatches are replayed.
   * `resumable: false` forgets the session so the client must IDENTIFY again.
   */
  dropConnection(options: { code?: number; resumable?: boolean } = {}): number {
    this.#resumesAtLastDrop = this.gateway.resumes;
    return this.gateway.drop(options);
  }

  /** A user runs a slash command (INTERACTION_CREATE type 2). */
  sendSlashCommand(input: SlashCommandInput): InteractionHandle {
    const target = this.#target(input);
    const command = this.#findCommand(input.name, target.channel.guildId, 1);
    const built = buildOptions(command, input);
    const payload = this.#basePayload(2, target, {
      id: command?.id ?? this.#unregisteredCommandId(input.name),
      name: input.name,
      type: 1,
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
      ...(built.options.length > 0 ? { options: built.options } : {}),
      ...this.#resolved(built.referenced, target.channel),
    });
    return this.#dispatchInteraction(payload, 'command', input.responseWindowMs, null);
  }

  /** A user types in an autocomplete option (INTERACTION_CREATE type 4, the option has `focused: true`). */
  sendAutocomplete(input: AutocompleteInput): InteractionHandle {
    const target = this.#target(input);
    const command = this.#findCommand(input.name, target.channel.guildId, 1);
    const built = buildOptions(command, { ...input, focused: { name: input.focused, value: input.value } });
    const payload = this.#basePayload(4, target, {
      id: command?.id ?? this.#unregisteredCommandId(input.name),
      name: input.name,
      type: 1,
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
      options: built.options,
    });
    return this.#dispatchInteraction(payload, 'autocomplete', input.responseWindowMs, null);
  }

  /** A user clicks a button on a message (INTERACTION_CREATE type 3, component_type 2). */
  clickButton(input: ButtonInput): InteractionHandle {
    return this.#componentInteraction(input, 2, undefined);
  }

  /** A user picks values in a select menu on a message. */
  selectMenu(input: SelectInput): InteractionHandle {
    return this.#componentInteraction(input, undefined, input.values);
  }

  /** A user submits a modal (INTERACTION_CREATE type 5). */
  submitModal(input: ModalSubmitInput): InteractionHandle {
    const from = input.from === undefined ? undefined : this.#interactionOrThrow(idOf(input.from));
    const modal = from?.modal ?? null;
    if (from && !modal) throw new Error(`fake-discord: interaction ${from.id} did not show a modal`);
    const customId = input.customId ?? (typeof modal?.custom_id === 'string' ? modal.custom_id : undefined);
    if (!customId) throw new Error('fake-discord: submitModal needs `from` (an interaction that showed a modal) or `customId`');
    const fromChannel = from ? String((from.payload.channel as ApiChannel | undefined)?.id ?? '') : undefined;
    const fromUser = from ? this.#payloadUserId(from.payload) : undefined;
    const target = this.#target({
      user: input.user ?? fromUser,
      channel: input.channel ?? fromChannel,
      locale: input.locale,
    });
    const sourceMessage = from?.sourceMessageId ? this.#messages.get(from.sourceMessageId) : undefined;
    const payload = this.#basePayload(5, target, {
      custom_id: customId,
      components: Object.entries(input.fields).map(([id, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: id, value }],
      })),
    });
    if (sourceMessage) payload.message = structuredClone(sourceMessage.raw);
    return this.#dispatchInteraction(payload, 'modal', input.responseWindowMs, sourceMessage?.id ?? null);
  }

  /**
   * A user posts a message (MESSAGE_CREATE). Mentions written as `<@id>` are
   * detected; `dm: true` posts in the author's DM with the bot.
   */
  sendMessage(input: UserMessageInput): StoredMessage {
    const authorId = idOf(input.author ?? this.users.member);
    const channel = input.dm ? this.world.dmChannelWith(authorId) : this.#liveChannelOrThrow(idOf(input.channel ?? this.channels.general));
    const guildId = channel.guildId;
    if (guildId && !this.world.guild(guildId).members.has(authorId)) {
      throw new Error(`fake-discord: user ${authorId} is not a member of guild ${guildId}`);
    }
    const replyTo = input.replyTo ? this.#messages.get(idOf(input.replyTo)) : undefined;
    if (input.replyTo && !replyTo) throw new Error(`fake-discord: unknown message ${idOf(input.replyTo)}`);
    const extra = (input.mentions ?? []).map(idOf);
    return this.#createMessage({
      channel,
      authorId,
      source: 'user',
      body: { content: input.content, embeds: input.embeds ?? [] },
      extraMentions: extra,
      replyTo,
    });
  }

  /** A user starts a thread (from a message, or standalone) — THREAD_CREATE without the bot as member. */
  createThread(input: { name: string; channel?: Ref; message?: Ref; user?: Ref; private?: boolean }): SeedChannel {
    const ownerId = idOf(input.user ?? this.users.member);
    const message = input.message ? this.#messages.get(idOf(input.message)) : undefined;
    const parent = this.#liveChannelOrThrow(message?.channelId ?? idOf(input.channel ?? this.channels.general));
    const thread = this.#makeThread(parent, input.name, ownerId, message, input.private ? ChannelType.PrivateThread : undefined, 1440);
    return { id: thread.id, name: input.name };
  }

  // ---------------------------------------------------------------- interaction plumbing

  #target(input: { user?: Ref; channel?: Ref; dm?: boolean; locale?: string }): {
    user: WorldUser;
    channel: WorldChannel;
    locale: string;
  } {
    const user = this.world.user(idOf(input.user ?? this.users.member));
    const channel = input.dm ? this.world.dmChannelWith(user.id) : this.#liveChannelOrThrow(idOf(input.channel ?? this.channels.general));
    if (channel.guildId && !this.world.guild(channel.guildId).members.has(user.id)) {
      throw new Error(`fake-discord: user ${user.id} is not a member of guild ${channel.guildId}`);
    }
    return { user, channel, locale: input.locale ?? user.locale };
  }

  #liveChannelOrThrow(id: Snowflake): WorldChannel {
    const channel = this.world.liveChannel(id);
    if (!channel) throw new Error(`fake-discord: unknown or deleted channel ${id}`);
    return channel;
  }

  #interactionOrThrow(id: Snowflake): InteractionRecord {
    const record = this.interactions.get(id);
    if (!record) throw new Error(`fake-discord: unknown interaction ${id}`);
    return record;
  }

  #payloadUserId(payload: ApiInteraction): Snowflake {
    const member = payload.member as { user?: { id: Snowflake } } | undefined;
    const user = payload.user as { id: Snowflake } | undefined;
    return member?.user?.id ?? user?.id ?? this.users.member.id;
  }

  #basePayload(
    type: number,
    target: { user: WorldUser; channel: WorldChannel; locale: string },
    data: Record<string, unknown>,
  ): ApiInteraction {
    const { user, channel, locale } = target;
    const id = this.#ids.next();
    const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(24).toString('base64url')}`;
    const base: ApiInteraction = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      data,
      locale,
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
      channel_id: channel.id,
      channel: this.world.apiChannel(channel.id),
      app_permissions: this.world.permissionsIn(channel.id, this.bot.id).toString(),
    };
    if (channel.guildId) {
      const guild = this.world.guild(channel.guildId);
      return {
        ...base,
        guild_id: guild.id,
        guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
        guild_locale: guild.preferredLocale,
        member: {
          ...this.world.apiMember(guild.id, user.id),
          permissions: this.world.permissionsIn(channel.id, user.id).toString(),
        },
        authorizing_integration_owners: { '0': guild.id },
        context: 0,
      };
    }
    return {
      ...base,
      user: this.world.apiUser(user.id),
      authorizing_integration_owners: { '0': '0' },
      context: 1,
    };
  }

  #resolved(
    referenced: { users: string[]; channels: string[]; roles: string[] },
    channel: WorldChannel,
  ): Record<string, unknown> {
    const users: Record<string, unknown> = {};
    const members: Record<string, unknown> = {};
    const channels: Record<string, unknown> = {};
    const roles: Record<string, unknown> = {};
    const guild = channel.guildId ? this.world.guild(channel.guildId) : undefined;
    for (const id of referenced.users) {
      const role = guild?.roles.get(id);
      if (role) {
        roles[id] = this.world.apiRole(role);
        continue;
      }
      if (!this.world.users.has(id)) continue;
      users[id] = this.world.apiUser(id);
      if (guild?.members.has(id)) {
        members[id] = { ...this.world.apiMember(guild.id, id, false), permissions: this.world.permissionsIn(channel.id, id).toString() };
      }
    }
    for (const id of referenced.channels) {
      const c = this.world.liveChannel(id);
      if (c) channels[id] = { ...this.world.apiChannel(id), permissions: this.world.permissionsIn(id, this.bot.id).toString() };
    }
    for (const id of referenced.roles) {
      const role = guild?.roles.get(id);
      if (role) roles[id] = this.world.apiRole(role);
    }
    const resolved: Record<string, unknown> = {};
    if (Object.keys(users).length) resolved.users = users;
    if (Object.keys(members).length) resolved.members = members;
    if (Object.keys(channels).length) resolved.channels = channels;
    if (Object.keys(roles).length) resolved.roles = roles;
    return Object.keys(resolved).length ? { resolved } : {};
  }

  #componentInteraction(input: ButtonInput, componentType: number | undefined, values: string[] | undefined): InteractionHandle {
    const message = this.#messages.get(idOf(input.message));
    if (!message || message.deleted) throw new Error(`fake-discord: unknown or deleted message ${idOf(input.message)}`);
    const component = findComponent(message.components, input.customId);
    if (!component) {
      throw new Error(`fake-discord: message ${message.id} has no component with custom_id "${input.customId}"`);
    }
    if (component.disabled === true) throw new Error(`fake-discord: component "${input.customId}" is disabled`);
    const type = componentType ?? component.type;
    if (component.type !== type) {
      throw new Error(`fake-discord: component "${input.customId}" has type ${component.type}, not ${type}`);
    }
    const target = this.#target({ user: input.user, channel: message.channelId, locale: input.locale });
    const payload = this.#basePayload(3, target, {
      custom_id: input.customId,
      component_type: component.type,
      ...(values ? { values } : {}),
    });
    payload.message = structuredClone(message.raw);
    return this.#dispatchInteraction(payload, 'component', input.responseWindowMs, message.id);
  }

  #dispatchInteraction(
    payload: ApiInteraction,
    kind: InteractionKind,
    responseWindowMs: number | undefined,
    sourceMessageId: Snowflake | null,
  ): InteractionHandle {
    if (![...this.gateway.sessions.values()].some((s) => !s.invalid)) {
      throw new Error('fake-discord: no gateway session; log the client in (and wait for clientReady) first');
    }
    const record: InteractionRecord = {
      id: payload.id,
      token: payload.token,
      kind,
      payload,
      createdAt: this.clock.now(),
      responseWindowMs: responseWindowMs ?? this.#options.interactionResponseWindowMs,
      callbacks: [],
      response: null,
      originalMessageId: null,
      followUpIds: [],
      modal: null,
      sourceMessageId,
    };
    this.interactions.set(record.id, record);
    this.#tokens.set(record.token, record.id);
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    this.#changed();
    return {
      id: record.id,
      token: record.token,
      payload,
      record,
      response: (timeoutMs?: number) => this.waitForInteractionResponse(record.id, timeoutMs),
      reply: () => this.originalResponse(record.id),
      waitForReply: (predicate?: (m: StoredMessage) => boolean, timeoutMs?: number) =>
        this.waitForOriginalResponse(record.id, predicate, timeoutMs),
      followUps: () =>
        record.followUpIds.map((id) => this.#messages.get(id)).filter((m): m is StoredMessage => m !== undefined),
    };
  }

  #findCommand(name: string, guildId: Snowflake | null, type: number): ApiCommand | undefined {
    const inGuild = guildId ? [...(this.#guildCommands.get(guildId)?.values() ?? [])] : [];
    return [...inGuild, ...this.#globalCommands.values()].find((c) => c.name === name && c.type === type);
  }

  #unregisteredCommandId(name: string): Snowflake {
    let id = this.#unregisteredCommandIds.get(name);
    if (!id) {
      id = this.#ids.next();
      this.#unregisteredCommandIds.set(name, id);
    }
    return id;
  }

  #readyPayload(session: GatewaySession, resumeUrl: string): Record<string, unknown> {
    return {
      v: 10,
      user: { ...this.world.apiUser(this.bot.id), verified: true, mfa_enabled: false, email: null },
      guilds: [...this.world.guilds.keys()].map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: resumeUrl,
      shard: [0, 1],
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      _trace: ['["fake-discord",{"micros":0}]'],
    };
  }

  #guildMembersChunk(request: Record<string, unknown>): Record<string, unknown> | null {
    const guildId = String(request.guild_id ?? '');
    const guild = this.world.guilds.get(guildId);
    if (!guild) return null;
    const query = typeof request.query === 'string' ? request.query.toLowerCase() : '';
    const userIds = Array.isArray(request.user_ids) ? request.user_ids.map(String) : null;
    const limit = typeof request.limit === 'number' && request.limit > 0 ? request.limit : Infinity;
    const ids = [...guild.members.keys()]
      .filter((id) => (userIds ? userIds.includes(id) : this.world.user(id).username.toLowerCase().startsWith(query)))
      .slice(0, limit);
    return {
      guild_id: guildId,
      members: ids.map((id) => this.world.apiMember(guildId, id)),
      chunk_index: 0,
      chunk_count: 1,
      not_found: userIds ? userIds.filter((id) => !guild.members.has(id)) : [],
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    };
  }

  // ================================================================ message store

  #createMessage(init: {
    channel: WorldChannel;
    authorId: Snowflake;
    source: MessageSource;
    body: Record<string, unknown>;
    interaction?: InteractionRecord;
    files?: FileRecord[];
    flags?: number;
    type?: number;
    loading?: boolean;
    extraMentions?: Snowflake[];
    replyTo?: StoredMessage;
  }): StoredMessage {
    const { channel, body } = init;
    const id = this.#ids.next();
    const now = Date.now();
    const guildId = channel.guildId;
    const fromBot = init.source !== 'user';
    const content = typeof body.content === 'string' ? body.content : '';
    const flags = init.flags ?? 0;
    const raw: ApiMessage = {
      id,
      channel_id: channel.id,
      ...(guildId ? { guild_id: guildId } : {}),
      author: this.world.apiUser(init.authorId),
      content,
      timestamp: iso(now),
      edited_timestamp: null,
      tts: body.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: this.#attachments(channel.id, init.files ?? []),
      embeds: this.#embeds(body.embeds),
      components: Array.isArray(body.components) ? (body.components as ApiComponent[]) : [],
      pinned: false,
      type: init.type ?? (init.replyTo ? 19 : 0),
      flags,
    };
    if (body.nonce !== undefined) raw.nonce = body.nonce;
    if (channel.thread) raw.position = channel.thread.totalMessageSent;
    if (init.replyTo) {
      raw.message_reference = {
        type: 0,
        message_id: init.replyTo.id,
        channel_id: init.replyTo.channelId,
        ...(init.replyTo.guildId ? { guild_id: init.replyTo.guildId } : {}),
      };
      raw.referenced_message = structuredClone(init.replyTo.raw);
    }
    if (init.interaction) {
      const record = init.interaction;
      raw.webhook_id = this.applicationId;
      raw.application_id = this.applicationId;
      const user = this.world.apiUser(this.#payloadUserId(record.payload));
      const data = isRecord(record.payload.data) ? record.payload.data : {};
      raw.interaction_metadata = {
        id: record.id,
        type: record.payload.type,
        user,
        authorizing_integration_owners: record.payload.authorizing_integration_owners,
        ...(record.kind === 'command' ? { name: data.name, command_type: data.type } : {}),
        ...(record.originalMessageId && init.source === 'follow-up' ? { original_response_message_id: record.originalMessageId } : {}),
        ...(record.sourceMessageId ? { interacted_message_id: record.sourceMessageId } : {}),
      };
      if (record.kind === 'command') {
        raw.interaction = { id: record.id, type: record.payload.type, name: data.name, user };
      }
    }
    this.#applyMentions(raw, body, fromBot, init.extraMentions ?? []);
    if (!fromBot && guildId) raw.member = this.world.apiMember(guildId, init.authorId, false);

    const stored: StoredMessage = {
      id,
      channelId: channel.id,
      guildId,
      source: init.source,
      interactionId: init.interaction?.id ?? null,
      authorId: init.authorId,
      content: raw.content,
      embeds: raw.embeds,
      components: raw.components,
      attachments: raw.attachments,
      flags,
      ephemeral: (flags & MessageFlagBits.Ephemeral) !== 0,
      loading: init.loading ?? false,
      deleted: false,
      edits: 0,
      mentionsDisabled: fromBot ? allowsNoMentions(body.allowed_mentions) : false,
      createdAt: now,
      updatedAt: now,
      raw,
      history: [],
    };
    this.#messages.set(id, stored);
    if (!stored.ephemeral) {
      channel.lastMessageId = id;
      if (channel.thread) {
        channel.thread.messageCount += 1;
        channel.thread.totalMessageSent += 1;
      }
    }
    if (!stored.ephemeral && (!fromBot || this.#options.echoBotMessages)) {
      this.#dispatchMessage('MESSAGE_CREATE', stored);
    }
    this.#changed();
    return stored;
  }

  #editMessage(stored: StoredMessage, body: Record<string, unknown>, files: FileRecord[] = []): StoredMessage {
    const raw = stored.raw;
    stored.history.push(structuredClone(raw));
    if ('content' in body) raw.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body) raw.embeds = this.#embeds(body.embeds);
    if ('components' in body) raw.components = Array.isArray(body.components) ? (body.components as ApiComponent[]) : [];
    if ('attachments' in body || files.length > 0) {
      const keep = Array.isArray(body.attachments)
        ? new Set((body.attachments as { id?: unknown }[]).map((a) => String(a.id)))
        : null;
      const kept = keep ? raw.attachments.filter((a) => keep.has(a.id)) : raw.attachments;
      raw.attachments = [...kept, ...this.#attachments(raw.channel_id, files)];
    }
    if (typeof body.flags === 'number') {
      const suppress = body.flags & MessageFlagBits.SuppressEmbeds;
      raw.flags = (raw.flags & ~MessageFlagBits.SuppressEmbeds) | suppress;
    }
    if (stored.loading) {
      raw.flags &= ~MessageFlagBits.Loading;
      stored.loading = false;
    } else {
      raw.edited_timestamp = iso();
    }
    this.#applyMentions(raw, { ...body, content: raw.content }, true, []);
    stored.content = raw.content;
    stored.embeds = raw.embeds;
    stored.components = raw.components;
    stored.attachments = raw.attachments;
    stored.flags = raw.flags;
    stored.edits += 1;
    stored.updatedAt = Date.now();
    if ('allowed_mentions' in body || 'content' in body) stored.mentionsDisabled = allowsNoMentions(body.allowed_mentions);
    if (!stored.ephemeral && this.#options.echoBotMessages) this.#dispatchMessage('MESSAGE_UPDATE', stored);
    this.#changed();
    return stored;
  }

  #deleteMessage(stored: StoredMessage): void {
    stored.deleted = true;
    stored.updatedAt = Date.now();
    if (!stored.ephemeral && (stored.source === 'user' || this.#options.echoBotMessages)) {
      const channel = this.world.channel(stored.channelId);
      this.gateway.dispatch(
        'MESSAGE_DELETE',
        { id: stored.id, channel_id: stored.channelId, ...(stored.guildId ? { guild_id: stored.guildId } : {}) },
        { intent: channel.guildId ? Intent.GuildMessages : Intent.DirectMessages },
      );
    }
    this.#changed();
  }

  #dispatchMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', stored: StoredMessage): void {
    const channel = this.world.channel(stored.channelId);
    const d: Record<string, unknown> = { ...structuredClone(stored.raw) };
    if (!channel.guildId) d.channel_type = channel.type;
    const botId = this.bot.id;
    this.gateway.dispatch(t, d, {
      intent: channel.guildId ? Intent.GuildMessages : Intent.DirectMessages,
      // Without MESSAGE_CONTENT Discord blanks content, embeds, attachments and components,
      // except in DMs, in the app's own messages and in messages that mention the app.
      transform: (data, session) => {
        if ((session.intents & Intent.MessageContent) !== 0) return data;
        const mentions = (data.mentions as { id: string }[] | undefined) ?? [];
        if (!channel.guildId || stored.authorId === botId || mentions.some((m) => m.id === botId)) return data;
        return { ...data, content: '', embeds: [], attachments: [], components: [] };
      },
    });
  }

  #applyMentions(raw: ApiMessage, body: Record<string, unknown>, fromBot: boolean, extra: Snowflake[]): void {
    const content = raw.content;
    let userIds: Snowflake[];
    let roleIds: Snowflake[];
    let everyone: boolean;
    if (fromBot) {
      const pings = computePings(body, raw.message_reference !== undefined);
      userIds = pings.users;
      roleIds = pings.roles;
      everyone = pings.everyone;
    } else {
      userIds = [...new Set([...mentionedUserIds(content), ...extra])];
      roleIds = mentionedRoleIds(content);
      everyone = mentionsEveryone(content);
    }
    const guildId = raw.guild_id;
    raw.mentions = userIds
      .filter((id) => this.world.users.has(id))
      .map((id) => ({
        ...this.world.apiUser(id),
        ...(guildId && this.world.guild(guildId).members.has(id) ? { member: this.world.apiMember(guildId, id, false) } : {}),
      }));
    raw.mention_roles = roleIds;
    raw.mention_everyone = everyone;
  }

  #embeds(value: unknown): ApiEmbed[] {
    return Array.isArray(value) ? (value as ApiEmbed[]).map((e) => ({ type: 'rich', ...e })) : [];
  }

  #attachments(channelId: Snowflake, files: FileRecord[]): ApiAttachment[] {
    return files.map((file) => {
      const id = this.#ids.next();
      const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
      return { id, filename: file.filename, size: file.size, url, proxy_url: url, content_type: file.contentType };
    });
  }

  #recordOutgoing(init: {
    kind: 'create' | 'edit';
    route: string;
    body: unknown;
    accepted: boolean;
    message?: StoredMessage;
    channelId?: Snowflake | null;
    interactionId?: Snowflake | null;
  }): void {
    const body = isRecord(init.body) ? init.body : {};
    this.outgoing.push({
      kind: init.kind,
      route: init.route,
      messageId: init.message?.id ?? null,
      channelId: init.message?.channelId ?? init.channelId ?? null,
      interactionId: init.interactionId ?? init.message?.interactionId ?? null,
      body,
      accepted: init.accepted,
      mentionsDisabled: allowsNoMentions(body.allowed_mentions),
      pings: computePings(body, init.kind === 'create' && isRecord(body.message_reference)),
      time: Date.now(),
    });
  }

  /**
   * Validates an outgoing message payload and records it (accepted or not).
   * For edits pass the message, so emptiness is judged on the merged result.
   */
  #checkMessagePayload(
    ctx: RouteContext,
    body: Record<string, unknown>,
    prefix: readonly (string | number)[],
    meta: { kind: 'create' | 'edit'; existing?: StoredMessage; channelId?: Snowflake | null; interactionId?: Snowflake | null },
  ): void {
    try {
      const errs = new FormErrors();
      validateMessageFields(body, errs, prefix);
      errs.throwIfAny();
      const existing = meta.existing?.raw;
      const merged = {
        content: 'content' in body ? body.content : existing?.content,
        embeds: 'embeds' in body ? body.embeds : existing?.embeds,
        components: 'components' in body ? body.components : existing?.components,
        attachments: [
          ...('attachments' in body ? (Array.isArray(body.attachments) ? body.attachments : []) : (existing?.attachments ?? [])),
          ...ctx.files,
        ],
        sticker_ids: body.sticker_ids,
        poll: body.poll,
      };
      if (isEmptyMessage(merged)) throw apiError.emptyMessage();
    } catch (error) {
      this.#recordOutgoing({ ...meta, route: ctx.record.route ?? ctx.path, body, accepted: false, message: meta.existing });
      throw error;
    }
  }

  // ================================================================ HTTP

  async #handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const prefix = '/api/v10';
    const path = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : url.pathname;
    const record: RestRequestRecord = {
      seq: (this.#requestSeq += 1),
      method,
      path,
      route: null,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      files: [],
      authorized: req.headers.authorization === `Bot ${this.token}`,
      time: Date.now(),
      status: 0,
      response: undefined,
      injected: false,
    };
    this.requests.push(record);
    let result: RouteResult;
    try {
      const parsed = await readBody(req);
      record.body = parsed.body;
      record.files = parsed.files;
      const match = url.pathname.startsWith(`${prefix}/`) ? this.#router.match(method, path) : { route: null, pathKnown: false };
      if (match.route) record.route = match.route.pattern;
      const failure = this.#takeFailure(record);
      if (failure) {
        record.injected = true;
        result = failure;
      } else if (!match.route) {
        if (this.#options.warnOnUnknownRoutes) console.warn(`[fake-discord] unknown route: ${method} ${url.pathname}`);
        throw 'pathKnown' in match && match.pathKnown ? apiError.methodNotAllowed() : apiError.notFound();
      } else {
        if (match.route.auth && !record.authorized) throw apiError.unauthorized();
        result = await match.route.handler({
          method,
          path,
          params: match.params,
          query: url.searchParams,
          body: parsed.body,
          files: parsed.files,
          authorized: record.authorized,
          record,
        });
      }
    } catch (error) {
      if (error instanceof ApiError) {
        result = { status: error.status, body: error.body, headers: error.headers };
      } else {
        console.error('[fake-discord] handler crashed:', error);
        result = { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
      }
    }
    record.status = result.status;
    record.response = result.body;
    const headers: Record<string, string> = { ...result.headers };
    if (result.body !== undefined && result.status !== 204) {
      headers['Content-Type'] = 'application/json';
      res.writeHead(result.status, headers);
      res.end(JSON.stringify(result.body));
    } else {
      res.writeHead(result.status, headers);
      res.end();
    }
    this.#changed();
  }

  #takeFailure(record: RestRequestRecord): RouteResult | null {
    const index = this.#failures.findIndex((f) => f.remaining > 0 && requestMatches(f.matcher, record));
    if (index === -1) return null;
    const failure = this.#failures[index] as PendingFailure;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.#failures.splice(index, 1);
    const status = failure.options.status ?? 429;
    if (status === 429) {
      const retryAfter = failure.options.retryAfter ?? 0.2;
      const global = failure.options.global ?? false;
      return {
        status,
        headers: {
          'Retry-After': String(retryAfter),
          'X-RateLimit-Scope': global ? 'global' : 'user',
          ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
        },
        body: { message: failure.options.message ?? 'You are being rate limited.', retry_after: retryAfter, global },
      };
    }
    return {
      status,
      body: { message: failure.options.message ?? `${status}: injected failure`, code: failure.options.code ?? 0 },
    };
  }

  // ================================================================ routes

  #registerRoutes(): void {
    const r = this.#router;
    const noAuth = { auth: false };
    const ok = (body: unknown, status = 200): RouteResult => ({ status, body });
    const noContent = (): RouteResult => ({ status: 204 });

    // ---- gateway, users, applications
    r.add('GET', '/gateway', () => ok({ url: this.gateway.url }), noAuth);
    r.add('GET', '/gateway/bot', () =>
      ok({
        url: this.gateway.url,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      }),
    );
    r.add('GET', '/users/@me', () => ok({ ...this.world.apiUser(this.bot.id), verified: true, mfa_enabled: false }));
    r.add('GET', '/users/@me/guilds', () =>
      ok(
        [...this.world.guilds.values()].map((g) => ({
          id: g.id,
          name: g.name,
          icon: null,
          banner: null,
          owner: false,
          permissions: this.world.basePermissions(g.id, this.bot.id).toString(),
          features: [],
        })),
      ),
    );
    r.add('GET', '/users/:userId', (ctx) => {
      const id = ctx.params.userId as string;
      if (!this.world.users.has(id)) throw apiError.unknownUser();
      return ok(this.world.apiUser(id));
    });
    r.add('POST', '/users/@me/channels', (ctx) => {
      const recipient = isRecord(ctx.body) ? String(ctx.body.recipient_id ?? '') : '';
      if (!this.world.users.has(recipient) || recipient === this.bot.id) {
        const errs = new FormErrors();
        errs.add(['recipient_id'], 'BASE_TYPE_REQUIRED', 'Unknown user');
        errs.throwIfAny();
      }
      return ok(this.world.apiChannel(this.world.dmChannelWith(recipient).id));
    });
    const application = (): RouteResult =>
      ok({
        id: this.applicationId,
        name: this.bot.username,
        icon: null,
        description: 'Fake application',
        summary: '',
        type: null,
        bot_public: false,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: 0,
        owner: this.world.apiUser(this.users.admin.id),
        team: null,
        bot: this.world.apiUser(this.bot.id),
        approximate_guild_count: this.world.guilds.size,
        integration_types_config: { '0': {} },
      });
    r.add('GET', '/applications/@me', application);
    r.add('GET', '/oauth2/applications/@me', application);

    // ---- application commands
    for (const scope of ['global', 'guild'] as const) {
      const base = scope === 'global' ? '/applications/:applicationId/commands' : '/applications/:applicationId/guilds/:guildId/commands';
      r.add('GET', base, (ctx) => ok([...this.#commandStore(ctx).values()]));
      r.add('PUT', base, (ctx) => ok(this.#bulkOverwriteCommands(ctx)));
      r.add('POST', base, (ctx) => this.#createCommand(ctx));
      r.add('GET', `${base}/:commandId`, (ctx) => ok(this.#commandOr404(ctx)));
      r.add('PATCH', `${base}/:commandId`, (ctx) => ok(this.#editCommand(ctx)));
      r.add('DELETE', `${base}/:commandId`, (ctx) => {
        const command = this.#commandOr404(ctx);
        this.#commandStore(ctx).delete(command.id);
        return noContent();
      });
    }

    // ---- guilds
    r.add('GET', '/guilds/:guildId', (ctx) => {
      const guild = this.world.guildCreatePayload(this.#guildOr404(ctx).id, false);
      // GET /guilds/:id has no gateway-only fields (members, channels, threads, presences…).
      const gatewayOnly = new Set(['members', 'channels', 'threads', 'presences', 'voice_states', 'stage_instances',
        'guild_scheduled_events', 'soundboard_sounds', 'joined_at', 'large', 'member_count', 'unavailable', 'lazy']);
      const body = Object.fromEntries(Object.entries(guild).filter(([key]) => !gatewayOnly.has(key)));
      if (ctx.query.get('with_counts') === 'true') {
        body.approximate_member_count = guild.member_count;
        body.approximate_presence_count = 0;
      }
      return ok(body);
    });
    r.add('GET', '/guilds/:guildId/channels', (ctx) =>
      ok(this.#guildOr404(ctx).channelIds.filter((id) => !this.world.channel(id).deleted).map((id) => this.world.apiChannel(id))),
    );
    r.add('GET', '/guilds/:guildId/roles', (ctx) => ok([...this.#guildOr404(ctx).roles.values()].map((role) => this.world.apiRole(role))));
    r.add('GET', '/guilds/:guildId/members', (ctx) => {
      const guild = this.#guildOr404(ctx);
      const limit = Math.min(Number(ctx.query.get('limit') ?? 1), 1000);
      return ok([...guild.members.keys()].slice(0, limit).map((id) => this.world.apiMember(guild.id, id)));
    });
    r.add('GET', '/guilds/:guildId/members/:userId', (ctx) => {
      const guild = this.#guildOr404(ctx);
      const id = ctx.params.userId === '@me' ? this.bot.id : (ctx.params.userId as string);
      if (!guild.members.has(id)) throw apiError.unknownMember();
      return ok(this.world.apiMember(guild.id, id));
    });
    r.add('GET', '/guilds/:guildId/threads/active', (ctx) => {
      const guild = this.#guildOr404(ctx);
      return ok({ threads: this.world.threadsOf(guild.id).map((t) => this.world.apiChannel(t.id)), members: [] });
    });

    // ---- channels
    r.add('GET', '/channels/:channelId', (ctx) => {
      const channel = this.#channelOr404(ctx);
      this.#requirePermission(channel, Permission.ViewChannel);
      return ok(this.world.apiChannel(channel.id));
    });
    r.add('PATCH', '/channels/:channelId', (ctx) => ok(this.#editChannel(ctx)));
    r.add('DELETE', '/channels/:channelId', (ctx) => {
      const channel = this.#channelOr404(ctx);
      const own = channel.thread?.ownerId === this.bot.id;
      if (!own) this.#requirePermission(channel, channel.thread ? Permission.ManageThreads : Permission.ManageChannels);
      const body = this.world.apiChannel(channel.id);
      this.deleteChannel(channel.id);
      return ok(body);
    });
    r.add('POST', '/channels/:channelId/typing', (ctx) => {
      const channel = this.#channelOr404(ctx);
      this.#requirePermission(channel, this.#sendPermission(channel));
      return noContent();
    });
    r.add('GET', '/channels/:channelId/messages', (ctx) => ok(this.#listMessages(ctx)));
    r.add('POST', '/channels/:channelId/messages', (ctx) => ok(this.#postChannelMessage(ctx)));
    r.add('GET', '/channels/:channelId/messages/:messageId', (ctx) => {
      const channel = this.#channelOr404(ctx);
      this.#requirePermission(channel, Permission.ViewChannel | Permission.ReadMessageHistory);
      return ok(this.#channelMessageOr404(ctx, channel).raw);
    });
    r.add('PATCH', '/channels/:channelId/messages/:messageId', (ctx) => ok(this.#editChannelMessage(ctx)));
    r.add('DELETE', '/channels/:channelId/messages/:messageId', (ctx) => {
      const channel = this.#channelOr404(ctx);
      const message = this.#channelMessageOr404(ctx, channel);
      if (message.authorId !== this.bot.id) this.#requirePermission(channel, Permission.ManageMessages);
      this.#deleteMessage(message);
      return noContent();
    });
    r.add('PUT', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', (ctx) => {
      const channel = this.#channelOr404(ctx);
      this.#requirePermission(channel, Permission.AddReactions | Permission.ReadMessageHistory);
      const message = this.#channelMessageOr404(ctx, channel);
      const emoji = ctx.params.emoji as string;
      const reactions = (message.raw.reactions as { emoji: { name: string; id: null }; count: number; me: boolean }[] | undefined) ?? [];
      const existing = reactions.find((reaction) => reaction.emoji.name === emoji);
      if (existing && !existing.me) {
        existing.count += 1;
        existing.me = true;
      } else if (!existing) {
        reactions.push({ emoji: { name: emoji, id: null }, count: 1, me: true });
      }
      message.raw.reactions = reactions;
      this.#changed();
      return noContent();
    });
    r.add('DELETE', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', (ctx) => {
      const channel = this.#channelOr404(ctx);
      const message = this.#channelMessageOr404(ctx, channel);
      const reactions = (message.raw.reactions as { emoji: { name: string }; count: number; me: boolean }[] | undefined) ?? [];
      message.raw.reactions = reactions
        .map((reaction) =>
          reaction.emoji.name === ctx.params.emoji && reaction.me ? { ...reaction, count: reaction.count - 1, me: false } : reaction,
        )
        .filter((reaction) => reaction.count > 0);
      this.#changed();
      return noContent();
    });
    r.add('POST', '/channels/:channelId/messages/:messageId/threads', (ctx) => ok(this.#startThreadFromMessage(ctx), 201));
    r.add('POST', '/channels/:channelId/threads', (ctx) => ok(this.#startThread(ctx), 201));
    r.add('PUT', '/channels/:channelId/thread-members/@me', (ctx) => {
      const channel = this.#channelOr404(ctx);
      if (!channel.thread) throw new ApiError(400, { message: 'Cannot execute action on this channel type', code: 50024 });
      channel.thread.memberIds.add(this.bot.id);
      return noContent();
    });
    r.add('DELETE', '/channels/:channelId/thread-members/@me', (ctx) => {
      const channel = this.#channelOr404(ctx);
      channel.thread?.memberIds.delete(this.bot.id);
      return noContent();
    });

    // ---- interactions & their webhooks (no bot auth: the token is the credential)
    r.add('POST', '/interactions/:interactionId/:token/callback', (ctx) => this.#interactionCallback(ctx), noAuth);
    r.add('POST', '/webhooks/:applicationId/:token', (ctx) => this.#followUp(ctx), noAuth);
    r.add('GET', '/webhooks/:applicationId/:token/messages/:messageId', (ctx) => {
      const record = this.#webhookInteraction(ctx);
      return ok(this.#webhookMessage(record, ctx.params.messageId as string).raw);
    }, noAuth);
    r.add('PATCH', '/webhooks/:applicationId/:token/messages/:messageId', (ctx) => ok(this.#editWebhookMessage(ctx)), noAuth);
    r.add('DELETE', '/webhooks/:applicationId/:token/messages/:messageId', (ctx) => {
      const record = this.#webhookInteraction(ctx);
      this.#deleteMessage(this.#webhookMessage(record, ctx.params.messageId as string));
      return noContent();
    }, noAuth);
  }

  // ---------------------------------------------------------------- route helpers

  #guildOr404(ctx: RouteContext): ReturnType<World['guild']> {
    const guild = this.world.guilds.get(ctx.params.guildId as string);
    if (!guild) throw apiError.unknownGuild();
    return guild;
  }

  #channelOr404(ctx: RouteContext): WorldChannel {
    const channel = this.world.liveChannel(ctx.params.channelId as string);
    if (!channel) throw apiError.unknownChannel();
    return channel;
  }

  #channelMessageOr404(ctx: RouteContext, channel: WorldChannel): StoredMessage {
    const message = this.#messages.get(ctx.params.messageId as string);
    if (!message || message.deleted || message.channelId !== channel.id || message.ephemeral) throw apiError.unknownMessage();
    return message;
  }

  #sendPermission(channel: WorldChannel): bigint {
    return channel.thread ? Permission.SendMessagesInThreads : Permission.SendMessages;
  }

  /** 403 50001 without View Channel, 403 50013 without the other bits (or when refused for DMs/threads). */
  #requirePermission(channel: WorldChannel, needed: bigint): void {
    const refusedSet =
      needed & (Permission.SendMessages | Permission.SendMessagesInThreads)
        ? this.#refusedMessages
        : needed & (Permission.CreatePublicThreads | Permission.CreatePrivateThreads)
          ? this.#refusedThreads
          : null;
    if (refusedSet?.has(channel.id)) throw apiError.missingPermissions();
    if (!channel.guildId) return;
    const perms = this.world.permissionsIn(channel.id, this.bot.id);
    if ((perms & Permission.ViewChannel) === 0n) throw apiError.missingAccess();
    if ((perms & needed) !== needed) throw apiError.missingPermissions();
  }

  #listMessages(ctx: RouteContext): ApiMessage[] {
    const channel = this.#channelOr404(ctx);
    this.#requirePermission(channel, Permission.ViewChannel | Permission.ReadMessageHistory);
    const limit = Math.max(1, Math.min(Number(ctx.query.get('limit') ?? 50), 100));
    const before = ctx.query.get('before');
    const after = ctx.query.get('after');
    const around = ctx.query.get('around');
    const all = this.messagesIn(channel.id).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? 1 : -1)); // newest first
    let picked: StoredMessage[];
    if (before) picked = all.filter((m) => BigInt(m.id) < BigInt(before)).slice(0, limit);
    else if (after) picked = all.filter((m) => BigInt(m.id) > BigInt(after)).slice(-limit);
    else if (around) {
      const index = Math.max(0, all.findIndex((m) => BigInt(m.id) <= BigInt(around)));
      const start = Math.max(0, index - Math.floor(limit / 2));
      picked = all.slice(start, start + limit);
    } else picked = all.slice(0, limit);
    return picked.map((m) => m.raw);
  }

  #postChannelMessage(ctx: RouteContext): ApiMessage {
    const channel = this.#channelOr404(ctx);
    this.#requirePermission(channel, this.#sendPermission(channel));
    const body = isRecord(ctx.body) ? ctx.body : {};
    this.#checkMessagePayload(ctx, body, [], { kind: 'create', channelId: channel.id });
    let replyTo: StoredMessage | undefined;
    if (isRecord(body.message_reference) && body.message_reference.message_id !== undefined) {
      replyTo = this.#messages.get(String(body.message_reference.message_id));
      if ((!replyTo || replyTo.deleted) && body.message_reference.fail_if_not_exists !== false) {
        const errs = new FormErrors();
        errs.add(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
        this.#recordOutgoing({ kind: 'create', route: ctx.record.route ?? ctx.path, body, accepted: false, channelId: channel.id });
        errs.throwIfAny();
      }
    }
    const message = this.#createMessage({
      channel,
      authorId: this.bot.id,
      source: 'channel',
      body,
      files: ctx.files,
      flags: messageFlags(body.flags, false),
      replyTo: replyTo && !replyTo.deleted ? replyTo : undefined,
    });
    this.#recordOutgoing({ kind: 'create', route: ctx.record.route ?? ctx.path, body, accepted: true, message });
    return message.raw;
  }

  #editChannelMessage(ctx: RouteContext): ApiMessage {
    const channel = this.#channelOr404(ctx);
    const message = this.#channelMessageOr404(ctx, channel);
    const body = isRecord(ctx.body) ? ctx.body : {};
    if (message.authorId !== this.bot.id && ('content' in body || 'embeds' in body || 'components' in body)) {
      throw new ApiError(403, { message: 'Cannot edit a message authored by another user', code: 50005 });
    }
    this.#checkMessagePayload(ctx, body, [], { kind: 'edit', existing: message });
    this.#editMessage(message, body, ctx.files);
    this.#recordOutgoing({ kind: 'edit', route: ctx.record.route ?? ctx.path, body, accepted: true, message });
    return message.raw;
  }

  #editChannel(ctx: RouteContext): ApiChannel {
    const channel = this.#channelOr404(ctx);
    const body = isRecord(ctx.body) ? ctx.body : {};
    const own = channel.thread?.ownerId === this.bot.id;
    if (!own) this.#requirePermission(channel, channel.thread ? Permission.ManageThreads : Permission.ManageChannels);
    const errs = new FormErrors();
    if ('name' in body) {
      if (typeof body.name !== 'string' || body.name.length < 1 || [...body.name].length > 100) {
        errs.add(['name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      }
    }
    errs.throwIfAny();
    if (typeof body.name === 'string') channel.name = body.name;
    if ('topic' in body && !channel.thread) channel.topic = typeof body.topic === 'string' ? body.topic : null;
    if (channel.thread) {
      if (typeof body.archived === 'boolean') channel.thread.archived = body.archived;
      if (typeof body.locked === 'boolean') channel.thread.locked = body.locked;
      if (typeof body.auto_archive_duration === 'number') channel.thread.autoArchiveDuration = body.auto_archive_duration;
    }
    const api = this.world.apiChannel(channel.id);
    if (channel.guildId) this.gateway.dispatch(channel.thread ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE', api, { intent: Intent.Guilds });
    this.#changed();
    return api;
  }

  #startThreadFromMessage(ctx: RouteContext): ApiChannel {
    const channel = this.#channelOr404(ctx);
    if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
      throw new ApiError(400, { message: 'Cannot execute action on this channel type', code: 50024 });
    }
    this.#requirePermission(channel, Permission.CreatePublicThreads);
    const message = this.#channelMessageOr404(ctx, channel);
    if (message.raw.thread !== undefined) throw apiError.threadAlreadyCreated();
    const body = isRecord(ctx.body) ? ctx.body : {};
    const errs = new FormErrors();
    validateThreadCreate(body, errs);
    errs.throwIfAny();
    const thread = this.#makeThread(channel, String(body.name), this.bot.id, message, undefined, body.auto_archive_duration);
    return this.world.apiChannel(thread.id);
  }

  #startThread(ctx: RouteContext): ApiChannel {
    const channel = this.#channelOr404(ctx);
    if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
      throw new ApiError(400, { message: 'Cannot execute action on this channel type', code: 50024 });
    }
    const body = isRecord(ctx.body) ? ctx.body : {};
    // Discord's default type for a thread without a starter message is PRIVATE_THREAD (12).
    const type = typeof body.type === 'number' ? body.type : ChannelType.PrivateThread;
    this.#requirePermission(channel, type === ChannelType.PrivateThread ? Permission.CreatePrivateThreads : Permission.CreatePublicThreads);
    const errs = new FormErrors();
    validateThreadCreate(body, errs);
    if (![ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread].includes(type as 10 | 11 | 12)) {
      errs.add(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of {10, 11, 12}.');
    }
    errs.throwIfAny();
    const thread = this.#makeThread(channel, String(body.name), this.bot.id, undefined, type, body.auto_archive_duration);
    return this.world.apiChannel(thread.id);
  }

  /** Creates a thread and dispatches THREAD_CREATE. A thread started from a message shares the message's id. */
  #makeThread(
    parent: WorldChannel,
    name: string,
    ownerId: Snowflake,
    starter: StoredMessage | undefined,
    type: number | undefined,
    autoArchive: unknown,
  ): WorldChannel {
    const createdAt = iso();
    const thread = this.world.addChannel({
      ...(starter ? { id: starter.id } : {}),
      type: type ?? (parent.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread),
      guildId: parent.guildId,
      name,
      position: 0,
      parentId: parent.id,
      topic: null,
      overwrites: [],
      thread: {
        ownerId,
        archived: false,
        locked: false,
        autoArchiveDuration: typeof autoArchive === 'number' ? autoArchive : 1440,
        createdAt,
        messageCount: 0,
        totalMessageSent: 0,
        memberIds: new Set([ownerId]),
      },
    });
    if (starter) {
      starter.raw.thread = this.world.apiChannel(thread.id);
      starter.raw.flags |= 1 << 5; // HAS_THREAD
      starter.flags = starter.raw.flags;
    }
    this.gateway.dispatch(
      'THREAD_CREATE',
      { ...this.world.apiChannel(thread.id), newly_created: true },
      { intent: Intent.Guilds },
    );
    this.#changed();
    return thread;
  }

  // ---------------------------------------------------------------- commands

  #commandStore(ctx: RouteContext): Map<Snowflake, ApiCommand> {
    if (ctx.params.applicationId !== this.applicationId) throw apiError.missingAccess();
    const guildId = ctx.params.guildId;
    if (guildId === undefined) return this.#globalCommands;
    if (!this.world.guilds.has(guildId)) throw apiError.missingAccess();
    let store = this.#guildCommands.get(guildId);
    if (!store) {
      store = new Map();
      this.#guildCommands.set(guildId, store);
    }
    return store;
  }

  #commandOr404(ctx: RouteContext): ApiCommand {
    const command = this.#commandStore(ctx).get(ctx.params.commandId as string);
    if (!command) throw apiError.unknownCommand();
    return command;
  }

  #normalizeCommand(input: Record<string, unknown>, id: Snowflake, guildId: Snowflake | undefined): ApiCommand {
    return {
      ...input,
      id,
      application_id: this.applicationId,
      version: this.#ids.next(),
      type: typeof input.type === 'number' ? input.type : 1,
      name: String(input.name),
      name_localizations: input.name_localizations ?? null,
      description: typeof input.description === 'string' ? input.description : '',
      description_localizations: input.description_localizations ?? null,
      options: Array.isArray(input.options) ? (input.options as ApiCommand['options']) : [],
      default_member_permissions: input.default_member_permissions ?? null,
      nsfw: input.nsfw === true,
      integration_types: input.integration_types ?? [0],
      contexts: input.contexts ?? null,
      ...(guildId ? { guild_id: guildId } : {}),
    };
  }

  #bulkOverwriteCommands(ctx: RouteContext): ApiCommand[] {
    const store = this.#commandStore(ctx);
    const errs = new FormErrors();
    validateCommandList(ctx.body, errs);
    errs.throwIfAny();
    const previous = [...store.values()];
    const next = (ctx.body as Record<string, unknown>[]).map((input) => {
      const type = typeof input.type === 'number' ? input.type : 1;
      const existing = previous.find((c) => c.name === input.name && c.type === type);
      return this.#normalizeCommand(input, existing?.id ?? this.#ids.next(), ctx.params.guildId);
    });
    store.clear();
    for (const command of next) store.set(command.id, command);
    this.#changed();
    return next;
  }

  #createCommand(ctx: RouteContext): RouteResult {
    const store = this.#commandStore(ctx);
    const errs = new FormErrors();
    validateCommand(ctx.body, errs, []);
    errs.throwIfAny();
    const input = ctx.body as Record<string, unknown>;
    const type = typeof input.type === 'number' ? input.type : 1;
    const existing = [...store.values()].find((c) => c.name === input.name && c.type === type);
    const command = this.#normalizeCommand(input, existing?.id ?? this.#ids.next(), ctx.params.guildId);
    store.set(command.id, command);
    this.#changed();
    return { status: existing ? 200 : 201, body: command };
  }

  #editCommand(ctx: RouteContext): ApiCommand {
    const store = this.#commandStore(ctx);
    const current = this.#commandOr404(ctx);
    const merged = { ...current, ...(isRecord(ctx.body) ? ctx.body : {}) };
    const errs = new FormErrors();
    validateCommand(merged, errs, []);
    errs.throwIfAny();
    const command = this.#normalizeCommand(merged, current.id, ctx.params.guildId);
    store.set(command.id, command);
    this.#changed();
    return command;
  }

  // ---------------------------------------------------------------- interaction callbacks

  #interactionCallback(ctx: RouteContext): RouteResult {
    const record = this.interactions.get(ctx.params.interactionId as string);
    if (!record || record.token !== ctx.params.token) throw apiError.unknownInteraction();
    const body = isRecord(ctx.body) ? ctx.body : {};
    const now = this.clock.now();
    const callback: CallbackRecord = {
      interactionId: record.id,
      type: typeof body.type === 'number' ? body.type : -1,
      data: body.data,
      receivedAt: now,
      elapsedMs: now - record.createdAt,
      status: 0,
      accepted: false,
      error: null,
    };
    record.callbacks.push(callback);
    this.callbacks.push(callback);
    try {
      if (record.response) throw apiError.alreadyAcknowledged();
      if (callback.elapsedMs > record.responseWindowMs) throw apiError.unknownInteraction();
      const result = this.#applyCallback(record, callback.type, isRecord(body.data) ? body.data : {}, ctx);
      callback.status = result.status;
      callback.accepted = true;
      record.response = callback;
      return result;
    } catch (error) {
      if (error instanceof ApiError) {
        callback.status = error.status;
        callback.error = { code: Number(error.body.code ?? 0), message: String(error.body.message ?? '') };
      }
      throw error;
    }
  }

  #applyCallback(record: InteractionRecord, type: number, data: Record<string, unknown>, ctx: RouteContext): RouteResult {
    const allowed: Record<InteractionKind, number[]> = {
      command: [4, 5, 9],
      autocomplete: [8],
      component: [4, 5, 6, 7, 9],
      modal: record.sourceMessageId ? [4, 5, 6, 7] : [4, 5],
    };
    const valid = allowed[record.kind];
    if (!valid.includes(type)) {
      const errs = new FormErrors();
      const message = `Interaction response type ${type} is invalid here; valid: ${valid.join(', ')}`;
      errs.add(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', message);
      errs.throwIfAny();
    }
    const channel = this.world.liveChannel(String((record.payload.channel as ApiChannel | undefined)?.id ?? ''));
    const route = ctx.record.route ?? ctx.path;
    let message: StoredMessage | undefined;
    switch (type) {
      case 4: {
        this.#checkMessagePayload(ctx, data, ['data'], { kind: 'create', channelId: channel?.id ?? null, interactionId: record.id });
        if (!channel) throw apiError.unknownChannel();
        message = this.#createMessage({
          channel,
          authorId: this.bot.id,
          source: 'interaction',
          body: data,
          interaction: record,
          files: ctx.files,
          flags: messageFlags(data.flags, true),
          type: record.kind === 'command' ? 20 : 0,
        });
        record.originalMessageId = message.id;
        this.#recordOutgoing({ kind: 'create', route, body: data, accepted: true, message });
        break;
      }
      case 5: {
        if (!channel) throw apiError.unknownChannel();
        const ephemeral = typeof data.flags === 'number' ? data.flags & MessageFlagBits.Ephemeral : 0;
        message = this.#createMessage({
          channel,
          authorId: this.bot.id,
          source: 'interaction',
          body: { content: '' },
          interaction: record,
          flags: MessageFlagBits.Loading | ephemeral,
          type: record.kind === 'command' ? 20 : 0,
          loading: true,
        });
        message.mentionsDisabled = true; // nothing to ping in a "thinking…" placeholder
        record.originalMessageId = message.id;
        break;
      }
      case 6: {
        record.originalMessageId = record.sourceMessageId;
        break;
      }
      case 7: {
        const source = record.sourceMessageId ? this.#messages.get(record.sourceMessageId) : undefined;
        if (!source || source.deleted) throw apiError.unknownMessage();
        this.#checkMessagePayload(ctx, data, ['data'], { kind: 'edit', existing: source, interactionId: record.id });
        message = this.#editMessage(source, data, ctx.files);
        record.originalMessageId = source.id;
        this.#recordOutgoing({ kind: 'edit', route, body: data, accepted: true, message, interactionId: record.id });
        break;
      }
      case 8: {
        const errs = new FormErrors();
        validateAutocompleteResult(data, errs, ['data']);
        errs.throwIfAny();
        break;
      }
      case 9: {
        const errs = new FormErrors();
        validateModal(data, errs, ['data']);
        errs.throwIfAny();
        record.modal = data;
        break;
      }
    }
    if (ctx.query.get('with_response') !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id,
          type: record.payload.type,
          activity_instance_id: null,
          response_message_id: message?.id ?? null,
          response_message_loading: message?.loading ?? null,
          response_message_ephemeral: message ? message.ephemeral : null,
        },
        resource: { type, ...(message ? { message: message.raw } : {}) },
      },
    };
  }

  // ---------------------------------------------------------------- interaction webhooks

  #webhookInteraction(ctx: RouteContext): InteractionRecord {
    const id = this.#tokens.get(ctx.params.token as string);
    const record = id ? this.interactions.get(id) : undefined;
    if (!record || ctx.params.applicationId !== this.applicationId) throw apiError.unknownWebhook();
    if (this.#expiredTokens.has(record.id) || this.clock.now() - record.createdAt > this.#options.interactionTokenTtlMs) {
      throw apiError.invalidWebhookToken();
    }
    return record;
  }

  #webhookMessage(record: InteractionRecord, messageId: string): StoredMessage {
    let id: Snowflake | null;
    if (messageId === '@original') {
      id = record.response ? record.originalMessageId : null;
    } else {
      id = record.followUpIds.includes(messageId) || messageId === record.originalMessageId ? messageId : null;
    }
    const message = id ? this.#messages.get(id) : undefined;
    if (!message || message.deleted) throw apiError.unknownMessage();
    return message;
  }

  #followUp(ctx: RouteContext): RouteResult {
    const record = this.#webhookInteraction(ctx);
    if (!record.response || record.kind === 'autocomplete') throw apiError.unknownWebhook();
    const body = isRecord(ctx.body) ? ctx.body : {};
    const route = ctx.record.route ?? ctx.path;
    const original = record.originalMessageId ? this.#messages.get(record.originalMessageId) : undefined;
    let message: StoredMessage;
    if (original && original.loading && !original.deleted) {
      // The first follow-up after a deferred reply replaces the "thinking…" message
      // (and keeps the defer's ephemeral setting).
      this.#checkMessagePayload(ctx, body, [], { kind: 'edit', existing: original, interactionId: record.id });
      message = this.#editMessage(original, body, ctx.files);
      this.#recordOutgoing({ kind: 'create', route, body, accepted: true, message, interactionId: record.id });
    } else {
      const channel = this.world.liveChannel(String((record.payload.channel as ApiChannel | undefined)?.id ?? ''));
      this.#checkMessagePayload(ctx, body, [], { kind: 'create', channelId: channel?.id ?? null, interactionId: record.id });
      if (!channel) throw apiError.unknownChannel();
      message = this.#createMessage({
        channel,
        authorId: this.bot.id,
        source: 'follow-up',
        body,
        interaction: record,
        files: ctx.files,
        flags: messageFlags(body.flags, true),
      });
      record.followUpIds.push(message.id);
      this.#recordOutgoing({ kind: 'create', route, body, accepted: true, message, interactionId: record.id });
    }
    return ctx.query.get('wait') === 'true' ? { status: 200, body: message.raw } : { status: 204 };
  }

  #editWebhookMessage(ctx: RouteContext): ApiMessage {
    const record = this.#webhookInteraction(ctx);
    const message = this.#webhookMessage(record, ctx.params.messageId as string);
    const body = isRecord(ctx.body) ? ctx.body : {};
    this.#checkMessagePayload(ctx, body, [], { kind: 'edit', existing: message, interactionId: record.id });
    this.#editMessage(message, body, ctx.files);
    this.#recordOutgoing({ kind: 'edit', route: ctx.record.route ?? ctx.path, body, accepted: true, message, interactionId: record.id });
    return message.raw;
  }
}
