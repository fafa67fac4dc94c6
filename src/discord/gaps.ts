import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  TextInputBuilder,
  TextInputStyle,
  type APIEmbed,
  type ButtonInteraction,
  type Client,
  type ModalSubmitInteraction,
} from 'discord.js';
import { checkCommunityAnswer, MAX_COMMUNITY_ANSWER_CHARS } from '../community/note.js';
import { CommunityNotes } from '../community/publish.js';
import type { Gap, GapAnswer, GapAsker, Store } from '../store/index.js';
import type { BotContext } from './context.js';
import { localeOf, messages, type Locale, type Messages } from './i18n.js';
import { inert, inertLine, LIMITS, NO_MENTIONS, truncate } from './limits.js';
import type { Reply } from './render.js';
import { replyPrivately } from './respond.js';

/**
 * Gaps on Discord: `/gaps` (admins) lists open questions with a "답 남기기" button each and the answers waiting
 * for review with ✅ / ✏️ / ❌; "답 남기기" opens a modal any member can fill in; an approval goes through
 * `CommunityNotes` (note written, re-indexed, askers told in their channel without a ping).
 */

/** `gap:answer:<gap id>` opens the answer modal; `gap:<approve|edit|reject>:<answer id>` are the admin's. */
export const GAP_BUTTON = /^gap:(answer|approve|edit|reject):(\d+)$/u;
/** `gapmodal:answer:<gap id>` (a member's answer) and `gapmodal:edit:<answer id>` (an admin's edit, which approves). */
export const GAP_MODAL = /^gapmodal:(answer|edit):(\d+)$/u;
const ANSWER_FIELD = 'answer';

/** Discord allows 5 rows of components: one per answer to review (at most 3), the rest for "답 남기기" buttons. */
const MAX_ROWS = 5;
const MAX_PROPOSALS_SHOWN = 3;
const BUTTONS_PER_ROW = 5;
const MAX_GAPS_SHOWN = 10;

export function renderGaps(store: Store, guildId: string, locale: Locale): Reply {
  const m = messages(locale);
  const proposals = store.gaps.proposals(guildId, MAX_PROPOSALS_SHOWN);
  const gapRoom = Math.min(MAX_GAPS_SHOWN, (MAX_ROWS - proposals.length) * BUTTONS_PER_ROW);
  const gaps = store.gaps.open(guildId, gapRoom);
  const open = store.gaps.openCount(guildId);
  const lines = gaps.map((gap, i) => m.gapLine(i + 1, inertLine(gap.question, 120), gap.askers, gap.proposals));
  if (open > gaps.length) lines.push(m.gapsMore(open - gaps.length));
  const embeds: APIEmbed[] = [{ title: m.gapsTitle(open), color: 0x9b9b9b, description: truncate(lines.join('\n') || m.gapsNone, LIMITS.embedDescription) }];
  if (proposals.length > 0) {
    embeds.push({
      title: m.proposalsTitle(store.gaps.proposalCount(guildId)),
      color: 0xf2c94c,
      fields: proposals.map((p) => ({
        name: truncate(`#${p.id} · ${inertLine(p.question, 200)}`, LIMITS.fieldName),
        value: truncate(`${inert(p.answer)}\n${m.proposalBy(p.answeredByName === null ? null : inert(p.answeredByName))}`, LIMITS.fieldValue),
      })),
    });
  }
  const reviewRows = proposals.map((p) =>
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId(`gap:approve:${p.id}`).setStyle(ButtonStyle.Success).setEmoji('✅').setLabel(`${m.approve} #${p.id}`),
      new ButtonBuilder().setCustomId(`gap:edit:${p.id}`).setStyle(ButtonStyle.Secondary).setEmoji('✏️').setLabel(m.edit),
      new ButtonBuilder().setCustomId(`gap:reject:${p.id}`).setStyle(ButtonStyle.Danger).setEmoji('❌').setLabel(m.reject),
    ),
  );
  const gapRows: ActionRowBuilder<ButtonBuilder>[] = [];
  gaps.forEach((gap, i) => {
    if (i % BUTTONS_PER_ROW === 0) gapRows.push(new ActionRowBuilder<ButtonBuilder>());
    gapRows.at(-1)!.addComponents(new ButtonBuilder().setCustomId(`gap:answer:${gap.id}`).setStyle(ButtonStyle.Primary).setLabel(m.answerGap(i + 1)));
  });
  return { embeds, components: [...reviewRows, ...gapRows], allowedMentions: NO_MENTIONS };
}

export async function handleGapButton(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const [, action, idText] = GAP_BUTTON.exec(interaction.customId) ?? [];
  const id = Number(idText);
  const m = messages(localeOf(interaction.locale));
  if (action === 'answer') {
    await showAnswerModal(interaction, context, id);
    return;
  }
  if (!(await checkAdmin(interaction, m))) return;
  const answer = context.store.gaps.answer(id);
  if (answer?.status !== 'proposed' || answer.guildId !== interaction.guildId) {
    await replyPrivately(interaction, m.proposalStale);
    return;
  }
  if (action === 'edit') {
    const gap = context.store.gaps.get(answer.gapId)!;
    await interaction.showModal(answerModal(`gapmodal:edit:${answer.id}`, m.editModalTitle, gap, m, answer.answer));
    return;
  }
  if (action === 'reject') {
    const done = context.store.gaps.reject(answer.id, reviewer(interaction));
    await replyPrivately(interaction, done ? m.rejected : m.proposalStale);
    return;
  }
  await approve(interaction, context, answer.id);
}

