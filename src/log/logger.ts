import { pino, type Logger } from 'pino';
import { prettyDestination } from './pretty.js';

export type { Logger };

/** `json`: one JSON line per event; `pretty`: one readable line; `auto`: pretty in a terminal, JSON otherwise (files, pipes, log collectors). */
export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * Events on stderr (stdout belongs to CLI output such as `--json`), formatted as LOG_FORMAT says.
 * Secrets are redacted by key wherever they appear in a logged object.
 */
/** `level` comes from the caller's configuration (LOG_LEVEL, parsed once in src/config.ts), never from the environment here. */
export function createLogger(options: { level: string; format?: LogFormat; destination?: NodeJS.WritableStream }): Logger {
  const destination = options.destination ?? process.stderr;
  const format = options.format ?? 'auto';
  const pretty = format === 'pretty' || (format === 'auto' && (destination as { isTTY?: boolean }).isTTY === true);
  return pino(
    {
      level: options.level,
      redact: { paths: ['token', '*.token', 'DISCORD_TOKEN', '*.DISCORD_TOKEN', 'authorization', '*.authorization'], censor: '[redacted]' },
      base: undefined,
    },
    (pretty ? prettyDestination(destination) : destination) as pino.DestinationStream,
  );
}

/** A logger that drops everything: the default for library code driven by tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
