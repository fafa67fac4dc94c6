import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Stats } from '../../store/index.js';
import type { SlashCommand } from '../command.js';
import { english, localeOf, messages, type Messages } from '../i18n.js';
import { inert, LIMITS, NO_MENTIONS, truncate } from '../limits.js';
import type { Reply } from '../render.js';

/** `/stats` — admin only: questions asked and answered, 👍/👎, and what the notes could not answer. */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('stats')
    .setDescription('질문 통계와 노트에 없던 질문 (관리자)')
    .setDescriptionLocalizations(english('Question statistics and what the notes could not answer (admins)'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, context) {
    const stats = context.store.stats({ guildId: interaction.guildId!, limit: 10 }); // admin commands only run in guilds
    await interaction.reply({ ...renderStats(stats, messages(localeOf(interaction.locale))), flags: MessageFlags.Ephemeral });
  },
};

function renderStats(stats: Stats, m: Messages): Reply {
  const top = stats.topUnanswered.map((q, i) => `${i + 1}. ${truncate(inert(q.question.replace(/\s+/gu, ' ')), 90)} ×${q.count}`);
  return {
    embeds: [
      {
        title: m.statsTitle,
        fields: [
          { name: m.asked, value: String(stats.asked), inline: true },
          { name: m.answered, value: String(stats.answered), inline: true },
          { name: m.unanswered, value: String(stats.unanswered), inline: true },
          { name: '👍', value: String(stats.up), inline: true },
          { name: '👎', value: String(stats.down), inline: true },
          { name: m.topUnanswered, value: truncate(top.length ? top.join('\n') : m.nothingYet, LIMITS.fieldValue) },
        ],
      },
    ],
    allowedMentions: NO_MENTIONS,
  };
}
