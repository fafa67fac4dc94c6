import type { ChatInputCommandInteraction } from 'discord.js';
import { validateQuestion } from '../engine/knowledge-base.js';
import type { StoreError } from '../store/errors.js';
import { UserError, type Answer } from '../types.js';
import type { BotContext } from './context.js';
import { localeOf, messages, type Locale } from './i18n.js';
import { renderAnswer, type Reply } from './render.js';

/**
 * Answering a question the same way from `/ask`, a mention and a thread follow-up: validate, apply the
 * per-user rate limit, answer from the current knowledge base, log it, and render it.
 */
export interface Asker {
  userId: string;
  guildId: string | null;
  channelId: string | null;
  locale: Locale;
}

export function askerOf(interaction: ChatInputCommandInteraction): Asker {
  return { userId: interaction.user.id, guildId: interaction.guildId, channelId: interaction.channelId, locale: localeOf(interaction.locale) };
}

export type QuestionCheck = { ok: true; question: string } | { ok: false; message: string };

/** Empty or too long input and the rate limit, as a message for the user (nothing is counted for bad input). */
export function checkQuestion(context: BotContext, text: string, asker: Asker): QuestionCheck {
  let question: string;
  try {
    question = validateQuestion(text);
  } catch (error) {
    if (error instanceof UserError) return { ok: false, message: userErrorMessage(error, asker.locale) };
    throw error;
  }
  const wait = context.limiter.take(asker.userId);
  if (wait > 0) return { ok: false, message: messages(asker.locale).rateLimited(wait) };
  return { ok: true, question };
}

/** What a member sees for an engine error: the code in their language, never the engine's (operator's) message. */
export function userErrorMessage(error: UserError | StoreError, locale: Locale): string {
  return messages(locale).errors[error.code](error instanceof UserError ? error.details : {});
}

export interface AnsweredQuestion {
  answer: Answer;
  replies: Reply[];
}

/**
 * `onDraft`: the checked answer so far while a model writes it (generative mode only). A model that fails
 * or is not backed by the notes leaves the quoted answer; the member never sees the difference as an error.
 */
export async function answerQuestion(context: BotContext, question: string, asker: Asker, onDraft?: (text: string) => void): Promise<AnsweredQuestion> {
  await context.acks.clear();
  const answer = await context.knowledge.use(async (kb) =>
    context.writer.write(await kb.answer(question), { analyzer: kb.analyzer, notesBaseUrl: kb.notesBaseUrl, ...(onDraft ? { onDraft } : {}) }),
  );
  const record = {
    guildId: asker.guildId,
    channelId: asker.channelId,
    userId: asker.userId,
    question,
    answered: answer.answered,
    topSectionId: answer.passages[0]?.sectionId ?? null,
    askedAt: context.now(),
  };
  // A locked database delays the log entry, never the answer: its buttons then carry a provisional id.
  const questionId = context.writes.attempt('question log', () => context.store.questions.log(record)) ?? context.answers.provisionalId();
  context.answers.remember(questionId, answer);
  context.logger.info(
    { questionId, guildId: asker.guildId, answered: answer.answered, citations: answer.citations.length, ...(answer.generatedBy ? { generatedBy: answer.generatedBy } : {}) },
    'question answered',
  );
  return { answer, replies: renderAnswer(answer, questionId, { locale: asker.locale, notesBaseUrl: context.notesBaseUrl }) };
}
