import type { DailyQuiz } from '../daily/quiz.js';
import type { Connection } from './connection.js';

/** A daily quiz as posted: what the buttons on its message grade against. */
export interface StoredQuiz {
  id: number;
  guildId: string;
  channelId: string;
  messageId: string | null;
  localDate: string;
  kind: 'scheduled' | 'manual';
  quiz: DailyQuiz;
  createdAt: Date;
}

export interface QuizAttempt {
  quizId: number;
  userId: string;
  /** The option picked; null when the member revealed a cloze's answer. */
  choice: number | null;
  /** Null when there was nothing to grade (a revealed cloze). */
  correct: boolean | null;
  answeredAt: Date;
}

export interface QuizTally {
  /** Members who answered (or revealed). */
  participants: number;
  /** Of those, how many were graded (picked an option), and how many of those were right. */
  graded: number;
  correct: number;
}

interface QuizRow {
  id: number;
  guild_id: string;
  channel_id: string;
  message_id: string | null;
  local_date: string;
  kind: 'scheduled' | 'manual';
  quiz: string;
  created_at: string;
}

interface AttemptRow {
  quiz_id: number;
  user_id: string;
  choice: number | null;
  correct: number | null;
  answered_at: string;
}

/** Daily quizzes and members' attempts: one attempt per member per quiz, the first one counts. */
export class QuizTable {
  constructor(private readonly conn: Connection) {}

  /** Records a quiz about to be posted; its id goes into the buttons' custom ids. */
  create(input: { guildId: string; channelId: string; localDate: string; kind: 'scheduled' | 'manual'; quiz: DailyQuiz }): number {
    return this.conn.write(() =>
      Number(
        this.conn
          .statement(
            `INSERT INTO quizzes (guild_id, channel_id, local_date, kind, section_id, quiz, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(input.guildId, input.channelId, input.localDate, input.kind, input.quiz.sectionId, JSON.stringify(input.quiz), this.conn.stamp())
          .lastInsertRowid,
      ),
    );
  }

  /** The post went out as `messageId`. */
  setMessage(quizId: number, messageId: string): void {
    this.conn.guard(() => this.conn.statement('UPDATE quizzes SET message_id = ? WHERE id = ?').run(messageId, quizId));
  }

  get(quizId: number): StoredQuiz | undefined {
    const row = this.conn.guard(() => this.conn.statement<[number], QuizRow>('SELECT * FROM quizzes WHERE id = ?').get(quizId));
    return row && {
      id: row.id,
      guildId: row.guild_id,
      channelId: row.channel_id,
      messageId: row.message_id,
      localDate: row.local_date,
      kind: row.kind,
      quiz: JSON.parse(row.quiz) as DailyQuiz,
      createdAt: new Date(row.created_at),
    };
  }

  /**
   * Records a member's answer unless they already answered this quiz. Returns the attempt that counts
   * (the earlier one on a second click) and whether this call recorded it.
   */
  answer(input: { quizId: number; userId: string; choice: number | null; correct: boolean | null }): { attempt: QuizAttempt; first: boolean } {
    return this.conn.write(() => {
      const inserted = this.conn
        .statement(
          `INSERT INTO quiz_attempts (quiz_id, user_id, choice, correct, answered_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (quiz_id, user_id) DO NOTHING`,
        )
        .run(input.quizId, input.userId, input.choice, input.correct === null ? null : Number(input.correct), this.conn.stamp()).changes;
      const row = this.conn
        .statement<[number, string], AttemptRow>('SELECT * FROM quiz_attempts WHERE quiz_id = ? AND user_id = ?')
        .get(input.quizId, input.userId)!;
      return {
        first: inserted > 0,
        attempt: {
          quizId: row.quiz_id,
          userId: row.user_id,
          choice: row.choice,
          correct: row.correct === null ? null : row.correct === 1,
          answeredAt: new Date(row.answered_at),
        },
      };
    });
  }

  tally(quizId: number): QuizTally {
    const row = this.conn.guard(() =>
      this.conn
        .statement<[number], { participants: number; graded: number | null; correct: number | null }>(
          `SELECT COUNT(*) AS participants, COUNT(correct) AS graded, SUM(correct) AS correct FROM quiz_attempts WHERE quiz_id = ?`,
        )
        .get(quizId)!,
    );
    return { participants: row.participants, graded: row.graded ?? 0, correct: row.correct ?? 0 };
  }
}
