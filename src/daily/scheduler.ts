import { silentLogger, type Logger } from '../log/logger.js';
import type { Concept } from '../types.js';
import type { SlotClaim, SlotOutcome } from '../store/daily-state.js';
import type { GuildSettings } from '../store/settings.js';
import type { Store } from '../store/store.js';
import { composeQuiz, type DailyQuiz } from './quiz.js';
import { localDate } from './review.js';
import { chooseNextConcept } from './rotation.js';
import { dueSlot, nextSlotAfter } from './schedule.js';

/**
 * Posts each guild's daily quiz (see quiz.ts) at its local `HH:MM`, exactly once per local day. The quiz
 * is stored before it is sent, so its buttons (custom ids carry the quiz id) grade it after a restart too.
 *
 * Exactly-once design — claim, then send ("at most once"):
 *  1. In one SQLite transaction the scheduler checks that today's slot (the guild's local date)
 *     is free, picks the section, and records the slot as `claimed`.
 *  2. Only then it calls `post`.
 *  3. It records the outcome: `posted`, `failed` (channel missing / no permission: certainly not
 *     sent), or `error` (anything else).
 * A crash between 1 and 3 leaves the slot `claimed`; the next process marks it `interrupted` with
 * a warning and does NOT post again that day, because the message may already be in the channel.
 * So the failure mode is a missed day, never a double post — a duplicate is visible to the whole
 * group, a missed day only to whoever reads the log. Ticks, restarts, several scheduler instances
 * on one database file, and catch-up all go through the same claim, so none can post twice.
 *
 * Catch-up: each tick looks only at the guild's *current* local day. If the bot was down at the
 * scheduled time it posts on the first tick after it comes back that same day; earlier days are
 * never replayed.
 *
 * Settings are read from the store on every tick, so `/daily` changes apply without a restart
 * (call `wake()` after a change to re-plan the timer at once). A slot that `failed` today is tried
 * again the same day only after the settings change (e.g. the admin fixed the channel).
 *
 * `/daily now` (`postNow`) shows the next section of the rotation right away and does not use up
 * the day's scheduled slot: the scheduled post still comes, with the section after it.
 */

export type PostKind = 'scheduled' | 'manual';

export interface PostTarget {
  channelId: string;
  kind: PostKind;
  /** The guild's preferred language, when set. */
  locale: string | null;
}

/** A quiz with the id it was stored under. */
export interface PostedQuiz {
  id: number;
  quiz: DailyQuiz;
}

/** Sends a quiz; provided by the Discord layer. Throw `DailyPostError` (or let Discord's error through) on failure. */
export type PostFn = (guildId: string, quiz: PostedQuiz, target: PostTarget) => Promise<{ messageId?: string } | void>;

export type DailyProblemKind = 'channel-missing' | 'missing-permission' | 'error';

export interface DailyProblem {
  kind: DailyProblemKind;
  channelId: string;
  /** The error's message, for logs and the admin notice (English, from the API). */
  detail: string;
}

/** Tells the admin who configured daily posts that they failed. `adminUserId` null: nobody recorded, just log. */
export type NotifyAdminFn = (guildId: string, adminUserId: string | null, problem: DailyProblem) => Promise<void> | void;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the Discord layer can throw from `post` to say precisely what went wrong. */
export class DailyPostError extends Error {
  constructor(
    readonly kind: DailyProblemKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DailyPostError';
  }
}

/**
 * Other work that runs on the daily scheduler's ticks (review reminders, the weekly digest): one timer, one
 * serialized tick, one place that catches failures. `run` does what is due at `now`, exactly once per its
 * own period (its store claims); `nextAt` says when it next has something to do, to plan the sleep.
 */
export interface ScheduledJob {
  readonly name: string;
  run(now: Date): Promise<void>;
  nextAt(now: Date): Date | undefined;
}

