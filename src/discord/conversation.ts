import type { Message } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../engine/knowledge-base.js';
import type { Turn } from '../generate/prompt.js';
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
 * are ignored. Replies are in the guild's language (set by `/daily set`), Korean by default. A follow-up is read
 * with the thread's last turns (`standaloneQuestion`).
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
  const { channel } = message;
  // A thread started on a message has the message's id: the first answer's turn is already that thread's.
  const threadId = channel.isThread() ? channel.id : message.id;
  const question = await standaloneQuestion(context, context.threads.get(threadId), check.question);
  const { answer, replies } = await answerQuestion(context, question, asker);
  context.threads.add(threadId, { question, answer: answer.text });
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

/**
 * A follow-up as a question that stands on its own. With a language model, it is rewritten from the thread's
 * last turns ("그럼 VM은?" → "VM에서 커널의 역할은?"). Without one (or when it fails), a message with no content
 * words of its own ("더 자세히 알려줘", "왜?") is asked about the previous question's.
 */
async function standaloneQuestion(context: BotContext, turns: Turn[], message: string): Promise<string> {
  const previous = turns.at(-1);
  if (!previous) return message;
  const condensed = await context.writer.condense(turns, message);
  if (condensed) return condensed;
  const carried = await context.knowledge.use(async (kb) => (kb.contentWords(message).length > 0 ? [] : kb.contentWords(previous.question)));
  const question = [...carried, message].join(' ');
  return question.length <= MAX_QUESTION_CHARS ? question : message;
}

/** A reply to the message itself (without pinging its author), then the rest in the same channel. */
async function replyInline(message: Message<true>, replies: Reply[]): Promise<void> {
  const [first, ...rest] = replies;
  if (first) await message.reply(first);
  for (const reply of rest) await message.channel.send(reply);
}
