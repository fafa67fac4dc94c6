import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { DEFAULT_REMINDER_TIME, nextSlotAfter, parseDailyTime } from '../../daily/index.js';
import type { SlashCommand } from '../command.js';
import type { BotContext } from '../context.js';
import { english, localeOf, messages } from '../i18n.js';
import { inert } from '../limits.js';
import { replyPrivately } from '../respond.js';
import { showReview, zoneOf } from '../review.js';

/**
 * `/review` — the member's due review cards, privately, one at a time (see ../review.ts).
 * `/review remind: on [time:]` / `remind: off` — a daily DM with the due count at the member's time (default
 * 09:00), read in this guild's zone; sent by the daily scheduler's reminder job (src/daily/reminders.ts).
 */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('review')
    .setDescription('오늘의 퀴즈에서 만난 개념 복습하기 (나만 보여요)')
    .setDescriptionLocalizations(english('Review the concepts you met in the quiz of the day (only you see it)'))
    .addStringOption((option) =>
      option
        .setName('remind')
        .setDescription('매일 복습할 카드 수를 DM으로 알려 주기')
        .setDescriptionLocalizations(english('A daily DM with the number of cards due'))
        .addChoices({ name: 'on', value: 'on' }, { name: 'off', value: 'off' }),
    )
    .addStringOption((option) =>
      option
        .setName('time')
        .setDescription(`알림 시각, 24시간제 HH:MM (기본 ${DEFAULT_REMINDER_TIME}, 서버 시간대)`)
        .setDescriptionLocalizations(english(`Reminder time, 24-hour HH:MM (default ${DEFAULT_REMINDER_TIME}, the server's time zone)`))
        .setMaxLength(16),
    )
    .toJSON(),

  async execute(interaction, context) {
    const remind = interaction.options.getString('remind');
    const time = interaction.options.getString('time');
    if (remind === 'on') await remindOn(interaction, context, time);
    else if (remind === 'off') await replyPrivately(interaction, messages(localeOf(interaction.locale)).remindOff(context.store.reminders.disable(interaction.user.id)));
    else if (time !== null) await replyPrivately(interaction, messages(localeOf(interaction.locale)).remindTimeWithoutOn);
    else await showReview(interaction, context);
  },
};

async function remindOn(interaction: ChatInputCommandInteraction, context: BotContext, rawTime: string | null): Promise<void> {
  const m = messages(localeOf(interaction.locale));
  const time = rawTime === null ? (context.store.reminders.get(interaction.user.id)?.time ?? DEFAULT_REMINDER_TIME) : parseDailyTime(rawTime);
  if (!time) {
    await replyPrivately(interaction, m.invalidTime(inert(rawTime ?? '')));
    return;
  }
  const reminder = context.store.reminders.enable(interaction.user.id, interaction.guildId, time);
  const zone = zoneOf(context, interaction.guildId);
  const next = nextSlotAfter({ dailyTime: reminder.time, timezone: zone, dailyActiveSince: reminder.activeSince }, context.now());
  context.scheduler.wake();
  await replyPrivately(interaction, m.remindOn(reminder.time, zone, Math.floor(next.dueAt.getTime() / 1000)));
}
