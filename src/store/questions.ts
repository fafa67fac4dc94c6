import type { Connection } from './connection.js';
import type { GapTable } from './gaps.js';

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
  constructor(
    private readonly conn: Connection,
    private readonly gaps: GapTable,
  ) {}

  /**
   * Records one question; returns its id (pass it to feedback to link votes to the question). A question asked in
   * a guild that the notes could not answer joins that guild's gap list in the same transaction.
   */
  log(record: QuestionRecord): number {
    const askedAt = record.askedAt?.toISOString() ?? this.conn.stamp();
    const result = this.conn.write(() => {
      const inserted = this.conn
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
          askedAt,
        );
      if (!record.answered && record.guildId !== null) {
        this.gaps.join({ guildId: record.guildId, question: record.question, userId: record.userId, channelId: record.channelId ?? null, askedAt });
      }
      return inserted;
    });
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
   * counts the requests beside the unanswered questions, and the member joins the question's gap (told where the
   * "not found" reply is, so the notice of a new note can answer under it). One request per member and question.
   * @returns false when this member had already asked for it.
   */
  requestNote(questionId: number, userId: string, guildId: string | null, where: { channelId: string | null; messageId: string | null } = { channelId: null, messageId: null }): boolean {
    return this.conn.write(() => {
      const result = this.conn
        .statement(
          `INSERT INTO gap_requests (question_id, user_id, guild_id, requested_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (question_id, user_id) DO NOTHING`,
        )
        .run(questionId, userId, guildId, this.conn.stamp());
      const question = this.text(questionId);
      if (guildId !== null && question !== undefined) this.gaps.join({ guildId, question, userId, ...where });
      return result.changes > 0;
    });
  }
}
