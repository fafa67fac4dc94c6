import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { renderGaps } from '../gaps.js';
import { english, localeOf } from '../i18n.js';

/** `/gaps` — admin only: the questions the notes could not answer, and members' answers to review (see ../gaps.ts). */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('gaps')
    .setDescription('노트에 없던 질문과 멤버가 남긴 답 (관리자)')
    .setDescriptionLocalizations(english('Questions the notes could not answer, and answers to review (admins)'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, context) {
    // Admin commands only run in guilds (checked by the bot before execute).
    await interaction.reply({ ...renderGaps(context.store, interaction.guildId!, localeOf(interaction.locale)), flags: MessageFlags.Ephemeral });
  },
};
