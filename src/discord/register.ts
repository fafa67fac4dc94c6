import { REST } from 'discord.js';
import { loadBotConfig } from '../config.js';
import { loadCommands, registerCommands } from './command.js';
import { runEntry } from './entry.js';

/**
 * `npm run register`: sends the slash command definitions to Discord — to DISCORD_GUILD_ID when set
 * (available at once), otherwise globally (Discord may take up to an hour to show them everywhere).
 */
runEntry(async () => {
  const config = loadBotConfig();
  const rest = new REST(config.DISCORD_REST_URL ? { api: config.DISCORD_REST_URL } : {}).setToken(config.DISCORD_TOKEN);
  const commands = await loadCommands();
  const count = await registerCommands(rest, { applicationId: config.DISCORD_CLIENT_ID, guildId: config.DISCORD_GUILD_ID }, commands.values());
  const names = [...commands.keys()].map((name) => `/${name}`).join(' ');
  process.stdout.write(
    config.DISCORD_GUILD_ID
      ? `Registered ${count} commands in server ${config.DISCORD_GUILD_ID}: ${names}\n`
      : `Registered ${count} global commands: ${names} (Discord can take up to an hour to show them in every server)\n`,
  );
});
