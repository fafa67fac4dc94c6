import { StringDecoder } from 'node:string_decoder';

/** One line of input, or the number of a line too long to keep (its text is dropped as it streams past). */
export type InputLine = { number: number; text: string } | { number: number; tooLong: true };

/**
 * The lines of `input` (LF or CRLF), holding at most `maxChars` of any one line in memory: a line longer
 * than that (a pasted file, a runaway generator) is skipped as it is read, however long it is, instead of
 * growing a string of hundreds of megabytes first.
 */
export async function* boundedLines(input: AsyncIterable<Buffer | string>, maxChars: number): AsyncGenerator<InputLine> {
  const decoder = new StringDecoder('utf8');
  let number = 1;
  let current = '';
  let tooLong = false;
  const finish = (): InputLine => {
    const line: InputLine = tooLong ? { number, tooLong: true } : { number, text: current.replace(/\r$/u, '') };
    number += 1;
    current = '';
    tooLong = false;
    return line;
  };
  const take = function* (text: string): Generator<InputLine> {
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      if (!tooLong) current += text.slice(start, end);
      tooLong ||= current.length > maxChars;
      yield finish();
      start = end + 1;
    }
    if (!tooLong) current += text.slice(start);
    if (current.length > maxChars) {
      tooLong = true;
      current = '';
    }
  };
  for await (const chunk of input) yield* take(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  yield* take(decoder.end());
  if (current || tooLong) yield finish();
}
