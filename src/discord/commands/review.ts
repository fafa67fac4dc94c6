import { SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { english } from '../i18n.js';
import { showReview } from '../review.js';

/** `/review` — the member's due review cards, privately, one at a time (see ../review.ts). */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('review')
    .setDescription('오늘의 퀴즈에서 만난 개념 복습하기 (나만 보여요)')
    .setDescriptionLocalizations(english('Review the concepts you met in the quiz of the day (only you see it)'))
    .toJSON(),

  async execute(interaction, context) {
    await showReview(interaction, context);
  },
};
