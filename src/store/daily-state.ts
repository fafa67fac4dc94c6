import { toDate, type Connection } from './connection.js';

/** Where a guild is in its tour of the notes. */
export interface RotationState {
  /** 1 for the first pass over all sections, then 2, 3, … */
  round: number;
  /** Section ids already shown in this round (scheduled or `/daily now`), oldest first. */
  posted: string[];
}

/**
 * Life of the day's scheduled slot:
 * - `claimed`: recorded before sending; if it is still `claimed` when the bot restarts, the bot
 *   died mid-send and the post may or may not have gone out (→ `interrupted`, not retried).
 * - `posted`: sent.
 * - `failed`: definitely not sent (channel missing, no permission). Re-tried the same day only
 *   after an admin changes the settings.
 * - `error`: sending threw something else; delivery unknown, not retried that day.
 * - `interrupted`: see `claimed`.
 */
export type SlotStatus = 'claimed' | 'posted' | 'failed' | 'error' | 'interrupted';

export interface DailyState {
  guildId: string;
  round: number;
  /** Local calendar date (YYYY-MM-DD, in the guild's zone at the time) of the last claimed slot. */
  slotDate: string | null;
  slotStatus: SlotStatus | null;
  slotSectionId: string | null;
  slotClaimedAt: Date | null;
  slotFinishedAt: Date | null;
  slotMessageId: string | null;
  slotProblem: string | null;
  notifiedProblem: string | null;
}

/** A section picked for a post: what the rotation chooser hands back to the store. */
export interface RotationPick {
  sectionId: string;
  /** The round it belongs to: the current one, or current + 1 when the chooser started a new round. */
  round: number;
}

export interface SlotClaim {
  guildId: string;
  localDate: string;
  sectionId: string;
  round: number;
}

export type ClaimResult =
  | { kind: 'claimed'; claim: SlotClaim }
  /** The slot for this date (or a later one) is already taken. */
  | { kind: 'taken'; state: DailyState }
  /** Daily posts are off or not configured for this guild. */
  | { kind: 'disabled' }
  /** The chooser found nothing to post; nothing was recorded, so a later tick may try again. */
  | { kind: 'empty' };

export type SlotOutcome =
  | { status: 'posted'; messageId?: string }
  | { status: 'failed' | 'error'; problem: string };

interface StateRow {
  guild_id: string;
  round: number;
  slot_date: string | null;
  slot_status: SlotStatus | null;
  slot_section_id: string | null;
  slot_round: number | null;
  slot_claimed_at: string | null;
  slot_finished_at: string | null;
  slot_message_id: string | null;
  slot_problem: string | null;
  notified_problem: string | null;
}

/**
 * The daily rotation and the exactly-once bookkeeping. The chooser runs *inside* the claim
 * transaction, so "is today's slot free?", "which section?" and "mark it taken" are one atomic step.
 */
export class DailyStateTable {
  constructor(private readonly conn: Connection) {}

  state(guildId: string): DailyState | undefined {
    const row = this.row(guildId);
    return row && fromRow(row);
  }

  rotation(guildId: string): RotationState {
    return this.conn.guard(() => {
      const round = this.row(guildId)?.round ?? 1;
      const posted = this.conn
        .statement<[string, number], string>(
          'SELECT section_id FROM daily_posted WHERE guild_id = ? AND round = ? ORDER BY posted_at, rowid',
        )
        .pluck()
        .all(guildId, round);
      return { round, posted };
    });
  }

  /**
   * Claims the scheduled slot of `localDate` for the guild and records the chosen section, in one
   * transaction. The slot is free when the last claimed date is earlier than `localDate`, or when
   * it is `localDate` but failed for certain (`failed`) and the settings changed since.
   * A later recorded date (the zone moved backwards) also counts as taken: never two posts in one day.
   */
  claimSlot(guildId: string, localDate: string, choose: (rotation: RotationState) => RotationPick | undefined): ClaimResult {
    return this.conn.write((): ClaimResult => {
      const settings = this.conn
        .statement<[string], { daily_enabled: number; daily_channel_id: string | null; updated_at: string }>(
          'SELECT daily_enabled, daily_channel_id, updated_at FROM guild_settings WHERE guild_id = ?',
        )
        .get(guildId);
      if (!settings || settings.daily_enabled !== 1 || settings.daily_channel_id === null) return { kind: 'disabled' };
      const state = this.ensure(guildId);
      if (state.slot_date !== null && state.slot_date >= localDate) {
        const retryable =
          state.slot_date === localDate &&
          state.slot_status === 'failed' &&
          state.slot_finished_at !== null &&
          settings.updated_at > state.slot_finished_at;
        if (!retryable) return { kind: 'taken', state: fromRow(state) };
      }
      const pick = this.pick(guildId, choose, 'scheduled');
      if (!pick) return { kind: 'empty' };
      this.conn
        .statement(
          `UPDATE daily_state SET slot_date = ?, slot_status = 'claimed', slot_section_id = ?, slot_round = ?,
             slot_claimed_at = ?, slot_finished_at = NULL, slot_message_id = NULL, slot_problem = NULL
           WHERE guild_id = ?`,
        )
        .run(localDate, pick.sectionId, pick.round, this.conn.stamp(), guildId);
      return { kind: 'claimed', claim: { guildId, localDate, sectionId: pick.sectionId, round: pick.round } };
    });
  }

