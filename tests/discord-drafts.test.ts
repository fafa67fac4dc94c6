import { describe, expect, it } from 'vitest';
import { DraftEditor } from '../src/discord/drafts.js';

/** Edits that resolve when the test says so, on a clock the test moves. */
function editor() {
  let now = 0;
  const sent: string[] = [];
  const pending: (() => void)[] = [];
  const drafts = new DraftEditor(
    (text) => {
      sent.push(text);
      return new Promise<void>((resolve) => pending.push(resolve));
    },
    () => now,
    () => undefined,
    1000,
  );
  return { drafts, sent, advance: (ms: number) => (now += ms), land: async () => (pending.shift()?.(), await Promise.resolve(), await Promise.resolve()) };
}

describe('the draft editor', () => {
  it('edits at most once per interval and never twice at once', async () => {
    const e = editor();
    e.drafts.update('a');
    e.drafts.update('ab');
    expect(e.sent).toEqual(['a']);
    e.advance(1000);
    e.drafts.update('abc'); // the first edit has not landed yet
    expect(e.sent).toEqual(['a']);
    await e.land();
    e.drafts.update('abcd');
    expect(e.sent).toEqual(['a', 'abcd']);
    e.advance(999);
    await e.land();
    e.drafts.update('abcde');
    expect(e.sent).toEqual(['a', 'abcd']);
  });

  it('sends nothing after settle, which waits for the edit in flight', async () => {
    const e = editor();
    e.drafts.update('a');
    let settled = false;
    const settling = e.drafts.settle().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await e.land();
    await settling;
    e.advance(5000);
    e.drafts.update('ab');
    expect(e.sent).toEqual(['a']);
  });

  it('reports a failed edit and goes on', async () => {
    const errors: unknown[] = [];
    const drafts = new DraftEditor(() => Promise.reject(new Error('429')), () => 0, (error) => errors.push(error), 1000);
    drafts.update('a');
    await drafts.settle();
    expect(errors).toHaveLength(1);
  });
});
