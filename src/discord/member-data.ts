import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type ButtonInteraction } from 'discord.js';
import type { BotContext } from './context.js';
import { localeOf, messages, type Locale } from './i18n.js';
import { NO_MENTIONS } from './limits.js';
import type { Reply } from './render.js';

/** `forget:<confirm|cancel>:<member id>` under `/forget-me`'s private question. */
export const FORGET_BUTTON = /^forget:(confirm|cancel):(\d+)$/u;

export function renderForgetPrompt(userId: string, locale: Locale): Reply {
  const m = messages(locale);
  return {
    content: m.forgetPrompt,
    components: [
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId(`forget:confirm:${userId}`).setStyle(ButtonStyle.Danger).setLabel(m.forgetConfirm),
        new ButtonBuilder().setCustomId(`forget:cancel:${userId}`).setStyle(ButtonStyle.Secondary).setLabel(m.forgetCancel),
      ),
    ],
    allowedMentions: NO_MENTIONS,
  };
}

/** Only the member the prompt was shown to can confirm it (it is private, but a custom id can be replayed). */
export async function handleForgetButton(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const [, action, userId] = FORGET_BUTTON.exec(interaction.customId) ?? [];
  const m = messages(localeOf(interaction.locale));
  if (action !== 'confirm' || userId !== interaction.user.id) {
    await interaction.update({ content: m.forgetCancelled, components: [], allowedMentions: NO_MENTIONS });
    return;
  }
  const deleted = context.store.members.forget(userId);
  const rows = Object.values(deleted).reduce((a, b) => a + b, 0);
  context.logger.info({ userId, deleted }, 'member data deleted on request');
  await interaction.update({ content: m.forgetDone(rows), components: [], allowedMentions: NO_MENTIONS });
}
