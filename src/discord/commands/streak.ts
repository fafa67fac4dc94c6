import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { localDate, longestStreak, streakLength } from '../../daily/index.js';
import type { SlashCommand } from '../command.js';
import { english, localeOf, messages } from '../i18n.js';
import { NO_MENTIONS } from '../limits.js';
import { zoneOf } from '../review.js';

/**
 * `/streak` — the member's current and best streak, privately. A day counts when the member answered a quiz
 * or rated a due review card; days are the guild's local days (see `localDate`).
 */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('streak')
    .setDescription('내 연속 학습 일수와 최고 기록 (나만 보여요)')
    .setDescriptionLocalizations(english('Your study streak and your best one (only you see it)'))
    .toJSON(),

  async execute(interaction, context) {
    const m = messages(localeOf(interaction.locale));
    const days = context.store.reviews.activeDays(interaction.user.id);
    const today = localDate(context.now(), zoneOf(context, interaction.guildId));
    const current = streakLength(days, today);
    await interaction.reply({
      embeds: [{ title: m.streakTitle, color: 0xf2994a, description: m.streakLine(current, longestStreak(days), days.includes(today)) }],
      allowedMentions: NO_MENTIONS,
      flags: MessageFlags.Ephemeral,
    });
  },
};
