import type Database from 'better-sqlite3';
import { damagedError, StoreError } from './errors.js';

/** Written into the file header (`PRAGMA application_id`): "SNBT", the study notes bot. */
export const APPLICATION_ID = 0x534e4254;

/** A table only this bot's schema has: an unmarked file with it is one of ours from before the mark. */
const OWN_TABLE = 'guild_settings';

/**
 * Before anything writes to the file: is it this bot's database (or a new one), and is it intact? A foreign
 * SQLite file or one damaged mid-file opens without complaint and would only fail at some later write, with
 * the bot already serving. Returns whether the file still needs the application id written.
 */
export function checkDatabaseFile(db: Database.Database, where: string): { needsMark: boolean } {
  const applicationId = Number(db.pragma('application_id', { simple: true }));
  if (applicationId !== 0 && applicationId !== APPLICATION_ID) {
    throw new StoreError(
      'DB_FOREIGN',
      `${where} belongs to another program (application_id 0x${applicationId.toString(16)}), not this bot. Point DATABASE_PATH at another file.`,
    );
  }
  if (applicationId === 0) {
    const tables = db.prepare<[], string>(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all();
    if (tables.length > 0 && !tables.includes(OWN_TABLE)) {
      const shown = tables.length > 5 ? `${tables.slice(0, 5).join(', ')}, …` : tables.join(', ');
      throw new StoreError('DB_FOREIGN', `${where} is not this bot's database: it holds another program's tables (${shown}). Point DATABASE_PATH at another file.`);
    }
  }
  // quick_check reads every page (it skips only the index-to-table cross-check): milliseconds for this bot's data.
  const problems = db.pragma('quick_check(3)', { simple: false }) as { quick_check: string }[];
  // SQLite prefixes the first finding with "*** in database main ***" and a line break: one line, no banner.
  const found = problems.map((row) => row.quick_check.replace(/\*\*\* in database \w+ \*\*\*/u, '').replace(/\s+/gu, ' ').trim()).filter((line) => line !== 'ok');
  if (found.length > 0) throw damagedError(where, found.join('; '));
  return { needsMark: applicationId === 0 };
}
