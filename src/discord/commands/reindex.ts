import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { UserError, type IngestReport } from '../../types.js';
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
    const where = { guildId: interaction.guildId, userId: interaction.user.id };
    let report: IngestReport;
    try {
      report = await context.knowledge.reindex();
    } catch (error) {
      // The details (paths, CLI advice) are for the operator's log; the admin gets what it means for them.
      context.logger.error({ ...where, err: error }, 'reindex failed');
      await sendDeferred(interaction, [renderFailure(error, m)]);
      return;
    }
    context.logger.info({ ...where, rebuilt: report.rebuilt, chunks: report.chunks, embedded: report.embedded, ms: Date.now() - started }, 'reindex finished');
    await sendDeferred(interaction, [renderReport(report, m)]);
  },
};

/** At most this many file names per list: the rest are counted. */
const MAX_LISTED_FILES = 15;

function renderReport(report: IngestReport, m: Messages): Reply {
  const { files } = report;
  const description = report.rebuilt
    ? m.reindexDone({ added: files.added.length, changed: files.changed.length, removed: files.removed.length, chunks: report.chunks, embedded: report.embedded, reused: report.reused })
    : m.reindexUnchanged(report.chunks);
  const lists: [string, string[]][] = [
    [m.filesAdded, files.added],
    [m.filesChanged, files.changed],
    [m.filesRemoved, files.removed],
    [m.filesSkipped, files.skipped.map((s) => s.file)],
    [m.filesWarned, files.warnings.map((w) => w.file)],
  ];
  // The model's failure is told in the admin's language; its details (and CLI advice) are in the log.
  const note = report.fallbackReason ? `\n\n${m.fallbackWarning}` : '';
  return reindexEmbed(`${description}${note}`, lists, m);
}

function renderFailure(error: unknown, m: Messages): Reply {
  if (!(error instanceof UserError)) return reindexEmbed(m.reindexFailed, [], m);
  if (error.code === 'KNOWLEDGE_MISSING') return reindexEmbed(m.reindexKnowledgeMissing, [], m);
  if (error.code === 'KNOWLEDGE_EMPTY') {
    const skipped = error.details.skipped ?? [];
    if (skipped.length === 0) return reindexEmbed(m.reindexNoNotes, [], m);
    return reindexEmbed(m.reindexNoneReadable(skipped.length), [[m.filesSkipped, skipped.map((s) => s.file)]], m);
  }
  // The ingest lock's holder: the CLI, another bot process.
  if (error.code === 'INDEX_LOCKED') return reindexEmbed(m.reindexLocked, [], m);
  return reindexEmbed(m.reindexFailed, [], m);
}

/** One field per non-empty list of file names, bounded in count and cut to a field's 1024 characters. */
function reindexEmbed(description: string, lists: [string, string[]][], m: Messages): Reply {
  const fields = lists
    .filter(([, names]) => names.length > 0)
    .map(([name, names]) => {
      const shown = names.slice(0, MAX_LISTED_FILES).map((n) => `• ${n}`);
      if (names.length > MAX_LISTED_FILES) shown.push(m.andMore(names.length - MAX_LISTED_FILES));
      return { name, value: truncate(inert(shown.join('\n')), LIMITS.fieldValue) };
    });
  return { embeds: [{ title: m.reindexTitle, description: truncate(description, 1500), fields }], allowedMentions: NO_MENTIONS };
}
