/**
 * What "quoted verbatim at the cited lines" means for an answer: each quote's text occurs in the note's source
 * lines it cites, once the markdown syntax (emphasis, links, list and quote markers) is read as the reader
 * sees it and whitespace is collapsed.
 */
import type { Answer, LineRange } from '../../src/types.js';

/** The plain text of source lines `lines` (1-based, inclusive) of a markdown note. */
export function plainLines(source: string, lines: LineRange): string {
  return source
    .split(/\r?\n/u)
    .slice(lines[0] - 1, lines[1])
    .map((line) =>
      line
        .replace(/^\s*(?:>\s*)*/u, '')
        .replace(/^(?:[-*+]|\d+[.)])\s+/u, '')
        .replace(/!?\[([^\]]*)\]\([^)]*\)/gu, '$1')
        .replace(/\*\*|__|`/gu, '')
        .replace(/<br\s*\/?>/giu, ' '),
    )
    .join(' ')
    .replace(/\s+/gu, ' ');
}

/** Every quote of the answer, with the text of the note lines it cites; `sources` maps a file to its text. */
export function quotesWithSource(answer: Answer, sources: Record<string, string>): { quote: string; cited: string }[] {
  return answer.citations.flatMap((c) =>
    (c.quotes ?? []).map((q) => ({ quote: q.text.replace(/\s+/gu, ' '), cited: plainLines(sources[c.file] ?? '', q.lines) })),
  );
}
