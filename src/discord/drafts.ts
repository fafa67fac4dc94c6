/**
 * Shows a growing answer by editing one message while a model writes it: at most one edit per interval
 * (Discord allows about five edits of a message per five seconds), never two at once, and none after
 * `settle()`, so the caller's final edit is the last one. Updates that come too soon are skipped: the next
 * one, or the final edit, shows them. The clock is injected so tests decide when an interval has passed.
 */
export class DraftEditor {
  private last = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  private settled = false;

  constructor(
    private readonly edit: (text: string) => Promise<unknown>,
    private readonly now: () => number,
    /** A failed draft edit is only logged: the final edit still comes. */
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = DRAFT_EDIT_INTERVAL_MS,
  ) {}

  update(text: string): void {
    if (this.settled || this.inFlight || this.now() - this.last < this.intervalMs) return;
    this.last = this.now();
    this.inFlight = this.edit(text).then(
      () => {
        this.inFlight = undefined;
      },
      (error: unknown) => {
        this.inFlight = undefined;
        this.onError(error);
      },
    );
  }

  /** No more drafts; resolves once the one being sent (if any) has landed. */
  async settle(): Promise<void> {
    this.settled = true;
    await this.inFlight;
  }
}

export const DRAFT_EDIT_INTERVAL_MS = 1000;
