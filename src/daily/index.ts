/**
 * Daily concept posts: which section (rotation.ts), what the card says (card.ts, prose.ts), when
 * (schedule.ts), and the scheduler that posts each guild's card exactly once per local day
 * (scheduler.ts). Everything but the scheduler is pure; the scheduler's clock, timers, post and
 * admin-notice functions are injected.
 */
export { composeConceptCard, CLOZE_BLANK, type CardOptions, type CardSource, type ConceptCard, type SelfCheck } from './card.js';
export { isProse, proseLength, proseSentences, type ProseSentence } from './prose.js';
export {
  chooseNextConcept,
  DEFAULT_MIN_PROSE_CHARS,
  eligibleConcepts,
  rotationOrder,
  type ChooserOptions,
  type RotationChoice,
} from './rotation.js';
export { dueSlot, isValidTimeZone, nextSlotAfter, parseDailyTime, slotOfDay, type DailySlot, type ScheduleSettings } from './schedule.js';
export {
  classifyPostError,
  DailyPostError,
  DailyScheduler,
  type DailyProblem,
  type DailyProblemKind,
  type DailySchedulerOptions,
  type GuildTickResult,
  type NotifyAdminFn,
  type PostFn,
  type PostKind,
  type PostNowResult,
  type PostTarget,
  type Timers,
} from './scheduler.js';
