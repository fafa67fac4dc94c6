import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { IngestReport } from '../../types.js';
import type { SlashCommand } from '../command.js';
import { english, localeOf, messages, type Messages } from '../i18n.js';
import { inert, LIMITS, NO_MENTIONS, truncate } from '../limits.js';
import { replyPrivately, sendDeferred } from '../respond.js';
import type { Reply } from '../render.js';

/** `/reindex` — admin only: re-ingest the notes while answers keep coming from the old index, then swap. */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('reindex')
    .setDescription('노트를 다시 색인해요 (관리자)')
    .setDescriptionLocalizations(english('Re-index the notes (admins)'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, context) {
    const m = messages(localeOf(interaction.locale));
    if (context.knowledge.reindexing) {
      await replyPrivately(interaction, m.reindexBusy);
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const started = Date.now();
    const report = await context.knowledge.reindex();
    context.logger.info(
      { guildId: interaction.guildId, userId: interaction.user.id, rebuilt: report.rebuilt, chunks: report.chunks, embedded: report.embedded, ms: Date.now() - started },
      'reindex finished',
    );
    await sendDeferred(interaction, [renderReport(report, m)]);
  },
};

function renderReport(report: IngestReport, m: Messages): Reply {
  const { files } = report;
  const description = report.rebuilt
    ? m.reindexDone({ added: files.added.length, changed: files.changed.length, removed: files.removed.length, chunks: report.chunks, embedded: report.embedded, reused: report.reused })
    : m.reindexUnchanged(report.chunks);
  const lists: [string, string[]][] = [
    [m.filesAdded, files.added],
    [m.filesChanged, files.changed],
    [m.filesRemoved, files.removed],
    [m.filesSkipped, files.skipped.map((s) => `${s.file}: ${s.reason}`)],
  ];
  // One field per list, each cut to a field's 1024 characters: four fields and the text stay under 6000.
  const fields = lists
    .filter(([, names]) => names.length > 0)
    .map(([name, names]) => ({ name, value: truncate(inert(names.map((n) => `• ${n}`).join('\n')), LIMITS.fieldValue) }));
  const note = report.fallbackReason ? `\n\n${inert(report.fallbackReason)}` : '';
  return { embeds: [{ title: m.reindexTitle, description: truncate(`${description}${note}`, 1500), fields }], allowedMentions: NO_MENTIONS };
}