export interface DailySchedulerOptions {
  store: Store;
  /** The knowledge base's concepts, in note order (`KnowledgeBase.concepts`); read at every post, so a re-index shows up. */
  concepts: () => Concept[];
  post: PostFn;
  notifyAdmin?: NotifyAdminFn;
  /** Defaults to the store's clock. */
  now?: () => Date;
  /** Defaults to the global `setTimeout`/`clearTimeout`. */
  timers?: Timers;
  logger?: Logger;
  /** See `ChooserOptions.minProseChars`. */
  minProseChars?: number;
  /** Longest sleep between ticks when started (default 60 s): bounds the delay of clock jumps and missed wake-ups. */
  maxSleepMs?: number;
  /** Run on every tick after the daily posts. */
  jobs?: readonly ScheduledJob[];
}

export type GuildTickResult =
  | { guildId: string; outcome: 'posted'; localDate: string; sectionId: string; messageId?: string }
  | { guildId: string; outcome: 'failed'; localDate: string; sectionId: string; problem: DailyProblem }
  /** Not yet time today (or enabled after today's time). */
  | { guildId: string; outcome: 'not-due' }
  /** Today's slot was already used (posted, failed, or claimed by another tick/process). */
  | { guildId: string; outcome: 'taken'; localDate: string }
  /** No concepts to post (empty knowledge base); tried again on later ticks. */
  | { guildId: string; outcome: 'empty'; localDate: string }
  | { guildId: string; outcome: 'disabled' }
  /** The store or a hook failed unexpectedly; logged, other guilds unaffected. */
  | { guildId: string; outcome: 'crashed'; error: string };

export type PostNowResult =
  | { ok: true; quiz: DailyQuiz; channelId: string; messageId?: string }
  | { ok: false; reason: 'not-configured' | 'no-concepts' }
  | { ok: false; reason: DailyProblemKind; problem: DailyProblem };

