import { globalTimers, type Timers } from '../daily/index.js';

/**
 * Discord drops an interaction that is not acknowledged within 3 s, while an answer may come later (the
 * deferred reply is editable for 15 minutes). In a burst of questions, answering them (CPU work on the one
 * event loop) would hold back the acknowledgments of the interactions still waiting behind them; so answers
 * wait until every interaction received so far has been acknowledged — at most `maxWaitMs`, so a steady
 * stream of interactions cannot starve them.
 */
export class AcknowledgmentGate {
  private readonly pending = new Set<string>();
  private waiters: (() => void)[] = [];

  constructor(
    private readonly maxWaitMs = 1000,
    private readonly timers: Timers = globalTimers,
  ) {}

  /** An interaction arrived: it has 3 s to be acknowledged. */
  received(interactionId: string): void {
    this.pending.add(interactionId);
  }

  /** Its initial response went out (or its handler is done). */
  acknowledged(interactionId: string): void {
    if (!this.pending.delete(interactionId) || this.pending.size > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves once no interaction is waiting for its acknowledgment, or after `maxWaitMs`. */
  async clear(): Promise<void> {
    if (this.pending.size === 0) return;
    await new Promise<void>((resolve) => {
      const { timers } = this;
      const timer = timers.setTimeout(wake, this.maxWaitMs);
      function wake(): void {
        timers.clearTimeout(timer);
        resolve();
      }
      this.waiters.push(wake);
    });
  }
}
