import { silentLogger, type Logger } from '../log/logger.js';
import type { Store } from '../store/index.js';
import type { ScheduledJob } from './scheduler.js';
import { dueSlot, nextSlotAfter, type ScheduleSettings } from './schedule.js';

/** The reminder's default time when a member switches it on without one (in the guild's zone). */
export const DEFAULT_REMINDER_TIME = '09:00';

/** Sends one member their reminder DM; provided by the Discord layer. Throws when the DM cannot be sent. */
export type SendReminderFn = (userId: string, reminder: { dueCount: number; guildId: string | null }) => Promise<void>;

/** The guild's zone, or the store's default (a guild without settings, a direct message). */
export function guildZone(store: Store, guildId: string | null): string {
  return (guildId && store.settings.get(guildId)?.timezone) || store.defaultTimezone;
}

/**
 * `/review remind on`: each opted-in member gets one DM per local day at their time with the number of cards
 * due, and nothing when none are. The day is claimed in the store before the DM goes out, so ticks, restarts and
 * catch-up (the bot was down at that time: later the same day) never send twice. A DM that fails (the member
 * closed their DMs) is logged, and the day counts as handled; after `REMINDER_FAILURE_LIMIT` failed days in a
 * row the reminder switches itself off instead of trying forever.
 */
export class ReviewReminders implements ScheduledJob {
  readonly name = 'review reminders';
  private readonly logger: Logger;

  constructor(private readonly options: { store: Store; send: SendReminderFn; logger?: Logger }) {
    this.logger = options.logger ?? silentLogger;
  }

  async run(now: Date): Promise<void> {
    const { store } = this.options;
    for (const reminder of store.reminders.listEnabled()) {
      const slot = dueSlot(this.schedule(reminder), now);
      if (!slot || !store.reminders.claim(reminder.userId, slot.localDate)) continue;
      const dueCount = store.reviews.dueCount(reminder.userId, now);
      if (dueCount === 0) {
        store.reminders.finish(reminder.userId, 'nothing-due');
        continue;
      }
      try {
        await this.options.send(reminder.userId, { dueCount, guildId: reminder.guildId });
        store.reminders.finish(reminder.userId, 'sent');
        this.logger.info({ userId: reminder.userId, localDate: slot.localDate, dueCount }, 'reminder: sent');
      } catch (error) {
        const switchedOff = store.reminders.finish(reminder.userId, 'failed');
        this.logger.warn(
          { userId: reminder.userId, localDate: slot.localDate, error: error instanceof Error ? error.message : String(error), switchedOff },
          switchedOff ? 'reminder: DM failed again; the reminder is switched off' : 'reminder: DM failed; tried again tomorrow',
        );
      }
    }
  }

  nextAt(now: Date): Date | undefined {
    let next: Date | undefined;
    for (const reminder of this.options.store.reminders.listEnabled()) {
      const at = nextSlotAfter(this.schedule(reminder), now).dueAt;
      if (!next || at < next) next = at;
    }
    return next;
  }

  private schedule(reminder: { time: string; guildId: string | null; activeSince: Date }): ScheduleSettings {
    return { dailyTime: reminder.time, timezone: guildZone(this.options.store, reminder.guildId), dailyActiveSince: reminder.activeSince };
  }
}
