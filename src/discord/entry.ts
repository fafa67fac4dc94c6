import { existsSync } from 'node:fs';
import { DiscordAPIError, DiscordjsErrorCodes } from 'discord.js';
import { ConfigError } from '../config.js';
import { isCodedError } from '../errors/catalog.js';
import { terminalErrorText } from '../errors/terminal.js';

/** Exit code for problems the operator can fix (configuration, token, database file, notes). */
const EXIT_USER_ERROR = 2;

/**
 * Runs a command-line entry (`npm start`, `npm run register`): reads `.env` when present (variables
 * already set win), and turns a failure into one line on stderr and an exit code, never echoing the token.
 */
export function runEntry(main: () => Promise<void>): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
  main().catch((error: unknown) => {
    const known = fixableMessage(error);
    process.stderr.write(`${known ?? `Unexpected error: ${(error as Error)?.stack ?? String(error)}`}\n`);
    process.exit(known ? EXIT_USER_ERROR : 1);
  });
}

function fixableMessage(error: unknown): string | undefined {
  if (error instanceof ConfigError) return error.message;
  // The operator's console: the code phrased as the CLI phrases it.
  if (isCodedError(error)) return terminalErrorText(error);
  const rejectedToken =
    (error instanceof DiscordAPIError && error.status === 401) || (error as { code?: unknown } | null)?.code === DiscordjsErrorCodes.TokenInvalid;
  if (rejectedToken) return 'Discord rejected DISCORD_TOKEN: copy a fresh token from the Discord Developer Portal (your application → Bot → Reset Token) into .env.';
  const unreachable = networkFailure(error);
  if (unreachable) return `Cannot reach Discord (${unreachable}): check this machine's network connection (and DISCORD_REST_URL, if set), then start again.`;
  return undefined;
}

/** Failures to connect at all (no DNS, nothing listening, no route), as Node's sockets and undici report them. */
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** `getaddrinfo ENOTFOUND discord.com`: the first error in the cause chain that is a connection failure, by its own message. */
function networkFailure(error: unknown): string | undefined {
  for (let at = error, depth = 0; at && typeof at === 'object' && depth < 5; at = (at as { cause?: unknown }).cause, depth++) {
    const { code, message } = at as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return typeof message === 'string' && message ? message : code;
  }
  return undefined;
}
