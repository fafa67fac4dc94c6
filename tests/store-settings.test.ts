import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config.js';
import { Store } from '../src/store/index.js';
import { UserError } from '../src/types.js';

let dir: string;
let clock: Date;
const now = () => clock;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-settings-'));
  clock = new Date('2025-03-01T00:00:00Z');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('guild settings', () => {
  it('survive closing and reopening the database file', () => {
    const file = path.join(dir, 'bot.sqlite');
    const store = Store.open({ path: file, now });
    store.settings.configureDaily('111111111111111111', {
      channelId: '222222222222222222',
      time: '07:30',
      timezone: 'America/New_York',
      configuredBy: '333333333333333333',
      locale: 'en',
    });
    store.close();

    const reopened = Store.open({ path: file, now });
    expect(reopened.settings.get('111111111111111111')).toEqual({
      guildId: '111111111111111111',
      dailyChannelId: '222222222222222222',
      dailyTime: '07:30',
      timezone: 'America/New_York',
      dailyEnabled: true,
      configuredBy: '333333333333333333',
      locale: 'en',
      dailyActiveSince: clock,
      updatedAt: clock,
    });
    expect(reopened.settings.listDailyEnabled().map((s) => s.guildId)).toEqual(['111111111111111111']);
    reopened.close();
  });

  it('defaults the zone to Asia/Seoul and keeps a chosen zone when it is omitted later', () => {
    const store = Store.open({ path: ':memory:', now });
    expect(store.settings.configureDaily('g', { channelId: 'c', time: '09:00', configuredBy: 'u' }).timezone).toBe('Asia/Seoul');
    store.settings.configureDaily('g', { channelId: 'c', time: '09:00', timezone: 'Europe/Berlin', configuredBy: 'u' });
    expect(store.settings.configureDaily('g', { channelId: 'c2', time: '10:00', configuredBy: 'u' }).timezone).toBe('Europe/Berlin');
  });

  it('stores a zone as the runtime spells it, however it was typed (utc → UTC), also for the default zone', () => {
    const store = Store.open({ path: ':memory:', now, defaultTimezone: 'etc/utc' });
    expect(store.settings.configureDaily('g', { channelId: 'c', time: '09:00', timezone: 'utc', configuredBy: 'u' }).timezone).toBe('UTC');
    expect(store.settings.configureDaily('g', { channelId: 'c', time: '09:00', timezone: 'asia/seoul', configuredBy: 'u' }).timezone).toBe('Asia/Seoul');
    expect(store.settings.setLocale('h', 'en').timezone).toBe('UTC');
    expect(loadBotConfig({ DISCORD_TOKEN: 'x', DISCORD_CLIENT_ID: '123456789012345678', DEFAULT_TIMEZONE: 'utc' }).DEFAULT_TIMEZONE).toBe('UTC');
    store.close();
  });

  it('/daily off keeps the schedule but takes the guild out of the daily list; on again restarts "active since"', () => {
    const store = Store.open({ path: ':memory:', now });
    store.settings.configureDaily('g', { channelId: 'c', time: '09:00', configuredBy: 'u' });
    clock = new Date('2025-03-02T00:00:00Z');
    store.settings.configureDaily('g', { channelId: 'c', time: '08:00', configuredBy: 'u' });
    expect(store.settings.get('g')!.dailyActiveSince).toEqual(new Date('2025-03-01T00:00:00Z'));

    const off = store.settings.disableDaily('g')!;
    expect(off.dailyEnabled).toBe(false);
    expect(off.dailyChannelId).toBe('c');
    expect(store.settings.listDailyEnabled()).toEqual([]);
    expect(store.settings.disableDaily('never-configured')).toBeUndefined();

    clock = new Date('2025-03-03T00:00:00Z');
    expect(store.settings.configureDaily('g', { channelId: 'c', time: '08:00', configuredBy: 'u' }).dailyActiveSince).toEqual(clock);
  });

  it('forgets a guild with its rotation state when the bot leaves it', () => {
    const store = Store.open({ path: ':memory:', now });
    store.settings.configureDaily('g', { channelId: 'c', time: '09:00', configuredBy: 'u' });
    store.daily.pickManual('g', () => ({ sectionId: 'n.md#a', round: 1 }));
    expect(store.daily.rotation('g').posted).toEqual(['n.md#a']);
    expect(store.settings.remove('g')).toBe(true);
    expect(store.settings.get('g')).toBeUndefined();
    expect(store.daily.state('g')).toBeUndefined();
    expect(store.daily.rotation('g')).toEqual({ round: 1, posted: [] });
    expect(store.settings.remove('g')).toBe(false);
  });

  it('rejects a malformed time or unknown zone as a UserError and changes nothing', () => {
    const store = Store.open({ path: ':memory:', now });
    expect(() => store.settings.configureDaily('g', { channelId: 'c', time: '9am', configuredBy: 'u' })).toThrow(UserError);
    expect(() => store.settings.configureDaily('g', { channelId: 'c', time: '24:00', configuredBy: 'u' })).toThrow(UserError);
    expect(() =>
      store.settings.configureDaily('g', { channelId: 'c', time: '09:00', timezone: 'Mars/Olympus', configuredBy: 'u' }),
    ).toThrow(UserError);
    expect(store.settings.get('g')).toBeUndefined();
  });

  it('stores ids and locale that look like SQL verbatim (values are bound, not spliced)', () => {
    const store = Store.open({ path: ':memory:', now });
    const sneaky = "g'); DROP TABLE guild_settings; --";
    store.settings.setLocale(sneaky, 'ko');
    expect(store.settings.get(sneaky)?.locale).toBe('ko');
    expect(store.settings.get('g')).toBeUndefined();
  });
});
