/**
 * Text from the notes can hold escape sequences (clear screen, OSC 52 clipboard writes, OSC 0 window titles)
 * that a terminal would obey. What is written to a terminal, by the CLI or the readable log format, goes
 * through here. JSON needs it too: `JSON.stringify` escapes U+0000–U+001F but leaves DEL and the C1 controls
 * (U+0080–U+009F, `\x9b` is a one-byte CSI on some terminals) raw.
 */

/** C0 controls other than tab and newline, DEL, and C1 controls. */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu;

export function terminalSafe(text: string): string {
  return text.replace(CONTROLS, '');
}
