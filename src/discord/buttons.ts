import { MessageFlags, type ButtonInteraction, type ModalSubmitInteraction, type StringSelectMenuInteraction } from 'discord.js';
import { isDownReason } from '../store/feedback.js';
import type { BotContext } from './context.js';
import { GAP_BUTTON, GAP_MODAL, handleGapButton, handleGapModal, showAnswerModal } from './gaps.js';
import { localeOf, messages } from './i18n.js';
import { FORGET_BUTTON, handleForgetButton } from './member-data.js';
import { NO_MENTIONS } from './limits.js';
import { QUIZ_BUTTON, handleQuizButton } from './quiz.js';
import { ANSWER_BUTTON, DOWN_REASON_SELECT, renderDownReasonPrompt, renderSearch, renderSources, SHARE_SEARCH_BUTTON, type AnswerAction } from './render.js';
import { replyPrivately, sendDeferred } from './respond.js';
import { REVIEW_BUTTON, handleReviewButton } from './review.js';

/** Every button the bot puts on a message, routed by its custom id's prefix. */
export async function handleButton(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  if (QUIZ_BUTTON.test(interaction.customId)) await handleQuizButton(interaction, context);
  else if (REVIEW_BUTTON.test(interaction.customId)) await handleReviewButton(interaction, context);
  else if (GAP_BUTTON.test(interaction.customId)) await handleGapButton(interaction, context);
  else if (FORGET_BUTTON.test(interaction.customId)) await handleForgetButton(interaction, context);
  else if (interaction.customId === SHARE_SEARCH_BUTTON) await shareSearch(interaction);
  else await handleAnswerButton(interaction, context);
}

/**
 * The buttons under an answer: 👍 / 👎 (stored per user and answer message; a 👎 asks why), "출처 전체 보기"
 * (ephemeral); under a "not found": "노트에 추가 요청", "🔎 검색해 보기" and "✍️ 답 남기기" (any member may answer).
 */
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
  if (action === 'note') {
    // A provisional id (the log entry was delayed) names no logged question to attach the request to.
    if (questionId <= 0 || context.store.questions.text(questionId) === undefined) {
      await replyPrivately(interaction, m.questionExpired);
      return;
    }
    const where = { channelId: interaction.channelId, messageId: interaction.message.id };
    await replyPrivately(interaction, m.noteRequested(context.store.questions.requestNote(questionId, interaction.user.id, interaction.guildId, where)));
    return;
  }
  if (action === 'search') {
    await searchAgain(interaction, context, questionId);
    return;
  }
  if (action === 'propose') {
    await showAnswerModal(interaction, context, questionId > 0 ? context.store.gaps.ofQuestion(questionId) : undefined);
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
  const thanks = m.feedbackThanks(action, previous !== null && previous !== action);
  if (action === 'up') await replyPrivately(interaction, thanks);
  else await interaction.reply({ ...renderDownReasonPrompt(thanks, interaction.message.id, localeOf(interaction.locale)), flags: MessageFlags.Ephemeral });
}

/** "🔎 검색해 보기" under a "not found": the nearest sections for the same question, privately. */
async function searchAgain(interaction: ButtonInteraction, context: BotContext, questionId: number): Promise<void> {
  const locale = localeOf(interaction.locale);
  const question = context.answers.get(questionId)?.question ?? (questionId > 0 ? context.store.questions.text(questionId) : undefined);
  if (question === undefined) {
    await replyPrivately(interaction, messages(locale).questionExpired);
    return;
  }
  // A search like `/search`: it counts against the member's rate limit.
  const wait = context.limiter.take(interaction.user.id);
  if (wait > 0) {
    await replyPrivately(interaction, messages(locale).rateLimited(wait));
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await context.acks.clear();
  const passages = await context.knowledge.use((kb) => kb.search(question));
  await sendDeferred(interaction, [renderSearch(question, passages, { locale, notesBaseUrl: context.notesBaseUrl })]);
}

/** "채널에 공유" under a private `/search` result: the same result, posted for everyone (no pings). */
async function shareSearch(interaction: ButtonInteraction): Promise<void> {
  const embeds = interaction.message.embeds.map((embed) => embed.toJSON());
  await interaction.update({ content: messages(localeOf(interaction.locale)).shared, components: [] });
  await interaction.followUp({ embeds, allowedMentions: NO_MENTIONS });
}

/** The 👎 reason select: stored with the member's vote, then the select is replaced by thanks. */
export async function handleSelect(interaction: StringSelectMenuInteraction, context: BotContext): Promise<void> {
  const match = DOWN_REASON_SELECT.exec(interaction.customId);
  const reason = interaction.values[0];
  if (!match || reason === undefined || !isDownReason(reason)) throw new Error(`unknown select ${interaction.customId}`);
  const m = messages(localeOf(interaction.locale));
  const kept = context.store.feedback.explainDown(match[1]!, interaction.user.id, reason);
  await interaction.update({ content: kept ? m.downReasonThanks : m.downReasonStale, components: [], allowedMentions: NO_MENTIONS });
}

/** Modals the bot shows: a member's answer to a gap and an admin's edit of one. */
export async function handleModal(interaction: ModalSubmitInteraction, context: BotContext): Promise<void> {
  if (GAP_MODAL.test(interaction.customId)) await handleGapModal(interaction, context);
  else throw new Error(`unknown modal ${interaction.customId}`);
}
