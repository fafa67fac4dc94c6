import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { english, localeOf, messages } from '../i18n.js';
import { NO_MENTIONS } from '../limits.js';

/** `/help` — what the bot can do, in one embed. */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('help')
    .setDescription('봇 사용법')
    .setDescriptionLocalizations(english('What this bot can do'))
    .toJSON(),

  async execute(interaction) {
    const m = messages(localeOf(interaction.locale));
    await interaction.reply({ embeds: [{ title: m.helpTitle, description: m.helpBody, color: 0x2f80ed }], allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
  },
};
