import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { english, localeOf } from '../i18n.js';
import { renderForgetPrompt } from '../member-data.js';

/** `/forget-me` — deletes everything the bot keeps about the member, after a private confirm button. */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('forget-me')
    .setDescription('이 봇에 남은 내 기록 모두 지우기 (확인 후)')
    .setDescriptionLocalizations(english('Delete everything this bot keeps about you (asks first)'))
    .toJSON(),

  async execute(interaction) {
    await interaction.reply({ ...renderForgetPrompt(interaction.user.id, localeOf(interaction.locale)), flags: MessageFlags.Ephemeral });
  },
};
