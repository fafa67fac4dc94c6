import { describe, expect, it } from 'vitest';
import { chunkNotes, DEFAULT_CHUNKING, indexedText, type ChunkingOptions } from '../src/chunk/chunk.js';
import { estimateTokens } from '../src/chunk/tokens.js';
import { parseNote } from '../src/notes/parse.js';
import { splitSentences } from '../src/text/sentences.js';
import type { Block, Chunk, Note } from '../src/types.js';
import { SEED_TEXT as SEED } from './helpers/knowledge.js';

const SMALL: ChunkingOptions = { targetTokens: 40, maxTokens: 60, overlapTokens: 20 };

/** Deterministic Korean sentences of roughly 15–25 estimated tokens each, all different. */
function sentence(i: number): string {
  const subjects = ['컨테이너는', '가상 머신은', '하이퍼바이저는', '커널은', '도커 엔진은', '운영체제는'];
  const objects = ['자원을', '메모리를', '프로세스를', '네트워크를', '이미지를'];
  const verbs = ['관리합니다.', '격리합니다.', '공유합니다.', '할당합니다.', '실행합니다.'];
  return `${i}번째 문장에서 ${subjects[i % 6]} 호스트의 ${objects[i % 5]} ${verbs[(i * 7) % 5]}`;
}

/** A markdown note with long multi-line paragraphs, a long code block and a small code block. */
function longNoteSource(): string {
  const lines: string[] = ['# 긴 노트', '', '## 긴 문단', ''];
  // Soft line breaks inside the paragraph: several sentences per source line.
  for (let line = 0; line < 30; line++) lines.push([0, 1, 2].map((k) => sentence(line * 3 + k)).join(' '));
  lines.push('', '## 코드', '', '작은 예제입니다.', '', '```sh', 'docker run -it ubuntu bash', 'docker ps -a', '```', '');
  lines.push('## 긴 코드', '', '```ts');
  for (let i = 0; i < 400; i++) lines.push(`const value${i} = compute(${i}, '컨테이너 ${i}');`);
  lines.push('```', '', '## 두 번째 문단', '');
  for (let i = 0; i < 40; i++) lines.push(sentence(1000 + i));
  lines.push('');
  return lines.join('\n');
}

function syntheticNote(blocks: Block[], path = ['합성', '절']): Note {
  const end = Math.max(...blocks.map((b) => b.lines[1]));
  return {
    file: 'synthetic.md',
    title: path[0]!,
    hash: 'x',
    sections: [{ id: 'synthetic.md#절', file: 'synthetic.md', path, anchor: '절', depth: 1, lines: [1, end], blocks }],
  };
}

function expectWithinLimit(chunks: Chunk[], options: ChunkingOptions): void {
  expect(chunks.length).toBeGreaterThan(0);
  for (const chunk of chunks) expect(estimateTokens(chunk.text), chunk.text.slice(0, 80)).toBeLessThanOrEqual(options.maxTokens);
}

function fenceLines(text: string): number {
  return text.split('\n').filter((line) => line.startsWith('```')).length;
}

