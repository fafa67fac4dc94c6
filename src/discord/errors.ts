import { DiscordAPIError, HTTPError } from 'discord.js';

/**
 * An error as it goes into the log: what failed and Discord's code, never the request URL (interaction
 * webhooks carry their token in it), the request body or the bot token.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof DiscordAPIError) return { name: error.name, code: error.code, status: error.status, method: error.method, message: error.message };
  if (error instanceof HTTPError) return { name: error.name, status: error.status, method: error.method, message: error.message };
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { message: String(error) };
}
