import { PermissionFlagsBits, type Client } from 'discord.js';
import { DailyPostError, type NotifyAdminFn, type PostFn } from '../daily/index.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/index.js';
import { localeOf, messages } from './i18n.js';
import { inert } from './limits.js';
import { renderQuizPost } from './quiz.js';
import { textReply } from './render.js';

/** What the bot needs in the daily channel (checked by `/daily set` and before each post). */
export const POST_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

/**
 * The Discord side of the daily scheduler: sending the quiz to the configured channel, and telling the
 * admin who configured it (by DM) when that channel is gone or closed to the bot. A failure here is
 * thrown for the scheduler to record; it never stops the scheduler.
 */
export function dailyPoster(client: Client, options: { store: Store; notesBaseUrl: string | undefined; logger: Logger }): { post: PostFn; notifyAdmin: NotifyAdminFn } {
  const post: PostFn = async (guildId, quiz, target) => {
    // Unknown Channel (10003) from the API is classified by the scheduler as channel-missing.
    const channel = await client.channels.fetch(target.channelId);
    if (!channel?.isSendable() || channel.isDMBased()) {
      throw new DailyPostError('channel-missing', `channel ${target.channelId} is not a server text channel`);
    }
    const me = channel.guild.members.me;
    if (me && !channel.permissionsFor(me).has(POST_PERMISSIONS)) {
      throw new DailyPostError('missing-permission', `missing View Channel / Send Messages / Embed Links in ${target.channelId}`);
    }
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
