import { silentLogger, type Logger } from '../log/logger.js';
import type { NoteFingerprints, Store } from '../store/index.js';
import type { Concept } from '../types.js';
import { composeDigest, DIGEST_LIMITS, noteFingerprints, type WeeklyDigest } from './digest.js';
import type { PostTarget, ScheduledJob } from './scheduler.js';
import { dueWeeklySlot, nextWeeklySlotAfter, type WeeklyTime } from './schedule.js';

/** Sends a digest to the guild's daily channel; provided by the Discord layer. Throws when it cannot. */
export type PostDigestFn = (guildId: string, digest: WeeklyDigest, target: Omit<PostTarget, 'kind'>) => Promise<{ messageId?: string } | void>;

/**
 * Posts each guild's weekly digest to its daily channel at the configured weekday and time in the guild's
 * zone, for guilds with daily posts on. Exactly once per week, with the daily post's rules: the week's slot is
 * claimed in the store before sending (a crash meanwhile means a missed week, never two digests), and a bot
 * that was down at the slot catches up later the same week, never in the next one.
 */
export class WeeklyDigests implements ScheduledJob {
  readonly name = 'weekly digest';
  private readonly logger: Logger;
  /** Guilds whose notes baseline exists (checked once per process). */
  private readonly seen = new Set<string>();
  private fingerprints: { concepts: readonly Concept[]; notes: NoteFingerprints } | undefined;

  constructor(
    private readonly options: {
      store: Store;
      /** Null: no digests (DIGEST_DAY=off). */
      weekly: WeeklyTime | null;
      concepts: () => Concept[];
      post: PostDigestFn;
      logger?: Logger;
    },
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  async run(now: Date): Promise<void> {
    const { store, weekly } = this.options;
    if (!weekly) return;
    for (const settings of store.settings.listDailyEnabled()) {
      const { guildId } = settings;
      if (!this.seen.has(guildId)) {
        store.digests.baseline(guildId, this.currentNotes().notes);
        this.seen.add(guildId);
      }
      const slot = dueWeeklySlot(weekly, settings, now);
      if (!slot || !store.digests.claim(guildId, slot.localDate)) continue;
      const { concepts, notes } = this.currentNotes();
      const digest = composeDigest({
        covers: slot.covers,
        topQuestions: store.topQuestions(guildId, slot.covers, { limit: DIGEST_LIMITS.questions, unansweredOnly: false }),
        unanswered: store.topQuestions(guildId, slot.covers, { limit: DIGEST_LIMITS.unanswered, unansweredOnly: true }),
        leaderboard: store.leaderboard(guildId, slot.covers, DIGEST_LIMITS.leaderboard),
        baseline: store.digests.baseline(guildId, notes),
        current: notes,
        concepts,
      });
      try {
        const receipt = await this.options.post(guildId, digest, { channelId: settings.dailyChannelId!, locale: settings.locale });
        store.digests.posted(guildId, receipt?.messageId, notes);
        this.logger.info({ guildId, localDate: slot.localDate, messageId: receipt?.messageId }, 'digest: posted');
      } catch (error) {
        const problem = error instanceof Error ? error.message : String(error);
        store.digests.failed(guildId, problem);
        this.logger.error({ guildId, localDate: slot.localDate, problem }, "digest: post failed; this week's digest is used up");
      }
    }
  }

  nextAt(now: Date): Date | undefined {
    const { weekly, store } = this.options;
    if (!weekly) return undefined;
    let next: Date | undefined;
    for (const settings of store.settings.listDailyEnabled()) {
      const at = nextWeeklySlotAfter(weekly, settings.timezone, now).dueAt;
      if (!next || at < next) next = at;
    }
    return next;
  }

  /** Fingerprints of the notes being answered from, computed once per knowledge base. */
  private currentNotes(): { concepts: readonly Concept[]; notes: NoteFingerprints } {
    const concepts = this.options.concepts();
    if (this.fingerprints?.concepts !== concepts) this.fingerprints = { concepts, notes: noteFingerprints(concepts) };
    return this.fingerprints;
  }
}
