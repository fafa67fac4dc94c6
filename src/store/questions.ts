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

  /** The question as it was asked, or undefined when no such entry exists. */
  text(questionId: number): string | undefined {
    return this.conn.guard(() =>
      this.conn.statement<[number], string>('SELECT question FROM questions WHERE id = ?').pluck().get(questionId),
    );
  }

  /**
   * A member asks for a note on a question the notes could not answer ("노트에 추가 요청"); `/stats`
   * counts the requests beside the unanswered questions. One request per member and question.
   * @returns false when this member had already asked for it.
   */
  requestNote(questionId: number, userId: string, guildId: string | null): boolean {
    const result = this.conn.write(() =>
      this.conn
        .statement(
          `INSERT INTO gap_requests (question_id, user_id, guild_id, requested_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (question_id, user_id) DO NOTHING`,
        )
        .run(questionId, userId, guildId, this.conn.stamp()),
    );
    return result.changes > 0;
  }
}
