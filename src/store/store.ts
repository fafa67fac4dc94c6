import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger, type Logger } from '../log/logger.js';
import { Connection } from './connection.js';
import { readLeaderboard, type LeaderboardEntry } from './activity.js';
import { DailyStateTable } from './daily-state.js';
import { DigestTable } from './digests.js';
import { readOnlyError, StoreError, toStoreError } from './errors.js';
import { FeedbackTable } from './feedback.js';
import { GapTable } from './gaps.js';
import { APPLICATION_ID, checkDatabaseFile } from './integrity.js';
import { MemberData } from './members.js';
import { migrate, MIGRATIONS, userVersion, type Migration } from './migrations.js';
import { QuestionLog } from './questions.js';
import { QuizTable } from './quizzes.js';
import { ReminderTable } from './reminders.js';
import { ReviewTable } from './reviews.js';
import { canonicalTimeZone, DEFAULT_TIMEZONE, SettingsTable } from './settings.js';
import { readStats, topQuestions, type Stats, type StatsOptions, type UnansweredQuestion } from './stats.js';

/** Where the bot keeps its database unless told otherwise (relative to the working directory). */
export const DEFAULT_DB_PATH = path.join('data', 'bot.sqlite');

export interface StoreOptions {
  /** Database file; `:memory:` for a throwaway database. Default `data/bot.sqlite`. Its folder is created. */
  path?: string;
  /** The clock for every stored time. */
  now?: () => Date;
  /**
   * How long a statement waits for another connection's lock before failing with DB_LOCKED (default 100 ms).
   * SQLite's busy wait blocks the thread, and the bot has one event loop: kept short, and the bot's question
   * log queues its writes instead (src/discord/deferred-writes.ts).
   */
  busyTimeoutMs?: number;
  /** The same while opening and migrating, before anything is served (default 5000 ms). */
  openTimeoutMs?: number;
  /** Zone for guilds that never chose one (default `Asia/Seoul`). */
  defaultTimezone?: string;
  logger?: Logger;
  /** For tests of the migration runner. */
  migrations?: readonly Migration[];
}

/**
 * The bot's SQLite database: guild settings, daily rotation state, the question log and feedback,
 * daily quizzes and attempts, members' review cards, active days and review reminders, weekly digests, the gap
 * list and proposed answers.
 * Synchronous (better-sqlite3); one instance per process. Every statement binds its values.
 *
 * Failures of the file itself throw `StoreError` (`DB_LOCKED`, `DB_READONLY`, …) with a message
 * that says what to do; invalid settings throw `UserError('BAD_ARGUMENT')`.
 */
export class Store {
  readonly settings: SettingsTable;
  readonly daily: DailyStateTable;
  readonly questions: QuestionLog;
  readonly feedback: FeedbackTable;
  readonly quizzes: QuizTable;
  readonly reviews: ReviewTable;
  readonly reminders: ReminderTable;
  readonly digests: DigestTable;
  readonly gaps: GapTable;
  /** One member's data across the tables: `/export-member` and `/forget-me`. */
  readonly members: MemberData;
  readonly now: () => Date;
  readonly path: string;
  /** Migration versions applied when this instance opened the file (empty when it was current). */
  readonly migrated: number[];
  private readonly conn: Connection;

  private constructor(
    conn: Connection,
    migrated: number[],
    /** The zone of guilds that never chose one (and of direct messages): where their days begin. */
    readonly defaultTimezone: string,
  ) {
    this.conn = conn;
    this.now = conn.now;
    this.path = conn.file;
    this.migrated = migrated;
    this.settings = new SettingsTable(conn, defaultTimezone);
    this.daily = new DailyStateTable(conn);
    this.gaps = new GapTable(conn);
    this.members = new MemberData(conn);
    this.questions = new QuestionLog(conn, this.gaps);
    this.feedback = new FeedbackTable(conn);
    this.quizzes = new QuizTable(conn);
    this.reviews = new ReviewTable(conn);
    this.reminders = new ReminderTable(conn);
    this.digests = new DigestTable(conn);
  }

