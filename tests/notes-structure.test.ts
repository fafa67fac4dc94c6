import { describe, expect, it } from 'vitest';
import { chunkNotes } from '../src/chunk/chunk.js';
import { parseNote } from '../src/notes/parse.js';
import { sectionRole } from '../src/notes/role.js';

const titles = (source: string) => parseNote('n.md', source).sections.map((s) => s.path.slice(1).join(' › '));

describe('sections that only look like answers', () => {
  it('folded <details> answers become sections headed by their question', () => {
    const note = parseNote(
      'os.md',
      [
        '# OS',
        '## 질의응답',
        '<details>',
        '<summary>프로세스와 스레드의 차이에 대하여 설명해보세요.</summary>',
        '<p>',
        '',
        '- 스레드는 프로세스를 구성하는 실행 단위입니다.',
        '',
        '</p>',
        '</details>',
        '',
        '<details>',
        '<summary>데드락이란?</summary>',
        '',
        '두 프로세스가 서로를 기다리는 상태입니다.',
        '',
        '</details>',
        '',
        '이후 문단은 질의응답에 속한다.',
      ].join('\n'),
    );
    const byTitle = Object.fromEntries(note.sections.map((s) => [s.path.slice(1).join(' › '), s]));
    expect(byTitle['질의응답 › 프로세스와 스레드의 차이에 대하여 설명해보세요.']?.blocks.map((b) => b.text)).toEqual(['스레드는 프로세스를 구성하는 실행 단위입니다.']);
    expect(byTitle['질의응답 › 데드락이란?']?.lines).toEqual([12, 15]);
    expect(byTitle['질의응답']?.blocks.map((b) => b.text)).toEqual(['이후 문단은 질의응답에 속한다.']);
  });

  it('a long nested outline of bare topics is not content, a short list of conditions is', () => {
    const outline = ['# 목차', '## 운영체제', ...['프로세스', '스레드', '스케줄러', '동기화', '메모리'].flatMap((t) => [`- ${t}`, `  - ${t} 개념`, `  - ${t} 예시`])].join('\n');
    expect(parseNote('n.md', outline).sections).toEqual([]);
    const conditions = '# OS\n## 교착상태 조건\n- 상호 배제\n- 점유 대기\n- 비선점\n- 순환 대기\n';
    expect(titles(conditions)).toEqual(['교착상태 조건']);
  });

  it('navigation lines with separators between their links are dropped', () => {
    const note = parseNote('n.md', '# T\n## A\n본문입니다.\n\n[뒤로](https://example.com)/[위로](#a)\n');
    expect(note.sections[0]!.blocks.map((b) => b.text)).toEqual(['본문입니다.']);
  });

  it('names question lists and reference lists, and chunks carry the role', () => {
    const note = parseNote('n.md', '# T\n## 면접 질문\n- 프로세스란?\n- 스레드란?\n- 데드락이란?\n## Reference\n- 운영체제 공룡책\n## 프로세스\n프로세스는 실행 중인 프로그램이다.\n');
    expect(note.sections.map((s) => sectionRole(s))).toEqual(['questions', 'references', 'content']);
    expect(chunkNotes([note]).map((c) => c.role)).toEqual(['questions', 'references', undefined]);
  });
});

describe('sections that point elsewhere', () => {
  const roles = (source: string) => Object.fromEntries(parseNote('n.md', source).sections.map((s) => [s.path.slice(1).join(' › '), sectionRole(s)]));

  it('a README chapter list under a heading that links to the chapter is a pointer, nested labels included', () => {
    const readme = ['# Study', '## Algorithm', '### [📖 정리노트](./contents/algorithm)', '#### 알고리즘 기본', '- 시간복잡도', '- 완전 탐색', '  - DFS와 BFS', '- 동적 계획법', '## 정렬', '정렬은 원소를 순서대로 늘어놓는 것이다.'].join('\n');
    const byTitle = roles(readme);
    expect(Object.entries(byTitle).filter(([, role]) => role === 'references').map(([title]) => title)).toEqual(['Algorithm › 📖 정리노트 › 알고리즘 기본', 'Algorithm › 📖 정리노트 › 알고리즘 기본 › 완전 탐색']);
    expect(byTitle['정렬']).toBe('content');
  });

  it('a short section that is mostly links is a pointer; one that explains beside a link, or holds code, is content', () => {
    const source = [
      '# SE',
      '## 애자일 개발 프로세스',
      '아래의 자료에서 자세한 설명을 볼 수 있다.',
      '',
      '- 작성자 이세명 | [Agile Software Development](./materials/agile.pdf)',
      '- 작성자 정희재 | [eXtreme Programming(XP)](./xp.md)',
      '## 폭포수 모델',
      '폭포수 모델은 요구 분석, 설계, 구현, 테스트를 차례로 한 번씩 거치는 개발 방식이다. 단계를 되돌리기 어려워 요구사항이 바뀌면 비용이 크다. 자세한 내용은 [위키](https://ko.wikipedia.org)를 보자.',
      '## Stack 구현',
      '```java',
      'class Stack {}',
      '```',
      '위 코드 실행 : [StackExample.java](./StackExample.java)',
    ].join('\n');
    expect(roles(source)).toEqual({ '애자일 개발 프로세스': 'references', '폭포수 모델': 'content', 'Stack 구현': 'content' });
    // Short link text, but every bullet is a link under one line announcing them.
    const http = '# N\n## HTTP 와 HTTPS\n아래의 자료에서 자세한 설명과 코드를 볼 수 있다.\n\n- 작성자 권혁진 | [HTTP와 HTTPS](https://example.com/11)\n';
    expect(roles(http)).toEqual({ 'HTTP 와 HTTPS': 'references' });
  });
});

describe('anchors and ids', () => {
  it('gives repeated headings distinct ids and GitHub’s anchors, even against a heading that looks like a repeat', () => {
    const note = parseNote('n.md', '# T\n## 제목\n가.\n## 제목\n나.\n## 제목-1\n다.\n');
    expect(note.sections.map((s) => s.anchor)).toEqual(['제목', '제목-1', '제목-1-1']);
    expect(new Set(note.sections.map((s) => s.id)).size).toBe(3);
  });
});
