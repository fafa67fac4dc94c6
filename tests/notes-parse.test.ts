import { describe, expect, it } from 'vitest';
import { parseNote } from '../src/notes/parse.js';
import type { Block, Note, Section } from '../src/types.js';
import { SEED_NOTE as SEED_FILE, SEED_TEXT as SEED } from './helpers/knowledge.js';

const SEED_LINES = SEED.split('\n');
const LONG_HEADING = '도커 이미지는 다른 환경에서도 동일하게 실행된다고 했는데, 다른 환경은 어떤 환경을 말하는건가요?';

/** Line n of the seed note (1-based) as a block's plain text: list marker and `**` removed. */
function plain(n: number): string {
  return SEED_LINES[n - 1]!.replace(/^\s*[*-]\s+/, '').replace(/\*\*/g, '').trim();
}

/** The body of a fenced code block whose fences sit on lines `open` and `close`, its indentation (`indent` spaces) removed. */
function codeBetween(open: number, close: number, indent: number): string {
  return SEED_LINES.slice(open, close - 1)
    .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
    .join('\n')
    .replace(/\s+$/, '');
}

function sectionByTitle(note: Note, title: string): Section {
  const section = note.sections.find((s) => s.path[s.path.length - 1] === title);
  if (!section) throw new Error(`no section "${title}" in ${note.sections.map((s) => s.path.join(' › ')).join(' | ')}`);
  return section;
}

function allBlocks(note: Note): Block[] {
  return note.sections.flatMap((s) => s.blocks);
}

