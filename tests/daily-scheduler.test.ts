import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DailyPostError,
  DailyScheduler,
  type DailyProblem,
  type PostFn,
  type PostedQuiz,
  type PostTarget,
  type Timers,
} from '../src/daily/index.js';
import { createLogger } from '../src/log/logger.js';
import { Store } from '../src/store/index.js';
import type { Concept } from '../src/types.js';

const SEOUL_GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const NY_GUILD = '100000000000000003';
const ADMIN = '200000000000000001';
const CHANNEL = '300000000000000001';

const TEXTS = [
  '도커는 호스트 운영체제의 커널을 공유하여 실행되며, cgroups와 네임스페이스 같은 리눅스 커널 기능으로 자원을 격리합니다.',
  '타입 1 하이퍼바이저는 하드웨어 위에서 직접 실행됩니다. 이 하이퍼바이저는 가상 머신을 할당하고 제어하는 주체입니다.',
  '컨테이너 엔진은 애플리케이션을 컨테이너로 패키징하고 실행하며 관리하는 소프트웨어입니다. 컨테이너 이미지를 생성하고 실행합니다.',
  '컨테이너는 호스트 운영체제의 커널을 공유하므로, VM에 비해 더 적은 자원을 사용합니다. 그래서 빠르게 시작하고 중지할 수 있습니다.',
];
const CONCEPTS: Concept[] = TEXTS.map((text, i) => ({
  sectionId: `docker-and-vm.md#s${i + 1}`,
  title: `s${i + 1}`,
  path: ['Docker and VM', `s${i + 1}`],
  file: 'docker-and-vm.md',
  anchor: `s${i + 1}`,
  lines: [i * 10 + 1, i * 10 + 5],
  text,
  keyTerms: [],
}));

interface Posted {
  guildId: string;
  sectionId: string;
  target: PostTarget;
  at: string;
}

let dir: string;
let file: string;
let clock: Date;
let posted: Posted[];
let notices: { guildId: string; adminUserId: string | null; problem: DailyProblem }[];
let logLines: string[];
let failFor: Map<string, () => Error>;
let stores: Store[];

const now = () => clock;
const at = (iso: string) => {
  clock = new Date(iso);
};

const post: PostFn = async (guildId: string, { quiz }: PostedQuiz, target: PostTarget) => {
  const failure = failFor.get(guildId);
  if (failure) throw failure();
  posted.push({ guildId, sectionId: quiz.sectionId, target, at: clock.toISOString() });
  return { messageId: `msg-${posted.length}` };
};

function openStore(): Store {
  const store = Store.open({ path: file, now });
  stores.push(store);
  return store;
}

function scheduler(store: Store, concepts: () => Concept[] = () => CONCEPTS, timers?: Timers): DailyScheduler {
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  });
  return new DailyScheduler({
    store,
    concepts,
    post,
    notifyAdmin: (guildId, adminUserId, problem) => {
      notices.push({ guildId, adminUserId, problem });
    },
    now,
    logger,
    ...(timers ? { timers } : {}),
  });
}

function configure(store: Store, guildId = SEOUL_GUILD, time = '09:00', timezone = 'Asia/Seoul'): void {
  store.settings.configureDaily(guildId, { channelId: CHANNEL, time, timezone, configuredBy: ADMIN });
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-scheduler-'));
  file = path.join(dir, 'bot.sqlite');
  posted = [];
  notices = [];
  logLines = [];
  failFor = new Map();
  stores = [];
  // Configured the evening before: 2025-03-01 21:00 in Seoul.
  at('2025-03-01T12:00:00Z');
});

