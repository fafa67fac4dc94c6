/**
 * Discord's side of time, as the fake keeps it: the 3 s interaction window and the 15 min token lifetime
 * are measured on this clock, never on the machine's. It stands still until a test moves it — to play a
 * slow bot (`advance`) or a user who waited — so a loaded machine cannot make a reply late, and a bot that
 * would be late is late every time.
 */
export class FakeClock {
  #ms: number;

  constructor(startMs = Date.UTC(2025, 0, 1)) {
    this.#ms = startMs;
  }

  now(): number {
    return this.#ms;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`fake-discord: the clock only moves forward (advance(${ms}))`);
    this.#ms += ms;
  }
}
