import { createInterface } from 'node:readline';
import { UserError } from '../types.js';
import { terminalErrorText } from '../errors/terminal.js';
import { terminalSafe } from '../text/controls.js';
import type { CliMessages } from './messages.js';

export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/**
 * `ask` / `search` with no question in a terminal: one question a line, answered with the index and model
 * loaded once, ↑/↓ for earlier questions, until `/q` or Ctrl-D. A question the engine refuses (too long…)
 * is one line and the prompt comes back.
 */
export async function promptLoop(run: (text: string) => Promise<string>, { input, output }: PromptStreams, command: 'ask' | 'search', m: CliMessages): Promise<void> {
  const lines = createInterface({ input, output, terminal: true, historySize: 200, removeHistoryDuplicates: true, prompt: m.prompt[command] });
  output.write(`${m.promptIntro}\n`);
  lines.prompt();
  try {
    for await (const line of lines) {
      const text = line.trim();
      if (text === '/q' || text === '/quit') break;
      if (text) {
        try {
          output.write(`${terminalSafe(await run(text))}\n\n`);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          output.write(`${terminalSafe(terminalErrorText(error, m.locale))}\n\n`);
        }
      }
      lines.prompt();
    }
  } finally {
    lines.close();
  }
}
