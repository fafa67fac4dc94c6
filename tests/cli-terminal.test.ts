import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { boundedLines } from '../src/cli/lines.js';
import { terminalSafe } from '../src/text/controls.js';
import { runCli, scratchKnowledge } from './helpers/cli.js';

/** Every control character a terminal could act on: C0 but tab and newline, DEL, C1. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;

const CLEAR = '\x1b[2J';
const CLIPBOARD = '\x1b]52;c;ZXZpbA==\x07';
const TITLE = '\x1b]0;pwned\x07';
const C1_CSI = '\x9b31m';

describe('terminalSafe', () => {
  it('removes escape sequences’ control characters and keeps text, tabs and newlines', () => {
    const text = `화면 ${CLEAR}지우기${CLIPBOARD} 제목${TITLE}\t탭\n줄${C1_CSI}\r\x7f끝`;
    const safe = terminalSafe(text);
    expect(safe).not.toMatch(CONTROL);
    expect(safe).toBe('화면 [2J지우기]52;c;ZXZpbA== 제목]0;pwned\t탭\n줄31m끝');
  });
});

describe('boundedLines', () => {
  async function* chunks(...parts: (string | Buffer)[]) {
    yield* parts;
  }
  const collect = async (input: AsyncIterable<string | Buffer>, max: number) => {
    const lines = [];
    for await (const line of boundedLines(input, max)) lines.push(line);
    return lines;
  };

  it('splits LF and CRLF lines across chunk boundaries, including inside a multi-byte character', async () => {
    const bytes = Buffer.from('컨테이너란?\r\n두 번째\n마지막', 'utf8');
    expect(await collect(chunks(bytes.subarray(0, 4), bytes.subarray(4, 17), bytes.subarray(17)), 100)).toEqual([
      { number: 1, text: '컨테이너란?' },
      { number: 2, text: '두 번째' },
      { number: 3, text: '마지막' },
    ]);
  });

  it('drops a line longer than the bound as it streams past, however long, and goes on with the next', async () => {
    // 64 MB of one line in 64 KB chunks: only the bound is ever held.
    async function* huge() {
      yield 'first\n';
      const piece = 'x'.repeat(65_536);
      for (let i = 0; i < 1024; i += 1) yield piece;
      yield '\nafter\n';
    }
    expect(await collect(huge(), 4000)).toEqual([
      { number: 1, text: 'first' },
      { number: 2, tooLong: true },
      { number: 3, text: 'after' },
    ]);
    expect(await collect(chunks('12345\n123456'), 5)).toEqual([{ number: 1, text: '12345' }, { number: 2, tooLong: true }]);
  });
});

describe('the CLI prints notes without their control characters', () => {
  const { dir, knowledge, index } = scratchKnowledge('cli-terminal-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(knowledge, 'terminal.md'),
    `# 터미널 제어\n\n## 화면 지우기 명령\n\n화면 지우기 명령은 ${CLEAR} 이고 클립보드 쓰기는 ${CLIPBOARD} 이며 창 제목은 ${TITLE} 이고 ${C1_CSI} 도 있어요.\n`,
  );
  const at = ['--knowledge', knowledge, '--index', index];

  it('as text: the sequences are inert, the words are there', async () => {
    const result = await runCli(['ask', ...at, '화면 지우기 명령은?']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('화면 지우기 명령은 [2J 이고 클립보드 쓰기는 ]52;c;ZXZpbA== 이며');
    expect(result.stdout).not.toMatch(CONTROL);
    expect(result.stderr).not.toMatch(CONTROL);
  });

  it('as JSON from stdin: C0 escaped by JSON, DEL/C1 removed; an overlong line is neither kept nor echoed', async () => {
    const huge = '가'.repeat(100_000);
    const input = ['화면 지우기 명령은?', huge, '\u3000', '나'.repeat(1001)].join('\n');
    const result = await runCli(['ask', ...at, '--json'], { input });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(CONTROL);
    const [answer, tooLong, overLimit, ...rest] = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(answer.answer).toContain(`화면 지우기 명령은 ${CLEAR} 이고`);
    expect(tooLong).toEqual({ line: 2, error: { code: 'QUESTION_TOO_LONG', message: 'Line 2 is longer than 4000 characters; a question may have 1000.' } });
    // The blank line 3 is skipped; line 4 is within the read bound but over the question limit: not echoed either.
    expect(overLimit).toMatchObject({ line: 4, error: { code: 'QUESTION_TOO_LONG' } });
    expect(overLimit).not.toHaveProperty('question');
    expect(rest).toEqual([]);
  });
});
