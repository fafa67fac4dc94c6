import type { Connection } from './connection.js';

/** A member's daily review reminder. */
export interface ReviewReminder {
  userId: string;
  /** The guild whose zone `time` is read in; null: the store's default zone. */
  guildId: string | null;
  /** `HH:MM`, 24-hour. */
  time: string;
  enabled: boolean;
  /** Reminder times before this instant are not caught up. */
  activeSince: Date;
  /** Local date of the last day handled. */
  lastDate: string | null;
  lastStatus: ReminderStatus | null;
  /** Failed days in a row. */
  failures: number;
}

export type ReminderStatus = 'claimed' | 'sent' | 'nothing-due' | 'failed';

/** After this many failed days in a row (the member closed their DMs), the reminder switches itself off. */
export const REMINDER_FAILURE_LIMIT = 3;

interface ReminderRow {
  user_id: string;
  guild_id: string | null;
  remind_time: string;
  enabled: number;
  active_since: string;
  last_date: string | null;
  last_status: ReminderStatus | null;
  failures: number;
}

/**
 * `/review remind`: members' opt-in daily DMs with their due count. A day is claimed before the DM is sent
 * (at most once per local day, as the daily post); the outcome is recorded after.
 */
export class ReminderTable {
  constructor(private readonly conn: Connection) {}

  get(userId: string): ReviewReminder | undefined {
    const row = this.conn.guard(() => this.conn.statement<[string], ReminderRow>('SELECT * FROM review_reminders WHERE user_id = ?').get(userId));
    return row && fromRow(row);
  }

  /** Switches the reminder on at `time`, read in `guildId`'s zone; a day already handled stays handled. */
  enable(userId: string, guildId: string | null, time: string): ReviewReminder {
    return this.conn.write(() => {
      const now = this.conn.stamp();
      this.conn
        .statement(
          `INSERT INTO review_reminders (user_id, guild_id, remind_time, enabled, active_since, updated_at) VALUES (?, ?, ?, 1, ?, ?)
           ON CONFLICT (user_id) DO UPDATE SET guild_id = excluded.guild_id, remind_time = excluded.remind_time, enabled = 1,
             active_since = excluded.active_since, failures = 0, updated_at = excluded.updated_at`,
        )
        .run(userId, guildId, time, now, now);
      return this.get(userId)!;
    });
  }

  /** Switches it off (the time is kept). Returns whether it was on. */
  disable(userId: string): boolean {
    return this.conn.write(
      () => this.conn.statement('UPDATE review_reminders SET enabled = 0, updated_at = ? WHERE user_id = ? AND enabled = 1').run(this.conn.stamp(), userId).changes > 0,
    );
  }

  listEnabled(): ReviewReminder[] {
    return this.conn.guard(() => this.conn.statement<[], ReminderRow>('SELECT * FROM review_reminders WHERE enabled = 1 ORDER BY user_id').all()).map(fromRow);
  }

  /** Takes the member's reminder of `localDate` unless that day (or a later one) was already handled. */
  claim(userId: string, localDate: string): boolean {
    return this.conn.write(
      () =>
        this.conn
          .statement(
            `UPDATE review_reminders SET last_date = ?, last_status = 'claimed', updated_at = ?
             WHERE user_id = ? AND enabled = 1 AND (last_date IS NULL OR last_date < ?)`,
          )
          .run(localDate, this.conn.stamp(), userId, localDate).changes > 0,
    );
  }

  /**
   * How the claimed day ended. A failure counts towards `REMINDER_FAILURE_LIMIT`, and reaching it switches the
   * reminder off; returns true then.
   */
  finish(userId: string, status: Exclude<ReminderStatus, 'claimed'>): boolean {
    return this.conn.write(() => {
      this.conn
        .statement(
          `UPDATE review_reminders SET last_status = ?, failures = CASE WHEN ? = 'failed' THEN failures + 1 WHEN ? = 'sent' THEN 0 ELSE failures END,
             updated_at = ? WHERE user_id = ?`,
        )
        .run(status, status, status, this.conn.stamp(), userId);
      return (
        this.conn
          .statement('UPDATE review_reminders SET enabled = 0 WHERE user_id = ? AND enabled = 1 AND failures >= ?')
          .run(userId, REMINDER_FAILURE_LIMIT).changes > 0
      );
    });
  }
}

function fromRow(row: ReminderRow): ReviewReminder {
  return {
    userId: row.user_id,
    guildId: row.guild_id,
    time: row.remind_time,
    enabled: row.enabled === 1,
    activeSince: new Date(row.active_since),
    lastDate: row.last_date,
    lastStatus: row.last_status,
    failures: row.failures,
  };
}
