import { ChannelType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { isValidTimeZone, parseDailyTime } from '../../daily/index.js';
import type { SlashCommand } from '../command.js';
import type { BotContext } from '../context.js';
import { POST_PERMISSIONS } from '../daily-post.js';
import { english, localeOf, messages, type Messages } from '../i18n.js';
import { inert } from '../limits.js';
import { replyPrivately } from '../respond.js';

/** `/daily set channel: time: [timezone]`, `/daily off`, `/daily now` — admin only: the daily quiz. */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('daily')
    .setDescription('오늘의 퀴즈 매일 게시 설정 (관리자)')
    .setDescriptionLocalizations(english('Daily quiz posts (admins)'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('set')
        .setDescription('매일 정해진 시간에 이 채널에 오늘의 퀴즈를 올려요')
        .setDescriptionLocalizations(english('Post a quiz in a channel every day at a set time'))
        .addChannelOption((option) =>
          option
            .setName('channel')
            .setDescription('퀴즈를 올릴 채널')
            .setDescriptionLocalizations(english('Channel to post in'))
            .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement)
            .setRequired(true),
        )
        .addStringOption((option) =>
          option
            .setName('time')
            .setDescription('게시 시각, 24시간제 HH:MM (예: 09:00)')
            .setDescriptionLocalizations(english('Time of day, 24-hour HH:MM (e.g. 09:00)'))
            .setRequired(true)
            .setMaxLength(16),
        )
        .addStringOption((option) =>
          option
            .setName('timezone')
            .setDescription('IANA 시간대 (기본: Asia/Seoul)')
            .setDescriptionLocalizations(english('IANA time zone (default: Asia/Seoul)'))
            .setMaxLength(64),
        ),
    )
    .addSubcommand((sub) => sub.setName('off').setDescription('매일 게시 끄기').setDescriptionLocalizations(english('Stop the daily posts')))
    .addSubcommand((sub) =>
      sub.setName('now').setDescription('지금 다음 퀴즈를 하나 올리기').setDescriptionLocalizations(english('Post the next quiz right now')),
    )
    .toJSON(),

  async execute(interaction, context) {
    const m = messages(localeOf(interaction.locale));
    const guildId = interaction.guildId!; // admin commands only run in guilds (the bot checks before dispatching)
    const subcommand = interaction.options.getSubcommand();
    if (subcommand === 'set') await configure(interaction, context, guildId, m);
    else if (subcommand === 'off') await replyPrivately(interaction, context.store.settings.disableDaily(guildId) ? m.dailyOff : m.dailyNotConfigured);
    else await postNow(interaction, context, guildId, m);
  },
};

async function configure(interaction: ChatInputCommandInteraction, context: BotContext, guildId: string, m: Messages): Promise<void> {
  const rawTime = interaction.options.getString('time', true);
  const time = parseDailyTime(rawTime);
  if (!time) {
    await replyPrivately(interaction, m.invalidTime(inert(rawTime)));
    return;
  }
  const timezone = interaction.options.getString('timezone')?.trim() || undefined;
  if (timezone && !isValidTimeZone(timezone)) {
    await replyPrivately(interaction, m.invalidZone(inert(timezone)));
    return;
  }
  const channelId = interaction.options.getChannel('channel', true).id;
  const channel = interaction.guild?.channels.cache.get(channelId);
  const me = interaction.guild?.members.me;
  if (channel && me && !channel.permissionsFor(me).has(POST_PERMISSIONS)) {
    await replyPrivately(interaction, m.cannotPostIn(channelId));
    return;
  }
  const settings = context.store.settings.configureDaily(guildId, {
    channelId,
    time,
    ...(timezone ? { timezone } : {}),
    configuredBy: interaction.user.id,
    locale: localeOf(interaction.locale),
  });
  context.scheduler.wake();
  const next = context.scheduler.nextPostAt(guildId);
  await replyPrivately(interaction, m.dailyConfigured(channelId, settings.dailyTime, settings.timezone, next && Math.floor(next.getTime() / 1000)));
}

async function postNow(interaction: ChatInputCommandInteraction, context: BotContext, guildId: string, m: Messages): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await context.scheduler.postNow(guildId);
  if (result.ok) await replyPrivately(interaction, m.dailyPosted(result.channelId, inert(result.quiz.title)));
  else if ('problem' in result) await replyPrivately(interaction, m.dailyProblem(result.reason, result.problem.channelId));
  else await replyPrivately(interaction, result.reason === 'not-configured' ? m.dailyNotConfigured : m.noConcepts);
}
