import type { Connection } from './connection.js';
import { normalizeQuestion } from './questions.js';

/** A question the notes could not answer, in one guild: the same question (normalized) asked twice is one gap. */
export interface Gap {
  id: number;
  guildId: string;
  question: string;
  status: 'open' | 'answered';
  /** Members who asked it or asked for a note on it. */
  askers: number;
  /** Proposed answers waiting for an admin. */
  proposals: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface GapAsker {
  userId: string;
  channelId: string | null;
  /** The "not found" reply they saw, when known: the notice answers under it. */
  messageId: string | null;
}

export type GapAnswerStatus = 'proposed' | 'approved' | 'rejected';

/** A member's answer to a gap, as proposed and (once reviewed) as approved or rejected. */
export interface GapAnswer {
  id: number;
  gapId: number;
  guildId: string;
  question: string;
  /** Null once the member who wrote it asked to be forgotten. */
  answeredBy: string | null;
  answeredByName: string | null;
  answer: string;
  status: GapAnswerStatus;
  /** What goes into the note: the answer as approved (an admin may have edited it). */
  approvedText: string | null;
  reviewedBy: string | null;
  reviewedByName: string | null;
  reviewedAt: Date | null;
  /** The note's path under the knowledge folder, chosen at approval. */
  noteFile: string | null;
  writtenAt: Date | null;
  notifiedAt: Date | null;
  createdAt: Date;
}

export interface AskerRecord {
  guildId: string;
  question: string;
  userId: string;
  channelId?: string | null;
  messageId?: string | null;
  askedAt?: string;
}

interface AnswerRow {
  id: number;
  gap_id: number;
  guild_id: string;
  question: string;
  answered_by: string | null;
  answered_by_name: string | null;
  answer: string;
  status: GapAnswerStatus;
  approved_text: string | null;
  reviewed_by: string | null;
  reviewed_by_name: string | null;
  reviewed_at: string | null;
  note_file: string | null;
  written_at: string | null;
  notified_at: string | null;
  created_at: string;
}

const ANSWER_SELECT = `SELECT a.*, g.guild_id, g.question FROM gap_answers a JOIN gaps g ON g.id = a.gap_id`;

/**
 * The gap list: questions the notes could not answer (and note requests), the members who asked, and the
 * answers members propose. Nothing here touches the notes: `src/community/` writes an approved answer out.
 */
export class GapTable {
  constructor(private readonly conn: Connection) {}

  /**
   * Adds the asker to the gap of this question in this guild, creating the gap; asking again where a note was
   * approved joins that gap without opening it again. Runs inside the caller's transaction when there is one.
   * @returns the gap's id.
   */
  join(record: AskerRecord): number {
    return this.conn.write(() => {
      const at = record.askedAt ?? this.conn.stamp();
      const norm = normalizeQuestion(record.question);
      const gapId = this.conn
        .statement<[string, string, string, string, string], number>(
          `INSERT INTO gaps (guild_id, question, question_norm, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (guild_id, question_norm) DO UPDATE SET updated_at = excluded.updated_at
           RETURNING id`,
        )
        .pluck()
        .get(record.guildId, record.question, norm, at, at)!;
      this.conn
        .statement(
          `INSERT INTO gap_askers (gap_id, user_id, channel_id, message_id, asked_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (gap_id, user_id) DO UPDATE SET
             channel_id = COALESCE(excluded.channel_id, gap_askers.channel_id),
             message_id = COALESCE(excluded.message_id, gap_askers.message_id)`,
        )
        .run(gapId, record.userId, record.channelId ?? null, record.messageId ?? null, at);
      return gapId;
    });
  }

  get(gapId: number): Gap | undefined {
    const row = this.conn.guard(() => this.conn.statement<[number], GapRow>(`${GAP_SELECT} WHERE g.id = ?`).get(gapId));
    return row && fromGapRow(row);
  }

  /** The gap a logged question belongs to (none for a question asked outside a guild, or answered). */
  ofQuestion(questionId: number): number | undefined {
    return this.conn.guard(() =>
      this.conn
        .statement<[number], number>('SELECT g.id FROM questions q JOIN gaps g ON g.guild_id = q.guild_id AND g.question_norm = q.question_norm WHERE q.id = ?')
        .pluck()
        .get(questionId),
    );
  }

  /** The guild's open gaps, most askers first, then the latest. */
  open(guildId: string, limit: number): Gap[] {
    return this.conn
      .guard(() =>
        this.conn
          .statement<[string, number], GapRow>(`${GAP_SELECT} WHERE g.guild_id = ? AND g.status = 'open' ORDER BY askers DESC, g.updated_at DESC, g.id DESC LIMIT ?`)
          .all(guildId, limit),
      )
      .map(fromGapRow);
  }

  openCount(guildId: string): number {
    return this.conn.guard(() =>
      this.conn.statement<[string], number>(`SELECT COUNT(*) FROM gaps WHERE guild_id = ? AND status = 'open'`).pluck().get(guildId)!,
    );
  }

  askers(gapId: number): GapAsker[] {
    return this.conn
      .guard(() =>
        this.conn
          .statement<[number], { user_id: string; channel_id: string | null; message_id: string | null }>(
            'SELECT user_id, channel_id, message_id FROM gap_askers WHERE gap_id = ? ORDER BY asked_at, user_id',
          )
          .all(gapId),
      )
      .map((r) => ({ userId: r.user_id, channelId: r.channel_id, messageId: r.message_id }));
  }

