import type { Connection } from './connection.js';
import type { DownReason } from './feedback.js';

export interface StatsOptions {
  /** Only this guild; omit for all guilds (and direct messages). */
  guildId?: string;
  /** Only questions and votes from this instant on. */
  since?: Date;
  /** How many unanswered questions, and how many 👎'd answers, to list (default 10). */
  limit?: number;
}

export interface UnansweredQuestion {
  /** The most recent wording as a user typed it (user data: escape it before display). */
  question: string;
  /** The normalized form the questions were grouped by. */
  normalized: string;
  count: number;
  /** Members who asked for a note on it ("노트에 추가 요청"). */
  requests: number;
  lastAskedAt: Date;
}

export interface DownvotedAnswer {
  /** The question the 👎'd answer replied to (user data: escape it before display). */
  question: string;
  /** Null when the member did not say why. */
  reason: DownReason | null;
  votedAt: Date;
}

export interface Stats {
  asked: number;
  answered: number;
  unanswered: number;
  up: number;
  down: number;
  /** Most frequent questions the notes could not answer, most asked first (ties: most recent first). */
  topUnanswered: UnansweredQuestion[];
  /** The latest 👎 votes on answers to logged questions, newest first. */
  recentDown: DownvotedAnswer[];
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
    const top = topQuestions(conn, { guildId: guild, since: options.since, limit, unansweredOnly: true });
    const down = conn
      .statement<
        [string | null, string | null, string | null, string | null, number],
        { question: string; reason: DownReason | null; updated_at: string }
      >(
        `SELECT q.question, f.reason, f.updated_at FROM feedback f JOIN questions q ON q.id = f.question_id
         WHERE f.vote = -1 AND (? IS NULL OR f.guild_id = ?) AND (? IS NULL OR f.updated_at >= ?)
         ORDER BY f.updated_at DESC, f.rowid DESC
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
      topUnanswered: top,
      recentDown: down.map((row) => ({ question: row.question, reason: row.reason, votedAt: new Date(row.updated_at) })),
    };
  });
}

/**
 * The most asked questions (grouped as "the same question", see `normalizeQuestion`) of a guild in
 * [`since`, `until`), most asked first (ties: most recent first); only those the notes could not answer
 * with `unansweredOnly`.
 */
export function topQuestions(
  conn: Connection,
  filter: { guildId: string | null; since?: Date | undefined; until?: Date | undefined; limit: number; unansweredOnly: boolean },
): UnansweredQuestion[] {
  const since = filter.since?.toISOString() ?? null;
  const until = filter.until?.toISOString() ?? null;
  // With MAX() as the only aggregate over `id`, SQLite takes the bare column `question` from the
  // row holding that maximum: the latest wording of each group.
  const rows = conn.guard(() =>
    conn
      .statement<
        [number, string | null, string | null, string | null, string | null, string | null, string | null, number],
        { question: string; question_norm: string; count: number; requests: number; last_id: number; last_asked_at: string }
      >(
        `SELECT question, question_norm, COUNT(*) AS count, MAX(id) AS last_id, asked_at AS last_asked_at,
           SUM((SELECT COUNT(*) FROM gap_requests r WHERE r.question_id = questions.id)) AS requests
         FROM questions
         WHERE (? = 0 OR answered = 0) AND (? IS NULL OR guild_id = ?) AND (? IS NULL OR asked_at >= ?) AND (? IS NULL OR asked_at < ?)
         GROUP BY question_norm
         ORDER BY count DESC, last_id DESC
         LIMIT ?`,
      )
      .all(filter.unansweredOnly ? 1 : 0, filter.guildId, filter.guildId, since, since, until, until, Math.max(0, Math.floor(filter.limit))),
  );
  return rows.map((row) => ({
    question: row.question,
    normalized: row.question_norm,
    count: row.count,
    requests: row.requests,
    lastAskedAt: new Date(row.last_asked_at),
  }));
}
