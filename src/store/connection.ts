import type Database from 'better-sqlite3';
import { toStoreError } from './errors.js';

/**
 * The open database as the table modules see it: cached prepared statements, the injected clock,
 * and one place where SQLite failures become `StoreError`s.
 */
export class Connection {
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>();

  constructor(
    readonly db: Database.Database,
    /** Path of the database file as given (or `:memory:`), for error messages. */
    readonly file: string,
    readonly now: () => Date,
  ) {}

  /** A prepared statement (cached per SQL text). Values are always bound, never spliced in. */
  statement<Params extends unknown[] = unknown[], Row = unknown>(sql: string): Database.Statement<Params, Row> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.guard(() => this.db.prepare(sql));
      this.statements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<Params, Row>;
  }

  /** Runs `fn`, translating database-file failures (locked, read-only, corrupt) into `StoreError`s. */
  guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw toStoreError(error, this.file) ?? error;
    }
  }

  /** Runs `fn` in an IMMEDIATE transaction (takes the write lock up front, so no upgrade deadlocks). */
  write<T>(fn: () => T): T {
    return this.guard(() => this.db.transaction(fn).immediate());
  }

  /** The clock's current instant as stored: an ISO-8601 UTC string (sorts as text). */
  stamp(): string {
    return this.now().toISOString();
  }
}

export function toDate(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}
