import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { localWeek } from '../../daily/index.js';
import type { SlashCommand } from '../command.js';
import { english, localeOf, messages } from '../i18n.js';
import { NO_MENTIONS } from '../limits.js';
import { zoneOf } from '../review.js';
import { leaderboardLines, memberNames, windowDates } from '../social.js';

/**
 * `/leaderboard` — this week's top 10 of the guild, in the channel: the guild-local week from Monday 00:00,
 * points = the guild's quiz questions answered right + due cards rated in `/review` here (see
 * `readLeaderboard`). Names are text and mentions are off: nobody is pinged for being ranked.
 */
export const command: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('leaderboard')
    .setDescription('이번 주 순위 (월요일부터, 퀴즈 정답 + 복습)')
    .setDescriptionLocalizations(english("This week's ranking (from Monday; quiz answers right + reviews)"))
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, context) {
    const m = messages(localeOf(interaction.locale));
    const guildId = interaction.guildId!; // guild-only command
    // Names may need a few lookups: acknowledge first.
    await interaction.deferReply();
    const zone = zoneOf(context, guildId);
    const week = localWeek(context.now(), zone);
    const entries = context.store.leaderboard(guildId, week, 10);
    const names = await memberNames(interaction.client, guildId, entries.map((e) => e.userId), m.unknownMember);
    const lines = leaderboardLines(entries, names, m);
    await interaction.editReply({
      embeds: [
        {
          title: m.leaderboardTitle,
          color: 0xf2c94c,
          description: [windowDates(week, zone, m.leaderboardWeek), '', ...(lines.length ? lines : [m.leaderboardEmpty])].join('\n'),
          footer: { text: m.leaderboardRule },
        },
      ],
      allowedMentions: NO_MENTIONS,
    });
  },
};
