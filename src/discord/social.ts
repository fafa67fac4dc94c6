import { escapeMarkdown, type Client } from 'discord.js';
import { DateTime } from 'luxon';
import type { Window } from '../daily/index.js';
import type { LeaderboardEntry } from '../store/index.js';
import type { Messages } from './i18n.js';
import { inert, truncate } from './limits.js';

/**
 * Members named as text, never as mentions: the leaderboard and the digest show display names (the server
 * nickname, else the Discord name) and are sent with mentions disabled, so ranking nobody pings anybody.
 */

/** Display names of `userIds` in the guild, as inert, markdown-escaped text; a member who left is `unknown`. */
export async function memberNames(client: Client, guildId: string, userIds: readonly string[], unknown: string): Promise<Map<string, string>> {
  const guild = client.guilds.cache.get(guildId);
  const names = await Promise.all(
    userIds.map(async (id): Promise<[string, string]> => {
      const member = await guild?.members.fetch(id).catch(() => undefined);
      const user = member?.user ?? (await client.users.fetch(id).catch(() => undefined));
      const name = member?.displayName ?? user?.displayName;
      return [id, name ? truncate(escapeMarkdown(inert(name)), 64) : unknown];
    }),
  );
  return new Map(names);
}

/** "1. 이름 — 5점 (정답 3 · 복습 2)" per entry; tied points share a rank (1, 2, 2, 4). */
export function leaderboardLines(entries: readonly LeaderboardEntry[], names: ReadonlyMap<string, string>, m: Messages): string[] {
  let rank = 0;
  return entries.map((entry, i) => {
    if (i === 0 || entry.points !== entries[i - 1]!.points) rank = i + 1;
    return m.leaderboardLine(rank, names.get(entry.userId) ?? m.unknownMember, entry.points, entry.correct, entry.reviews);
  });
}

/** A window as local dates, its end day inclusive: "2025-03-03 ~ 2025-03-09". */
export function windowDates(window: Window, zone: string, format: (from: string, to: string) => string): string {
  const from = DateTime.fromJSDate(window.from, { zone });
  const to = DateTime.fromJSDate(window.to, { zone }).minus({ milliseconds: 1 });
  return format(from.toFormat('yyyy-MM-dd'), to.toFormat('yyyy-MM-dd'));
}
