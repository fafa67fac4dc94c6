import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { locationLabel } from '../answer/format.js';
import { dueCards, guildZone, localDate, recordReview, REVIEW_RATINGS, streakLength, type ReviewCard, type ReviewRating } from '../daily/index.js';
import type { BotContext } from './context.js';
import { localeOf, messages, type Locale } from './i18n.js';
import { inert, NO_MENTIONS, truncate } from './limits.js';
import { recallText } from './quiz.js';
import type { Reply } from './render.js';

/**
 * `/review`: a member's due cards, privately, one at a time. The answer is a spoiler to open after
 * recalling it; 다시 / 어려움 / 알맞음 / 쉬움 rate the card (ts-fsrs schedules it) and bring the next
 * one into the same message. Every reply ends with the member's streak.
 */

/** `review:<card id>:<rating>`. */
export const REVIEW_BUTTON = /^review:(\d+):(again|hard|good|easy)$/u;

const STYLES: Record<ReviewRating, ButtonStyle> = {
  again: ButtonStyle.Danger,
  hard: ButtonStyle.Secondary,
  good: ButtonStyle.Primary,
  easy: ButtonStyle.Success,
};

/** The `/review` reply: the most overdue card, or why there is none. */
export async function showReview(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await interaction.reply({ ...reviewReply(context, interaction.user.id, interaction.guildId, localeOf(interaction.locale)), flags: MessageFlags.Ephemeral });
}

/** A rating button: records the review (once: a card no longer due is not rated again) and shows the next due card. */
export async function handleReviewButton(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const match = REVIEW_BUTTON.exec(interaction.customId);
  if (!match) throw new Error(`unknown button ${interaction.customId}`);
  const locale = localeOf(interaction.locale);
  const m = messages(locale);
  const card = context.store.reviews.byId(Number(match[1])) as ReviewCard | undefined;
  if (!card || card.userId !== interaction.user.id) {
    await interaction.reply({ content: card ? m.reviewNotYours : m.reviewGone, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
    return;
  }
  const now = context.now();
  if (card.due.getTime() <= now.getTime()) {
    recordReview(context.store, { card, rating: match[2] as ReviewRating, now, zone: zoneOf(context, interaction.guildId), guildId: interaction.guildId });
  }
  await interaction.update(reviewReply(context, card.userId, interaction.guildId, locale, true));
}

function reviewReply(context: BotContext, userId: string, guildId: string | null, locale: Locale, afterReview = false): Reply {
  const m = messages(locale);
  const now = context.now();
  const due = dueCards(context.store, userId, now, 1);
  const left = context.store.reviews.dueCount(userId, now);
  const streak = m.streak(memberStreak(context, userId, guildId));
  const [card] = due;
  if (!card) {
    const next = context.store.reviews.nextDue(userId);
    const unix = next && Math.ceil(next.getTime() / 1000);
    const status = next === undefined ? m.reviewNoCards : afterReview ? m.reviewDone(unix) : m.reviewNothingDue(unix);
    return { content: `${status}\n${streak}`, embeds: [], components: [], allowedMentions: NO_MENTIONS };
  }
  const { front } = card;
  const ask = front.kind === 'cloze' ? `> ${truncate(inert(front.prompt.replace(/\s+/gu, ' ')), 1500)}` : recallText(m, front.prompt);
  const answer = truncate(inert(front.kind === 'cloze' ? front.answer : front.sentence), 1000).replace(/\|/gu, '\\|');
  const buttons = REVIEW_RATINGS.map((rating) =>
    new ButtonBuilder().setCustomId(`review:${card.id}:${rating}`).setStyle(STYLES[rating]).setLabel(m.reviewRatings[rating]),
  );
  return {
    content: '',
    embeds: [
      {
        title: m.reviewTitle(left),
        color: 0x2f80ed,
        description: [ask, '', `${m.reviewShowAnswer}: ||${answer}||`, '', streak].join('\n'),
        footer: { text: locationLabel(front.source) },
      },
    ],
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(...buttons)],
    allowedMentions: NO_MENTIONS,
  };
}

/** The member's streak in days, counted in the guild's zone (the default zone in DMs). */
export function memberStreak(context: BotContext, userId: string, guildId: string | null): number {
  return streakLength(context.store.reviews.activeDays(userId), localDate(context.now(), zoneOf(context, guildId)));
}

/** The guild's zone, or the store's default (a guild without settings, a direct message). */
export function zoneOf(context: BotContext, guildId: string | null): string {
  return guildZone(context.store, guildId);
}
