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
