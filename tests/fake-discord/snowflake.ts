/**
 * Discord-style snowflake ids: 64-bit integers rendered as decimal strings
 * (timestamp since the Discord epoch << 22 | worker << 17 | process << 12 | increment).
 * Ids made now are 19 digits long, like real ones.
 */
export const DISCORD_EPOCH = 1_420_070_400_000n;

export class SnowflakeGenerator {
  #lastMs = 0n;
  #increment = 0n;
  readonly #worker: bigint;

  constructor(worker = 1) {
    this.#worker = BigInt(worker & 0x1f);
  }

  next(at: number = Date.now()): string {
    let ms = BigInt(at) - DISCORD_EPOCH;
    // Keep ids strictly increasing even when the clock stands still or goes back.
    if (ms < this.#lastMs) ms = this.#lastMs;
    if (ms === this.#lastMs) {
      this.#increment += 1n;
      if (this.#increment > 0xfffn) {
        ms += 1n;
        this.#increment = 0n;
      }
    } else {
      this.#increment = 0n;
    }
    this.#lastMs = ms;
    return ((ms << 22n) | (this.#worker << 17n) | (1n << 12n) | this.#increment).toString();
  }
}

/** The creation time (ms since the Unix epoch) encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

export function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && /^\d{17,20}$/.test(value);
}
