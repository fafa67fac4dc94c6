import { terminalSafe } from '../text/controls.js';

/**
 * pino's JSON lines made readable in a terminal: `12:08:56 WARN  store: migrated file=data/bot.sqlite`. A small
 * formatter of our own (pino-pretty is not a dependency): time, level, message, then the other fields as
 * key=value; an error's stack on the lines below. Note text can reach a log line, so it is made terminal-safe.
 */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

export function formatLogLine(line: string): string {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return terminalSafe(line);
  }
  const { time, level, msg, err, ...fields } = event;
  const head = [clock(time), (LEVELS[level as number] ?? String(level)).padEnd(5), typeof msg === 'string' ? msg : ''];
  const rest = Object.entries(fields).map(([key, value]) => `${key}=${show(value)}`);
  const error = err && typeof err === 'object' ? (err as { message?: unknown; stack?: unknown }) : undefined;
  if (error && typeof error.message === 'string') rest.push(`err=${show(error.message)}`);
  const stack = error && typeof error.stack === 'string' ? error.stack.split('\n').slice(1).map((l) => `    ${l.trim()}`) : [];
  return terminalSafe([[...head, ...rest].filter(Boolean).join(' '), ...stack].join('\n') + '\n');
}

/** The event's local wall-clock time, to the second. */
function clock(time: unknown): string {
  if (typeof time !== 'number') return '';
  const at = new Date(time);
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function show(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/u.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** A pino destination that writes each event through `formatLogLine`. */
export function prettyDestination(stream: NodeJS.WritableStream): { write(line: string): void } {
  return { write: (line) => void stream.write(formatLogLine(line)) };
}
