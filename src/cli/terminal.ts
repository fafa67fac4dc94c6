/**
 * What the CLI prints comes partly from the notes, and a note can hold escape sequences (clear screen,
 * OSC 52 clipboard writes, OSC 0 window titles) that a terminal would obey. Everything printed goes
 * through here. JSON output too: `JSON.stringify` escapes U+0000–U+001F but leaves DEL and the C1 controls
 * (U+0080–U+009F, `\x9b` is a one-byte CSI on some terminals) raw.
 */

/** C0 controls other than tab and newline, DEL, and C1 controls. */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu;

export function terminalSafe(text: string): string {
  return text.replace(CONTROLS, '');
}

export interface Printer {
  write(text: string): void;
}

/** `stream` with every write made terminal-safe. */
export function printer(stream: NodeJS.WritableStream): Printer {
  return { write: (text) => void stream.write(terminalSafe(text)) };
}
