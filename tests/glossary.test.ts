import { describe, expect, it } from 'vitest';
import { parseNote } from '../src/notes/parse.js';
import { baseGlossaryText, expandQuery, harvestGlossary, mergeGlossaries, parseGlossaryFile, type Glossary } from '../src/text/glossary.js';
import { SEED_NOTE, SEED_TEXT } from './helpers/knowledge.js';

function harvest(markdown: string): string[][] {
  return harvestGlossary([parseNote('g.md', markdown)]).groups;
}

describe('harvestGlossary', () => {
  it('takes no examples or lists of things in parentheses for names of the word before them', () => {
    expect(harvest('# T\n\n컨테이너 객체(e.g. tuple, list, set, dict, class)에서만 생긴다.\n')).toEqual([]);
    expect(harvest('# T\n\n자료형(int, long, float, double)을 고른다.\n')).toEqual([]);
    expect(harvest('# T\n\n문맥교환(Context Switching, CS, context switch)이 일어난다.\n')).toEqual([['문맥교환', 'context switching', 'cs', 'context switch']]);
  });

  it('drops a word the notes pair with many different English terms: a common word, not a term with a name', () => {
    const text = '# T\n\n객체(object) 객체(young) 객체(old) 객체(reachable) 와 세마포어(semaphore)\n';
    expect(harvest(text)).toEqual([['세마포어', 'semaphore']]);
  });

  it('drops a word the notes pair with English terms that have nothing in common, and keeps names that agree', () => {
    const generic = '# T\n\n체이닝 방식(linked list)을 쓴다. 트리 방식(red-black tree)도 있다. 세마포어(semaphore)\n';
    expect(harvest(generic)).toEqual([['세마포어', 'semaphore']]);
    // A plural, a longer form, or initials name the same thing.
    const agreeing = '# T\n\n스택(stack) 스택(stacks) 문맥교환(context switch) 문맥교환(context switching) 가상메모리(virtual memory) 가상메모리(VM)\n';
    expect(new Set(harvest(agreeing).map((group) => group[0]))).toEqual(new Set(['스택', '문맥교환', '가상메모리']));
  });

  it('harvests a large folder that repeats its pairs thousands of times, each pair once', () => {
    // Each pairing used to be compared with every other on every occurrence: a folder of 8,000 notes hung ingest.
    const notes = Array.from({ length: 4000 }, (_, i) => parseNote(`n${i}.md`, `# T${i}\n\n스택(stack)과 스택(stacks), 세마포어(semaphore)를 쓴다.\n`));
    expect(harvestGlossary(notes).groups).toEqual([['스택', 'stack'], ['스택', 'stacks'], ['세마포어', 'semaphore']]);
  });

  it('pairs a Korean word with the English term in parentheses after it', () => {
    expect(harvest('# T\n\n리눅스는 네임스페이스(namespace)로 자원을 격리합니다.\n')).toEqual([['네임스페이스', 'namespace']]);
    // Bold markers around the Korean word do not matter: they are gone from the block text.
    expect(harvest('# T\n\n**네임스페이스**(namespace)와 같은 기능\n')).toEqual([['네임스페이스', 'namespace']]);
  });

  it('finds the namespace pair in the seed note', () => {
    const seed = parseNote(SEED_NOTE, SEED_TEXT);
    expect(harvestGlossary([seed]).groups).toContainEqual(['네임스페이스', 'namespace']);
  });

  it('drops a particle glued to the Korean word', () => {
    expect(harvest('# T\n\n컨테이너는(container) 가볍습니다.\n')).toEqual([['컨테이너', 'container']]);
  });

  it('splits several English terms in the parentheses into one group', () => {
    expect(harvest('# T\n\n문맥교환(Context Switching, CS)이 일어납니다.\n')).toEqual([['문맥교환', 'context switching', 'cs']]);
  });

  it('pairs English words with the Korean term in parentheses after them', () => {
    expect(harvest('# T\n\n운영체제는 Demand Paging(요구 페이징)을 씁니다.\n')).toEqual([['요구 페이징', 'demand paging']]);
    expect(harvest('# T\n\n이것이 Copy-On-Write(쓰기 시 복사) 기법입니다.\n')).toEqual([['쓰기 시 복사', 'copy-on-write']]);
  });

  it('pairs the whole Korean phrase of a heading like 프로세스 제어 블록(Process Control Block, PCB)', () => {
    const groups = harvest('# T\n\n## 프로세스 제어 블록(Process Control Block, PCB)\n\n운영체제가 프로세스 정보를 저장하는 자료구조입니다.\n');
    expect(groups).toContainEqual(['프로세스 제어 블록', 'process control block', 'pcb']);
  });

  it('takes no pair from a Korean list in parentheses, or from code', () => {
    expect(harvest('# T\n\n애플리케이션과 그 종속성(라이브러리, 설정 파일 등)을 묶습니다.\n')).toEqual([]);
    expect(harvest('# T\n\n다양한 환경(개발, 테스트, 프로덕션)에서 실행합니다.\n')).toEqual([]);
    expect(harvest('# T\n\n```\n커널(kernel) 코드\n```\n')).toEqual([]);
  });

  it('ignores one-letter and filler terms and deduplicates repeated pairs', () => {
    expect(harvest('# T\n\n운영체제(OS)와 변수(x)를 봅니다.\n')).toEqual([]);
    expect(harvest('# T\n\n스레드(thread)입니다. 다시 스레드(thread)입니다.\n')).toEqual([['스레드', 'thread']]);
  });
});

