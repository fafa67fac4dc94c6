import { StoreError } from '../store/errors.js';
import { UserError } from '../types.js';

/**
 * Every error code the engine and its database report, with what it means. An error's `message` states what is
 * wrong in the operator's terms (paths, variables); each front door phrases the code for its own audience: the
 * terminal (the CLI, and the bot's console under `npm start`) in src/errors/terminal.ts, where commands may be
 * named; Discord in src/discord/i18n.ts, in Korean by default and never naming a command a member cannot run.
 * A code added here without both phrasings fails to compile; tests/error-catalog.test.ts checks the phrasings.
 */
export const USER_ERRORS = {
  EMPTY_QUESTION: 'The question has no words in it.',
  QUESTION_TOO_LONG: 'The question is longer than a question may be (the limit travels in the details).',
  INDEX_MISSING: 'No index has been built in the index folder yet.',
  INDEX_CORRUPT: 'The index is damaged, or was built in a way this program cannot read: it needs rebuilding.',
  INDEX_UNREADABLE: 'A file of the index cannot be read at all (permissions, a folder where a file should be).',
  INDEX_UNWRITABLE: 'The index folder cannot (or must not) be written: a system location, another folder’s contents, read-only, disk full.',
  INDEX_LOCKED: 'Another ingest (this process, the CLI or the bot) is writing the index folder right now.',
  KNOWLEDGE_MISSING: 'The notes folder is not there, or is not a folder.',
  KNOWLEDGE_EMPTY: 'The notes folder holds no note that could be read (the skipped files travel in the details).',
  BAD_ARGUMENT: 'An option, flag or value the caller passed is not one the engine takes.',
  MODEL_UNAVAILABLE: 'The embedding model cannot be loaded on this machine.',
  INGEST_WORKER_FAILED: 'A worker thread of the ingest failed (it crashed, ran out of memory, or could not load the analyzer); the live index was not changed.',
} as const;

export const STORE_ERRORS = {
  DB_LOCKED: 'Another process holds the database’s write lock longer than the busy timeout.',
  DB_READONLY: 'The database file, its folder, or the file system is not writable.',
  DB_UNAVAILABLE: 'The database file cannot be opened or created at all (missing folder, not a file, …).',
  DB_CORRUPT: 'The database file is not an SQLite database, or is damaged.',
  DB_FOREIGN: 'The database file is an SQLite database of another program.',
  DB_TOO_NEW: 'The database file was migrated by a newer version of the bot than this one.',
} as const;

export const ERROR_CATALOG = { ...USER_ERRORS, ...STORE_ERRORS } as const;

/** Errors the user caused and can fix (`UserError`). */
export type UserErrorCode = keyof typeof USER_ERRORS;
/** Operator problems with the database file (`StoreError`): never the member's doing. */
export type StoreErrorCode = keyof typeof STORE_ERRORS;
export type ErrorCode = keyof typeof ERROR_CATALOG;

export const ERROR_CODES = Object.keys(ERROR_CATALOG) as ErrorCode[];


/** An error with a code of this catalog, which every front door can phrase. */
export function isCodedError(error: unknown): error is UserError | StoreError {
  return error instanceof UserError || error instanceof StoreError;
}
