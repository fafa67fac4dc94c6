import { PermissionFlagsBits, type Client } from 'discord.js';
import { DailyPostError, guildZone, type NotifyAdminFn, type PostDigestFn, type PostFn, type SendReminderFn } from '../daily/index.js';
import { renderDigest } from './digest.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/index.js';
import { localeOf, messages } from './i18n.js';
import { inert } from './limits.js';
import { renderQuizPost } from './quiz.js';
import { textReply } from './render.js';
import { memberNames } from './social.js';

/** What the bot needs in the daily channel (checked by `/daily set` and before each post). */
export const POST_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

/**
 * The Discord side of the daily scheduler: sending the quiz to the configured channel, and telling the
 * admin who configured it (by DM) when that channel is gone or closed to the bot. A failure here is
 * thrown for the scheduler to record; it never stops the scheduler.
 */
export function dailyPoster(client: Client, options: { store: Store; notesBaseUrl: string | undefined; logger: Logger }): { post: PostFn; notifyAdmin: NotifyAdminFn } {
  const post: PostFn = async (guildId, quiz, target) => {
    const channel = await dailyChannel(client, target.channelId);
    const empty = { participants: 0, graded: 0, correct: 0 };
    const sent = await channel.send(renderQuizPost(quiz, empty, { locale: localeOf(target.locale), notesBaseUrl: options.notesBaseUrl }));
    return { messageId: sent.id };
  };

  const notifyAdmin: NotifyAdminFn = async (guildId, adminUserId, problem) => {
    if (!adminUserId) {
      options.logger.warn({ guildId, problem: problem.kind, channelId: problem.channelId }, 'daily: post failed and no admin is recorded to tell');
      return;
    }
    const m = messages(localeOf(options.store.settings.get(guildId)?.locale));
    const guildName = inert(client.guilds.cache.get(guildId)?.name ?? guildId);
    await client.users.send(adminUserId, textReply(m.adminNotice(guildName, problem.kind, problem.channelId)));
    options.logger.info({ guildId, adminUserId, problem: problem.kind }, 'daily: admin notified');
  };

  return { post, notifyAdmin };
}

/**
 * The daily channel, ready to post in: throws `DailyPostError` when it is not a server text channel or the
 * bot lacks the permissions (Unknown Channel, 10003, from the API is classified by the scheduler as channel-missing).
 */
async function dailyChannel(client: Client, channelId: string) {
  const channel = await client.channels.fetch(channelId);
  if (!channel?.isSendable() || channel.isDMBased()) {
    throw new DailyPostError('channel-missing', `channel ${channelId} is not a server text channel`);
  }
  const me = channel.guild.members.me;
  if (me && !channel.permissionsFor(me).has(POST_PERMISSIONS)) {
    throw new DailyPostError('missing-permission', `missing View Channel / Send Messages / Embed Links in ${channelId}`);
  }
  return channel;
}

/** The weekly digest's Discord side: rendered with members' names as text, posted to the daily channel. */
export function digestPoster(client: Client, options: { store: Store }): PostDigestFn {
  return async (guildId, digest, target) => {
    const channel = await dailyChannel(client, target.channelId);
    const m = messages(localeOf(target.locale));
    const names = await memberNames(client, guildId, digest.leaderboard.map((e) => e.userId), m.unknownMember);
    const sent = await channel.send(renderDigest(digest, names, guildZone(options.store, guildId), m));
    return { messageId: sent.id };
  };
}

/** The review reminder DM. A member with closed DMs makes this throw (50007); the reminder job logs it. */
export function reminderSender(client: Client, options: { store: Store }): SendReminderFn {
  return async (userId, reminder) => {
    const locale = reminder.guildId ? options.store.settings.get(reminder.guildId)?.locale : undefined;
    await client.users.send(userId, textReply(messages(localeOf(locale)).reminderDm(reminder.dueCount)));
  };
}
