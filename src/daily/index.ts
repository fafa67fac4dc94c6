/**
 * Daily posts and the learning loop: which section (rotation.ts), what its card says (card.ts,
 * prose.ts), the quiz made from it (quiz.ts), when (schedule.ts), the scheduler that posts each
 * guild's quiz exactly once per local day (scheduler.ts), and members' spaced review and streaks
 * (review.ts, scheduling by ts-fsrs); on the same ticks, review reminder DMs (reminders.ts) and the
 * weekly digest (weekly-digest.ts, its content composed in digest.ts). Everything but the scheduler, its
 * jobs and review.ts's store calls is pure; clocks, timers, post and notice functions are injected.
 */
export { composeConceptCard, CLOZE_BLANK, type CardOptions, type CardSource, type ConceptCard, type SelfCheck } from './card.js';
export {
  CHOICE_COUNT,
  CHOICE_LETTERS,
  composeQuiz,
  quizAnswer,
  quizProblems,
  quizSentence,
  type DailyQuiz,
  type QuizOptions,
  type QuizQuestion,
} from './quiz.js';
export {
  dueCards,
  localDate,
  longestStreak,
  nextReview,
  recordConceptLookup,
  recordQuizMeeting,
  recordReview,
  REVIEW_RATINGS,
  reviewFront,
  streakLength,
  type ReviewCard,
  type ReviewFront,
  type ReviewRating,
} from './review.js';
export { isProse, proseLength, proseSentences, type ProseSentence } from './prose.js';
export {
  chooseNextConcept,
  DEFAULT_MIN_PROSE_CHARS,
  eligibleConcepts,
  rotationOrder,
  type ChooserOptions,
  type RotationChoice,
} from './rotation.js';
export {
  dueSlot,
  dueWeeklySlot,
  isValidTimeZone,
  localWeek,
  nextSlotAfter,
  nextWeeklySlotAfter,
  parseDailyTime,
  slotOfDay,
  weeklySlotOf,
  type DailySlot,
  type ScheduleSettings,
  type WeeklyTime,
  type Window,
} from './schedule.js';
export { DEFAULT_REMINDER_TIME, guildZone, ReviewReminders, type SendReminderFn } from './reminders.js';
export { changedNotes, composeDigest, DIGEST_LIMITS, noteFingerprints, type DigestInput, type NoteChange, type WeeklyDigest } from './digest.js';
export { WeeklyDigests, type PostDigestFn } from './weekly-digest.js';
export {
  classifyPostError,
  DailyPostError,
  DailyScheduler,
  globalTimers,
  type DailyProblem,
  type DailyProblemKind,
  type DailySchedulerOptions,
  type GuildTickResult,
  type NotifyAdminFn,
  type PostFn,
  type PostKind,
  type PostedQuiz,
  type PostNowResult,
  type PostTarget,
  type ScheduledJob,
  type Timers,
} from './scheduler.js';
