import { AttachmentBuilder, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { english, localeOf, messages } from '../i18n.js';
import { NO_MENTIONS } from '../limits.js';

/** `/export-member user:` — admin only: what the bot keeps about a member, as seen from this server, as a JSON file. */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('export-member')
    .setDescription('멤버의 기록을 JSON 파일로 받기 (관리자)')
    .setDescriptionLocalizations(english("A member's data as a JSON file (admins)"))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addUserOption((option) =>
      option.setName('user').setDescription('기록을 받을 멤버').setDescriptionLocalizations(english('The member whose data to export')).setRequired(true),
    )
    .toJSON(),

  async execute(interaction, context) {
    const user = interaction.options.getUser('user', true);
    const data = {
      user: { id: user.id, name: user.displayName },
      guild_id: interaction.guildId,
      exported_at: context.now().toISOString(),
      ...context.store.members.export(user.id, interaction.guildId!),
    };
    const file = new AttachmentBuilder(Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8'), { name: `member-${user.id}.json` });
    context.logger.info({ guildId: interaction.guildId, adminId: interaction.user.id, userId: user.id }, 'member data exported');
    await interaction.reply({ content: messages(localeOf(interaction.locale)).exportDone(`<@${user.id}>`), files: [file], allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
  },
};
