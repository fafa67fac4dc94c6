import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One JSON line per event on stderr (stdout belongs to CLI output such as `--json`).
 * Secrets are redacted by key wherever they appear in a logged object.
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: ['token', '*.token', 'DISCORD_TOKEN', '*.DISCORD_TOKEN', 'authorization', '*.authorization'], censor: '[redacted]' },
      base: undefined,
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}

/** A logger that drops everything: the default for library code driven by tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
