import type { StoreErrorCode } from '../errors/catalog.js';

export type { StoreErrorCode };

/**
 * Typed failures of the database (codes and meanings: src/errors.ts), each with a message that says what is
 * wrong and what to do. These are operator problems (file permissions, a second bot instance), not user input,
 * so they are not `UserError`s: the Discord layer logs them and shows the member its own phrasing of the code.
 */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

interface CodedError {
  code?: unknown;
  message?: unknown;
}

/** The SQLite result code of an error thrown by better-sqlite3 (`SQLITE_BUSY`, …), if it is one. */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as CodedError | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Turns a low-level error into a `StoreError` with advice, or returns undefined when the error is
 * not about the database file itself (constraint violations and the like stay as they are).
 */
export function toStoreError(error: unknown, file: string): StoreError | undefined {
  if (error instanceof StoreError) return error;
  const code = sqliteCode(error);
  const fsCode = (error as CodedError | null)?.code;
  const where = file === ':memory:' ? 'the in-memory database' : `the database file ${file}`;
  if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) {
    return new StoreError(
      'DB_LOCKED',
      `${where} is locked by another process (${code}). Make sure only one bot instance (or tool) uses it at a time, then retry.`,
      { cause: error },
    );
  }
  if (code?.startsWith('SQLITE_READONLY') || fsCode === 'EACCES' || fsCode === 'EPERM' || fsCode === 'EROFS') {
    return readOnlyError(file, String(code ?? fsCode), error);
  }
  if (code === 'SQLITE_NOTADB') {
    return new StoreError(
      'DB_CORRUPT',
      `${where} is not a valid SQLite database (${code}). Move it aside (keep a copy) and restart the bot to create a fresh one.`,
      { cause: error },
    );
  }
  if (code?.startsWith('SQLITE_CORRUPT')) return damagedError(where, code, error);
  if (code?.startsWith('SQLITE_CANTOPEN') || code?.startsWith('SQLITE_IOERR')) {
    return new StoreError(
      'DB_UNAVAILABLE',
      `${where} cannot be opened (${code}). Check that its folder exists and that the bot's user can read and write it.`,
      { cause: error },
    );
  }
  return undefined;
}

export function readOnlyError(file: string, reason: string, cause?: unknown): StoreError {
  return new StoreError(
    'DB_READONLY',
    `The database file ${file} is read-only (${reason}). Give the bot's user write permission on the file and on its folder ` +
      '(SQLite also creates the -wal and -shm files next to it), or configure a data path on a writable disk.',
    { cause },
  );
}

/** `where` is an SQLite database, but pages of it are broken (`finding` says which, or the SQLite code). */
export function damagedError(where: string, finding: string, cause?: unknown): StoreError {
  return new StoreError(
    'DB_CORRUPT',
    `${where} is damaged (${finding}). Restore a backup, or move it aside (keep a copy) and restart the bot to create a fresh one.`,
    { cause },
  );
}
