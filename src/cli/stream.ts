import type { Printer } from './terminal.js';
import type { CliMessages } from './messages.js';

/**
 * A model's answer in the terminal as it is written: each checked sentence is printed when it passes, and
 * the final rendering then prints only what is not on the screen yet. Should the model's answer not be
 * kept after all, the quoted answer follows, saying why.
 */
export class TerminalDraft {
  private printed = '';

  constructor(
    private readonly out: Printer,
    private readonly m: CliMessages,
  ) {}

  show(draft: string): void {
    // Drafts only grow; anything else is left for the final rendering.
    if (!draft.startsWith(this.printed)) return;
    this.out.write(draft.slice(this.printed.length));
    this.printed = draft;
  }

  /** What is left to print of the final rendering. */
  rest(rendered: string): string {
    if (!this.printed) return rendered;
    if (rendered.startsWith(this.printed)) return rendered.slice(this.printed.length);
    return `\n\n${this.m.draftNotBacked}\n${rendered}`;
  }
}