/** The real timers, for callers that are not given any. */
export const globalTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class DailyScheduler {
  private readonly store: Store;
  private readonly now: () => Date;
  private readonly timers: Timers;
  private readonly logger: Logger;
  private readonly maxSleepMs: number;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: unknown;
  private running = false;
  private recovered = false;

  constructor(private readonly options: DailySchedulerOptions) {
    this.store = options.store;
    this.now = options.now ?? options.store.now;
    this.timers = options.timers ?? globalTimers;
    this.logger = options.logger ?? silentLogger;
    this.maxSleepMs = options.maxSleepMs ?? 60_000;
  }

  /** Starts ticking: at once, then at each guild's next due time (at most `maxSleepMs` apart). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.arm(0);
  }

  /** Stops the timer and waits for a tick in progress to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.disarm();
    await this.queue.catch(() => undefined);
  }

  /** Settings changed: re-plan now instead of at the next wake-up. */
  wake(): void {
    if (this.running) this.arm(0);
  }

  /**
   * Posts for every guild whose slot is due and free, then runs the jobs. Never throws for one guild's or job's failure.
   * Calls are serialized: a tick starts after the previous one finished.
   */
  tick(): Promise<GuildTickResult[]> {
    const run = this.queue.then(() => this.runTick());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** When the guild's next scheduled post is due (now-ish if today's is due and free), or undefined when off. */
  nextPostAt(guildId: string): Date | undefined {
    const settings = this.store.settings.get(guildId);
    if (!settings?.dailyEnabled || !settings.dailyChannelId) return undefined;
    const now = this.now();
    const due = dueSlot(settings, now);
    const slotDate = this.store.daily.state(guildId)?.slotDate ?? null;
    if (due && (slotDate === null || slotDate < due.localDate)) return now;
    return nextSlotAfter(settings, now).dueAt;
  }

  /**
   * `/daily now`: posts the next section of the rotation to the configured channel (or `channelId`)
   * right away. Does not use up today's scheduled slot; the section counts as shown in the rotation.
   */
  async postNow(guildId: string, options: { channelId?: string } = {}): Promise<PostNowResult> {
    const settings = this.store.settings.get(guildId);
    const channelId = options.channelId ?? settings?.dailyChannelId ?? undefined;
    if (!settings || !channelId) return { ok: false, reason: 'not-configured' };
    let quiz: DailyQuiz | undefined;
    const concepts = this.options.concepts();
    const now = this.now();
    const pick = this.store.daily.pickManual(guildId, (rotation) => {
      const choice = chooseNextConcept(concepts, rotation, { seed: guildId, minProseChars: this.options.minProseChars });
      if (!choice) return undefined;
      quiz = composeQuiz(choice.concept, concepts, { seed: `${guildId}:${now.toISOString()}` });
      return { sectionId: choice.concept.sectionId, round: choice.round };
    });
    if (!pick || !quiz) return { ok: false, reason: 'no-concepts' };
    try {
      const id = this.store.quizzes.create({ guildId, channelId, localDate: localDate(now, settings.timezone), kind: 'manual', quiz });
      const receipt = await this.options.post(guildId, { id, quiz }, { channelId, kind: 'manual', locale: settings.locale });
      if (receipt?.messageId) this.store.quizzes.setMessage(id, receipt.messageId);
      this.logger.info({ guildId, channelId, sectionId: pick.sectionId, round: pick.round, quizId: id }, 'daily: posted on demand');
      return { ok: true, quiz, channelId, ...(receipt?.messageId ? { messageId: receipt.messageId } : {}) };
    } catch (error) {
      this.store.daily.unmark(guildId, pick.round, pick.sectionId);
      const problem = describeProblem(error, channelId);
      this.logger.warn({ guildId, channelId, problem: problem.kind, detail: problem.detail }, 'daily: on-demand post failed');
      return { ok: false, reason: problem.kind, problem };
    }
  }

  private async runTick(): Promise<GuildTickResult[]> {
    if (!this.recovered) this.recover();
    const now = this.now();
    const guilds = this.store.settings.listDailyEnabled();
    const results = await Promise.all(
      guilds.map((settings) =>
        this.runGuild(settings, now).catch((error: unknown): GuildTickResult => {
          this.logger.error({ guildId: settings.guildId, err: error }, 'daily: tick failed for guild');
          return { guildId: settings.guildId, outcome: 'crashed', error: errorMessage(error) };
        }),
      ),
    );
    for (const job of this.options.jobs ?? []) {
      try {
        await job.run(now);
      } catch (error) {
        this.logger.error({ job: job.name, err: error }, 'scheduler: job failed');
      }
    }
    return results;
  }

  private async runGuild(settings: GuildSettings, now: Date): Promise<GuildTickResult> {
    const { guildId } = settings;
    const slot = dueSlot(settings, now);
    if (!slot) return { guildId, outcome: 'not-due' };
    const channelId = settings.dailyChannelId!;
    let quiz: DailyQuiz | undefined;
    const concepts = this.options.concepts();
    // Choosing and composing run inside the claim transaction: if either throws, nothing is claimed.
    const result = this.store.daily.claimSlot(guildId, slot.localDate, (rotation) => {
      const choice = chooseNextConcept(concepts, rotation, { seed: guildId, minProseChars: this.options.minProseChars });
      if (!choice) return undefined;
      quiz = composeQuiz(choice.concept, concepts, { seed: `${guildId}:${slot.localDate}` });
      return { sectionId: choice.concept.sectionId, round: choice.round };
    });
    if (result.kind === 'disabled') return { guildId, outcome: 'disabled' };
    if (result.kind === 'taken') return { guildId, outcome: 'taken', localDate: slot.localDate };
    if (result.kind === 'empty') {
      this.logger.warn({ guildId }, 'daily: no concepts to post (is the index empty?)');
      return { guildId, outcome: 'empty', localDate: slot.localDate };
    }
    const claim = result.claim;
    this.logger.info({ guildId, localDate: claim.localDate, sectionId: claim.sectionId, round: claim.round }, 'daily: slot claimed');
    try {
      const id = this.store.quizzes.create({ guildId, channelId, localDate: claim.localDate, kind: 'scheduled', quiz: quiz! });
      const receipt = await this.options.post(guildId, { id, quiz: quiz! }, { channelId, kind: 'scheduled', locale: settings.locale });
      const messageId = receipt?.messageId;
      if (messageId) this.store.quizzes.setMessage(id, messageId);
      this.finish(claim, { status: 'posted', ...(messageId ? { messageId } : {}) });
      this.logger.info({ guildId, channelId, localDate: claim.localDate, sectionId: claim.sectionId, messageId }, 'daily: posted');
      return { guildId, outcome: 'posted', localDate: claim.localDate, sectionId: claim.sectionId, ...(messageId ? { messageId } : {}) };
    } catch (error) {
      const problem = describeProblem(error, channelId);
      this.finish(claim, { status: problem.kind === 'error' ? 'error' : 'failed', problem: `${problem.kind}: ${problem.detail}` });
      this.logger.error(
        { guildId, channelId, localDate: claim.localDate, problem: problem.kind, detail: problem.detail },
        "daily: post failed; today's slot is used up (not retried until the settings change)",
      );
      if (problem.kind !== 'error') await this.tellAdmin(settings, problem);
      return { guildId, outcome: 'failed', localDate: claim.localDate, sectionId: claim.sectionId, problem };
    }
  }

  private finish(claim: SlotClaim, outcome: SlotOutcome): void {
    try {
      this.store.daily.finishSlot(claim, outcome);
    } catch (error) {
      // The slot stays `claimed`: no double post; the next start marks it interrupted.
      this.logger.error({ guildId: claim.guildId, localDate: claim.localDate, outcome: outcome.status, err: error }, 'daily: could not record the outcome');
    }
  }

  private async tellAdmin(settings: GuildSettings, problem: DailyProblem): Promise<void> {
    const key = `${problem.kind}:${problem.channelId}`;
    if (!this.store.daily.noteProblem(settings.guildId, key)) {
      this.logger.info({ guildId: settings.guildId, problem: problem.kind }, 'daily: admin already told about this problem');
      return;
    }
    try {
      await this.options.notifyAdmin?.(settings.guildId, settings.configuredBy, problem);
    } catch (error) {
      this.logger.error({ guildId: settings.guildId, adminUserId: settings.configuredBy, err: error }, 'daily: could not notify the admin');
    }
  }

  private recover(): void {
    this.recovered = true;
    for (const state of this.store.daily.recoverInterrupted()) {
      this.logger.warn(
        { guildId: state.guildId, localDate: state.slotDate, sectionId: state.slotSectionId, claimedAt: state.slotClaimedAt },
        'daily: the previous run stopped while posting; the post may or may not have been sent, and is not repeated today',
      );
    }
  }

  private arm(delayMs: number): void {
    this.disarm();
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.onTimer();
    }, delayMs);
  }

  private disarm(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async onTimer(): Promise<void> {
    try {
      await this.tick();
    } catch (error) {
      this.logger.error({ err: error }, 'daily: tick failed');
    }
    if (this.running && this.timer === undefined) this.arm(this.sleepMs());
  }

  /** Until the earliest next slot of any enabled guild, capped at `maxSleepMs`. */
  private sleepMs(): number {
    const now = this.now();
    let sleep = this.maxSleepMs;
    try {
      for (const settings of this.store.settings.listDailyEnabled()) {
        sleep = Math.min(sleep, nextSlotAfter(settings, now).dueAt.getTime() - now.getTime());
      }
      for (const job of this.options.jobs ?? []) {
        const next = job.nextAt(now);
        if (next) sleep = Math.min(sleep, next.getTime() - now.getTime());
      }
    } catch (error) {
      this.logger.error({ err: error }, 'daily: could not read settings to plan the next tick');
    }
    return Math.max(1, sleep);
  }
}

/** Sorts a `post` failure: Discord's Unknown Channel / Missing Access / Missing Permissions, or anything else. */
export function classifyPostError(error: unknown): DailyProblemKind {
  if (error instanceof DailyPostError) return error.kind;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === 10003 || code === 10004 || code === 'ChannelNotCached') return 'channel-missing';
  if (code === 50001 || code === 50013) return 'missing-permission';
  const text = typeof message === 'string' ? message : '';
  if (/unknown (channel|guild)|channel (is )?(missing|not found|deleted)/iu.test(text)) return 'channel-missing';
  if (/missing (access|permissions?)/iu.test(text)) return 'missing-permission';
  return 'error';
}

function describeProblem(error: unknown, channelId: string): DailyProblem {
  return { kind: classifyPostError(error), channelId, detail: errorMessage(error) };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
