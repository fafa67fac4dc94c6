import { GatewayIntentBits, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { SlashCommand } from '../command.js';
import { english, localeOf, messages } from '../i18n.js';
import { NO_MENTIONS } from '../limits.js';

/** `/help` — what a member can do, with example questions; the admin commands only for admins. */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('help')
    .setDescription('봇 사용법')
    .setDescriptionLocalizations(english('What this bot can do'))
    .toJSON(),

  async execute(interaction) {
    const m = messages(localeOf(interaction.locale));
    const mention = commandMention(interaction);
    const ask = mention('ask');
    const sections = [
      m.helpIntro,
      m.helpMember(mention).join('\n'),
      `**${m.helpExamplesTitle}**\n${m.helpExamples.map((q) => `${ask} ${q}`).join('\n')}`,
    ];
    if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) sections.push(`**${m.helpAdminTitle}**\n${m.helpAdmin(mention).join('\n')}`);
    // Mentions only reach the bot with the Message Content intent.
    if (interaction.client.options.intents.has(GatewayIntentBits.MessageContent)) sections.push(m.helpThreads);
    await interaction.reply({ embeds: [{ title: m.helpTitle, description: sections.join('\n\n'), color: 0x2f80ed }], allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
  },
};

/**
 * `</ask:id>` (clickable in Discord) when the command's registered id is in the client's cache — the
 * guild's registration first, then the global one — else the plain `/ask`.
 */
function commandMention(interaction: ChatInputCommandInteraction): (name: string) => string {
  const registered = [...(interaction.guild?.commands.cache.values() ?? []), ...(interaction.client.application.commands.cache.values())];
  return (name) => {
    const found = registered.find((c) => c.name === name);
    return found ? `</${name}:${found.id}>` : `\`/${name}\``;
  };
}
