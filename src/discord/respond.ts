import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { textReply, type Reply } from './render.js';

/**
 * Getting replies onto an interaction whatever state it is in (fresh, deferred, already answered),
 * so handlers and the error path need not track it.
 */

/** A short message only the user sees. After a public defer, the "thinking…" placeholder is removed. */
export async function replyPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  const reply = textReply(content);
  if (interaction.deferred && !interaction.replied) {
    if (interaction.ephemeral) {
      await interaction.editReply(reply);
      return;
    }
    await interaction.deleteReply();
  }
  if (interaction.deferred || interaction.replied) {
    await interaction.followUp({ ...reply, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral });
}

/** Sends rendered messages after `deferReply`: the first replaces the placeholder, the rest follow. */
export async function sendDeferred(interaction: RepliableInteraction, replies: Reply[]): Promise<void> {
  const [first, ...rest] = replies;
  // Never leave "thinking…" up for good: with nothing to send, the caller's error path tells the user.
  if (!first) throw new Error('nothing to send for a deferred reply');
  await interaction.editReply(first);
  for (const reply of rest) await interaction.followUp(reply);
}
