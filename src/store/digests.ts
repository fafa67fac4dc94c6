import type { Connection } from './connection.js';

/** Note file → fingerprint of its content: what "notes added or changed" is measured against. */
export type NoteFingerprints = Record<string, string>;

export interface DigestBaseline {
  notes: NoteFingerprints;
  /** When these fingerprints were taken. */
  since: Date;
}

interface DigestRow {
  slot_date: string | null;
  slot_status: 'claimed' | 'posted' | 'failed' | null;
  notes: string;
  notes_since: string;
}

/**
 * Weekly digest bookkeeping per guild: the last claimed weekly slot (claimed before sending, so a week is
 * never posted twice, as the daily post) and the notes as they were at the last digest.
 */
export class DigestTable {
  constructor(private readonly conn: Connection) {}

  /** The notes as of the last digest; the first call for a guild records `current` as the starting point. */
  baseline(guildId: string, current: NoteFingerprints): DigestBaseline {
    return this.conn.write(() => {
      this.conn
        .statement(
          `INSERT INTO weekly_digests (guild_id, notes, notes_since, updated_at) SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM guild_settings WHERE guild_id = ?)
           ON CONFLICT (guild_id) DO NOTHING`,
        )
        .run(guildId, JSON.stringify(current), this.conn.stamp(), this.conn.stamp(), guildId);
      const row = this.row(guildId);
      return row ? { notes: JSON.parse(row.notes) as NoteFingerprints, since: new Date(row.notes_since) } : { notes: current, since: this.conn.now() };
    });
  }

  /** Takes the slot of `slotDate` unless it, or a later one, was already claimed. Call `baseline` first. */
  claim(guildId: string, slotDate: string): boolean {
    return this.conn.write(
      () =>
        this.conn
          .statement(
            `UPDATE weekly_digests SET slot_date = ?, slot_status = 'claimed', message_id = NULL, problem = NULL, updated_at = ?
             WHERE guild_id = ? AND (slot_date IS NULL OR slot_date < ?)`,
          )
          .run(slotDate, this.conn.stamp(), guildId, slotDate).changes > 0,
    );
  }

  /** The digest went out: the notes it reported become the next one's starting point. */
  posted(guildId: string, messageId: string | undefined, notes: NoteFingerprints): void {
    this.conn.guard(() =>
      this.conn
        .statement(`UPDATE weekly_digests SET slot_status = 'posted', message_id = ?, notes = ?, notes_since = ?, updated_at = ? WHERE guild_id = ?`)
        .run(messageId ?? null, JSON.stringify(notes), this.conn.stamp(), this.conn.stamp(), guildId),
    );
  }

  /** It did not go out (or may not have): the week is used up all the same, the notes' starting point stays. */
  failed(guildId: string, problem: string): void {
    this.conn.guard(() =>
      this.conn.statement(`UPDATE weekly_digests SET slot_status = 'failed', problem = ?, updated_at = ? WHERE guild_id = ?`).run(problem, this.conn.stamp(), guildId),
    );
  }

  /** The last claimed slot's date and status, for tests and logs. */
  slot(guildId: string): { date: string | null; status: DigestRow['slot_status'] } | undefined {
    const row = this.row(guildId);
    return row && { date: row.slot_date, status: row.slot_status };
  }

  private row(guildId: string): DigestRow | undefined {
    return this.conn.guard(() => this.conn.statement<[string], DigestRow>('SELECT slot_date, slot_status, notes, notes_since FROM weekly_digests WHERE guild_id = ?').get(guildId));
  }
}
