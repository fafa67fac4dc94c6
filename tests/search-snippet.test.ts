import { describe, expect, it } from 'vitest';
import { bestMatchingLine, SNIPPET_CHARS } from '../src/retrieval/snippet.js';
import type { TermGroup } from '../src/retrieval/query.js';
import type { PassageBlock } from '../src/types.js';

function group(word: string, terms: string[] = [word], intent = false): TermGroup {
  return { word, terms, alternatives: [], phrases: [], grams: [], predicate: false, intent };
}

const idf = (term: string) => (term === '커널' ? 3 : 1);

describe('bestMatchingLine', () => {
  const blocks: PassageBlock[] = [
    { kind: 'paragraph', text: '첫 줄은 개요입니다.\n컨테이너는 호스트의 커널을 공유합니다.', lines: [10, 11] },
    { kind: 'code', text: 'docker run 컨테이너', lines: [13, 13] },
    { kind: 'paragraph', text: '컨테이너는 가볍습니다.', lines: [15, 15] },
  ];

  it('picks the line holding the rarest and most query words, with its own note line', () => {
    expect(bestMatchingLine(blocks, { groups: [group('컨테이너는', ['컨테이너']), group('커널', ['커널'])] }, idf)).toEqual({ text: '컨테이너는 호스트의 커널을 공유합니다.', line: 11 });
  });

  it('prefers prose to code on a tie and ignores words that only name the kind of answer', () => {
    expect(bestMatchingLine(blocks.slice(1), { groups: [group('컨테이너'), group('차이', ['차이'], true)] }, idf)).toEqual({ text: '컨테이너는 가볍습니다.', line: 15 });
  });

  it('falls back to the first prose line when nothing matches', () => {
    expect(bestMatchingLine(blocks, { groups: [group('양자역학')] }, idf).text).toBe('첫 줄은 개요입니다.');
  });

  it('cuts a long line around the matched word', () => {
    const long = `${'가'.repeat(200)} 하이퍼바이저 ${'나'.repeat(200)}`;
    const { text } = bestMatchingLine([{ kind: 'paragraph', text: long, lines: [1, 1] }], { groups: [group('하이퍼바이저')] }, idf);
    expect(text).toContain('하이퍼바이저');
    expect(text.length).toBeLessThanOrEqual(SNIPPET_CHARS);
    expect(text.startsWith('…') && text.endsWith('…')).toBe(true);
  });
});
