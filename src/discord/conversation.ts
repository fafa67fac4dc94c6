import type { Message } from 'discord.js';
import { answerQuestion, checkQuestion } from './answering.js';
import type { BotContext } from './context.js';
import { describeError } from './errors.js';
import { localeOf, messages, type Locale } from './i18n.js';
import { LIMITS, truncate } from './limits.js';
import { textReply, type Reply } from './render.js';

/**
 * Questions asked in messages (needs the Message Content intent): a message that mentions the bot is
 * answered in a thread started on it (inline when the bot may not create threads there); in a thread
 * the bot started, every later message is a question, no mention needed. Bots, including this one,
 * are ignored. Replies are in the guild's language (set by `/daily set`), Korean by default.
 */
export async function handleMessage(message: Message, context: BotContext): Promise<void> {
  if (message.author.bot || !message.inGuild()) return;
  const me = message.client.user;
  const inOwnThread = message.channel.isThread() && message.channel.ownerId === me.id;
  if (!inOwnThread && !message.mentions.users.has(me.id)) return;
  const text = message.content.replace(new RegExp(`<@!?${me.id}>`, 'gu'), ' ').trim();
  let locale: Locale = 'ko';
  try {
    locale = localeOf(context.store.settings.get(message.guildId)?.locale);
    await answerMessage(message, text, locale, context);
  } catch (error) {
    context.logger.error({ guildId: message.guildId, channelId: message.channelId, messageId: message.id, userId: message.author.id, error: describeError(error) }, 'message failed');
    await replyInline(message, [textReply(messages(locale).genericError)]).catch((reason: unknown) =>
      context.logger.warn({ channelId: message.channelId, error: describeError(reason) }, 'could not tell the user about the failure'),
    );
  }
}

async function answerMessage(message: Message<true>, text: string, locale: Locale, context: BotContext): Promise<void> {
  if (!text) {
    await replyInline(message, [textReply(messages(locale).mentionHint)]);
    return;
  }
  const asker = { userId: message.author.id, guildId: message.guildId, channelId: message.channelId, locale };
  const check = checkQuestion(context, text, asker);
  if (!check.ok) {
    await replyInline(message, [textReply(check.message)]);
    return;
  }
  const replies = await answerQuestion(context, check.question, asker);
  const { channel } = message;
  if (channel.isThread()) {
    for (const reply of replies) await channel.send(reply);
    return;
  }
  let thread;
  try {
    thread = await message.startThread({ name: truncate(check.question.replace(/\s+/gu, ' '), LIMITS.threadName) });
  } catch (error) {
    context.logger.warn({ guildId: message.guildId, channelId: message.channelId, error: describeError(error) }, 'could not start a thread; answering inline');
    await replyInline(message, replies);
    return;
  }
  for (const reply of replies) await thread.send(reply);
}

/** A reply to the message itself (without pinging its author), then the rest in the same channel. */
async function replyInline(message: Message<true>, replies: Reply[]): Promise<void> {
  const [first, ...rest] = replies;
  if (first) await message.reply(first);
  for (const reply of rest) await message.channel.send(reply);
}