describe('chunk size limits', () => {
  it('keeps every chunk of the seed note within maxTokens, with the defaults and with small limits', () => {
    const note = parseNote('docker-and-vm.md', SEED);
    expectWithinLimit(chunkNotes([note]), DEFAULT_CHUNKING);
    const small = chunkNotes([note], SMALL);
    expectWithinLimit(small, SMALL);
    expect(small.length).toBeGreaterThan(chunkNotes([note]).length);
  });

  it('keeps every chunk of a long generated note within maxTokens', () => {
    const note = parseNote('long.md', longNoteSource());
    for (const options of [DEFAULT_CHUNKING, SMALL]) {
      const chunks = chunkNotes([note], options);
      expectWithinLimit(chunks, options);
      expect(new Set(chunks.map((c) => c.sectionId)).size).toBe(note.sections.length);
    }
  });

  it('cuts a 2 MB paragraph without punctuation into chunks within the limit, losing no words', () => {
    const words = ['컨테이너', '가상화', 'docker', '커널을', '공유하며', 'namespace', '격리'];
    const parts: string[] = [];
    let length = 0;
    for (let i = 0; length < 2 * 1024 * 1024; i++) {
      const word = `${words[i % words.length]}${i % 97}`;
      parts.push(word);
      length += word.length + 1;
    }
    const text = parts.join(' ');
    const note = syntheticNote([{ kind: 'paragraph', text, lines: [3, 3], emphasis: [] }]);
    // How fast is `npm run bench`'s business; an accidental quadratic cut would show here as a hang.
    const chunks = chunkNotes([note]);
    expectWithinLimit(chunks, DEFAULT_CHUNKING);
    expect(chunks.every((c) => c.lines[0] === 3 && c.lines[1] === 3)).toBe(true);
    // Nothing is lost: every word shows up, in order (overlap may repeat some).
    const seen = chunks.flatMap((c) => c.text.split(/\s+/));
    let at = 0;
    for (const word of seen) if (word === parts[at]) at++;
    expect(at).toBe(parts.length);
  });

  it('cuts a long run without any space at all', () => {
    const text = '가'.repeat(5000);
    const chunks = chunkNotes([syntheticNote([{ kind: 'paragraph', text, lines: [3, 3], emphasis: [] }])]);
    expectWithinLimit(chunks, DEFAULT_CHUNKING);
    expect(chunks.map((c) => c.text).join('')).toBe(text);
  });

  it('counts the code fence against the limit for a code block just under maxTokens', () => {
    // 40 lines of 8 tokens = 320 estimated tokens of code: exactly maxTokens before fencing.
    const code = Array.from({ length: 40 }, (_, i) => `가나다라마바사${i % 10}`).join('\n');
    expect(estimateTokens(code)).toBe(DEFAULT_CHUNKING.maxTokens);
    const chunks = chunkNotes([syntheticNote([{ kind: 'code', text: code, lines: [3, 44], emphasis: [] }])]);
    expectWithinLimit(chunks, DEFAULT_CHUNKING);
    for (const chunk of chunks) expect(fenceLines(chunk.text) % 2).toBe(0);
    expect(chunks.map((c) => c.text.replace(/^```\n|\n```$/g, '')).join('\n')).toBe(code);
  });

  it('cuts a long single code line and keeps every piece fenced and within the limit', () => {
    const code = `const s = "${'x'.repeat(3000)}";`;
    const chunks = chunkNotes([syntheticNote([{ kind: 'code', text: code, lines: [3, 5], emphasis: [] }])], SMALL);
    expect(chunks.length).toBeGreaterThan(1);
    expectWithinLimit(chunks, SMALL);
    for (const chunk of chunks) expect(chunk.text.startsWith('```\n') && chunk.text.endsWith('\n```')).toBe(true);
  });
});

