import type { Timers } from '../daily/index.js';
import type { Logger } from '../log/logger.js';
import { StoreError } from '../store/index.js';

interface Pending {
  what: string;
  write: () => void;
  attempts: number;
}

/**
 * Database writes that must never cost a member the answer already computed for them (the question log):
 * tried at once; while another process holds the database's write lock they wait here, in order, and are
 * retried on a timer, so the event loop never sits in SQLite's busy wait for them. A write still locked out
 * after `maxAttempts` is dropped with a warning. Any other failure is the caller's.
 */
export class DeferredWrites {
  private readonly queue: Pending[] = [];
  private timer: unknown;

  constructor(
    private readonly timers: Timers,
    private readonly logger: Logger,
    private readonly retryMs = 2000,
    private readonly maxAttempts = 30,
  ) {}

  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Runs `write` now and returns its result, or returns undefined when the database is locked and the write
   * was queued. With writes already waiting, it is queued behind them without trying (the lock is likely still held).
   */
  attempt<T>(what: string, write: () => T): T | undefined {
    if (this.queue.length === 0) {
      try {
        return write();
      } catch (error) {
        if (!isLocked(error)) throw error;
      }
    }
    this.queue.push({ what, write, attempts: 1 });
    this.logger.warn({ what, waiting: this.queue.length }, 'database locked by another process: write queued, retried later');
    this.schedule();
    return undefined;
  }

  /** Retries the waiting writes in order, stopping at the first still locked out. Returns how many wait still. */
  flush(): number {
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      try {
        next.write();
      } catch (error) {
        if (!isLocked(error)) {
          this.logger.error({ what: next.what, error: (error as Error).message }, 'queued database write failed: dropped');
        } else if (++next.attempts <= this.maxAttempts) {
          this.schedule();
          return this.queue.length;
        } else {
          this.logger.warn({ what: next.what, attempts: next.attempts - 1 }, 'database still locked: queued write dropped');
        }
      }
      this.queue.shift();
    }
    return 0;
  }

  /** At shutdown: one last try; what is still locked out is logged as lost. */
  close(): void {
    const left = this.flush();
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (left > 0) this.logger.warn({ lost: this.queue.map((p) => p.what) }, 'database still locked at shutdown: queued writes lost');
    this.queue.length = 0;
  }

  private schedule(): void {
    this.timer ??= this.timers.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.retryMs);
  }
}

function isLocked(error: unknown): boolean {
  return error instanceof StoreError && error.code === 'DB_LOCKED';
}
