import { readdir } from 'node:fs/promises';
import {
  Routes,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from './context.js';


/**
 * One slash command: its definition (what `npm run register` sends) and its handler. A definition with
 * `default_member_permissions` is admin-only: Discord hides it from other members, and the bot checks
 * the member's permissions again before running it.
 */
export interface SlashCommand {
  readonly definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
}

const COMMANDS_DIR = new URL('./commands/', import.meta.url);

/** Every module in `commands/` exports `command`: adding a command is adding a file. */
export async function loadCommands(): Promise<Map<string, SlashCommand>> {
  const files = (await readdir(COMMANDS_DIR)).filter((file) => /\.[cm]?[jt]s$/u.test(file) && !file.endsWith('.d.ts')).sort();
  const commands = new Map<string, SlashCommand>();
  for (const file of files) {
    const module = (await import(new URL(file, COMMANDS_DIR).href)) as { command?: SlashCommand };
    if (!module.command?.definition || typeof module.command.execute !== 'function') {
      throw new Error(`src/discord/commands/${file} must export \`command\` with a definition and execute()`);
    }
    commands.set(module.command.definition.name, module.command);
  }
  return commands;
}

/** Registers the definitions: to one guild (instant) when `guildId` is given, else globally. */
export async function registerCommands(
  rest: REST,
  target: { applicationId: string; guildId?: string | undefined },
  commands: Iterable<SlashCommand>,
): Promise<number> {
  const body = [...commands].map((command) => command.definition);
  const route = target.guildId ? Routes.applicationGuildCommands(target.applicationId, target.guildId) : Routes.applicationCommands(target.applicationId);
  await rest.put(route, { body });
  return body.length;
}
