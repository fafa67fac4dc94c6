import type { Connection } from './connection.js';

/** A quiz answer's grading (the card's first review) or a rating in `/review`. */
export type ReviewKind = 'quiz' | 'review';

/** One member's review card for one section: what it asks (`front`) and its scheduler state (`fsrs`), both JSON-safe objects. */
export interface StoredReviewCard<Front = unknown, State = unknown> {
  id: number;
  userId: string;
  sectionId: string;
  front: Front;
  fsrs: State;
  due: Date;
  createdAt: Date;
  updatedAt: Date;
}

interface CardRow {
  id: number;
  user_id: string;
  section_id: string;
  front: string;
  fsrs: string;
  due: string;
  created_at: string;
  updated_at: string;
}

/**
 * Spaced-review cards per member (the FSRS state itself is computed by ts-fsrs in `src/daily/review.ts`;
 * this only keeps it), their review log, and the local days each member was active (for streaks).
 */
export class ReviewTable {
  constructor(private readonly conn: Connection) {}

  get(userId: string, sectionId: string): StoredReviewCard | undefined {
    const row = this.conn.guard(() =>
      this.conn.statement<[string, string], CardRow>('SELECT * FROM review_cards WHERE user_id = ? AND section_id = ?').get(userId, sectionId),
    );
    return row && fromRow(row);
  }

  byId(id: number): StoredReviewCard | undefined {
    const row = this.conn.guard(() => this.conn.statement<[number], CardRow>('SELECT * FROM review_cards WHERE id = ?').get(id));
    return row && fromRow(row);
  }

  /** Creates the member's card for a section, or refreshes its front (the question as last met); the scheduler state is kept. */
  meet(userId: string, sectionId: string, front: unknown, initial: { fsrs: unknown; due: Date }): StoredReviewCard {
    return this.conn.write(() => {
      const now = this.conn.stamp();
      this.conn
        .statement(
          `INSERT INTO review_cards (user_id, section_id, front, fsrs, due, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (user_id, section_id) DO UPDATE SET front = excluded.front, updated_at = excluded.updated_at`,
        )
        .run(userId, sectionId, JSON.stringify(front), JSON.stringify(initial.fsrs), initial.due.toISOString(), now, now);
      return this.get(userId, sectionId)!;
    });
  }

  /**
   * Stores a review: the card's new state and due date, and the log entry, in one transaction. `kind` and
   * `guildId` say what the leaderboard counts: a `/review` rating in that guild, or a quiz answer's grading.
   */
  record(cardId: number, review: { fsrs: unknown; due: Date; rating: number; log: unknown; kind: ReviewKind; guildId: string | null }): void {
    this.conn.write(() => {
      const now = this.conn.stamp();
      this.conn
        .statement('UPDATE review_cards SET fsrs = ?, due = ?, updated_at = ? WHERE id = ?')
        .run(JSON.stringify(review.fsrs), review.due.toISOString(), now, cardId);
      this.conn
        .statement('INSERT INTO review_log (card_id, rating, reviewed_at, log, kind, guild_id) VALUES (?, ?, ?, ?, ?, ?)')
        .run(cardId, review.rating, now, JSON.stringify(review.log), review.kind, review.guildId);
    });
  }

  /** The member's cards due at `at`, most overdue first. */
  due(userId: string, at: Date, limit = 25): StoredReviewCard[] {
    return this.conn
      .guard(() =>
        this.conn
          .statement<[string, string, number], CardRow>('SELECT * FROM review_cards WHERE user_id = ? AND due <= ? ORDER BY due, id LIMIT ?')
          .all(userId, at.toISOString(), limit),
      )
      .map(fromRow);
  }

  dueCount(userId: string, at: Date): number {
    return this.conn.guard(() =>
      this.conn
        .statement<[string, string], number>('SELECT COUNT(*) FROM review_cards WHERE user_id = ? AND due <= ?')
        .pluck()
        .get(userId, at.toISOString())!,
    );
  }

  /** When the member's next card falls due, undefined when they have none. */
  nextDue(userId: string): Date | undefined {
    const due = this.conn.guard(() =>
      this.conn.statement<[string], string | null>('SELECT MIN(due) FROM review_cards WHERE user_id = ?').pluck().get(userId),
    );
    return due ? new Date(due) : undefined;
  }

  /** How many reviews the card has had (its log). */
  reviews(cardId: number): number {
    return this.conn.guard(() => this.conn.statement<[number], number>('SELECT COUNT(*) FROM review_log WHERE card_id = ?').pluck().get(cardId)!);
  }

  /** Marks a local day as one the member was active on (answered a quiz or reviewed a card). */
  markActive(userId: string, localDate: string): void {
    this.conn.guard(() =>
      this.conn.statement('INSERT INTO activity_days (user_id, local_date) VALUES (?, ?) ON CONFLICT DO NOTHING').run(userId, localDate),
    );
  }

  /** The member's active days, latest first; all of them without `limit` (-1 is SQLite's "no limit"). */
  activeDays(userId: string, limit = -1): string[] {
    return this.conn.guard(() =>
      this.conn
        .statement<[string, number], string>('SELECT local_date FROM activity_days WHERE user_id = ? ORDER BY local_date DESC LIMIT ?')
        .pluck()
        .all(userId, limit),
    );
  }
}

function fromRow(row: CardRow): StoredReviewCard {
  return {
    id: row.id,
    userId: row.user_id,
    sectionId: row.section_id,
    front: JSON.parse(row.front) as unknown,
    fsrs: JSON.parse(row.fsrs) as unknown,
    due: new Date(row.due),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
