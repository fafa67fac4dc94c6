import { SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../engine/knowledge-base.js';
import { answerQuestion, askerOf, checkQuestion } from '../answering.js';
import type { SlashCommand } from '../command.js';
import { english } from '../i18n.js';
import { replyPrivately, sendDeferred } from '../respond.js';

/** `/ask question:` — an extractive answer with numbered sources, feedback and sources buttons. */
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
    await sendDeferred(interaction, await answerQuestion(context, check.question, asker));
  },
};
