import type { CommunityNotes } from '../community/publish.js';
import type { DailyScheduler } from '../daily/index.js';
import type { AnswerWriter } from '../generate/writer.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/index.js';
import type { AcknowledgmentGate } from './acks.js';
import type { DeferredWrites } from './deferred-writes.js';
import type { KnowledgeHolder } from './knowledge.js';
import type { QuizBoard } from './quiz.js';
import type { RateLimiter } from './rate-limit.js';
import type { RecentAnswers } from './recent-answers.js';
import type { ThreadTurns } from './thread-turns.js';

/** What every handler can reach: the engine, the database, the scheduler and the bot's helpers. */
export interface BotContext {
  readonly knowledge: KnowledgeHolder;
  readonly store: Store;
  readonly scheduler: DailyScheduler;
  readonly limiter: RateLimiter;
  readonly answers: RecentAnswers;
  /** Writes (the question log) that wait out a locked database instead of failing the answer. */
  readonly writes: DeferredWrites;
  /** Answers wait here until the interactions received before them are acknowledged. */
  readonly acks: AcknowledgmentGate;
  readonly notesBaseUrl: string | undefined;
  readonly logger: Logger;
  /** The bot's clock (injected in tests): quiz attempts, reviews and streak days are stamped with it. */
  readonly now: () => Date;
  /** Keeps the daily quiz posts' participation line current. */
  readonly quizBoard: QuizBoard;
  /** Phrases answers: quoted as they are (extractive) or written by a local model and checked (generative). */
  readonly writer: AnswerWriter;
  /** Recent turns of the threads the bot answers in, for reading follow-ups. */
  readonly threads: ThreadTurns;
  /** Approved answers to gaps → notes under community/, re-indexed, askers told. */
  readonly community: CommunityNotes;
}
