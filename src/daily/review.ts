import { DateTime } from 'luxon';
import { createEmptyCard, fsrs, Rating, type Card, type CardInput, type Grade } from 'ts-fsrs';
import type { ReviewKind, Store, StoredReviewCard } from '../store/index.js';
import type { CardSource } from './card.js';
import { quizAnswer, quizSentence, type DailyQuiz } from './quiz.js';

/**
 * Spaced review per member. Scheduling is ts-fsrs's (FSRS with its default parameters, no fuzz, so the
 * same ratings at the same instants give the same due dates); this module only decides what becomes a
 * card (every concept a member met in a quiz or looked up with `/concept`), what the card asks, and what counts as an active day.
 * The clock is always passed in.
 */

export type ReviewRating = 'again' | 'hard' | 'good' | 'easy';
export const REVIEW_RATINGS: readonly ReviewRating[] = ['again', 'hard', 'good', 'easy'];

const GRADES: Record<ReviewRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

/** The scheduler every review goes through. */
export const reviewScheduler = fsrs({ enable_fuzz: false });

/** What a review card shows: the quiz's sentence with the answer blanked (or a recall prompt) and where it comes from. */
export interface ReviewFront {
  kind: 'cloze' | 'recall';
  /** The blanked sentence, or the topic to explain. */
  prompt: string;
  answer: string;
  sentence: string;
  source: CardSource;
}

export type ReviewCard = StoredReviewCard<ReviewFront, CardInput>;

export function reviewFront(quiz: DailyQuiz): ReviewFront {
  const q = quiz.question;
  const common = { answer: quizAnswer(q), sentence: quizSentence(q), source: quiz.source };
  return q.kind === 'recall' ? { kind: 'recall', prompt: q.topic, ...common } : { kind: 'cloze', prompt: q.prompt, ...common };
}

/** The next state of a card rated `rating` at `now`, as ts-fsrs computes it. */
export function nextReview(state: CardInput | Card, rating: ReviewRating, now: Date) {
  return reviewScheduler.next(state, now, GRADES[rating]);
}

/**
 * A member answered a quiz: the concept becomes (or stays) one of their cards, and today counts for
 * their streak. A first meeting that was graded is also the card's first review — right is `good`,
 * wrong is `again` — so a missed question comes back soon; a revealed cloze starts as a new card, due now.
 */
export function recordQuizMeeting(
  store: Store,
  input: { userId: string; quiz: DailyQuiz; correct: boolean | null; now: Date; zone: string; guildId?: string | null },
): ReviewCard {
  const { userId, quiz, correct, now } = input;
  const existing = store.reviews.get(userId, quiz.sectionId);
  const card = meet(store, userId, quiz, now);
  if (!existing && correct !== null) rate(store, card, correct ? 'good' : 'again', now, { kind: 'quiz', guildId: input.guildId ?? null });
  store.reviews.markActive(userId, localDate(now, input.zone));
  return store.reviews.byId(card.id) as ReviewCard;
}

/**
 * A member looked a concept up with `/concept`: it becomes (or stays) one of their cards, new and due now,
 * asking what the concept's quiz asks. Unrated, and not a study day: reading a card is not answering one.
 */
export function recordConceptLookup(store: Store, input: { userId: string; quiz: DailyQuiz; now: Date }): ReviewCard {
  return meet(store, input.userId, input.quiz, input.now);
}

/** The member's card for the quiz's concept; a new one starts empty, due now. */
function meet(store: Store, userId: string, quiz: DailyQuiz, now: Date): ReviewCard {
  const empty = createEmptyCard(now);
  return store.reviews.meet(userId, quiz.sectionId, reviewFront(quiz), { fsrs: empty, due: empty.due }) as ReviewCard;
}

/** A member rated a due card in `/review` (in `guildId`, null in a DM: it counts on that guild's leaderboard). */
export function recordReview(store: Store, input: { card: ReviewCard; rating: ReviewRating; now: Date; zone: string; guildId?: string | null }): ReviewCard {
  rate(store, input.card, input.rating, input.now, { kind: 'review', guildId: input.guildId ?? null });
  store.reviews.markActive(input.card.userId, localDate(input.now, input.zone));
  return store.reviews.byId(input.card.id) as ReviewCard;
}

function rate(store: Store, card: ReviewCard, rating: ReviewRating, now: Date, where: { kind: ReviewKind; guildId: string | null }): void {
  const next = nextReview(card.fsrs, rating, now);
  store.reviews.record(card.id, { fsrs: next.card, due: next.card.due, rating: GRADES[rating], log: next.log, ...where });
}

/** The member's cards due now, most overdue first. */
export function dueCards(store: Store, userId: string, now: Date, limit?: number): ReviewCard[] {
  return store.reviews.due(userId, now, limit) as ReviewCard[];
}

/** `YYYY-MM-DD` of `now` in `zone`: the day an activity counts for. */
export function localDate(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

/**
 * Consecutive active days ending today, or ending yesterday when today is not done yet (a streak is not
 * lost before the day is over). `days` are `YYYY-MM-DD`, any order.
 */
export function streakLength(days: readonly string[], today: string): number {
  const active = new Set(days);
  let day = DateTime.fromISO(today, { zone: 'UTC' });
  if (!active.has(today)) day = day.minus({ days: 1 });
  let streak = 0;
  while (active.has(day.toISODate()!)) {
    streak += 1;
    day = day.minus({ days: 1 });
  }
  return streak;
}

/** The longest run of consecutive days in `days` (`YYYY-MM-DD`, any order): the member's best streak. */
export function longestStreak(days: readonly string[]): number {
  const ordinals = [...new Set(days)].map((day) => Math.round(DateTime.fromISO(day, { zone: 'UTC' }).toSeconds() / 86_400)).sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  ordinals.forEach((day, i) => {
    run = i > 0 && day === ordinals[i - 1]! + 1 ? run + 1 : 1;
    best = Math.max(best, run);
  });
  return best;
}