describe('chunk boundaries', () => {
  const source = longNoteSource();
  const sourceLines = source.split('\n');
  const note = parseNote('long.md', source);
  const chunks = chunkNotes([note]);
  const sectionOf = (title: string) => note.sections.find((s) => s.path[s.path.length - 1] === title)!;
  const chunksOf = (title: string) => chunks.filter((c) => c.sectionId === sectionOf(title).id);

  it('splits a long paragraph on sentence boundaries: each chunk starts and ends with whole sentences', () => {
    const section = sectionOf('긴 문단');
    const sentences = new Set(splitSentences(section.blocks[0]!.text));
    const parts = chunksOf('긴 문단');
    expect(parts.length).toBeGreaterThan(2);
    for (const chunk of parts) {
      const lines = chunk.text.split('\n');
      expect(sentences.has(lines[0]!), lines[0]).toBe(true);
      expect(sentences.has(lines[lines.length - 1]!)).toBe(true);
    }
  });

  it('repeats one sentence between consecutive chunks of a section as overlap', () => {
    for (const title of ['긴 문단', '두 번째 문단']) {
      const parts = chunksOf(title);
      expect(parts.length).toBeGreaterThan(1);
      for (let i = 1; i < parts.length; i++) {
        const previous = parts[i - 1]!.text.split('\n');
        const next = parts[i]!.text.split('\n');
        expect(next[0]).toBe(previous[previous.length - 1]);
        expect(next[1]).not.toBe(previous[previous.length - 1]);
        expect(estimateTokens(next[0]!)).toBeLessThanOrEqual(DEFAULT_CHUNKING.overlapTokens);
      }
    }
  });

  it('does not carry overlap across sections', () => {
    for (let i = 1; i < chunks.length; i++) {
      if (chunks[i]!.sectionId === chunks[i - 1]!.sectionId) continue;
      const previous = chunks[i - 1]!.text.split('\n').filter((l) => !l.startsWith('```'));
      expect(chunks[i]!.text.split('\n')).not.toContain(previous[previous.length - 1]);
    }
  });

  it('keeps a small code block whole inside one chunk, fences balanced', () => {
    const code = sectionOf('코드').blocks.find((b) => b.kind === 'code')!.text;
    const holding = chunks.filter((c) => c.text.includes('docker run -it ubuntu bash'));
    expect(holding).toHaveLength(1);
    expect(holding[0]!.text).toContain(`\`\`\`\n${code}\n\`\`\``);
    for (const chunk of chunks) expect(fenceLines(chunk.text) % 2, chunk.text.slice(0, 40)).toBe(0);
  });

  it('splits a long code block between lines, every piece fenced, no code line lost', () => {
    const code = sectionOf('긴 코드').blocks[0]!.text;
    const parts = chunksOf('긴 코드');
    expect(parts.length).toBeGreaterThan(1);
    const bodies = parts.map((c) => {
      expect(c.text.startsWith('```\n') && c.text.endsWith('\n```')).toBe(true);
      return c.text.slice(4, -4);
    });
    expect(bodies.join('\n')).toBe(code);
  });

  it('gives line ranges inside the file and inside the section, pointing at the chunk text', () => {
    for (const chunk of chunks) {
      const section = note.sections.find((s) => s.id === chunk.sectionId)!;
      expect(chunk.lines[0]).toBeGreaterThanOrEqual(1);
      expect(chunk.lines[0]).toBeLessThanOrEqual(chunk.lines[1]);
      expect(chunk.lines[1]).toBeLessThanOrEqual(sourceLines.length);
      expect(chunk.lines[0]).toBeGreaterThanOrEqual(section.lines[0]);
      expect(chunk.lines[1]).toBeLessThanOrEqual(section.lines[1]);
      // The first and last text lines of the chunk are on its first and last cited lines (or just inside a cited fence).
      const text = chunk.text.split('\n').filter((l) => !l.startsWith('```'));
      const at = (n: number) => sourceLines[n - 1]!;
      const first = at(chunk.lines[0]).startsWith('```') ? chunk.lines[0] + 1 : chunk.lines[0];
      const last = at(chunk.lines[1]).startsWith('```') ? chunk.lines[1] - 1 : chunk.lines[1];
      expect(at(first), chunk.text.slice(0, 40)).toContain(text[0]);
      expect(at(last), chunk.text.slice(-40)).toContain(text[text.length - 1]);
    }
  });

  it('gives the seed note chunks the line ranges of their blocks', () => {
    const seed = parseNote('docker-and-vm.md', SEED);
    const seedLines = SEED.split('\n');
    for (const chunk of chunkNotes([seed], SMALL)) {
      const section = seed.sections.find((s) => s.id === chunk.sectionId)!;
      expect(chunk.lines[0]).toBeGreaterThanOrEqual(section.lines[0]);
      expect(chunk.lines[1]).toBeLessThanOrEqual(section.lines[1]);
      const first = chunk.text.split('\n')[0]!;
      if (!first.startsWith('```')) expect(seedLines[chunk.lines[0] - 1]!.replace(/\*\*/g, '')).toContain(first);
    }
  });

  it('cites the right rows of a table split across chunks', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `| 항목${i} | 컨테이너 가상화 설명 ${i} 입니다 |`);
    const tableSource = ['# T', '', '## 표', '', '| 이름 | 설명 |', '|---|---|', ...rows, ''].join('\n');
    const lines = tableSource.split('\n');
    const parts = chunkNotes([parseNote('t.md', tableSource)]);
    expect(parts.length).toBeGreaterThan(1);
    for (const chunk of parts) {
      const text = chunk.text.split('\n');
      const cell = (row: string) => row.split(' | ')[0]!;
      expect(lines[chunk.lines[0] - 1]).toContain(`| ${cell(text[0]!)} |`);
      expect(lines[chunk.lines[1] - 1]).toContain(`| ${cell(text[text.length - 1]!)} |`);
    }
  });
});

