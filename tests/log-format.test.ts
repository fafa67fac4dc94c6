import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadEngineConfig } from '../src/config.js';
import { createLogger, type LogFormat } from '../src/log/logger.js';
import { formatLogLine } from '../src/log/pretty.js';

/** A stderr stand-in that records what is written; `isTTY` as a terminal or a pipe would report it. */
function sink(isTTY: boolean): { stream: NodeJS.WritableStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream: Object.assign(stream, { isTTY }), text: () => text };
}

function logOnce(isTTY: boolean, format?: LogFormat): string {
  const out = sink(isTTY);
  createLogger({ level: 'info', destination: out.stream, ...(format ? { format } : {}) }).warn({ file: 'data/bot.sqlite', token: 'secret' }, 'store: migrated');
  return out.text();
}

describe('log format', () => {
  it('is one readable line in a terminal and JSON lines in a pipe, unless LOG_FORMAT says otherwise', () => {
    const pretty = logOnce(true);
    expect(pretty).toMatch(/^\d\d:\d\d:\d\d WARN  store: migrated file=data\/bot\.sqlite token=\[redacted\]\n$/);
    const json = JSON.parse(logOnce(false));
    expect(json).toMatchObject({ level: 40, msg: 'store: migrated', token: '[redacted]' });
    expect(() => JSON.parse(logOnce(true, 'json'))).not.toThrow();
    expect(logOnce(false, 'pretty')).toMatch(/ WARN  store: migrated /);
  });

  it('quotes values with spaces, shows an error\'s message and stack, and drops terminal control sequences', () => {
    const line = JSON.stringify({ level: 50, time: 0, msg: 'reindex failed \u001b]52;c;aGk=\u0007', err: { message: 'disk full', stack: 'Error: disk full\n    at write (x.ts:1:1)' }, note: 'a b' });
    const text = formatLogLine(line);
    expect(text).toMatch(/ERROR reindex failed ]52;c;aGk= note="a b" err="disk full"\n {4}at write \(x\.ts:1:1\)\n$/);
    expect(text).not.toMatch(/[\u001b\u0007]/);
    expect(formatLogLine('not json')).toBe('not json');
  });

  it('LOG_FORMAT is auto by default and a wrong value names the variable', () => {
    expect(loadEngineConfig({}).LOG_FORMAT).toBe('auto');
    expect(loadEngineConfig({ LOG_FORMAT: 'json' }).LOG_FORMAT).toBe('json');
    expect(() => loadEngineConfig({ LOG_FORMAT: 'xml' })).toThrow(ConfigError);
    expect(() => loadEngineConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be auto \(default\), json or pretty/);
  });
});
