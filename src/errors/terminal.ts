import type { StoreError } from '../store/errors.js';
import type { UserError } from '../types.js';
import type { ErrorCode } from './catalog.js';

/**
 * What the terminal (the CLI, the bot's console under `npm start`) adds to an error's message, by code: the
 * command that fixes it. Null where the message already says all there is to do (it names the flag, file or
 * variable: the code's failures differ too much for one line of advice).
 */
export const TERMINAL_ADVICE: Record<ErrorCode, string | null> = {
  EMPTY_QUESTION: null,
  QUESTION_TOO_LONG: null,
  INDEX_MISSING: 'Build it with `npm run ingest`.',
  INDEX_CORRUPT: 'Rebuild it with `npm run ingest`.',
  INDEX_UNREADABLE: null,
  INDEX_UNWRITABLE: null,
  INDEX_LOCKED: null,
  KNOWLEDGE_MISSING: null,
  KNOWLEDGE_EMPTY: null,
  BAD_ARGUMENT: null,
  MODEL_UNAVAILABLE: null,
  INGEST_WORKER_FAILED: 'Try again; if it fails again, INGEST_WORKERS=1 analyzes on the main thread.',
  DB_LOCKED: null,
  DB_READONLY: null,
  DB_UNAVAILABLE: null,
  DB_CORRUPT: null,
  DB_FOREIGN: null,
  DB_TOO_NEW: null,
};

/** An engine or database error as the terminal shows it: the message, then the code's advice. */
export function terminalErrorText(error: UserError | StoreError): string {
  const advice = TERMINAL_ADVICE[error.code];
  return advice ? `${error.message} ${advice}` : error.message;
}
