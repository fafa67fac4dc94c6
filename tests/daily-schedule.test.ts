import { describe, expect, it } from 'vitest';
import { dueSlot, isValidTimeZone, nextSlotAfter, parseDailyTime, slotOfDay } from '../src/daily/index.js';

const utc = (iso: string) => new Date(iso);

describe('daily time input', () => {
  it('normalizes what admins type to HH:MM', () => {
    expect(parseDailyTime('9:00')).toBe('09:00');
    expect(parseDailyTime('09:05')).toBe('09:05');
    expect(parseDailyTime(' 2130 ')).toBe('21:30');
    expect(parseDailyTime('9시')).toBe('09:00');
    expect(parseDailyTime('18시 30분')).toBe('18:30');
    expect(parseDailyTime('24:00')).toBeUndefined();
    expect(parseDailyTime('9:60')).toBeUndefined();
    expect(parseDailyTime('nine')).toBeUndefined();
  });

  it('knows IANA zones', () => {
    expect(isValidTimeZone('Asia/Seoul')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Seoul')).toBe(false);
  });
});

describe('daily slots', () => {
  const seoul = { dailyTime: '09:00', timezone: 'Asia/Seoul', dailyActiveSince: utc('2025-01-01T00:00:00Z') };

  it('09:00 in Seoul is 00:00 UTC of the same local day', () => {
    expect(slotOfDay(utc('2025-03-02T05:00:00Z'), '09:00', 'Asia/Seoul')).toEqual({ localDate: '2025-03-02', dueAt: utc('2025-03-02T00:00:00Z') });
    // 23:30 UTC on the 1st is already the 2nd in Seoul.
    expect(slotOfDay(utc('2025-03-01T23:30:00Z'), '09:00', 'Asia/Seoul').localDate).toBe('2025-03-02');
  });

  it('is due from the scheduled minute on, not a minute before', () => {
    expect(dueSlot(seoul, utc('2025-03-01T23:59:00Z'))).toBeUndefined();
    expect(dueSlot(seoul, utc('2025-03-02T00:00:00Z'))?.localDate).toBe('2025-03-02');
    expect(dueSlot(seoul, utc('2025-03-02T14:59:59Z'))?.localDate).toBe('2025-03-02');
  });

  it('is not due for a slot scheduled before daily posts were switched on', () => {
    const enabledLate = { ...seoul, dailyActiveSince: utc('2025-03-02T06:00:00Z') };
    expect(dueSlot(enabledLate, utc('2025-03-02T07:00:00Z'))).toBeUndefined();
    expect(dueSlot(enabledLate, utc('2025-03-03T00:00:00Z'))?.localDate).toBe('2025-03-03');
  });

  it('follows New York across the DST change', () => {
    const ny = { dailyTime: '09:00', timezone: 'America/New_York', dailyActiveSince: null };
    expect(slotOfDay(utc('2025-03-08T15:00:00Z'), '09:00', ny.timezone).dueAt).toEqual(utc('2025-03-08T14:00:00Z')); // EST
    expect(slotOfDay(utc('2025-03-09T15:00:00Z'), '09:00', ny.timezone).dueAt).toEqual(utc('2025-03-09T13:00:00Z')); // EDT
    expect(nextSlotAfter(ny, utc('2025-03-08T14:00:00Z'))).toEqual({ localDate: '2025-03-09', dueAt: utc('2025-03-09T13:00:00Z') });
    // 02:30 does not exist on 9 March: the slot moves past the gap, still once that day.
    const gap = slotOfDay(utc('2025-03-09T12:00:00Z'), '02:30', ny.timezone);
    expect(gap.localDate).toBe('2025-03-09');
    expect(gap.dueAt).toEqual(utc('2025-03-09T07:30:00Z'));
  });

  it('next slot is today while ahead, tomorrow once passed', () => {
    expect(nextSlotAfter(seoul, utc('2025-03-01T23:59:00Z')).dueAt).toEqual(utc('2025-03-02T00:00:00Z'));
    expect(nextSlotAfter(seoul, utc('2025-03-02T00:00:00Z')).dueAt).toEqual(utc('2025-03-03T00:00:00Z'));
  });
});