describe('parseNote on the seed note', () => {
  const note = parseNote(SEED_FILE, SEED);

  it('takes the title from the first H1 and never makes the title a section of its own', () => {
    expect(note.title).toBe('Docker and VM');
    expect(note.file).toBe(SEED_FILE);
    expect(note.sections.every((s) => s.path[0] === 'Docker and VM')).toBe(true);
    expect(note.sections.some((s) => s.path.length === 1)).toBe(false);
  });

  it('has exactly the expected section tree: paths, ids, anchors, depths and line ranges', () => {
    const longAnchor = '도커-이미지는-다른-환경에서도-동일하게-실행된다고-했는데-다른-환경은-어떤-환경을-말하는건가요';
    const expected = [
      { path: ['도커와 VM에서 커널의 역할', '도커에서의 커널'], id: '도커와-vm에서-커널의-역할/도커에서의-커널', anchor: '도커와-vm에서-커널의-역할', depth: 2, lines: [9, 11] },
      { path: ['도커와 VM에서 커널의 역할', 'VM에서의 커널'], id: '도커와-vm에서-커널의-역할/vm에서의-커널', anchor: '도커와-vm에서-커널의-역할', depth: 2, lines: [12, 16] },
      { path: ['VM의 하이퍼바이저 종류', '베어메탈 하이퍼바이저'], id: '베어메탈-하이퍼바이저', anchor: '베어메탈-하이퍼바이저', depth: 2, lines: [22, 40] },
      { path: ['호스트 하이퍼바이저'], id: '호스트-하이퍼바이저', anchor: '호스트-하이퍼바이저', depth: 1, lines: [42, 58] },
      { path: ['컨테이너 엔진이란?'], id: '컨테이너-엔진이란', anchor: '컨테이너-엔진이란', depth: 1, lines: [62, 68] },
      { path: ['컨테이너의 장점'], id: '컨테이너의-장점', anchor: '컨테이너의-장점', depth: 1, lines: [72, 77] },
      { path: ['도커 호스트 운영체제와 VM 운영체제'], id: '도커-호스트-운영체제와-vm-운영체제', anchor: '도커-호스트-운영체제와-vm-운영체제', depth: 1, lines: [81, 85] },
      { path: ['도커 컨테이너화'], id: '도커-컨테이너화', anchor: '도커-컨테이너화', depth: 1, lines: [89, 91] },
      { path: [LONG_HEADING], id: longAnchor, anchor: longAnchor, depth: 1, lines: [95, 122] },
      { path: [LONG_HEADING, '도커 멀티 스테이지 빌드'], id: `${longAnchor}/도커-멀티-스테이지-빌드`, anchor: longAnchor, depth: 2, lines: [101, 118] },
    ];
    expect(
      note.sections.map((s) => ({ path: s.path.slice(1), id: s.id, anchor: s.anchor, depth: s.depth, lines: s.lines, file: s.file })),
    ).toEqual(expected.map((e) => ({ ...e, id: `${SEED_FILE}#${e.id}`, file: SEED_FILE })));
  });

  it('starts every section on its heading (or bullet label) line', () => {
    for (const section of note.sections) {
      const title = section.path[section.path.length - 1]!;
      expect(SEED_LINES[section.lines[0] - 1], title).toContain(title);
    }
  });

  it('keeps each block with its kind and exact source lines', () => {
    const kinds = (title: string) => sectionByTitle(note, title).blocks.map((b) => [b.kind, b.lines]);
    expect(kinds('도커에서의 커널')).toEqual([['list-item', [10, 10]], ['list-item', [11, 11]]]);
    expect(kinds('VM에서의 커널')).toEqual([['list-item', [14, 14]], ['list-item', [15, 15]], ['list-item', [16, 16]]]);
    expect(kinds('베어메탈 하이퍼바이저')).toEqual([['paragraph', [24, 24]], ['paragraph', [26, 26]], ['paragraph', [28, 28]], ['code', [30, 40]]]);
    expect(kinds('호스트 하이퍼바이저')).toEqual([['paragraph', [44, 44]], ['paragraph', [46, 46]], ['code', [48, 58]]]);
    expect(kinds('컨테이너 엔진이란?')).toEqual([['paragraph', [64, 64]], ['list-item', [66, 66]], ['list-item', [67, 67]], ['list-item', [68, 68]]]);
    expect(kinds('컨테이너의 장점')).toEqual([74, 75, 76, 77].map((n) => ['list-item', [n, n]]));
    expect(kinds('도커 호스트 운영체제와 VM 운영체제')).toEqual([['paragraph', [83, 83]], ['paragraph', [85, 85]]]);
    expect(kinds('도커 컨테이너화')).toEqual([['paragraph', [91, 91]]]);
    expect(kinds(LONG_HEADING)).toEqual([['paragraph', [97, 97]], ['paragraph', [99, 99]], ['paragraph', [122, 122]]]);
    expect(kinds('도커 멀티 스테이지 빌드')).toEqual([
      ['paragraph', [103, 103]],
      ['paragraph', [105, 105]],
      ['list-item', [107, 107]],
      ['list-item', [108, 108]],
      ['code', [110, 118]],
    ]);
  });

  it('gives every prose block the plain text of its source line', () => {
    for (const block of allBlocks(note).filter((b) => b.kind !== 'code')) {
      expect(block.lines[0], block.text).toBe(block.lines[1]);
      expect(block.text).toBe(plain(block.lines[0]));
    }
  });

  it('keeps code blocks whole and verbatim (markdown inside code is not stripped)', () => {
    const code = allBlocks(note).filter((b) => b.kind === 'code');
    expect(code.map((b) => b.lines)).toEqual([[30, 40], [48, 58], [110, 118]]);
    expect(code[0]!.text).toBe(codeBetween(30, 40, 4));
    expect(code[1]!.text).toBe(codeBetween(48, 58, 0));
    expect(code[2]!.text).toBe(codeBetween(110, 118, 4));
    expect(code[0]!.text).toContain('└── **베어메탈 하이퍼바이저**');
    expect(code[2]!.text).toContain('as **windowsbuild**');
    expect(code[2]!.text.split('\n')[0]).toBe('# Windows 단계');
  });

  it('treats a heading written inside a list item as a heading with the item content under it', () => {
    const bare = sectionByTitle(note, '베어메탈 하이퍼바이저');
    expect(bare.path).toEqual(['Docker and VM', 'VM의 하이퍼바이저 종류', '베어메탈 하이퍼바이저']);
    expect(bare.blocks[0]!.text.startsWith('타입 1 하이퍼바이저는')).toBe(true);
    // The next H3 closes it: 호스트 하이퍼바이저 is a sibling of its parent, not its child.
    expect(sectionByTitle(note, '호스트 하이퍼바이저').path).toEqual(['Docker and VM', '호스트 하이퍼바이저']);
  });

  it('turns short bullet labels with nested content into sub-sections scoped to the bullet', () => {
    const kernel = sectionByTitle(note, '도커에서의 커널');
    expect(kernel.blocks.map((b) => b.text)).toEqual([plain(10), plain(11)]);
    // The parent heading has no prose of its own, so it only lives on in its children's paths.
    expect(note.sections.some((s) => s.path[s.path.length - 1] === '도커와 VM에서 커널의 역할')).toBe(false);
    // Content after the labelled bullet goes back to the parent section.
    expect(sectionByTitle(note, LONG_HEADING).blocks.map((b) => b.text)).toEqual([plain(97), plain(99), '참고자료:']);
  });

  it('indexes no link-only paragraph (the reference link at the end)', () => {
    expect(SEED_LINES[123]).toContain('colevelup.tistory.com');
    const text = allBlocks(note).map((b) => b.text).join('\n');
    expect(text).not.toContain('colevelup');
    expect(text).not.toContain('](');
    expect(allBlocks(note).some((b) => b.lines[0] <= 124 && b.lines[1] >= 124)).toBe(false);
  });

  it('collects bold terms as emphasis, once each, in order', () => {
    const blockAt = (line: number) => allBlocks(note).find((b) => b.lines[0] === line)!;
    expect(blockAt(11).emphasis).toEqual(['cgroups', '네임스페이스']);
    expect(blockAt(14).emphasis).toEqual(['CPU 가상화']);
    expect(blockAt(83).emphasis).toEqual(['도커 호스트 운영체제', '도커 데몬이 실행되고, 컨테이너를 관리하는 주체가 되는 운영체제']);
    expect(blockAt(91).emphasis).toEqual(['도커 컨테이너화', '패키지']);
    expect(blockAt(97).emphasis).toEqual([]);
  });

  it('hashes the source so a changed note is noticed', () => {
    expect(note.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(parseNote(SEED_FILE, SEED).hash).toBe(note.hash);
    expect(parseNote(SEED_FILE, SEED.replace('다른 환경은 운영체제', '다른 환경은 OS')).hash).not.toBe(note.hash);
  });
});

describe('parseNote front matter and title', () => {
  it('does not index front matter and keeps file line numbers', () => {
    const note = parseNote('fm.md', '---\ndescription: 비밀 설명\ntags: [a, b]\n---\n# 제목\n\n## 절\n\n본문입니다.\n');
    expect(note.title).toBe('제목');
    const text = note.sections.flatMap((s) => s.blocks.map((b) => b.text)).join('\n');
    expect(text).not.toContain('비밀');
    expect(text).not.toContain('tags');
    expect(note.sections).toHaveLength(1);
    expect(note.sections[0]!.lines).toEqual([7, 9]);
    expect(note.sections[0]!.blocks[0]!.lines).toEqual([9, 9]);
  });

  it('falls back to the front matter description, then to the file name', () => {
    expect(parseNote('a/b.md', '---\ndescription: 설명 제목\n---\n\n## 절\n\n본문입니다.\n').title).toBe('설명 제목');
    const named = parseNote('sub/운영체제 정리.md', '## 절\n\n본문입니다.\n');
    expect(named.title).toBe('운영체제 정리');
    expect(named.sections[0]!.path).toEqual(['운영체제 정리', '절']);
  });

  it('prefers the H1 over the front matter description', () => {
    expect(parseNote('x.md', '---\ndescription: 설명\n---\n# 진짜 제목\n\n본문입니다.\n').title).toBe('진짜 제목');
  });

  it('keeps text before the first heading in a root section spanning just that text', () => {
    const note = parseNote('root.md', '# 제목\n\n머리말 문단입니다.\n\n## 절\n\n본문입니다.\n');
    expect(note.sections.map((s) => [s.path, s.depth, s.lines])).toEqual([
      [['제목'], 0, [3, 3]],
      [['제목', '절'], 1, [5, 7]],
    ]);
  });
});

describe('parseNote markdown details', () => {
  it('drops HTML and images but keeps <br> as a line break', () => {
    const source = [
      '# T',
      '',
      '## 그림',
      '',
      '첫 줄입니다.<br>둘째 줄입니다. <img src="diagram.png" width="300"> 끝입니다.',
      '',
      '![구조도](images/arch.png)',
      '',
      '<img src="alone.png">',
      '',
      '그림 뒤 ![작은 그림](x.png) 문장입니다.',
      '',
    ].join('\n');
    const section = parseNote('html.md', source).sections[0]!;
    expect(section.blocks.map((b) => [b.kind, b.text, b.lines])).toEqual([
      ['paragraph', '첫 줄입니다.\n둘째 줄입니다. 끝입니다.', [5, 5]],
      ['paragraph', '그림 뒤 문장입니다.', [11, 11]],
    ]);
    const text = section.blocks.map((b) => b.text).join('\n');
    for (const fragment of ['<br', '<img', '.png', '구조도', '작은 그림']) expect(text).not.toContain(fragment);
  });

  it('skips a table of contents and link-only paragraphs, but keeps ordinary link text', () => {
    const source = [
      '# T',
      '',
      '* [프로세스](#프로세스)',
      '* [스레드](#스레드)',
      '  * 하위 항목',
      '* [교착 상태](#교착-상태)',
      '',
      '## 프로세스',
      '',
      '프로세스는 [실행 중인 프로그램](https://example.com)입니다.',
      '',
      '[뒤로](#t)',
      '',
      '[링크 하나](https://a.example) [링크 둘](https://b.example)',
      '',
    ].join('\n');
    const note = parseNote('toc.md', source);
    expect(note.sections.map((s) => s.path)).toEqual([['T', '프로세스']]);
    expect(note.sections[0]!.blocks.map((b) => b.text)).toEqual(['프로세스는 실행 중인 프로그램입니다.']);
  });

  it('keeps an ordinary list of links that is not a table of contents', () => {
    const note = parseNote('links.md', '# T\n\n## 참고\n\n* 공식 문서: [Docker](https://docs.docker.com)\n* 블로그 글도 읽어 보세요.\n');
    expect(note.sections[0]!.blocks.map((b) => b.text)).toEqual(['공식 문서: Docker', '블로그 글도 읽어 보세요.']);
  });

  it('parses CRLF and BOM files exactly like their LF twins', () => {
    const lf = parseNote(SEED_FILE, SEED);
    const crlf = parseNote(SEED_FILE, `\uFEFF${SEED.replace(/\n/g, '\r\n')}`);
    expect(crlf.title).toBe(lf.title);
    expect(crlf.sections).toEqual(lf.sections);
    expect(crlf.sections.flatMap((s) => s.blocks).some((b) => b.text.includes('\r'))).toBe(false);
  });

  it('collects inline code as emphasis and keeps its text', () => {
    const block = parseNote('c.md', '# T\n\n`docker run`으로 **컨테이너**를 실행합니다. **컨테이너**는 가볍습니다.\n').sections[0]!.blocks[0]!;
    expect(block.text).toBe('docker run으로 컨테이너를 실행합니다. 컨테이너는 가볍습니다.');
    expect(block.emphasis).toEqual(['docker run', '컨테이너']);
  });

  it('does not make a long sentence bullet with nested items a sub-section', () => {
    const source = '# T\n\n## 절\n\n* 이 항목은 설명하는 문장으로 끝납니다.\n  * 하위 설명입니다.\n';
    const note = parseNote('s.md', source);
    expect(note.sections.map((s) => s.path)).toEqual([['T', '절']]);
    expect(note.sections[0]!.blocks.map((b) => [b.kind, b.text, b.lines])).toEqual([
      ['list-item', '이 항목은 설명하는 문장으로 끝납니다.', [5, 5]],
      ['list-item', '하위 설명입니다.', [6, 6]],
    ]);
  });

  it('makes each question of an answered question list the heading of the answer nested under it', () => {
    const qa = '# T\n\n## 기타 질문\n\n- 블록 객체는 어디에 생성되는가?\n  - 힙 vs 스택\n- Init 메소드에서 .연산자를 써도 될까요?\n  * 불가능 합니다. 객체가 초기화도 안되어 있기 때문입니다.\n- 오토레이아웃을 써봤는가?\n';
    const note = parseNote('q.md', qa);
    expect(note.sections.map((s) => s.path.at(-1))).toEqual(['기타 질문', '블록 객체는 어디에 생성되는가?', 'Init 메소드에서 .연산자를 써도 될까요?']);
    expect(note.sections[2]!.blocks.map((b) => b.text)).toEqual(['불가능 합니다. 객체가 초기화도 안되어 있기 때문입니다.']);
    // A list of questions to ask, one with a note under it, stays one list.
    const toAsk = '# T\n\n## 질문\n\n- 휴가는 얼마인가요?\n- FOSS 프로젝트에 기여할 수 있나요?\n  - FOSS란 오픈소스 프로젝트를 말한다.\n- 재택 근무가 되나요?\n';
    expect(parseNote('a.md', toAsk).sections.map((s) => s.path.at(-1))).toEqual(['질문']);
  });

  it('does not let bullet labels shift the anchors of later headings with the same text', () => {
    const note = parseNote('b.md', '# T\n\n* 장점\n  * 빠릅니다.\n\n## 장점\n\n본문입니다.\n\n## 장점\n\n또 본문입니다.\n');
    const headings = note.sections.filter((s) => s.depth === 1 && s.lines[0] > 5);
    // GitHub/GitBook number repeated headings only: `장점`, then `장점-1`.
    expect(headings.map((s) => s.anchor)).toEqual(['장점', '장점-1']);
    expect(new Set(note.sections.map((s) => s.id)).size).toBe(note.sections.length);
  });

  it('survives a heading inside a labelled bullet that closes several open levels', () => {
    const source = ['# T', '', '## A', '', '### A2', '', '* 라벨', '', '  ## Z', '', '  본문입니다.', '', '다음 문단입니다.', ''].join('\n');
    const note = parseNote('h.md', source);
    expect(note.sections.map((s) => [s.path, s.blocks.map((b) => b.lines[0])])).toEqual([[['T', 'Z'], [11, 13]]]);
  });

  it('gives repeated headings distinct ids', () => {
    const note = parseNote('r.md', '# T\n\n## 정의\n\n하나입니다.\n\n## 정의\n\n둘입니다.\n');
    expect(note.sections.map((s) => s.id)).toEqual(['r.md#정의', 'r.md#정의-1']);
  });

  it('keeps a table as one table block with cells joined', () => {
    const note = parseNote('t.md', '# T\n\n## 비교\n\n| 구분 | **VM** |\n|---|---|\n| 커널 | 독립 |\n');
    expect(note.sections[0]!.blocks).toEqual([{ kind: 'table', text: '구분 | VM\n커널 | 독립', lines: [5, 7], emphasis: ['VM'] }]);
  });
});
