import { DateTime, IANAZone } from 'luxon';

/** One day's scheduled post of a guild. */
export interface DailySlot {
  /** The guild's local calendar date, `YYYY-MM-DD`: the key of "once per day". */
  localDate: string;
  /** The instant of `HH:MM` on that date in the guild's zone. */
  dueAt: Date;
}

/** The part of the guild settings the schedule depends on. */
export interface ScheduleSettings {
  dailyTime: string;
  timezone: string;
  dailyActiveSince: Date | null;
}

/**
 * Accepts `9:00`, `09:00`, `0900`, `9시`, `9시 30분` (what people type) and returns `HH:MM`,
 * or undefined when it is not a time of day.
 */
export function parseDailyTime(input: string): string | undefined {
  const text = input.trim();
  const match =
    /^(\d{1,2}):(\d{2})$/u.exec(text) ??
    /^(\d{2})(\d{2})$/u.exec(text) ??
    /^(\d{1,2})\s*시(?:\s*(\d{1,2})\s*분)?$/u.exec(text);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** True for IANA zones such as `Asia/Seoul`, `America/New_York`, `UTC`. */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * The slot of the local day containing `now`. On a day where `HH:MM` does not exist (a spring-forward
 * gap) it moves forward by the gap, as luxon does; in a repeated hour the earlier instant is used.
 */
export function slotOfDay(now: Date, time: string, zone: string): DailySlot {
  const [hour, minute] = splitTime(time);
  const local = DateTime.fromJSDate(now, { zone });
  const due = local.set({ hour, minute, second: 0, millisecond: 0 });
  return { localDate: local.toISODate()!, dueAt: due.toJSDate() };
}

/**
 * Today's slot when it is due at `now`: its time has come and it was scheduled after daily posts
 * were switched on (so enabling at 15:00 for 09:00 starts tomorrow, while a bot that was down at
 * 09:00 catches up later the same day). Only today is ever considered: missed days are not replayed.
 */
export function dueSlot(settings: ScheduleSettings, now: Date): DailySlot | undefined {
  const slot = slotOfDay(now, settings.dailyTime, settings.timezone);
  if (now.getTime() < slot.dueAt.getTime()) return undefined;
  if (settings.dailyActiveSince && slot.dueAt.getTime() < settings.dailyActiveSince.getTime()) return undefined;
  return slot;
}

/** The first scheduled instant strictly after `now` (today's if still ahead, else tomorrow's). */
export function nextSlotAfter(settings: ScheduleSettings, now: Date): DailySlot {
  const today = slotOfDay(now, settings.dailyTime, settings.timezone);
  if (today.dueAt.getTime() > now.getTime()) return today;
  const [hour, minute] = splitTime(settings.dailyTime);
  const tomorrow = DateTime.fromJSDate(now, { zone: settings.timezone })
    .plus({ days: 1 })
    .set({ hour, minute, second: 0, millisecond: 0 });
  return { localDate: tomorrow.toISODate()!, dueAt: tomorrow.toJSDate() };
}

function splitTime(time: string): [number, number] {
  const match = /^(\d{2}):(\d{2})$/u.exec(time);
  if (!match) throw new Error(`daily time must be HH:MM, got ${time}`);
  return [Number(match[1]), Number(match[2])];
}

/** A span of time, `from` included, `to` excluded. */
export interface Window {
  from: Date;
  to: Date;
}

/** The guild-local week (Monday 00:00 to the next Monday 00:00, DST-aware) containing `now`. */
export function localWeek(now: Date, zone: string): Window {
  const monday = DateTime.fromJSDate(now, { zone }).startOf('week');
  return { from: monday.toJSDate(), to: monday.plus({ weeks: 1 }).toJSDate() };
}

/** When the weekly digest goes out: ISO weekday (1 Monday … 7 Sunday) and `HH:MM`, in the guild's zone. */
export interface WeeklyTime {
  weekday: number;
  time: string;
}

/**
 * The weekly slot of the guild-local week containing `now`, and the span it reports on: from the previous
 * week's slot to this one, so consecutive digests cover every moment exactly once. Local date of the slot is
 * the key of "once per week".
 */
export function weeklySlotOf(now: Date, weekly: WeeklyTime, zone: string): DailySlot & { covers: Window } {
  const [hour, minute] = splitTime(weekly.time);
  const due = DateTime.fromJSDate(now, { zone }).startOf('week').plus({ days: weekly.weekday - 1 }).set({ hour, minute, second: 0, millisecond: 0 });
  return { localDate: due.toISODate()!, dueAt: due.toJSDate(), covers: { from: due.minus({ weeks: 1 }).toJSDate(), to: due.toJSDate() } };
}

/**
 * This week's slot when it is due at `now`: its time has come this week and it falls after daily posts were
 * switched on. As with the daily post, only the current week is considered: a week the bot was down at its
 * slot catches up later that week, never in the next one.
 */
export function dueWeeklySlot(weekly: WeeklyTime, settings: Pick<ScheduleSettings, 'timezone' | 'dailyActiveSince'>, now: Date) {
  const slot = weeklySlotOf(now, weekly, settings.timezone);
  if (now.getTime() < slot.dueAt.getTime()) return undefined;
  if (settings.dailyActiveSince && slot.dueAt.getTime() < settings.dailyActiveSince.getTime()) return undefined;
  return slot;
}

/** The first weekly slot strictly after `now`. */
export function nextWeeklySlotAfter(weekly: WeeklyTime, zone: string, now: Date): DailySlot {
  const thisWeek = weeklySlotOf(now, weekly, zone);
  if (thisWeek.dueAt.getTime() > now.getTime()) return thisWeek;
  return weeklySlotOf(DateTime.fromJSDate(now, { zone }).startOf('week').plus({ weeks: 1 }).toJSDate(), weekly, zone);
}