  /**
   * Records how the claimed slot ended. On failure the section goes back into the rotation (it was
   * not shown). Only a slot still `claimed` for this date is changed.
   */
  finishSlot(claim: SlotClaim, outcome: SlotOutcome): void {
    this.conn.write(() => {
      const changed = this.conn
        .statement(
          `UPDATE daily_state SET slot_status = ?, slot_finished_at = ?, slot_message_id = ?, slot_problem = ?,
             notified_problem = CASE WHEN ? = 'posted' THEN NULL ELSE notified_problem END
           WHERE guild_id = ? AND slot_date = ? AND slot_status = 'claimed'`,
        )
        .run(
          outcome.status,
          this.conn.stamp(),
          outcome.status === 'posted' ? (outcome.messageId ?? null) : null,
          outcome.status === 'posted' ? null : outcome.problem,
          outcome.status,
          claim.guildId,
          claim.localDate,
        ).changes;
      if (changed > 0 && outcome.status !== 'posted') this.unmark(claim.guildId, claim.round, claim.sectionId);
    });
  }

  /**
   * `/daily now`: picks and records the next section without touching the scheduled slot.
   * Creates the rotation state if needed (the guild must have a settings row).
   */
  pickManual(guildId: string, choose: (rotation: RotationState) => RotationPick | undefined): RotationPick | undefined {
    return this.conn.write(() => {
      this.ensure(guildId);
      return this.pick(guildId, choose, 'manual');
    });
  }

  /** Puts a section back into the rotation (its post did not go out). */
  unmark(guildId: string, round: number, sectionId: string): void {
    this.conn.guard(() =>
      this.conn
        .statement('DELETE FROM daily_posted WHERE guild_id = ? AND round = ? AND section_id = ?')
        .run(guildId, round, sectionId),
    );
  }

  /**
   * Slots left `claimed` by a previous process (it stopped between claiming and confirming) become
   * `interrupted`. They are not re-sent: the message may already be in the channel.
   * Call once at startup, before this process claims anything.
   */
  recoverInterrupted(): DailyState[] {
    return this.conn.write(() => {
      const rows = this.conn
        .statement<[], StateRow>(`SELECT * FROM daily_state WHERE slot_status = 'claimed'`)
        .all();
      this.conn
        .statement(
          `UPDATE daily_state SET slot_status = 'interrupted', slot_finished_at = ?,
             slot_problem = 'stopped between claiming and confirming the post; not re-sent to avoid a duplicate'
           WHERE slot_status = 'claimed'`,
        )
        .run(this.conn.stamp());
      return rows.map(fromRow);
    });
  }

  /**
   * Remembers that the admin is being told about `problem`. Returns false when they were already
   * told about the same problem (since the last good post or settings change): no daily nagging.
   */
  noteProblem(guildId: string, problem: string): boolean {
    return this.conn.write(() => {
      const state = this.ensure(guildId);
      if (state.notified_problem === problem) return false;
      this.conn.statement('UPDATE daily_state SET notified_problem = ? WHERE guild_id = ?').run(problem, guildId);
      return true;
    });
  }

  private pick(
    guildId: string,
    choose: (rotation: RotationState) => RotationPick | undefined,
    kind: 'scheduled' | 'manual',
  ): RotationPick | undefined {
    const rotation = this.rotation(guildId);
    const pick = choose(rotation);
    if (!pick) return undefined;
    if (pick.round !== rotation.round) {
      this.conn.statement('UPDATE daily_state SET round = ? WHERE guild_id = ?').run(pick.round, guildId);
      this.conn.statement('DELETE FROM daily_posted WHERE guild_id = ? AND round < ?').run(guildId, pick.round);
    }
    this.conn
      .statement(
        `INSERT INTO daily_posted (guild_id, round, section_id, kind, posted_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (guild_id, round, section_id) DO NOTHING`,
      )
      .run(guildId, pick.round, pick.sectionId, kind, this.conn.stamp());
    return pick;
  }

  private row(guildId: string): StateRow | undefined {
    return this.conn.guard(() =>
      this.conn.statement<[string], StateRow>('SELECT * FROM daily_state WHERE guild_id = ?').get(guildId),
    );
  }

  private ensure(guildId: string): StateRow {
    this.conn.statement('INSERT INTO daily_state (guild_id) VALUES (?) ON CONFLICT (guild_id) DO NOTHING').run(guildId);
    return this.row(guildId)!;
  }
}

function fromRow(row: StateRow): DailyState {
  return {
    guildId: row.guild_id,
    round: row.round,
    slotDate: row.slot_date,
    slotStatus: row.slot_status,
    slotSectionId: row.slot_section_id,
    slotClaimedAt: toDate(row.slot_claimed_at),
    slotFinishedAt: toDate(row.slot_finished_at),
    slotMessageId: row.slot_message_id,
    slotProblem: row.slot_problem,
    notifiedProblem: row.notified_problem,
  };
}
