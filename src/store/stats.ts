import type { Connection } from './connection.js';

export interface StatsOptions {
  /** Only this guild; omit for all guilds (and direct messages). */
  guildId?: string;
  /** Only questions and votes from this instant on. */
  since?: Date;
  /** How many unanswered questions to list (default 10). */
  limit?: number;
}

export interface UnansweredQuestion {
  /** The most recent wording as a user typed it (user data: escape it before display). */
  question: string;
  /** The normalized form the questions were grouped by. */
  normalized: string;
  count: number;
  lastAskedAt: Date;
}

export interface Stats {
  asked: number;
  answered: number;
  unanswered: number;
  up: number;
  down: number;
  /** Most frequent questions the notes could not answer, most asked first (ties: most recent first). */
  topUnanswered: UnansweredQuestion[];
}

/** The numbers behind `/stats`. */
export function readStats(conn: Connection, options: StatsOptions = {}): Stats {
  const guild = options.guildId ?? null;
  const since = options.since?.toISOString() ?? null;
  const limit = Math.max(0, Math.floor(options.limit ?? 10));
  return conn.guard(() => {
    const totals = conn
      .statement<[string | null, string | null, string | null, string | null], { asked: number; answered: number | null }>(
        `SELECT COUNT(*) AS asked, SUM(answered) AS answered FROM questions
         WHERE (? IS NULL OR guild_id = ?) AND (? IS NULL OR asked_at >= ?)`,
      )
      .get(guild, guild, since, since)!;
    const votes = conn
      .statement<[string | null, string | null, string | null, string | null], { up: number | null; down: number | null }>(
        `SELECT SUM(vote = 1) AS up, SUM(vote = -1) AS down FROM feedback
         WHERE (? IS NULL OR guild_id = ?) AND (? IS NULL OR updated_at >= ?)`,
      )
      .get(guild, guild, since, since)!;
    // With MAX() as the only aggregate over `id`, SQLite takes the bare column `question` from the
    // row holding that maximum: the latest wording of each group.
    const top = conn
      .statement<
        [string | null, string | null, string | null, string | null, number],
        { question: string; question_norm: string; count: number; last_id: number; last_asked_at: string }
      >(
        `SELECT question, question_norm, COUNT(*) AS count, MAX(id) AS last_id, asked_at AS last_asked_at
         FROM questions
         WHERE answered = 0 AND (? IS NULL OR guild_id = ?) AND (? IS NULL OR asked_at >= ?)
         GROUP BY question_norm
         ORDER BY count DESC, last_id DESC
         LIMIT ?`,
      )
      .all(guild, guild, since, since, limit);
    const asked = totals.asked;
    const answered = totals.answered ?? 0;
    return {
      asked,
      answered,
      unanswered: asked - answered,
      up: votes.up ?? 0,
      down: votes.down ?? 0,
      topUnanswered: top.map((row) => ({
        question: row.question,
        normalized: row.question_norm,
        count: row.count,
        lastAskedAt: new Date(row.last_asked_at),
      })),
    };
  });
}
