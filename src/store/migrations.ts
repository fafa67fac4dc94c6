import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';

/**
 * One schema step. Versions are 1, 2, 3, … in order; a database records the last one applied in
 * `PRAGMA user_version`. Never edit a released migration: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'guild settings, daily rotation, question log, feedback',
    up(db) {
      db.exec(`
        CREATE TABLE guild_settings (
          guild_id           TEXT PRIMARY KEY,
          daily_channel_id   TEXT,
          daily_time         TEXT NOT NULL DEFAULT '09:00',
          timezone           TEXT NOT NULL DEFAULT 'Asia/Seoul',
          daily_enabled      INTEGER NOT NULL DEFAULT 0 CHECK (daily_enabled IN (0, 1)),
          configured_by      TEXT,
          locale             TEXT,
          -- when daily posts were last switched on: slots before this instant are never caught up
          daily_active_since TEXT,
          updated_at         TEXT NOT NULL
        ) STRICT;

        CREATE TABLE daily_state (
          guild_id          TEXT PRIMARY KEY REFERENCES guild_settings (guild_id) ON DELETE CASCADE,
          round             INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
          -- the scheduled slot: local calendar date (YYYY-MM-DD) of the last claimed daily post
          slot_date         TEXT,
          slot_status       TEXT CHECK (slot_status IN ('claimed', 'posted', 'failed', 'error', 'interrupted')),
          slot_section_id   TEXT,
          slot_round        INTEGER,
          slot_claimed_at   TEXT,
          slot_finished_at  TEXT,
          slot_message_id   TEXT,
          slot_problem      TEXT,
          -- the last problem the admin was told about; cleared by a good post or a settings change
          notified_problem  TEXT
        ) STRICT;

        CREATE TABLE daily_posted (
          guild_id   TEXT NOT NULL REFERENCES daily_state (guild_id) ON DELETE CASCADE,
          round      INTEGER NOT NULL,
          section_id TEXT NOT NULL,
          kind       TEXT NOT NULL CHECK (kind IN ('scheduled', 'manual')),
          posted_at  TEXT NOT NULL,
          PRIMARY KEY (guild_id, round, section_id)
        ) STRICT;

        CREATE TABLE questions (
          id             INTEGER PRIMARY KEY,
          guild_id       TEXT,
          channel_id     TEXT,
          user_id        TEXT NOT NULL,
          question       TEXT NOT NULL,
          -- trimmed, whitespace-collapsed, NFKC, lower-cased: what "the same question" means in /stats
          question_norm  TEXT NOT NULL,
          answered       INTEGER NOT NULL CHECK (answered IN (0, 1)),
          top_section_id TEXT,
          asked_at       TEXT NOT NULL
        ) STRICT;
        CREATE INDEX questions_by_guild ON questions (guild_id, answered, question_norm);

        CREATE TABLE feedback (
          message_id  TEXT NOT NULL,
          user_id     TEXT NOT NULL,
          guild_id    TEXT,
          question_id INTEGER REFERENCES questions (id) ON DELETE SET NULL,
          vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL,
          PRIMARY KEY (message_id, user_id)
        ) STRICT;
        CREATE INDEX feedback_by_guild ON feedback (guild_id);
      `);
    },
  },
  {
    version: 2,
    name: 'daily quizzes and attempts, review cards (FSRS) and their log, activity days',
    up(db) {
      db.exec(`
        CREATE TABLE quizzes (
          id          INTEGER PRIMARY KEY,
          guild_id    TEXT NOT NULL,
          channel_id  TEXT NOT NULL,
          -- set once the post went out; a quiz without one was never shown
          message_id  TEXT,
          local_date  TEXT NOT NULL,
          kind        TEXT NOT NULL CHECK (kind IN ('scheduled', 'manual')),
          section_id  TEXT NOT NULL,
          -- the question as posted (JSON): grading never depends on the notes as they are later
          quiz        TEXT NOT NULL,
          created_at  TEXT NOT NULL
        ) STRICT;
        CREATE INDEX quizzes_by_guild ON quizzes (guild_id, local_date);

        CREATE TABLE quiz_attempts (
          quiz_id     INTEGER NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
          user_id     TEXT NOT NULL,
          -- the option picked (0-based); NULL when the member revealed a cloze's answer
          choice      INTEGER,
          correct     INTEGER CHECK (correct IN (0, 1)),
          answered_at TEXT NOT NULL,
          PRIMARY KEY (quiz_id, user_id)
        ) STRICT;

        CREATE TABLE review_cards (
          id          INTEGER PRIMARY KEY,
          user_id     TEXT NOT NULL,
          section_id  TEXT NOT NULL,
          -- what the card asks and answers (JSON), as last met: reviews survive changes to the notes
          front       TEXT NOT NULL,
          -- ts-fsrs card state (JSON); due copied out for the due query
          fsrs        TEXT NOT NULL,
          due         TEXT NOT NULL,
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL,
          UNIQUE (user_id, section_id)
        ) STRICT;
        CREATE INDEX review_cards_due ON review_cards (user_id, due);

        CREATE TABLE review_log (
          id          INTEGER PRIMARY KEY,
          card_id     INTEGER NOT NULL REFERENCES review_cards (id) ON DELETE CASCADE,
          rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
          reviewed_at TEXT NOT NULL,
          -- ts-fsrs review log (JSON)
          log         TEXT NOT NULL
        ) STRICT;

        CREATE TABLE activity_days (
          user_id     TEXT NOT NULL,
          -- local calendar date (YYYY-MM-DD) in the zone of the guild where the member was active
          local_date  TEXT NOT NULL,
          PRIMARY KEY (user_id, local_date)
        ) STRICT;
      `);
    },
  },
  {
    version: 3,
    name: 'why an answer was 👎, and members asking for a note on what the notes could not answer',
    up(db) {
      // ADD COLUMN keeps every existing vote; a vote from before simply has no reason.
      db.exec(`
        ALTER TABLE feedback ADD COLUMN reason TEXT CHECK (reason IN ('wrong', 'incomplete', 'off-topic'));

        CREATE TABLE gap_requests (
          question_id  INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
          user_id      TEXT NOT NULL,
          guild_id     TEXT,
          requested_at TEXT NOT NULL,
          PRIMARY KEY (question_id, user_id)
        ) STRICT;
      `);
    },
  },
  {
    version: 4,
    name: 'streaks and leaderboard: where a review happened; review reminders; weekly digests',
    up(db) {
      // ADD COLUMN keeps every logged review. Older rows have no guild and count as `/review` ratings.
      db.exec(`
        ALTER TABLE review_log ADD COLUMN guild_id TEXT;
        -- 'quiz': the grading of a quiz answer that created the card; 'review': a rating in /review
        ALTER TABLE review_log ADD COLUMN kind TEXT NOT NULL DEFAULT 'review' CHECK (kind IN ('quiz', 'review'));
        CREATE INDEX review_log_by_guild ON review_log (guild_id, reviewed_at);
        CREATE INDEX quiz_attempts_by_time ON quiz_attempts (answered_at);

        CREATE TABLE review_reminders (
          user_id      TEXT PRIMARY KEY,
          -- the guild whose zone the time is read in; NULL: the default zone (switched on in a DM)
          guild_id     TEXT,
          remind_time  TEXT NOT NULL,
          enabled      INTEGER NOT NULL CHECK (enabled IN (0, 1)),
          -- reminder times before this instant are never caught up (switched on at 15:00 for 09:00: tomorrow)
          active_since TEXT NOT NULL,
          -- local date of the last day handled, and how: claimed before sending, so a day is never sent twice
          last_date    TEXT,
          last_status  TEXT CHECK (last_status IN ('claimed', 'sent', 'nothing-due', 'failed')),
          -- failed days in a row; the reminder switches itself off at a limit instead of trying forever
          failures     INTEGER NOT NULL DEFAULT 0,
          updated_at   TEXT NOT NULL
        ) STRICT;

        CREATE TABLE weekly_digests (
          guild_id    TEXT PRIMARY KEY REFERENCES guild_settings (guild_id) ON DELETE CASCADE,
          -- local date of the last claimed weekly slot
          slot_date   TEXT,
          slot_status TEXT CHECK (slot_status IN ('claimed', 'posted', 'failed')),
          message_id  TEXT,
          problem     TEXT,
          -- note file → fingerprint of its concepts when the last digest was composed (or first seen): the baseline of "notes changed"
          notes       TEXT NOT NULL,
          notes_since TEXT NOT NULL,
          updated_at  TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 5,
    name: 'the gap list (questions the notes could not answer, per guild) with its askers, and members\' proposed answers',
    up(db) {
      db.exec(`
        CREATE TABLE gaps (
          id            INTEGER PRIMARY KEY,
          guild_id      TEXT NOT NULL,
          -- the question as first asked; question_norm is what makes two askings the same gap
          question      TEXT NOT NULL,
          question_norm TEXT NOT NULL,
          status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
          created_at    TEXT NOT NULL,
          updated_at    TEXT NOT NULL,
          UNIQUE (guild_id, question_norm)
        ) STRICT;

        CREATE TABLE gap_askers (
          gap_id      INTEGER NOT NULL REFERENCES gaps (id) ON DELETE CASCADE,
          user_id     TEXT NOT NULL,
          -- where to tell them once a note answers it: the channel or thread, and the "not found" reply when known
          channel_id  TEXT,
          message_id  TEXT,
          asked_at    TEXT NOT NULL,
          PRIMARY KEY (gap_id, user_id)
        ) STRICT;

        CREATE TABLE gap_answers (
          id               INTEGER PRIMARY KEY,
          gap_id           INTEGER NOT NULL REFERENCES gaps (id) ON DELETE CASCADE,
          -- NULL once the member who wrote it asked to be forgotten
          answered_by      TEXT,
          answered_by_name TEXT,
          answer           TEXT NOT NULL,
          status           TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'rejected')),
          -- the text as approved (an admin may have edited it) and the note it goes to, both fixed at approval
          approved_text    TEXT,
          reviewed_by      TEXT,
          reviewed_by_name TEXT,
          reviewed_at      TEXT,
          note_file        TEXT,
          written_at       TEXT,
          notified_at      TEXT,
          created_at       TEXT NOT NULL
        ) STRICT;
        CREATE INDEX gap_answers_pending ON gap_answers (status, written_at);

        -- Questions already logged as not answered, and note requests already made, start the list.
        INSERT INTO gaps (guild_id, question, question_norm, created_at, updated_at)
          SELECT guild_id, question, question_norm, MIN(asked_at), MAX(asked_at) FROM questions
          WHERE answered = 0 AND guild_id IS NOT NULL GROUP BY guild_id, question_norm;
        INSERT OR IGNORE INTO gap_askers (gap_id, user_id, channel_id, asked_at)
          SELECT g.id, q.user_id, q.channel_id, MIN(q.asked_at) FROM questions q
          JOIN gaps g ON g.guild_id = q.guild_id AND g.question_norm = q.question_norm
          WHERE q.answered = 0 GROUP BY g.id, q.user_id;
        INSERT OR IGNORE INTO gap_askers (gap_id, user_id, channel_id, asked_at)
          SELECT g.id, r.user_id, q.channel_id, r.requested_at FROM gap_requests r
          JOIN questions q ON q.id = r.question_id
          JOIN gaps g ON g.guild_id = q.guild_id AND g.question_norm = q.question_norm;
      `);
    },
  },
];

/**
 * Brings the database up to the latest version. All pending steps run in one IMMEDIATE
 * transaction together with the `user_version` bump, so a crash leaves the old version intact
 * and two processes starting at once cannot both migrate.
 * @returns the versions that were applied (empty when the database was already current).
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  checkOrder(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const apply = db.transaction((): number[] => {
    const current = userVersion(db);
    if (current > latest) {
      throw new StoreError(
        'DB_TOO_NEW',
        `The database ${db.name} is at schema version ${current}, newer than this bot knows (${latest}). ` +
          'Run the newer bot version, or restore a backup made by this version.',
      );
    }
    const pending = migrations.filter((m) => m.version > current);
    for (const migration of pending) migration.up(db);
    if (pending.length > 0) db.pragma(`user_version = ${latest}`);
    return pending.map((m) => m.version);
  });
  return apply.immediate();
}

export function userVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration #${i} has version ${m.version}; versions must be 1, 2, 3, … in order`);
  });
}
