import { UserError } from '../types.js';
import { toDate, type Connection } from './connection.js';

export const DEFAULT_TIMEZONE = 'Asia/Seoul';
export const DEFAULT_DAILY_TIME = '09:00';

/** What an admin configured for one guild. */
export interface GuildSettings {
  guildId: string;
  dailyChannelId: string | null;
  /** Local time of the daily post, `HH:MM` (24-hour). */
  dailyTime: string;
  /** IANA time zone the daily time is read in. */
  timezone: string;
  dailyEnabled: boolean;
  /** User id of the admin who last configured daily posts: who is told when posting fails. */
  configuredBy: string | null;
  /** Preferred language for bot posts in this guild (`ko`, `en`), when set. */
  locale: string | null;
  /** When daily posts were last switched on; slots scheduled before this are not caught up. */
  dailyActiveSince: Date | null;
  updatedAt: Date;
}

export interface DailyConfig {
  channelId: string;
  /** `HH:MM`, 24-hour. */
  time: string;
  /** IANA zone; when omitted the guild keeps its current zone (or the store's default). */
  timezone?: string;
  /** The admin's user id. */
  configuredBy: string;
  locale?: string | null;
}

interface SettingsRow {
  guild_id: string;
  daily_channel_id: string | null;
  daily_time: string;
  timezone: string;
  daily_enabled: number;
  configured_by: string | null;
  locale: string | null;
  daily_active_since: string | null;
  updated_at: string;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Guild settings. Every write is one transaction; reads always see the latest committed values. */
export class SettingsTable {
  constructor(
    private readonly conn: Connection,
    private readonly defaultTimezone: string,
  ) {}

  get(guildId: string): GuildSettings | undefined {
    const row = this.conn.guard(() =>
      this.conn.statement<[string], SettingsRow>('SELECT * FROM guild_settings WHERE guild_id = ?').get(guildId),
    );
    return row && fromRow(row);
  }

  /** Guilds with daily posts switched on and a channel set, oldest configuration first. */
  listDailyEnabled(): GuildSettings[] {
    return this.conn
      .guard(() =>
        this.conn
          .statement<[], SettingsRow>(
            `SELECT * FROM guild_settings WHERE daily_enabled = 1 AND daily_channel_id IS NOT NULL ORDER BY daily_active_since, guild_id`,
          )
          .all(),
      )
      .map(fromRow);
  }

  /**
   * `/daily channel: time: [timezone]`: sets the schedule and switches daily posts on. Switching on
   * (from off or from nothing) starts the "active since" clock; changing channel or time while on
   * does not, so an earlier time today is still caught up.
   * @throws UserError BAD_ARGUMENT for a malformed time or unknown zone (validate earlier for a localized message).
   */
  configureDaily(guildId: string, config: DailyConfig): GuildSettings {
    if (!TIME.test(config.time)) throw new UserError('BAD_ARGUMENT', `시간은 HH:MM 형식이어야 합니다 (예: 09:00). 받은 값: ${config.time}`);
    const zone = config.timezone === undefined ? undefined : canonicalTimeZone(config.timezone);
    if (config.timezone !== undefined && zone === undefined) {
      throw new UserError('BAD_ARGUMENT', `알 수 없는 시간대입니다: ${config.timezone} (예: Asia/Seoul)`);
    }
    return this.conn.write(() => {
      const now = this.conn.stamp();
      const current = this.get(guildId);
      const timezone = zone ?? current?.timezone ?? this.defaultTimezone;
      const activeSince = current?.dailyEnabled && current.dailyActiveSince ? current.dailyActiveSince.toISOString() : now;
      const locale = config.locale === undefined ? (current?.locale ?? null) : config.locale;
      this.conn
        .statement(
          `INSERT INTO guild_settings (guild_id, daily_channel_id, daily_time, timezone, daily_enabled, configured_by, locale, daily_active_since, updated_at)
           VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)
           ON CONFLICT (guild_id) DO UPDATE SET
             daily_channel_id = excluded.daily_channel_id, daily_time = excluded.daily_time, timezone = excluded.timezone,
             daily_enabled = 1, configured_by = excluded.configured_by, locale = excluded.locale,
             daily_active_since = excluded.daily_active_since, updated_at = excluded.updated_at`,
        )
        .run(guildId, config.channelId, config.time, timezone, config.configuredBy, locale, activeSince, now);
      // A new configuration deserves a fresh warning if it breaks again.
      this.conn.statement('UPDATE daily_state SET notified_problem = NULL WHERE guild_id = ?').run(guildId);
      return this.get(guildId)!;
    });
  }

  /** `/daily off`. Keeps channel and time so switching on again is one command. Undefined if never configured. */
  disableDaily(guildId: string): GuildSettings | undefined {
    return this.conn.write(() => {
      this.conn
        .statement('UPDATE guild_settings SET daily_enabled = 0, updated_at = ? WHERE guild_id = ?')
        .run(this.conn.stamp(), guildId);
      return this.get(guildId);
    });
  }

  /**
   * Forgets a guild (the bot was removed from it): settings, rotation and slot state go; the
   * question log and feedback stay for `/stats`. Returns whether there was anything to forget.
   */
  remove(guildId: string): boolean {
    return this.conn.write(() => this.conn.statement('DELETE FROM guild_settings WHERE guild_id = ?').run(guildId).changes > 0);
  }

  /** Sets (or clears, with null) the guild's preferred language. */
  setLocale(guildId: string, locale: string | null): GuildSettings {
    return this.conn.write(() => {
      const now = this.conn.stamp();
      this.conn
        .statement(
          `INSERT INTO guild_settings (guild_id, timezone, locale, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (guild_id) DO UPDATE SET locale = excluded.locale, updated_at = excluded.updated_at`,
        )
        .run(guildId, this.defaultTimezone, locale, now);
      return this.get(guildId)!;
    });
  }
}

/** True when `zone` is an IANA time zone this runtime knows (`Asia/Seoul`, `America/New_York`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== undefined;
}

/**
 * The runtime's own spelling of a zone (`utc` → `UTC`, `asia/seoul` → `Asia/Seoul`), or undefined when it is
 * not one: settings store this, so the same zone typed twice is one value in the database and in messages.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!zone) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function fromRow(row: SettingsRow): GuildSettings {
  return {
    guildId: row.guild_id,
    dailyChannelId: row.daily_channel_id,
    dailyTime: row.daily_time,
    timezone: row.timezone,
    dailyEnabled: row.daily_enabled === 1,
    configuredBy: row.configured_by,
    locale: row.locale,
    dailyActiveSince: toDate(row.daily_active_since),
    updatedAt: new Date(row.updated_at),
  };
}
