import type { Connection } from './connection.js';

/**
 * Everything the bot keeps about one member, table by table: what `/export-member` shows and `/forget-me`
 * deletes. A table that gains a member's rows (reminder settings, …) adds one entry here, and both follow.
 * `exported` selects the member's rows seen from one guild (`:user`, `:guild`); tables the bot keeps per
 * member rather than per guild (review cards and log, active days) are exported whole.
 */
interface MemberTable {
  name: string;
  exported: string;
  /** Statements run in order, in one transaction; `:user` binds the member. */
  forget: string[];
}

const MEMBER_TABLES: readonly MemberTable[] = [
  {
    name: 'questions',
    exported: 'SELECT id, guild_id, channel_id, question, answered, top_section_id, asked_at FROM questions WHERE user_id = :user AND guild_id = :guild ORDER BY id',
    // Votes on the member's answers keep counting, without the question; note requests on them go with them.
    forget: ['DELETE FROM questions WHERE user_id = :user'],
  },
  {
    name: 'feedback',
    exported: 'SELECT message_id, question_id, vote, reason, created_at, updated_at FROM feedback WHERE user_id = :user AND guild_id = :guild ORDER BY created_at',
    forget: ['DELETE FROM feedback WHERE user_id = :user'],
  },
  {
    name: 'note_requests',
    exported: 'SELECT question_id, requested_at FROM gap_requests WHERE user_id = :user AND guild_id = :guild ORDER BY requested_at',
    forget: ['DELETE FROM gap_requests WHERE user_id = :user'],
  },
  {
    name: 'quiz_attempts',
    exported: `SELECT a.quiz_id, q.local_date, a.choice, a.correct, a.answered_at FROM quiz_attempts a JOIN quizzes q ON q.id = a.quiz_id
               WHERE a.user_id = :user AND q.guild_id = :guild ORDER BY a.answered_at`,
    forget: ['DELETE FROM quiz_attempts WHERE user_id = :user'],
  },
  {
    name: 'review_cards',
    exported: 'SELECT id, section_id, front, fsrs, due, created_at, updated_at FROM review_cards WHERE user_id = :user AND :guild IS NOT NULL ORDER BY id',
    // The review log goes with its cards (ON DELETE CASCADE).
    forget: ['DELETE FROM review_cards WHERE user_id = :user'],
  },
  {
    name: 'review_log',
    exported: `SELECT l.card_id, l.rating, l.reviewed_at, l.log FROM review_log l JOIN review_cards c ON c.id = l.card_id
               WHERE c.user_id = :user AND :guild IS NOT NULL ORDER BY l.id`,
    forget: [],
  },
  {
    name: 'activity_days',
    exported: 'SELECT local_date FROM activity_days WHERE user_id = :user AND :guild IS NOT NULL ORDER BY local_date',
    forget: ['DELETE FROM activity_days WHERE user_id = :user'],
  },
  {
    name: 'review_reminders',
    exported: 'SELECT guild_id, remind_time, enabled, last_date, last_status, updated_at FROM review_reminders WHERE user_id = :user AND :guild IS NOT NULL',
    forget: ['DELETE FROM review_reminders WHERE user_id = :user'],
  },
  {
    name: 'gaps_asked',
    exported: `SELECT g.id AS gap_id, g.question, k.channel_id, k.asked_at FROM gap_askers k JOIN gaps g ON g.id = k.gap_id
               WHERE k.user_id = :user AND g.guild_id = :guild ORDER BY k.asked_at`,
    forget: ['DELETE FROM gap_askers WHERE user_id = :user'],
  },
  {
    name: 'answers_proposed',
    exported: `SELECT a.id, g.question, a.answer, a.status, a.approved_text, a.note_file, a.created_at FROM gap_answers a JOIN gaps g ON g.id = a.gap_id
               WHERE a.answered_by = :user AND g.guild_id = :guild ORDER BY a.id`,
    // An approved answer is part of the notes now (their history is the notes' own): it stays, without its author.
    forget: [
      `DELETE FROM gap_answers WHERE answered_by = :user AND status <> 'approved'`,
      `UPDATE gap_answers SET answered_by = NULL, answered_by_name = NULL WHERE answered_by = :user`,
    ],
  },
];

/** Gaps nobody asks about any more and nobody answered: their question text goes too. */
const FORGET_ORPHAN_GAPS = `DELETE FROM gaps WHERE status = 'open'
  AND NOT EXISTS (SELECT 1 FROM gap_askers k WHERE k.gap_id = gaps.id)
  AND NOT EXISTS (SELECT 1 FROM gap_answers a WHERE a.gap_id = gaps.id)`;

export type MemberExport = Record<string, Record<string, unknown>[]>;

/** One member's data: export (per guild) and deletion (everywhere), both table by table from `MEMBER_TABLES`. */
export class MemberData {
  constructor(private readonly conn: Connection) {}

  /** The member's rows as seen from `guildId`, by table; JSON columns stay text, as stored. */
  export(userId: string, guildId: string): MemberExport {
    return this.conn.guard(() =>
      Object.fromEntries(
        MEMBER_TABLES.map((table) => [table.name, this.conn.statement<[{ user: string; guild: string }], Record<string, unknown>>(table.exported).all({ user: userId, guild: guildId })]),
      ),
    );
  }

  /** Deletes everything the bot keeps about the member, in one transaction. @returns rows deleted or cleared, by table. */
  forget(userId: string): Record<string, number> {
    return this.conn.write(() => {
      const counts: Record<string, number> = {};
      for (const table of MEMBER_TABLES) {
        counts[table.name] = table.forget.reduce((n, sql) => n + this.conn.statement<[{ user: string }]>(sql).run({ user: userId }).changes, 0);
      }
      this.conn.statement(FORGET_ORPHAN_GAPS).run();
      return counts;
    });
  }
}
