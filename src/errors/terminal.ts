import type { StoreError } from '../store/errors.js';
import type { UserError } from '../types.js';
import type { ErrorCode } from './catalog.js';
import type { TerminalLocale } from '../config.js';

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
  INGEST_WORKER_FAILED: 'Try again; if it fails again, INGEST_WORKERS=1 analyzes the notes and builds the vector graph on the main thread.',
  DB_LOCKED: null,
  DB_READONLY: null,
  DB_UNAVAILABLE: null,
  DB_CORRUPT: null,
  DB_FOREIGN: null,
  DB_TOO_NEW: null,
};

/**
 * The same in Korean, said before the engine's message (which stays English: it names the path, file or
 * variable). Null where the message is the CLI's own and so already in the terminal's language.
 */
export const TERMINAL_ADVICE_KO: Record<ErrorCode, string | null> = {
  EMPTY_QUESTION: null,
  QUESTION_TOO_LONG: '질문이 너무 깁니다.',
  INDEX_MISSING: '색인이 없습니다. `npm run ingest`로 만드세요.',
  INDEX_CORRUPT: '색인이 손상되었습니다. `npm run ingest`로 다시 만드세요.',
  INDEX_UNREADABLE: '색인을 읽을 수 없습니다.',
  INDEX_UNWRITABLE: '색인을 저장할 수 없습니다.',
  INDEX_LOCKED: '다른 프로세스가 지금 색인을 만들고 있습니다. 끝난 뒤 다시 실행하세요.',
  KNOWLEDGE_MISSING: '노트 폴더가 없습니다.',
  KNOWLEDGE_EMPTY: '읽을 수 있는 노트가 없습니다.',
  BAD_ARGUMENT: null,
  MODEL_UNAVAILABLE: '임베딩 모델을 불러올 수 없습니다.',
  INGEST_WORKER_FAILED: '색인을 만드는 스레드(노트 분석 또는 벡터 그래프)가 실패했습니다. 다시 실행하고, 또 실패하면 INGEST_WORKERS=1 로 메인 스레드에서 만드세요.',
  DB_LOCKED: '봇 데이터베이스가 잠겨 있습니다.',
  DB_READONLY: '봇 데이터베이스에 쓸 수 없습니다.',
  DB_UNAVAILABLE: '봇 데이터베이스를 열 수 없습니다.',
  DB_CORRUPT: '봇 데이터베이스가 손상되었습니다.',
  DB_FOREIGN: '봇 데이터베이스가 아닌 파일입니다.',
  DB_TOO_NEW: '더 새로운 버전이 만든 봇 데이터베이스입니다.',
};

/**
 * An engine or database error as the terminal shows it, on one line: in English the message, then the
 * code's advice; in Korean the code's Korean sentence, then the message in parentheses.
 */
export function terminalErrorText(error: UserError | StoreError, locale: TerminalLocale = 'en'): string {
  if (locale === 'ko') {
    const said = TERMINAL_ADVICE_KO[error.code];
    return said ? `${said} (${error.message})` : error.message;
  }
  const advice = TERMINAL_ADVICE[error.code];
  return advice ? `${error.message} ${advice}` : error.message;
}