  /** A member's answer to an open gap, kept for an admin to review. Undefined when the gap is gone or already answered. */
  propose(gapId: number, by: { userId: string; name: string }, answer: string): GapAnswer | undefined {
    return this.conn.write(() => {
      const open = this.conn.statement<[number], number>(`SELECT 1 FROM gaps WHERE id = ? AND status = 'open'`).pluck().get(gapId);
      if (!open) return undefined;
      const id = Number(
        this.conn
          .statement('INSERT INTO gap_answers (gap_id, answered_by, answered_by_name, answer, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(gapId, by.userId, by.name, answer, this.conn.stamp()).lastInsertRowid,
      );
      return this.answer(id);
    });
  }

  answer(answerId: number): GapAnswer | undefined {
    const row = this.conn.guard(() => this.conn.statement<[number], AnswerRow>(`${ANSWER_SELECT} WHERE a.id = ?`).get(answerId));
    return row && fromAnswerRow(row);
  }

  /** Answers waiting for an admin in this guild, oldest first. */
  proposals(guildId: string, limit: number): GapAnswer[] {
    return this.conn
      .guard(() =>
        this.conn
          .statement<[string, number], AnswerRow>(`${ANSWER_SELECT} WHERE g.guild_id = ? AND a.status = 'proposed' ORDER BY a.id LIMIT ?`)
          .all(guildId, limit),
      )
      .map(fromAnswerRow);
  }

  proposalCount(guildId: string): number {
    return this.conn.guard(() =>
      this.conn
        .statement<[string], number>(`SELECT COUNT(*) FROM gap_answers a JOIN gaps g ON g.id = a.gap_id WHERE g.guild_id = ? AND a.status = 'proposed'`)
        .pluck()
        .get(guildId)!,
    );
  }

  /**
   * Records the approval before anything is written: the answer, its final text and the note file it goes to,
   * and the gap as answered, in one transaction. Other proposals for the same gap stay in the database as they are.
   * @returns undefined when the answer is not (any longer) waiting for review.
   */
  approve(answerId: number, by: { userId: string; name: string }, noteFile: (answer: GapAnswer) => string, editedText?: string): GapAnswer | undefined {
    return this.conn.write(() => {
      const answer = this.answer(answerId);
      if (answer?.status !== 'proposed') return undefined;
      this.conn
        .statement(
          `UPDATE gap_answers SET status = 'approved', approved_text = ?, reviewed_by = ?, reviewed_by_name = ?, reviewed_at = ?, note_file = ? WHERE id = ?`,
        )
        .run(editedText ?? answer.answer, by.userId, by.name, this.conn.stamp(), noteFile(answer), answerId);
      this.conn.statement(`UPDATE gaps SET status = 'answered', updated_at = ? WHERE id = ?`).run(this.conn.stamp(), answer.gapId);
      return this.answer(answerId);
    });
  }

  /** A rejected answer stays here, never in the notes. False when it was not waiting for review. */
  reject(answerId: number, by: { userId: string; name: string }): boolean {
    const result = this.conn.write(() =>
      this.conn
        .statement(`UPDATE gap_answers SET status = 'rejected', reviewed_by = ?, reviewed_by_name = ?, reviewed_at = ? WHERE id = ? AND status = 'proposed'`)
        .run(by.userId, by.name, this.conn.stamp(), answerId),
    );
    return result.changes > 0;
  }

  /** Approved answers whose note is not written yet, or whose askers are not told yet (a crash in between). */
  unfinished(): GapAnswer[] {
    return this.conn
      .guard(() => this.conn.statement<[], AnswerRow>(`${ANSWER_SELECT} WHERE a.status = 'approved' AND a.notified_at IS NULL ORDER BY a.id`).all())
      .map(fromAnswerRow);
  }

  /** The note is on disk as `noteFile` (which may differ from the planned name when that was taken). */
  markWritten(answerId: number, noteFile: string): void {
    this.conn.write(() =>
      this.conn.statement('UPDATE gap_answers SET written_at = ?, note_file = ? WHERE id = ?').run(this.conn.stamp(), noteFile, answerId),
    );
  }

  markNotified(answerId: number): void {
    this.conn.write(() => this.conn.statement('UPDATE gap_answers SET notified_at = ? WHERE id = ?').run(this.conn.stamp(), answerId));
  }
}

interface GapRow {
  id: number;
  guild_id: string;
  question: string;
  status: 'open' | 'answered';
  askers: number;
  proposals: number;
  created_at: string;
  updated_at: string;
}

const GAP_SELECT = `SELECT g.id, g.guild_id, g.question, g.status, g.created_at, g.updated_at,
  (SELECT COUNT(*) FROM gap_askers k WHERE k.gap_id = g.id) AS askers,
  (SELECT COUNT(*) FROM gap_answers a WHERE a.gap_id = g.id AND a.status = 'proposed') AS proposals
  FROM gaps g`;

function fromGapRow(row: GapRow): Gap {
  return {
    id: row.id,
    guildId: row.guild_id,
    question: row.question,
    status: row.status,
    askers: row.askers,
    proposals: row.proposals,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function fromAnswerRow(row: AnswerRow): GapAnswer {
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return {
    id: row.id,
    gapId: row.gap_id,
    guildId: row.guild_id,
    question: row.question,
    answeredBy: row.answered_by,
    answeredByName: row.answered_by_name,
    answer: row.answer,
    status: row.status,
    approvedText: row.approved_text,
    reviewedBy: row.reviewed_by,
    reviewedByName: row.reviewed_by_name,
    reviewedAt: date(row.reviewed_at),
    noteFile: row.note_file,
    writtenAt: date(row.written_at),
    notifiedAt: date(row.notified_at),
    createdAt: new Date(row.created_at),
  };
}