afterEach(() => {
  for (const store of stores) store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('daily scheduler', () => {
  it('posts at 09:00 Asia/Seoul (00:00 UTC), not at 08:59', async () => {
    const store = openStore();
    configure(store);
    const daily = scheduler(store);

    at('2025-03-01T23:59:00Z'); // 08:59 KST
    expect(await daily.tick()).toEqual([{ guildId: SEOUL_GUILD, outcome: 'not-due' }]);
    expect(posted).toEqual([]);

    at('2025-03-02T00:00:00Z'); // 09:00 KST
    const [result] = await daily.tick();
    expect(result).toMatchObject({ outcome: 'posted', localDate: '2025-03-02', sectionId: CONCEPTS[0]!.sectionId, messageId: 'msg-1' });
    expect(posted).toEqual([
      { guildId: SEOUL_GUILD, sectionId: CONCEPTS[0]!.sectionId, target: { channelId: CHANNEL, kind: 'scheduled', locale: null }, at: '2025-03-02T00:00:00.000Z' },
    ]);
    expect(store.daily.state(SEOUL_GUILD)).toMatchObject({ slotDate: '2025-03-02', slotStatus: 'posted', slotMessageId: 'msg-1' });
  });

  it('posts exactly once however often it ticks, then the next section the next day', async () => {
    const store = openStore();
    configure(store);
    const daily = scheduler(store);
    // Every 10 minutes from 08:00 KST on the 2nd to 08:50 KST on the 3rd.
    for (let t = Date.parse('2025-03-01T23:00:00Z'); t < Date.parse('2025-03-02T23:59:00Z'); t += 10 * 60_000) {
      clock = new Date(t);
      await daily.tick();
    }
    // Concurrent ticks at the same instant go through the same claim.
    await Promise.all([daily.tick(), daily.tick(), daily.tick()]);
    expect(posted.map((p) => p.sectionId)).toEqual([CONCEPTS[0]!.sectionId]);

    at('2025-03-03T00:00:00Z');
    await daily.tick();
    await daily.tick();
    expect(posted.map((p) => p.sectionId)).toEqual([CONCEPTS[0]!.sectionId, CONCEPTS[1]!.sectionId]);
  });

  it('posts exactly once across a restart (new scheduler, same database file)', async () => {
    const first = openStore();
    configure(first);
    at('2025-03-02T00:00:30Z');
    await scheduler(first).tick();
    first.close();

    at('2025-03-02T00:05:00Z');
    const second = openStore();
    const restarted = scheduler(second);
    expect(await restarted.tick()).toEqual([{ guildId: SEOUL_GUILD, outcome: 'taken', localDate: '2025-03-02' }]);
    expect(posted).toHaveLength(1);
  });

  it('never re-sends after a crash between claiming and confirming (at most once), and says so in the log', async () => {
    const first = openStore();
    configure(first);
    const hanging = new DailyScheduler({
      store: first,
      concepts: () => CONCEPTS,
      now,
      // The process "dies" while the message is on its way: the promise never settles.
      post: () => new Promise(() => undefined),
    });
    at('2025-03-02T00:00:00Z');
    void hanging.tick();
    await new Promise((resolve) => setImmediate(resolve));
    expect(first.daily.state(SEOUL_GUILD)?.slotStatus).toBe('claimed');
    first.close();

    at('2025-03-02T01:00:00Z');
    const second = openStore();
    expect(await scheduler(second).tick()).toEqual([{ guildId: SEOUL_GUILD, outcome: 'taken', localDate: '2025-03-02' }]);
    expect(posted).toEqual([]);
    expect(second.daily.state(SEOUL_GUILD)?.slotStatus).toBe('interrupted');
    expect(logLines.join('')).toMatch(/may or may not have been sent/);

    // The next day is normal again; the interrupted section stays counted as shown.
    at('2025-03-03T00:00:00Z');
    await scheduler(second).tick();
    expect(posted.map((p) => p.sectionId)).toEqual([CONCEPTS[1]!.sectionId]);
  });

  it('catches up once when it comes back later the same day', async () => {
    const store = openStore();
    configure(store);
    // Down at 09:00 KST; back at 15:00 KST.
    at('2025-03-02T06:00:00Z');
    const daily = scheduler(store);
    expect((await daily.tick())[0]).toMatchObject({ outcome: 'posted', localDate: '2025-03-02' });
    at('2025-03-02T06:01:00Z');
    await daily.tick();
    expect(posted).toHaveLength(1);
  });

  it('does not post for a day that has passed, and not twice on the next', async () => {
    const store = openStore();
    configure(store);
    // Down the whole of 2 March (KST); back on 3 March at 08:00 KST.
    at('2025-03-02T23:00:00Z');
    const daily = scheduler(store);
    await daily.tick();
    expect(posted).toEqual([]);
    at('2025-03-03T00:00:00Z');
    await daily.tick();
    at('2025-03-03T10:00:00Z');
    await daily.tick();
    expect(posted.map((p) => p.at)).toEqual(['2025-03-03T00:00:00.000Z']);
  });

  it('starts the day after when switched on after today\'s time', async () => {
    const store = openStore();
    at('2025-03-02T03:00:00Z'); // 12:00 KST, time set to 09:00
    configure(store);
    const daily = scheduler(store);
    await daily.tick();
    expect(posted).toEqual([]);
    at('2025-03-03T00:00:00Z');
    await daily.tick();
    expect(posted).toHaveLength(1);
  });

  it('survives "Unknown Channel": tells the admin once, posts for other guilds, keeps running', async () => {
    const store = openStore();
    configure(store, SEOUL_GUILD);
    configure(store, OTHER_GUILD);
    failFor.set(SEOUL_GUILD, () => Object.assign(new Error('Unknown Channel'), { code: 10003, status: 404 }));
    const daily = scheduler(store);

    at('2025-03-02T00:00:00Z');
    const results = await daily.tick();
    expect(results.find((r) => r.guildId === OTHER_GUILD)).toMatchObject({ outcome: 'posted' });
    expect(results.find((r) => r.guildId === SEOUL_GUILD)).toMatchObject({
      outcome: 'failed',
      problem: { kind: 'channel-missing', channelId: CHANNEL, detail: 'Unknown Channel' },
    });
    expect(notices).toEqual([{ guildId: SEOUL_GUILD, adminUserId: ADMIN, problem: { kind: 'channel-missing', channelId: CHANNEL, detail: 'Unknown Channel' } }]);
    expect(store.daily.state(SEOUL_GUILD)).toMatchObject({ slotStatus: 'failed', slotProblem: 'channel-missing: Unknown Channel' });

    // Same day: not retried, no second notice.
    at('2025-03-02T01:00:00Z');
    await daily.tick();
    // Next day, still broken: no daily nagging either; the other guild goes on.
    at('2025-03-03T00:00:00Z');
    await daily.tick();
    expect(notices).toHaveLength(1);
    expect(posted.map((p) => p.guildId)).toEqual([OTHER_GUILD, OTHER_GUILD]);

    // The admin points it at a working channel: the failed day's post goes out, with the section it never showed.
    failFor.delete(SEOUL_GUILD);
    at('2025-03-03T02:00:00Z');
    configure(store, SEOUL_GUILD);
    await daily.tick();
    const seoulPosts = posted.filter((p) => p.guildId === SEOUL_GUILD);
    expect(seoulPosts.map((p) => p.sectionId)).toEqual([CONCEPTS[0]!.sectionId]);
    await daily.tick();
    expect(posted.filter((p) => p.guildId === SEOUL_GUILD)).toHaveLength(1);
  });

  it('reports missing permissions and other errors without crashing; a throwing notifier is logged', async () => {
    const store = openStore();
    configure(store, SEOUL_GUILD);
    configure(store, OTHER_GUILD);
    failFor.set(SEOUL_GUILD, () => new DailyPostError('missing-permission', 'Missing Permissions'));
    failFor.set(OTHER_GUILD, () => new Error('socket hang up'));
    const daily = new DailyScheduler({
      store,
      concepts: () => CONCEPTS,
      post,
      now,
      notifyAdmin: () => {
        throw new Error('DMs closed');
      },
    });
    at('2025-03-02T00:00:00Z');
    const results = await daily.tick();
    expect(results.map((r) => (r.outcome === 'failed' ? r.problem.kind : r.outcome)).sort()).toEqual(['error', 'missing-permission']);
    expect(store.daily.state(OTHER_GUILD)?.slotStatus).toBe('error');
  });

  it('respects a non-default zone across DST (America/New_York)', async () => {
    const store = openStore();
    configure(store, NY_GUILD, '09:00', 'America/New_York');
    const daily = scheduler(store);
    at('2025-03-08T13:59:00Z'); // 08:59 EST
    await daily.tick();
    at('2025-03-08T14:00:00Z'); // 09:00 EST
    await daily.tick();
    at('2025-03-09T12:59:00Z'); // 08:59 EDT
    await daily.tick();
    at('2025-03-09T13:00:00Z'); // 09:00 EDT
    await daily.tick();
    at('2025-03-09T14:00:00Z');
    await daily.tick();
    expect(posted.map((p) => p.at)).toEqual(['2025-03-08T14:00:00.000Z', '2025-03-09T13:00:00.000Z']);
  });

  it('/daily off stops posts at once; switching on again resumes the next day', async () => {
    const store = openStore();
    configure(store);
    const daily = scheduler(store);
    at('2025-03-02T00:00:00Z');
    await daily.tick();
    store.settings.disableDaily(SEOUL_GUILD);
    at('2025-03-03T00:00:00Z');
    expect(await daily.tick()).toEqual([]);
    at('2025-03-04T03:00:00Z'); // 12:00 KST: on again, after today's time
    configure(store);
    await daily.tick();
    at('2025-03-05T00:00:00Z');
    await daily.tick();
    expect(posted.map((p) => p.at)).toEqual(['2025-03-02T00:00:00.000Z', '2025-03-05T00:00:00.000Z']);
  });

  it('a changed time applies without restart, still once per day', async () => {
    const store = openStore();
    configure(store);
    const daily = scheduler(store);
    at('2025-03-01T23:30:00Z'); // 08:30 KST: move to 10:00
    configure(store, SEOUL_GUILD, '10:00');
    at('2025-03-02T00:00:00Z');
    await daily.tick();
    expect(posted).toEqual([]);
    at('2025-03-02T01:00:00Z');
    await daily.tick();
    // Moved back to 09:30 after posting: today is done.
    configure(store, SEOUL_GUILD, '09:30');
    at('2025-03-02T02:00:00Z');
    await daily.tick();
    expect(posted.map((p) => p.at)).toEqual(['2025-03-02T01:00:00.000Z']);
  });

  it('never posts twice in a day when the zone moves backwards', async () => {
    const store = openStore();
    configure(store);
    const daily = scheduler(store);
    at('2025-03-02T00:00:00Z'); // 09:00 KST on the 2nd
    await daily.tick();
    // Switched to New York: its 2 March 09:00 is 23:00 KST, still the Seoul day that already had its post.
    configure(store, SEOUL_GUILD, '09:00', 'America/New_York');
    at('2025-03-02T14:00:00Z'); // 09:00 EST on the 2nd
    await daily.tick();
    at('2025-03-03T14:00:00Z');
    await daily.tick();
    expect(posted.map((p) => p.at)).toEqual(['2025-03-02T00:00:00.000Z', '2025-03-03T14:00:00.000Z']);
  });

  it('rotates through every section without repeats, then starts a new round', async () => {
    const store = openStore();
    configure(store);
    const daily = scheduler(store);
    for (let day = 2; day <= 9; day += 1) {
      at(`2025-03-${String(day).padStart(2, '0')}T00:00:00Z`);
      await daily.tick();
    }
    const ids = posted.map((p) => p.sectionId);
    expect(ids.slice(0, 4)).toEqual(CONCEPTS.map((c) => c.sectionId));
    expect(new Set(ids.slice(4)).size).toBe(4);
    expect(store.daily.rotation(SEOUL_GUILD).round).toBe(2);
  });

  it('/daily now posts the next section at once without using up the scheduled slot', async () => {
    const store = openStore();
    configure(store);
    const daily = scheduler(store);
    at('2025-03-01T23:00:00Z'); // 08:00 KST
    const now1 = await daily.postNow(SEOUL_GUILD);
    expect(now1).toMatchObject({ ok: true, channelId: CHANNEL, messageId: 'msg-1' });
    at('2025-03-02T00:00:00Z');
    await daily.tick();
    at('2025-03-02T05:00:00Z');
    await daily.postNow(SEOUL_GUILD);
    expect(posted.map((p) => [p.target.kind, p.sectionId])).toEqual([
      ['manual', CONCEPTS[0]!.sectionId],
      ['scheduled', CONCEPTS[1]!.sectionId],
      ['manual', CONCEPTS[2]!.sectionId],
    ]);

    expect(await daily.postNow(OTHER_GUILD)).toEqual({ ok: false, reason: 'not-configured' });
    failFor.set(SEOUL_GUILD, () => Object.assign(new Error('Missing Access'), { code: 50001 }));
    expect(await daily.postNow(SEOUL_GUILD)).toMatchObject({ ok: false, reason: 'missing-permission' });
    // The failed section was not shown: it is still next.
    failFor.delete(SEOUL_GUILD);
    await daily.postNow(SEOUL_GUILD);
    expect(posted.at(-1)!.sectionId).toBe(CONCEPTS[3]!.sectionId);
    expect(await scheduler(store, () => []).postNow(SEOUL_GUILD)).toEqual({ ok: false, reason: 'no-concepts' });
  });

  it('tells when the next post is due', async () => {
    const store = openStore();
    const daily = scheduler(store);
    expect(daily.nextPostAt(SEOUL_GUILD)).toBeUndefined();
    configure(store);
    expect(daily.nextPostAt(SEOUL_GUILD)).toEqual(new Date('2025-03-02T00:00:00Z'));
    at('2025-03-02T03:00:00Z'); // due and not yet posted (the bot was down): now
    expect(daily.nextPostAt(SEOUL_GUILD)).toEqual(clock);
    await daily.tick();
    expect(daily.nextPostAt(SEOUL_GUILD)).toEqual(new Date('2025-03-03T00:00:00Z'));
  });

  it('does not claim the day when there is nothing to post yet', async () => {
    const store = openStore();
    configure(store);
    let concepts: Concept[] = [];
    const daily = scheduler(store, () => concepts);
    at('2025-03-02T00:00:00Z');
    expect((await daily.tick())[0]).toMatchObject({ outcome: 'empty' });
    concepts = CONCEPTS; // the index finished building
    at('2025-03-02T00:01:00Z');
    expect((await daily.tick())[0]).toMatchObject({ outcome: 'posted' });
  });

  it('start()/stop() run ticks on the injected timers and sleep until the next slot', async () => {
    const store = openStore();
    configure(store);
    const pending: { callback: () => void; ms: number; id: number }[] = [];
    let nextId = 0;
    const timers: Timers = {
      setTimeout(callback, ms) {
        const id = (nextId += 1);
        pending.push({ callback, ms, id });
        return id;
      },
      clearTimeout(handle) {
        const index = pending.findIndex((t) => t.id === handle);
        if (index >= 0) pending.splice(index, 1);
      },
    };
    const settle = async () => {
      for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    };
    const fire = async () => {
      const timer = pending.shift()!;
      clock = new Date(clock.getTime() + timer.ms);
      timer.callback();
      await settle();
    };
    const daily = scheduler(store, () => CONCEPTS, timers);

    at('2025-03-01T23:59:30Z'); // 30 s before 09:00 KST
    daily.start();
    daily.start(); // idempotent
    expect(pending.map((t) => t.ms)).toEqual([0]);
    await fire();
    expect(posted).toEqual([]);
    expect(pending.map((t) => t.ms)).toEqual([30_000]); // wakes exactly at 09:00
    await fire();
    expect(posted.map((p) => p.at)).toEqual(['2025-03-02T00:00:00.000Z']);
    expect(pending.map((t) => t.ms)).toEqual([60_000]); // then idles at the cap

    // A settings change re-plans at once.
    configure(store, SEOUL_GUILD, '09:00', 'America/New_York');
    daily.wake();
    expect(pending.map((t) => t.ms)).toEqual([0]);

    await daily.stop();
    expect(pending).toEqual([]);
  });
});
