import type { Connection } from './connection.js';

export type Vote = 'up' | 'down';

/** Why a member gave 👎: the answer is wrong, falls short, or quotes a section beside the point. */
export const DOWN_REASONS = ['wrong', 'incomplete', 'off-topic'] as const;
export type DownReason = (typeof DOWN_REASONS)[number];

export function isDownReason(value: string): value is DownReason {
  return (DOWN_REASONS as readonly string[]).includes(value);
}

export interface FeedbackRecord {
  /** The answer being rated: its message id (or the interaction id when there is no message). */
  messageId: string;
  userId: string;
  guildId: string | null;
  vote: Vote;
  /** The logged question the answer belongs to, when known. */
  questionId?: number | null;
}

export interface VoteResult {
  vote: Vote;
  /** The user's earlier vote on this answer, null when this is their first. */
  previous: Vote | null;
}

/** 👍/👎 on answers: one vote per user per answer; voting again replaces the earlier vote. */
export class FeedbackTable {
  constructor(private readonly conn: Connection) {}

  vote(record: FeedbackRecord): VoteResult {
    return this.conn.write(() => {
      const previous = this.conn
        .statement<[string, string], number>('SELECT vote FROM feedback WHERE message_id = ? AND user_id = ?')
        .pluck()
        .get(record.messageId, record.userId);
      const now = this.conn.stamp();
      this.conn
        .statement(
          `INSERT INTO feedback (message_id, user_id, guild_id, question_id, vote, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (message_id, user_id) DO UPDATE SET
             vote = excluded.vote, updated_at = excluded.updated_at,
             reason = CASE WHEN excluded.vote = feedback.vote THEN feedback.reason END,
             question_id = COALESCE(excluded.question_id, feedback.question_id)`,
        )
        .run(record.messageId, record.userId, record.guildId, record.questionId ?? null, toNumber(record.vote), now, now);
      return { vote: record.vote, previous: previous === undefined ? null : fromNumber(previous) };
    });
  }

  /**
   * Records why the user gave 👎 on this answer. False when their current vote there is not a 👎
   * (they changed it meanwhile): the reason would then explain nothing.
   */
  explainDown(messageId: string, userId: string, reason: DownReason): boolean {
    const result = this.conn.write(() =>
      this.conn
        .statement('UPDATE feedback SET reason = ?, updated_at = ? WHERE message_id = ? AND user_id = ? AND vote = -1')
        .run(reason, this.conn.stamp(), messageId, userId),
    );
    return result.changes > 0;
  }

  /** Current 👍/👎 totals for one answer (e.g. to show counts on the buttons). */
  tally(messageId: string): { up: number; down: number } {
    const row = this.conn.guard(() =>
      this.conn
        .statement<[string], { up: number | null; down: number | null }>(
          `SELECT SUM(vote = 1) AS up, SUM(vote = -1) AS down FROM feedback WHERE message_id = ?`,
        )
        .get(messageId),
    );
    return { up: row?.up ?? 0, down: row?.down ?? 0 };
  }

  /** The user's current vote on an answer, if any. */
  voteOf(messageId: string, userId: string): Vote | null {
    const value = this.conn.guard(() =>
      this.conn
        .statement<[string, string], number>('SELECT vote FROM feedback WHERE message_id = ? AND user_id = ?')
        .pluck()
        .get(messageId, userId),
    );
    return value === undefined ? null : fromNumber(value);
  }
}

function toNumber(vote: Vote): number {
  return vote === 'up' ? 1 : -1;
}

function fromNumber(value: number): Vote {
  return value > 0 ? 'up' : 'down';
}
