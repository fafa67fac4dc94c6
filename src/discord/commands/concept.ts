import { createHash } from 'node:crypto';
import { SlashCommandBuilder } from 'discord.js';
import { composeConceptCard, composeQuiz, recordConceptLookup } from '../../daily/index.js';
import { matchConcepts } from '../../engine/concepts.js';
import type { Concept } from '../../types.js';
import type { SlashCommand } from '../command.js';
import { english, localeOf, messages } from '../i18n.js';
import { inert, LIMITS, truncate } from '../limits.js';
import { choiceLabel, renderConceptCard } from '../render.js';
import { replyPrivately } from '../respond.js';

/** `/concept name:` — autocomplete over the concepts' titles, then the section as a concept card, which becomes one of the member's review cards. */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('concept')
    .setDescription('개념 카드 보기 — 노트의 한 섹션을 요약과 확인 문제로')
    .setDescriptionLocalizations(english('Show a concept card: one section of the notes with a summary and a self-check'))
    .addStringOption((option) =>
      option
        .setName('name')
        .setDescription('개념 이름 (입력하면 목록이 나와요)')
        .setDescriptionLocalizations(english('Concept name (suggestions appear while you type)'))
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(LIMITS.choiceValue),
    )
    .toJSON(),

  async autocomplete(interaction, context) {
    const matches = matchConcepts(context.knowledge.current.concepts(), interaction.options.getFocused());
    await interaction.respond(
      matches.slice(0, LIMITS.choices).map((concept) => ({ name: truncate(choiceLabel(concept.path), LIMITS.choiceName), value: conceptKey(concept) })),
    );
  },

  async execute(interaction, context) {
    const locale = localeOf(interaction.locale);
    const name = interaction.options.getString('name', true);
    const concepts = context.knowledge.current.concepts();
    const concept = concepts.find((c) => conceptKey(c) === name) ?? matchConcepts(concepts, name)[0];
    if (!concept) {
      await replyPrivately(interaction, messages(locale).conceptNotFound(inert(name)));
      return;
    }
    // A concept the member met here comes back in their /review, asking what its quiz asks (recorded first, as a quiz answer is).
    recordConceptLookup(context.store, { userId: interaction.user.id, quiz: composeQuiz(concept, concepts, { seed: concept.sectionId }), now: context.now() });
    await interaction.reply(renderConceptCard(composeConceptCard(concept), { locale, notesBaseUrl: context.notesBaseUrl }));
  },
};

/** The autocomplete value of a concept: its section id, or a digest of it when too long for a choice value. */
function conceptKey(concept: Concept): string {
  if (concept.sectionId.length <= LIMITS.choiceValue) return concept.sectionId;
  return `sha1:${createHash('sha1').update(concept.sectionId).digest('hex')}`;
}
