import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { BotContext } from './context.js';
import { localeOf, messages } from './i18n.js';
import { QUIZ_BUTTON, handleQuizButton } from './quiz.js';
import { ANSWER_BUTTON, renderSources, type AnswerAction } from './render.js';
import { replyPrivately } from './respond.js';
import { REVIEW_BUTTON, handleReviewButton } from './review.js';

/** Every button the bot puts on a message, routed by its custom id's prefix. */
export async function handleButton(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  if (QUIZ_BUTTON.test(interaction.customId)) await handleQuizButton(interaction, context);
  else if (REVIEW_BUTTON.test(interaction.customId)) await handleReviewButton(interaction, context);
  else await handleAnswerButton(interaction, context);
}

/** The buttons under an answer: 👍 / 👎 (stored per user and answer message) and "출처 전체 보기" (ephemeral). */
export async function handleAnswerButton(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const match = ANSWER_BUTTON.exec(interaction.customId);
  if (!match) throw new Error(`unknown button ${interaction.customId}`);
  const action = match[1] as AnswerAction;
  const questionId = Number(match[2]);
  const m = messages(localeOf(interaction.locale));
  if (action === 'sources') {
    const answer = context.answers.get(questionId);
    if (!answer) {
      await replyPrivately(interaction, m.sourcesExpired);
      return;
    }
    await interaction.reply({ ...renderSources(answer), flags: MessageFlags.Ephemeral });
    return;
  }
  const { previous } = context.store.feedback.vote({
    messageId: interaction.message.id,
    userId: interaction.user.id,
    guildId: interaction.guildId,
    vote: action,
    // A provisional id (the log entry was delayed) names no logged question.
    questionId: questionId > 0 ? questionId : null,
  });
  await replyPrivately(interaction, m.feedbackThanks(action, previous !== null && previous !== action));
}
