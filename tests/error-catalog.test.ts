import { describe, expect, it } from 'vitest';
import { ERROR_CODES, STORE_ERRORS, type ErrorCode, type UserErrorCode } from '../src/errors/catalog.js';
import { terminalErrorText, TERMINAL_ADVICE } from '../src/errors/terminal.js';
import { userErrorMessage } from '../src/discord/answering.js';
import { messages, type Locale } from '../src/discord/i18n.js';
import { StoreError } from '../src/store/errors.js';
import { UserError } from '../src/types.js';

const LOCALES: Locale[] = ['ko', 'en'];

/** An error of each code as the engine raises it: an operator's message naming a path and a command. */
function raised(code: ErrorCode): UserError | StoreError {
  const message = `Something about /srv/notes/index went wrong (${code}); run \`npm run ingest\` or npm start.`;
  return code in STORE_ERRORS ? new StoreError(code as keyof typeof STORE_ERRORS, message) : new UserError(code as UserErrorCode, message, { limit: 1000, skipped: [] });
}

describe('the error catalog', () => {
  it('has a Discord phrasing in every language and a terminal phrasing for every code', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(10);
    for (const code of ERROR_CODES) {
      expect(Object.keys(TERMINAL_ADVICE), code).toContain(code);
      expect(terminalErrorText(raised(code)), code).toContain(raised(code).message);
      for (const locale of LOCALES) expect(messages(locale).errors[code]?.({}).trim(), `${code} ${locale}`).toBeTruthy();
    }
  });

  it('never shows a Discord member the engine message, a path, or npm, for any code', () => {
    for (const code of ERROR_CODES) {
      for (const locale of LOCALES) {
        const text = userErrorMessage(raised(code), locale);
        expect(text, `${code} ${locale}`).not.toMatch(/npm|\/srv|ingest`/u);
        expect(text, `${code} ${locale}`).not.toBe(raised(code).message);
      }
    }
  });

  it('speaks Korean to a Korean member', () => {
    for (const code of ERROR_CODES) expect(userErrorMessage(raised(code), 'ko'), code).toMatch(/[\uAC00-\uD7A3]/u);
  });

  it('gives each code its own Discord phrasing', () => {
    const phrasings = ERROR_CODES.map((code) => messages('ko').errors[code]({ limit: 1000 }));
    expect(new Set(phrasings).size).toBe(ERROR_CODES.length);
  });

  it('tells a too-long question the limit the engine enforced', () => {
    expect(userErrorMessage(new UserError('QUESTION_TOO_LONG', 'long', { limit: 1000 }), 'ko')).toContain('1000자');
    expect(userErrorMessage(new UserError('QUESTION_TOO_LONG', 'long', { limit: 1000 }), 'en')).toContain('1000 characters');
  });

  it('tells the terminal how to build or rebuild a missing or damaged index', () => {
    expect(terminalErrorText(new UserError('INDEX_MISSING', 'No index in /tmp/x.'))).toBe('No index in /tmp/x. Build it with `npm run ingest`.');
    expect(terminalErrorText(new UserError('INDEX_CORRUPT', 'Index file lexical.bin is missing.'))).toBe('Index file lexical.bin is missing. Rebuild it with `npm run ingest`.');
    expect(terminalErrorText(new UserError('BAD_ARGUMENT', '-k must be a whole number from 1 to 50.'))).toBe('-k must be a whole number from 1 to 50.');
  });
});
