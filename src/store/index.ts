/**
 * The bot's SQLite database (better-sqlite3): guild settings, daily rotation and exactly-once slot
 * state, the question log, and answer feedback; `Store.open()` creates and migrates it.
 */
export { Store, DEFAULT_DB_PATH, readStatsFile, type StoreOptions } from './store.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { MIGRATIONS, migrate, type Migration } from './migrations.js';
export {
  DEFAULT_DAILY_TIME,
  DEFAULT_TIMEZONE,
  isTimeZone,
  type DailyConfig,
  type GuildSettings,
} from './settings.js';
export type {
  ClaimResult,
  DailyState,
  RotationPick,
  RotationState,
  SlotClaim,
  SlotOutcome,
  SlotStatus,
} from './daily-state.js';
export { normalizeQuestion, type QuestionRecord } from './questions.js';
export { DOWN_REASONS, isDownReason, type DownReason, type FeedbackRecord, type Vote, type VoteResult } from './feedback.js';
export type { QuizAttempt, QuizTally, StoredQuiz } from './quizzes.js';
export type { ReviewKind, StoredReviewCard } from './reviews.js';
export type { MemberExport } from './members.js';
export type { Gap, GapAnswer, GapAnswerStatus, GapAsker } from './gaps.js';
export type { DownvotedAnswer, Stats, StatsOptions, UnansweredQuestion } from './stats.js';
export type { LeaderboardEntry } from './activity.js';
export { REMINDER_FAILURE_LIMIT, type ReminderStatus, type ReviewReminder } from './reminders.js';
export type { DigestBaseline, NoteFingerprints } from './digests.js';