  /** Opens (creating if needed) and migrates the database. */
  static open(options: StoreOptions = {}): Store {
    const file = options.path ?? DEFAULT_DB_PATH;
    const now = options.now ?? (() => new Date());
    const logger = options.logger ?? silentLogger;
    const defaultTimezone = canonicalTimeZone(options.defaultTimezone ?? DEFAULT_TIMEZONE);
    if (!defaultTimezone) throw new Error(`defaultTimezone ${options.defaultTimezone} is not an IANA time zone`);
    const memory = file === ':memory:';
    if (!memory) preflight(file);

    let db: Database.Database | undefined;
    try {
      db = new Database(file, { timeout: options.openTimeoutMs ?? 5000 });
      const { needsMark } = checkDatabaseFile(db, memory ? 'the in-memory database' : `The database file ${file}`);
      if (!memory) {
        const mode = String(db.pragma('journal_mode = WAL', { simple: true })).toLowerCase();
        if (mode !== 'wal') logger.warn({ file, mode }, 'store: WAL journal mode not available');
      }
      db.pragma('foreign_keys = ON');
      // FULL: a committed daily-slot claim survives a power cut too, so a reboot cannot re-send.
      db.pragma('synchronous = FULL');
      const before = userVersion(db);
      const migrated = migrate(db, options.migrations ?? MIGRATIONS);
      if (needsMark) db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 100)}`);
      if (migrated.length > 0) logger.info({ file, from: before, applied: migrated }, 'store: migrated');
      return new Store(new Connection(db, file, now), migrated, defaultTimezone);
    } catch (error) {
      db?.close();
      throw toStoreError(error, file) ?? error;
    }
  }

  /** Numbers for `/stats`. */
  stats(options?: StatsOptions): Stats {
    return readStats(this.conn, options);
  }

  /** The guild's leaderboard over [`from`, `to`) (see `readLeaderboard` for what counts). */
  leaderboard(guildId: string, window: { from: Date; to: Date }, limit = 10): LeaderboardEntry[] {
    return readLeaderboard(this.conn, guildId, window, limit);
  }

  /** The guild's most asked questions in [`from`, `to`); only those the notes could not answer with `unansweredOnly`. */
  topQuestions(guildId: string, window: { from: Date; to: Date }, options: { limit: number; unansweredOnly: boolean }): UnansweredQuestion[] {
    return topQuestions(this.conn, { guildId, since: window.from, until: window.to, ...options });
  }

  /** The schema version recorded in the file. */
  schemaVersion(): number {
    return this.conn.guard(() => userVersion(this.conn.db));
  }

  close(): void {
    if (this.conn.db.open) this.conn.db.close();
  }
}

/**
 * The numbers behind `/stats`, read from a database file without writing to it (a terminal beside the running
 * bot): undefined when there is no such file. A file an older version left unmigrated is reported, not migrated.
 */
export function readStatsFile(file: string, options?: StatsOptions): Stats | undefined {
  if (!fs.existsSync(file)) return undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 1000 });
    checkDatabaseFile(db, `The database file ${file}`);
    const latest = Math.max(...MIGRATIONS.map((m) => m.version));
    if (userVersion(db) < latest) throw new StoreError('DB_UNAVAILABLE', `The database file ${file} was written by an older version of the bot: start the bot once (npm start) to bring it up to date.`);
    return readStats(new Connection(db, file, () => new Date()), options);
  } catch (error) {
    throw toStoreError(error, file) ?? error;
  } finally {
    db?.close();
  }
}

/**
 * Fails early, with advice, when the file or its folder cannot be written: SQLite would otherwise
 * open a read-only file silently and fail later on the first write (or on the -wal file).
 */
function preflight(file: string): void {
  const dir = path.dirname(path.resolve(file));
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw toStoreError(error, file) ??
      new StoreError('DB_UNAVAILABLE', `Cannot create the folder ${dir} for the database: ${(error as Error).message}`, { cause: error });
  }
  for (const target of [file, dir]) {
    if (target === file && !fs.existsSync(file)) continue;
    try {
      fs.accessSync(target, fs.constants.R_OK | fs.constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EACCES';
      throw readOnlyError(file, target === dir ? `${code} on its folder ${dir}` : code, error);
    }
  }
}