/** "답 남기기" (in `/gaps`, or under a "not found" for any member): the answer modal, unless the gap is closed or gone. */
export async function showAnswerModal(interaction: ButtonInteraction, context: BotContext, gapId: number | undefined): Promise<void> {
  const gap = gapId === undefined ? undefined : context.store.gaps.get(gapId);
  const m = messages(localeOf(interaction.locale));
  if (gap?.status !== 'open') {
    await replyPrivately(interaction, m.gapGone);
    return;
  }
  await interaction.showModal(answerModal(`gapmodal:answer:${gap.id}`, m.answerModalTitle, gap, m));
}

export async function handleGapModal(interaction: ModalSubmitInteraction, context: BotContext): Promise<void> {
  const [, action, idText] = GAP_MODAL.exec(interaction.customId) ?? [];
  const id = Number(idText);
  const m = messages(localeOf(interaction.locale));
  const checked = checkCommunityAnswer(interaction.fields.getTextInputValue(ANSWER_FIELD));
  if (!checked.ok) {
    await replyPrivately(interaction, checked.code === 'ANSWER_EMPTY' ? m.answerEmpty : m.answerTooLong(MAX_COMMUNITY_ANSWER_CHARS));
    return;
  }
  if (action === 'answer') {
    const proposed = context.store.gaps.propose(id, reviewer(interaction), checked.answer);
    if (proposed) context.logger.info({ gapId: id, answerId: proposed.id, userId: interaction.user.id }, 'gap: answer proposed');
    await replyPrivately(interaction, proposed ? m.answerProposed : m.gapGone);
    return;
  }
  if (!(await checkAdmin(interaction, m))) return;
  await approve(interaction, context, id, checked.answer);
}

/** Records the approval, then (deferred: writing and re-indexing take a while) the note, the index and the notices. */
async function approve(interaction: ButtonInteraction | ModalSubmitInteraction, context: BotContext, answerId: number, editedText?: string): Promise<void> {
  const m = messages(localeOf(interaction.locale));
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const approved = context.store.gaps.approve(answerId, reviewer(interaction), CommunityNotes.plannedFile, editedText);
  if (!approved) {
    await interaction.editReply({ content: m.proposalStale, allowedMentions: NO_MENTIONS });
    return;
  }
  context.logger.info({ answerId, gapId: approved.gapId, userId: interaction.user.id, edited: editedText !== undefined }, 'gap: answer approved');
  await context.community.finish();
  const done = context.store.gaps.answer(answerId)!;
  const told = new Set(context.store.gaps.askers(done.gapId).filter((a) => a.channelId !== null).map((a) => a.userId)).size;
  await interaction.editReply({ content: m.approved(done.noteFile ?? '', told), allowedMentions: NO_MENTIONS });
}

/**
 * The notice of a new note: one message per channel (or thread) the question was asked in, under the "not found"
 * reply when known, naming the askers without pinging them.
 */
export function gapNotifier(client: Client, store: Store): (answer: GapAnswer, askers: GapAsker[]) => Promise<void> {
  return async (answer, askers) => {
    const m = messages(localeOf(store.settings.get(answer.guildId)?.locale ?? client.guilds.cache.get(answer.guildId)?.preferredLocale));
    const byChannel = new Map<string, GapAsker[]>();
    for (const asker of askers) if (asker.channelId) byChannel.set(asker.channelId, [...(byChannel.get(asker.channelId) ?? []), asker]);
    for (const [channelId, here] of byChannel) {
      const channel = await client.channels.fetch(channelId);
      if (!channel?.isSendable()) continue;
      const replyTo = here.find((a) => a.messageId)?.messageId;
      const names = here.map((a) => `<@${a.userId}>`).join(' ');
      await channel.send({
        content: truncate(m.gapAnswered(names, inertLine(answer.question, 200), answer.noteFile ?? ''), LIMITS.content),
        allowedMentions: NO_MENTIONS,
        ...(replyTo ? { reply: { messageReference: replyTo, failIfNotExists: false } } : {}),
      });
    }
  };
}

function answerModal(customId: string, title: string, gap: Gap, m: Messages, value?: string): ModalBuilder {
  const input = new TextInputBuilder()
    .setCustomId(ANSWER_FIELD)
    .setLabel(m.answerFieldLabel)
    .setStyle(TextInputStyle.Paragraph)
    .setRequired(true)
    .setMaxLength(MAX_COMMUNITY_ANSWER_CHARS)
    .setPlaceholder(truncate(inertLine(gap.question, 100), 100));
  if (value !== undefined) input.setValue(value);
  return new ModalBuilder().setCustomId(customId).setTitle(title).addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
}

/** The same rule as the admin commands (Manage Server), checked on every review button and edit. */
async function checkAdmin(interaction: ButtonInteraction | ModalSubmitInteraction, m: Messages): Promise<boolean> {
  if (!interaction.inGuild()) {
    await replyPrivately(interaction, m.guildOnly);
    return false;
  }
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
    await replyPrivately(interaction, m.adminOnly);
    return false;
  }
  return true;
}

function reviewer(interaction: ButtonInteraction | ModalSubmitInteraction): { userId: string; name: string } {
  return { userId: interaction.user.id, name: interaction.user.displayName };
}
