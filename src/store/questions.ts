import type { Connection } from './connection.js';

export interface QuestionRecord {
  /** Null for direct messages. */
  guildId: string | null;
  channelId?: string | null;
  userId: string;
  question: string;
  answered: boolean;
  /** The best section behind the answer (or the nearest one when not answered). */
  topSectionId?: string | null;
  /** When it was asked (default: now); set when the write is retried later. */
  askedAt?: Date;
}

/**
 * What counts as "the same question" in `/stats`: Unicode-normalized (NFKC, so full-width letters
 * and decomposed Hangul match), trimmed, runs of whitespace collapsed to one space, case-folded.
 */
export function normalizeQuestion(question: string): string {
  return question.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** The log of questions asked, for `/stats` and "what to write next". */
export class QuestionLog {
  constructor(private readonly conn: Connection) {}

  /** Records one question; returns its id (pass it to feedback to link votes to the question). */
  log(record: QuestionRecord): number {
    const result = this.conn.guard(() =>
      this.conn
        .statement(
          `INSERT INTO questions (guild_id, channel_id, user_id, question, question_norm, answered, top_section_id, asked_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          record.guildId,
          record.channelId ?? null,
          record.userId,
          record.question,
          normalizeQuestion(record.question),
          record.answered ? 1 : 0,
          record.topSectionId ?? null,
          record.askedAt?.toISOString() ?? this.conn.stamp(),
        ),
    );
    return Number(result.lastInsertRowid);
  }
}
