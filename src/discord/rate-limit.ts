/**
 * Per-user question limit over a sliding window (`RATE_LIMIT_QUESTIONS` per
 * `RATE_LIMIT_WINDOW_SECONDS`), on an injected monotonic clock: windows are durations, so a wall
 * clock stepped back (NTP, a VM resumed, an admin fixing the time) must not stretch them.
 */
export class RateLimiter {
  private readonly asked = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    /** Milliseconds since an arbitrary origin that never go backwards (default `performance.now`). */
    private readonly elapsedMs: () => number = () => performance.now(),
  ) {}

  /** Counts one question for `key`. Returns 0 when allowed, else the whole seconds until the next one is. */
  take(key: string): number {
    const now = this.elapsedMs();
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
