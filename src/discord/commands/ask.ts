import { SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../engine/knowledge-base.js';
import { answerQuestion, askerOf, checkQuestion } from '../answering.js';
import type { SlashCommand } from '../command.js';
import { DraftEditor } from '../drafts.js';
import { describeError } from '../errors.js';
import { english } from '../i18n.js';
import { renderDraft } from '../render.js';
import { replyPrivately, sendDeferred } from '../respond.js';

/** `/ask question:` — an answer with numbered sources, feedback and sources buttons (streamed when a model writes it). */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('노트에 질문하기 — 노트에서 그대로 인용해 출처와 함께 답해요')
    .setDescriptionLocalizations(english('Ask the study notes — answered by quoting them, with sources'))
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription('궁금한 것 (예: 컨테이너의 장점은?)')
        .setDescriptionLocalizations(english('Your question, e.g. What are the advantages of containers?'))
        .setRequired(true)
        .setMaxLength(MAX_QUESTION_CHARS),
    )
    .toJSON(),

  async execute(interaction, context) {
    const asker = askerOf(interaction);
    const check = checkQuestion(context, interaction.options.getString('question', true), asker);
    if (!check.ok) {
      await replyPrivately(interaction, check.message);
      return;
    }
    await interaction.deferReply();
    // A model's answer shows as it is written (checked sentences only); the last edit is the final answer.
    const drafts = new DraftEditor(
      (text) => interaction.editReply(renderDraft(check.question, text, { locale: asker.locale })),
      () => context.now().getTime(),
      (error) => context.logger.warn({ interactionId: interaction.id, error: describeError(error) }, 'could not show the answer so far'),
    );
    const { replies } = await answerQuestion(context, check.question, asker, (text) => drafts.update(text));
    await drafts.settle();
    await sendDeferred(interaction, replies);
  },
};
