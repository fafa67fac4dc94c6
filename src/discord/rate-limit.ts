/**
 * Per-user question limit over a sliding window (`RATE_LIMIT_QUESTIONS` per
 * `RATE_LIMIT_WINDOW_SECONDS`), on an injected clock.
 */
export class RateLimiter {
  private readonly asked = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => Date,
  ) {}

  /** Counts one question for `key`. Returns 0 when allowed, else the whole seconds until the next one is. */
  take(key: string): number {
    const now = this.now().getTime();
    const recent = (this.asked.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.asked.set(key, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.asked.set(key, recent);
    return 0;
  }
}
