import { DateTime } from 'luxon';
import type { Logger } from '../log/logger.js';
import type { GapAnswer, GapAsker, Store } from '../store/index.js';
import { communityNoteFile, renderCommunityNote, writeNoteOnce } from './note.js';

export interface PublishOptions {
  store: Store;
  knowledgeDir: string;
  /** Re-indexes the knowledge folder as it is now (the bot's `KnowledgeHolder.refresh`). */
  refresh: () => Promise<unknown>;
  /** Tells the members who asked that a note answers their question now. */
  notify: (answer: GapAnswer, askers: GapAsker[]) => Promise<void>;
  logger: Logger;
  /** Runs after an approval is recorded, before its note is written (tests stop there, as a crash would). */
  beforeWrite?: (answer: GapAnswer) => void | Promise<void>;
}

/**
 * Approved answers → notes. An approval is recorded first (`store.gaps.approve`, with its note's file name);
 * `finish` then writes every approved note not yet written, re-indexes once, and tells the askers, marking
 * each step done in the database. Run again after a crash at any point (the bot does at start), it picks up
 * where that run stopped: a written note is never written twice, and nothing unapproved is ever written.
 * Runs one at a time, so two approvals at once never tell the askers twice.
 */
export class CommunityNotes {
  private running: Promise<GapAnswer[]> = Promise.resolve([]);

  constructor(private readonly options: PublishOptions) {}

  /** The note file an approval fixes (its name before any clash with an existing note). */
  static plannedFile(answer: GapAnswer): string {
    return communityNoteFile(answer.question, answer.id);
  }

  /** @returns the answers whose askers this run told. */
  finish(): Promise<GapAnswer[]> {
    const run = this.running.catch(() => []).then(() => this.finishNow());
    this.running = run;
    return run;
  }

  private async finishNow(): Promise<GapAnswer[]> {
    const { store, logger } = this.options;
    const pending = store.gaps.unfinished();
    if (pending.length === 0) return [];
    for (const answer of pending.filter((a) => a.writtenAt === null)) {
      await this.options.beforeWrite?.(answer);
      const file = await writeNoteOnce(this.options.knowledgeDir, answer.noteFile ?? CommunityNotes.plannedFile(answer), renderCommunityNote(this.noteOf(answer)));
      store.gaps.markWritten(answer.id, file);
      logger.info({ answerId: answer.id, gapId: answer.gapId, file }, 'community note written');
    }
    await this.options.refresh();
    const told: GapAnswer[] = [];
    for (const answer of store.gaps.unfinished()) {
      try {
        await this.options.notify(answer, store.gaps.askers(answer.gapId));
      } catch (error) {
        // The note is in; a notice that cannot be sent is not worth sending again and again.
        logger.warn({ answerId: answer.id, reason: (error as Error).message }, 'community note: could not tell the askers');
      }
      store.gaps.markNotified(answer.id);
      told.push(answer);
    }
    return told;
  }

  private noteOf(answer: GapAnswer) {
    const zone = this.options.store.settings.get(answer.guildId)?.timezone ?? this.options.store.defaultTimezone;
    return {
      question: answer.question,
      answer: answer.approvedText ?? answer.answer,
      answeredBy: answer.answeredByName,
      approvedBy: answer.reviewedByName ?? answer.reviewedBy ?? '',
      date: DateTime.fromJSDate(answer.reviewedAt ?? answer.createdAt).setZone(zone).toISODate() ?? '',
    };
  }
}
