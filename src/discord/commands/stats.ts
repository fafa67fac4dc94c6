import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { DateTime } from 'luxon';
import type { Stats } from '../../store/index.js';
import type { IndexInfo } from '../../types.js';
import type { SlashCommand } from '../command.js';
import { english, localeOf, messages, type Messages } from '../i18n.js';
import { inertLine, LIMITS, NO_MENTIONS, truncate } from '../limits.js';
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
    const zone = context.store.settings.get(interaction.guildId!)?.timezone ?? context.store.defaultTimezone;
    const index = context.knowledge.current.info;
    await interaction.reply({ ...renderStats(stats, index, zone, messages(localeOf(interaction.locale))), flags: MessageFlags.Ephemeral });
  },
};

export function renderStats(stats: Stats, index: IndexInfo, zone: string, m: Messages): Reply {
  const builtAt = DateTime.fromISO(index.builtAt).setZone(zone).toFormat('yyyy-MM-dd HH:mm');
  const indexLine = m.indexLine(index.notes, index.chunks, builtAt) + (index.fallback ? `\n${m.fallbackWarning}` : '');
  const top = stats.topUnanswered.map(
    (q, i) => `${i + 1}. ${inertLine(q.question, 90)} ×${q.count}${q.requests > 0 ? ` · ${m.noteRequests(q.requests)}` : ''}`,
  );
  const down = stats.recentDown.map((d) => `• ${inertLine(d.question, 80)} — ${d.reason ? m.downReasons[d.reason] : m.noReason}`);
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
          { name: m.recentDown, value: truncate(down.length ? down.join('\n') : m.nothingYet, LIMITS.fieldValue) },
          { name: m.index, value: truncate(indexLine, LIMITS.fieldValue) },
        ],
      },
    ],
    allowedMentions: NO_MENTIONS,
  };
}
