import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../engine/knowledge-base.js';
import { askerOf, checkQuestion } from '../answering.js';
import type { SlashCommand } from '../command.js';
import { english } from '../i18n.js';
import { renderSearch } from '../render.js';
import { replyPrivately, sendDeferred } from '../respond.js';

/** `/search query:` — the top sections as a compact list, privately, with a button to share it in the channel. */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('search')
    .setDescription('노트에서 관련 섹션 찾기')
    .setDescriptionLocalizations(english('Find the sections of the notes about something'))
    .addStringOption((option) =>
      option
        .setName('query')
        .setDescription('찾을 내용 (예: 하이퍼바이저)')
        .setDescriptionLocalizations(english('What to look for, e.g. hypervisor'))
        .setRequired(true)
        .setMaxLength(MAX_QUESTION_CHARS),
    )
    .toJSON(),

  async execute(interaction, context) {
    const asker = askerOf(interaction);
    const check = checkQuestion(context, interaction.options.getString('query', true), asker);
    if (!check.ok) {
      await replyPrivately(interaction, check.message);
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await context.acks.clear();
    const passages = await context.knowledge.use((kb) => kb.search(check.question));
    await sendDeferred(interaction, [renderSearch(check.question, passages, { locale: asker.locale, notesBaseUrl: context.notesBaseUrl })]);
  },
};