describe('parseGlossaryFile', () => {
  it('reads groups separated by = and , and skips comments and blank lines', () => {
    const text = ['# 용어집', '', 'environment, environments = 환경', 'Kernel = 커널   # 운영체제의 핵심', '  # indented comment', 'virtual machine, VM = 가상 머신'].join('\n');
    const { glossary, invalidLines } = parseGlossaryFile(text);
    expect(glossary.groups).toEqual([
      ['environment', 'environments', '환경'],
      ['kernel', '커널'],
      ['virtual machine', 'vm', '가상 머신'],
    ]);
    expect(invalidLines).toEqual([]);
  });

  it('reports lines with fewer than two terms by their 1-based number', () => {
    const { glossary, invalidLines } = parseGlossaryFile('container = 컨테이너\n혼자인 줄\n= 커널\n\nimage = 이미지\r\n');
    expect(invalidLines).toEqual([2, 3]);
    expect(glossary.groups).toEqual([['container', '컨테이너'], ['image', '이미지']]);
  });

  it('keeps a # inside a term such as C#', () => {
    const { glossary, invalidLines } = parseGlossaryFile('C#, csharp = 씨샵 # 언어\n');
    expect(invalidLines).toEqual([]);
    expect(glossary.groups).toEqual([['c#', 'csharp', '씨샵']]);
  });

  // The group's own knowledge/glossary.txt is theirs to edit: ingest reports its invalid lines, no test reads it.
  it('parses the built-in vocabulary without invalid lines', () => {
    const base = parseGlossaryFile(baseGlossaryText());
    expect(base.invalidLines).toEqual([]);
    expect(base.glossary.groups).toContainEqual(['environment', 'environments', '환경']);
  });

  it('reads the casual words members use for the notes\' terms: 손해 for 단점, 독차지 for 독점', () => {
    const base = parseGlossaryFile(baseGlossaryText()).glossary;
    for (const question of ['반정규화 하면 손해 보는 건 없나요?', '나쁜 점은 뭐야?']) {
      expect(expandQuery(question, base).flatMap((e) => e.alternatives), question).toContain('단점');
    }
    // The seed note says 자원을 독점하지 못하도록; a member says 독차지.
    expect(expandQuery('컨테이너 하나가 메모리를 독차지 못하게 막는 건 누가 해요?', base).flatMap((e) => e.alternatives)).toContain('독점');
  });

  it('merges glossaries without duplicate groups', () => {
    const a: Glossary = { groups: [['kernel', '커널']] };
    const b: Glossary = { groups: [['kernel', '커널'], ['image', '이미지']] };
    expect(mergeGlossaries(a, b).groups).toEqual([['kernel', '커널'], ['image', '이미지']]);
  });
});

describe('expandQuery', () => {
  const glossary: Glossary = {
    groups: [
      ['environment', '환경'],
      ['advantage', 'advantages', '장점'],
      ['virtual machine', '가상 머신'],
      ['kernel', '커널'],
      ['os', '운영체제'],
      ['deadlock', '데드락', '교착 상태'],
    ],
  };
  const alternativesOf = (question: string) => Object.fromEntries(expandQuery(question, glossary).map((e) => [e.matched, e.alternatives]));

  it('matches English terms as whole words, with a plural ending', () => {
    expect(alternativesOf('What are the other environments?')).toEqual({ environment: ['환경'] });
    expect(alternativesOf('Kernels and ENVIRONMENT')).toEqual({ kernel: ['커널'], environment: ['환경'] });
    expect(alternativesOf('benefits of a virtual machine')).toEqual({ 'virtual machine': ['가상 머신'] });
  });

  it('matches an English term with a Korean particle glued to it', () => {
    expect(alternativesOf('kernel은 뭐고 os에서 deadlock이 왜 나?')).toEqual({ kernel: ['커널'], os: ['운영체제'], deadlock: ['데드락', '교착 상태'] });
  });

  it('does not match an English term inside a longer word', () => {
    expect(alternativesOf('environmental kernelspace posix')).toEqual({});
  });

  it('matches Korean terms inside words that carry particles, widening them to synonyms in both languages', () => {
    expect(alternativesOf('데드락이 뭐야?')).toEqual({ 데드락: ['deadlock', '교착 상태'] });
    expect(alternativesOf('교착 상태가 생기는 이유')).toEqual({ '교착 상태': ['deadlock', '데드락'] });
    // Notes often write the term only in English: a Korean question must still reach them.
    expect(alternativesOf('다른 환경은 무엇인가요?')).toEqual({ 환경: ['environment'] });
  });

  it('matches a spaced Korean term written without its space, and a one-syllable term only where a word starts', () => {
    const terms: Glossary = { groups: [['round robin', '라운드 로빈'], ['lock', '락']] };
    const matched = (question: string) => expandQuery(question, terms).map((e) => e.matched);
    expect(matched('라운드로빈에서 타임 퀀텀')).toEqual(['라운드 로빈']);
    expect(matched('트랜잭션이랑 락은 뭐가 달라?')).toEqual(['락']);
    expect(matched('데드락 조건')).toEqual([]);
  });

  it('matches every group a question touches, and nothing for unrelated questions', () => {
    expect(alternativesOf('가상 머신의 장점과 kernel, deadlock')).toEqual({ 장점: ['advantage', 'advantages'], '가상 머신': ['virtual machine'], kernel: ['커널'], deadlock: ['데드락', '교착 상태'] });
    expect(expandQuery('파이썬 GIL이 뭐야?', glossary)).toEqual([]);
  });
});