describe('chunk identity', () => {
  it('assigns ids by position and carries file, section, anchor from the section', () => {
    const note = parseNote('docker-and-vm.md', SEED);
    const chunks = chunkNotes([note]);
    chunks.forEach((chunk, i) => {
      expect(chunk.id).toBe(i);
      const section = note.sections.find((s) => s.id === chunk.sectionId)!;
      expect([chunk.file, chunk.section, chunk.anchor]).toEqual([section.file, section.path, section.anchor]);
    });
  });

  it('changes the content hash if and only if the section path or the text changes', () => {
    const block: Block = { kind: 'paragraph', text: '컨테이너는 커널을 공유합니다.', lines: [5, 5], emphasis: [] };
    const hashOf = (blocks: Block[], path?: string[]) => chunkNotes([syntheticNote(blocks, path)])[0]!.hash;
    const base = hashOf([block]);
    expect(base).toMatch(/^[0-9a-f]{32}$/);
    expect(hashOf([{ ...block }])).toBe(base);
    // Moved down the file, same text and path: same hash (its embedding is reused).
    expect(hashOf([{ ...block, lines: [40, 40] }])).toBe(base);
    expect(hashOf([{ ...block, emphasis: ['컨테이너'] }])).toBe(base);
    expect(hashOf([{ ...block, text: '컨테이너는 커널을 공유하지 않습니다.' }])).not.toBe(base);
    expect(hashOf([block], ['합성', '다른 절'])).not.toBe(base);
    expect(hashOf([block], ['다른 노트', '절'])).not.toBe(base);
  });

  it('makes indexedText the section path followed by the text', () => {
    const chunk = chunkNotes([parseNote('docker-and-vm.md', SEED)]).find((c) => c.section.includes('컨테이너의 장점'))!;
    const indexed = indexedText(chunk);
    expect(indexed.startsWith('Docker and VM › 컨테이너의 장점\n')).toBe(true);
    expect(indexed.endsWith(chunk.text)).toBe(true);
    expect(chunk.text).not.toContain('Docker and VM');
  });
});

describe('sentence splitting', () => {
  it('ends a sentence at its full stop, but not at one inside brackets still open', () => {
    expect(splitSentences('메모리를 보조 기억장치(e.g. 하드디스크)로 내보낸다. 이 과정을 swap이라 한다.')).toEqual([
      '메모리를 보조 기억장치(e.g. 하드디스크)로 내보낸다.',
      '이 과정을 swap이라 한다.',
    ]);
    // A whole sentence in brackets is a sentence of its own once they close.
    expect(splitSentences('call stack을 사용한다. (stack overflow에 유의해야 한다.) 끝.')).toEqual([
      'call stack을 사용한다.',
      '(stack overflow에 유의해야 한다.)',
      '끝.',
    ]);
    // A remark in brackets glued to a Korean sentence's full stop ends with it; `e.g.(…)` and `O(1)` end nothing.
    expect(splitSentences('해석되는 시점을 정할 수도 있다.(Retention Policy) 어노테이션에는 세 가지 종류가 있다. e.g.(예) 1.5(배) 된다.')).toEqual([
      '해석되는 시점을 정할 수도 있다.(Retention Policy)',
      '어노테이션에는 세 가지 종류가 있다.',
      'e.g.(예) 1.5(배) 된다.',
    ]);
  });
});
