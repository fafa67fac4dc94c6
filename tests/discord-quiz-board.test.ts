/**
 * The quiz post's participation line is edited at most once per interval: the first answer edits at once,
 * answers within the interval fold into one edit at its end (reading the tally then), and edits of one post
 * never overlap. Driven by a manual clock and timers.
 */
import { describe, expect, it } from 'vitest';
import type { Timers } from '../src/daily/index.js';
import { QuizBoard } from '../src/discord/quiz.js';
import { silentLogger } from '../src/log/logger.js';

function setup() {
  let ms = Date.parse('2025-03-02T00:00:00Z');
  const timers: { at: number; run: () => void; cleared: boolean }[] = [];
  const manual: Timers = {
    setTimeout: (run, delay) => {
      const timer = { at: ms + delay, run, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  };
  const edits: { quizId: number; at: number }[] = [];
  let release: (() => void) | undefined;
  let holdNext = false;
  const board = new QuizBoard(
    async (quizId) => {
      edits.push({ quizId, at: ms });
      if (holdNext) {
        holdNext = false;
        await new Promise<void>((resolve) => (release = resolve));
      }
    },
    () => new Date(ms),
    manual,
    silentLogger,
    5000,
  );
  const advance = async (delta: number) => {
    ms += delta;
    for (const timer of timers.filter((t) => !t.cleared && t.at <= ms)) {
      timer.cleared = true;
      timer.run();
    }
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { board, edits, advance, hold: () => (holdNext = true), release: () => release?.() };
}

describe('QuizBoard', () => {
  it('edits at once, then folds a burst into one edit at the end of the interval', async () => {
    const { board, edits, advance } = setup();
    board.changed(1);
    for (let i = 0; i < 30; i += 1) board.changed(1);
    await advance(0);
    expect(edits).toHaveLength(1);
    await advance(4999);
    expect(edits).toHaveLength(1);
    await advance(1);
    expect(edits.map((e) => e.at - edits[0]!.at)).toEqual([0, 5000]);
    await advance(60_000);
    expect(edits).toHaveLength(2); // nothing changed since: no edit
    board.changed(1);
    await advance(0);
    expect(edits).toHaveLength(3); // long after the last edit: at once again
  });

  it('keeps posts apart, and flush makes the planned edits now', async () => {
    const { board, edits, advance } = setup();
    board.changed(1);
    board.changed(2);
    board.changed(1);
    board.changed(2);
    await advance(0);
    expect(edits.map((e) => e.quizId)).toEqual([1, 2]);
    await board.flush();
    expect(edits.map((e) => e.quizId)).toEqual([1, 2, 1, 2]);
    await advance(10_000);
    expect(edits).toHaveLength(4);
  });

  it('never runs two edits of one post at the same time', async () => {
    const { board, edits, advance, hold, release } = setup();
    hold();
    board.changed(1);
    await advance(6000);
    board.changed(1); // the first edit is still in flight
    await advance(0);
    expect(edits).toHaveLength(1);
    release();
    await board.flush();
    expect(edits).toHaveLength(2);
  });
});
