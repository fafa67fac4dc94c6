import type { Connection } from './connection.js';

/** One member's score on a guild's leaderboard. */
export interface LeaderboardEntry {
  userId: string;
  /** Quiz questions of this guild answered right. */
  correct: number;
  /** Due cards rated in `/review` in this guild. */
  reviews: number;
  /** What the ranking is by: `correct + reviews`. */
  points: number;
}

/**
 * The leaderboard: per member, the guild's quiz questions answered right plus the due cards rated in `/review`
 * in that guild, within [`from`, `to`). A quiz answer's own grading (the card's first review) is not counted
 * twice, a wrong answer or a revealed cloze scores nothing, and a review in a DM belongs to no guild.
 * Highest first; ties by more right answers, then by user id (any fixed order: tied members share a rank).
 */
export function readLeaderboard(conn: Connection, guildId: string, window: { from: Date; to: Date }, limit = 10): LeaderboardEntry[] {
  const from = window.from.toISOString();
  const to = window.to.toISOString();
  return conn.guard(() =>
    conn
      .statement<[string, string, string, string, string, string, number], LeaderboardEntry>(
        `SELECT user_id AS userId, SUM(correct) AS correct, SUM(reviews) AS reviews, SUM(correct) + SUM(reviews) AS points FROM (
           SELECT a.user_id, 1 AS correct, 0 AS reviews FROM quiz_attempts a JOIN quizzes q ON q.id = a.quiz_id
           WHERE q.guild_id = ? AND a.correct = 1 AND a.answered_at >= ? AND a.answered_at < ?
           UNION ALL
           SELECT c.user_id, 0, 1 FROM review_log l JOIN review_cards c ON c.id = l.card_id
           WHERE l.guild_id = ? AND l.kind = 'review' AND l.reviewed_at >= ? AND l.reviewed_at < ?
         )
         GROUP BY user_id
         ORDER BY points DESC, correct DESC, user_id
         LIMIT ?`,
      )
      .all(guildId, from, to, guildId, from, to, limit),
  );
}
