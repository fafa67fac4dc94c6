import { terminalSafe } from '../text/controls.js';

/** Everything the CLI prints goes through a printer: what comes from the notes cannot steer the terminal. */
export interface Printer {
  write(text: string): void;
}

/** `stream` with every write made terminal-safe. */
export function printer(stream: NodeJS.WritableStream): Printer {
  return { write: (text) => void stream.write(terminalSafe(text)) };
}
