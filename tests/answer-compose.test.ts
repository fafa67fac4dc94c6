/**
 * How the composer picks and shapes quotes for each type of question, on small hand-made notes parsed and
 * chunked as ingest does. Each note holds a sentence that would be picked without the behaviour under test,
 * so each test fails when that behaviour breaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { composeAnswer } from '../src/answer/compose.js';
import type { QueryTerms } from '../src/answer/select.js';
import { unitsOf } from '../src/answer/units.js';
import { chunkNotes } from '../src/chunk/chunk.js';
import { parseNote } from '../src/notes/parse.js';
import { createAnalyzer, type Analyzer } from '../src/text/analyzer.js';
import { isIntentWord } from '../src/text/intent.js';
import type { Answer, Passage, PassageBlock } from '../src/types.js';
import { quotesWithSource } from './helpers/verbatim.js';

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await createAnalyzer('morph');
});

/** The note's sections as passages, in the order of `order` (headings), as retrieval would hand them over. */
function passagesOf(source: string, order: string[]): Passage[] {
  const note = parseNote('note.md', source);
  const chunks = chunkNotes([note]);
  return order.map((heading, i) => {
    // A heading, or the end of a path where headings repeat (`SJF › 특징`).
    const section = note.sections.find((s) => s.path[s.path.length - 1] === heading || s.path.join(' › ').endsWith(` › ${heading}`));
    if (!section) throw new Error(`no section ${heading}`);
    const own = chunks.filter((c) => c.sectionId === section.id);
    const blocks: PassageBlock[] = own.flatMap((chunk) => {
      let at = 0;
      return chunk.parts.map((part) => {
        const text = chunk.text.slice(at, at + part.chars);
        at += part.chars + 1;
        return { kind: part.kind, text, lines: part.lines };
      });
    });
    return {
      sectionId: section.id, file: note.file, section: section.path, anchor: section.anchor, lines: section.lines,
      text: blocks.map((b) => b.text).join('\n'), blocks, score: 1 / (i + 1), similarity: 0.5, coverage: 1,
      ...(own[0]?.role ? { role: own[0].role } : {}),
    };
  });
}

/** The question's content words as the lead's query analysis hands them over (intent words left out). */
function queryOf(question: string): QueryTerms {
  const words = question.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}+#.-]*/gu) ?? [];
  const groups = words.filter((w) => !isIntentWord(w)).map((word) => ({ word, terms: analyzer.analyze(word), alternatives: [] as string[][], phrases: [] as string[][] })).filter((g) => g.terms.length > 0);
  return { question, groups, terms: groups.flatMap((g) => g.terms.map((term) => ({ term, weight: 1 }))) };
}

function ask(source: string, order: string[], question: string, maxChars?: number, query = queryOf(question)): Answer {
  const answer = composeAnswer(query, passagesOf(source, order), {
    analyzer, idf: () => 1, embedder: 'hashing', confidence: 1, ...(maxChars ? { maxChars } : {}),
  });
  // Whatever the type, nothing is invented: every quote is in the note at the lines it cites.
  for (const { quote, cited } of quotesWithSource(answer, { 'note.md': source })) expect(cited, quote).toContain(quote);
  return answer;
}

const firstQuote = (answer: Answer) => answer.citations[0]!.quotes![0]!.text;

describe('definition', () => {
  const note = `# DB

## 트랜잭션

트랜잭션은 커밋되거나 롤백되며, 트랜잭션 로그에 기록된다.
트랜잭션은 데이터베이스의 상태를 변화시키는 하나의 논리적 작업 단위이다.
`;
  it('quotes the sentence that defines the asked term first', () => {
    const answer = ask(note, ['트랜잭션'], '트랜잭션이 뭐야?');
    expect(firstQuote(answer)).toBe('트랜잭션은 데이터베이스의 상태를 변화시키는 하나의 논리적 작업 단위이다.');
    expect(answer.text.startsWith('트랜잭션은 데이터베이스의 상태를')).toBe(true);
  });

  it('quotes the one item of a list that defines the asked term, not the whole list', () => {
    const culture = `# 역면접

## 역할

- on-call이란 업무 시간 외에 문제를 해결할 사람을 로테이션으로 지정하는 문화를 말한다.
- onboarding 이란 새로 합류한 사람이 빠르게 조직의 문화를 익히고 적응하도록 돕는 과정을 말한다.
- KPI란 핵심 성과 지표로, 조직의 전략 달성에 대한 기여도를 측정하는 지표를 말한다.
`;
    const answer = ask(culture, ['역할'], 'onboarding이 뭐예요?');
    expect(firstQuote(answer)).toBe('onboarding 이란 새로 합류한 사람이 빠르게 조직의 문화를 익히고 적응하도록 돕는 과정을 말한다.');
    expect(answer.text).not.toContain('on-call');
    expect(answer.text).not.toContain('KPI');
  });

  it('takes `…라고 하며` as defining, like `…라고 한다`', () => {
    const vm = `# OS

## 가상 메모리

메모리가 부족해도 가상 메모리를 사용하면 오류 없이 프로세스가 진행된다.
프로세스 전체가 메모리에 올라오지 않아도 실행할 수 있게 하는 기법을 통틀어 가상 메모리라고 하며, 요구 페이징을 사용한다.
`;
    expect(firstQuote(ask(vm, ['가상 메모리'], '가상 메모리가 뭐임'))).toMatch(/^프로세스 전체가 메모리에 올라오지 않아도/u);
  });

  it('reads on into the next sentence of the defining paragraph', () => {
    const swap = `# OS

## 메모리 관리

스와핑은 메모리를 관리하기 위해 프로세스를 디스크로 옮기는 기법이다. 주 기억장치로 불러오는 과정을 swap-in, 내보내는 과정을 swap-out이라 한다.

스와핑에는 큰 디스크 전송 시간이 든다.
`;
    const quotes = ask(swap, ['메모리 관리'], '스와핑이 뭐야?').citations[0]!.quotes!.map((q) => q.text);
    expect(quotes.slice(0, 2)).toEqual(['스와핑은 메모리를 관리하기 위해 프로세스를 디스크로 옮기는 기법이다.', '주 기억장치로 불러오는 과정을 swap-in, 내보내는 과정을 swap-out이라 한다.']);
  });

  it('leads with the heading when only the heading names the asked term', () => {
    const rc = `# DB

## 격리 수준

### READ COMMITTED

가장 많이 사용되는 격리 수준으로, 커밋된 데이터만 읽을 수 있다.
`;
    const answer = ask(rc, ['READ COMMITTED'], 'READ COMMITTED가 뭐야?');
    expect(answer.text).toMatch(/^\*\*READ COMMITTED\*\* — 가장 많이 사용되는 격리 수준으로/u);
  });

  it('leads with the term a long heading names first, and never with a heading that is a sentence', () => {
    const tcl = `# DB

## SQL

#### TCL (Transaction Control Language) : 트랜잭션 제어어

- COMMIT, ROLLBACK, Savepoint
- DML 명령문으로 수행한 변경을 관리한다

#### 칠판에 예제를 먼저 쓰고 시작하십시오.

작은 예제는 일반화되지 않기 때문에 중간 크기의 예제가 좋다.
`;
    expect(ask(tcl, ['TCL (Transaction Control Language) : 트랜잭션 제어어'], 'TCL에는 어떤 명령어가 있어?').text).toMatch(/^\*\*TCL\*\*\n- COMMIT, ROLLBACK, Savepoint/u);
    expect(ask(tcl, ['칠판에 예제를 먼저 쓰고 시작하십시오.'], '칠판에 왜 중간 크기 예제를 써?').text).toMatch(/^작은 예제는/u);
  });
});

describe('reason', () => {
  const note = `# DB

## 인덱스

인덱스는 테이블의 컬럼으로 만드는 별도의 자료구조이며 인덱스는 B+트리로 구현된다.
인덱스를 쓰면 테이블 전체를 읽지 않아도 되기 때문에 검색이 빨라진다.
`;
  it('picks the sentence that gives the cause', () => {
    const answer = ask(note, ['인덱스'], '인덱스는 왜 쓰나요?');
    expect(firstQuote(answer)).toContain('때문에');
  });

  it('does not take what one needs in order to do it (…하기 위해서는) for the reason', () => {
    const needs = `# DB

## 인덱스

인덱스를 사용하기 위해서는 자주 검색하는 컬럼을 먼저 골라야 한다.
인덱스가 있으면 테이블 전체를 읽지 않아도 되기 때문에 검색이 빨라진다.
`;
    expect(firstQuote(ask(needs, ['인덱스'], '인덱스는 왜 쓰나요?'))).toContain('때문에');
  });

  it('takes a purpose (…하기 위함이다) for the reason', () => {
    const purpose = `# 자료구조

## 힙

힙 배열의 0번 인덱스는 비워 두고 1번 인덱스부터 루트 노드를 넣는다.
0번 인덱스를 비우는 것은 노드 번호와 배열 인덱스를 일치시켜 혼동을 줄이기 위함이다.
`;
    expect(firstQuote(ask(purpose, ['힙'], '힙 배열에서 0번 인덱스는 왜 비워?'))).toContain('혼동을 줄이기 위함이다');
  });

  it('answers what the question asks, not what it grants before asking (…빠른데, …라면서)', () => {
    const heap = `# 자료구조

## Binary Heap

최대힙에서 최댓값은 루트에 있으므로 빠르게 찾을 수 있다.
루트를 꺼내면 마지막 노드를 루트로 올리고 heapify 과정을 거치므로 O(log n)이 걸린다.
`;
    expect(firstQuote(ask(heap, ['Binary Heap'], '최대힙에서 최댓값 찾는 건 빠른데 꺼내면 왜 logn이 걸려?'))).toContain('heapify');
    // Without a premise, the sentence holding most of the question still leads.
    expect(firstQuote(ask(heap, ['Binary Heap'], '최대힙에서 최댓값 찾는 건 왜 빨라?'))).toContain('루트에 있으므로');
  });

  it('does not quote a cause of something else, however causal it reads', () => {
    const heap = `# 자료구조

## Binary Heap

힙은 배열에 트리의 값들을 넣어 관리한다.
0번 인덱스를 비우는 것은 노드 번호와 배열 인덱스를 일치시켜 혼동을 줄이기 위함이다.
루트를 꺼내면 마지막 노드를 루트로 올린 뒤 heapify 과정을 거쳐 O(log n)의 시간이 걸린다.
`;
    const question = '최대힙 배열에서 루트를 꺼내면 왜 logn이 걸려?';
    // `배열` is a common word of the notes: the purpose of the empty slot shares nothing else with the question. Too
    // little room to quote the section whole.
    const idf = (term: string) => (term === '배열' ? 0.05 : 1);
    const answer = composeAnswer(queryOf(question), passagesOf(heap, ['Binary Heap']), { analyzer, idf, embedder: 'hashing', confidence: 1, maxChars: 120 });
    expect(firstQuote(answer)).toContain('heapify');
    expect(answer.text).not.toContain('혼동을 줄이기 위함이다');
  });
});

describe('sections about the asked term', () => {
  it('quote sentences that never repeat the term, led by the heading that names it', () => {
    const note = `# Java

## Generic

자바에서 안정성을 맡고 있다고 할 수 있다. 컴파일 시에 객체의 타입을 체크하기 때문에 형변환의 번거로움을 줄여준다.

## Wrapper class

일단 컬렉션에서 Generic을 사용하기 위해서는 Wrapper class를 사용해줘야 한다.
`;
    const answer = ask(note, ['Generic', 'Wrapper class'], 'Generic은 왜 쓰는 거예요?');
    expect(answer.text).toMatch(/^\*\*Generic\*\* — .*컴파일 시에 객체의 타입을 체크하기 때문에/mu);
  });
});

describe('procedure', () => {
  const note = `# Net

## 3-way handshake

연결을 맺기 전에 서로 준비되었는지 확인하는 과정이다.

1. 클라이언트가 SYN을 보낸다.
2. 서버가 SYN+ACK로 답한다.
3. 클라이언트가 ACK를 보내면 연결이 수립된다.
`;
  it('keeps all the steps, in the note order, after the sentence introducing them', () => {
    const answer = ask(note, ['3-way handshake'], '3-way handshake 과정이 어떻게 돼?');
    expect(answer.text.split('\n')).toEqual([
      '**3-way handshake** — 연결을 맺기 전에 서로 준비되었는지 확인하는 과정이다.',
      '- 클라이언트가 SYN을 보낸다.',
      '- 서버가 SYN+ACK로 답한다.',
      '- 클라이언트가 ACK를 보내면 연결이 수립된다. [1]',
    ]);
  });
});

describe('a long list', () => {
  it('shows the items that answer when the list is cut before them, in the notes\' order, and says how many are left', () => {
    const filler = (name: string) => `- **${name}** 이 특징은 언어의 설계 목표 가운데 하나로서 여러 문서에서 길게 설명되는 내용이며 여기서는 요약만 적어 둔다. 자세한 내용은 공식 문서와 여러 책의 해당 장을 함께 참고하면 이해하기 쉽다.`;
    const note = ['# Java', '', '## Java의 특징', '',
      filler('단순'), filler('객체지향'), filler('분산 처리'), filler('견고'), filler('안전'), filler('멀티스레드'), filler('동적'),
      '- **인터프리터** 소스코드는 javac로 컴파일되어 바이트코드가 되고, JVM이 바이트코드를 기계어로 해석해 실행한다.',
      filler('고성능'), ''].join('\n');
    const answer = ask(note, ['Java의 특징'], '자바 코드는 어떤 과정을 거쳐서 실행돼요?');
    expect(answer.text).toContain('javac로 컴파일되어 바이트코드가 되고');
    expect(answer.text).toMatch(/외 \d+개/u);
  });
});

describe('kinds', () => {
  const note = `# OS

## 가상화

### 하이퍼바이저 종류

#### 베어메탈 하이퍼바이저

타입 1 하이퍼바이저는 하드웨어 위에서 직접 실행된다. 운영체제 없이 자원을 직접 관리한다.

#### 호스트 하이퍼바이저

타입 2 하이퍼바이저는 기존 운영체제 위에서 실행된다. 운영체제의 도움을 받아 자원을 할당받는다.

### 커널의 역할

#### 도커에서의 커널

도커는 호스트 커널을 공유하여 컨테이너를 격리한다.

#### VM에서의 커널

VM의 커널은 가상 CPU를 물리 CPU에 매핑한다.
`;

  it('lists each subsection of the heading that names the kinds asked for, heading first, in the notes\' order', () => {
    const text = ask(note, ['호스트 하이퍼바이저', '베어메탈 하이퍼바이저'], '하이퍼바이저 종류에는 뭐가 있어?').text;
    expect(text).toMatch(/^\*\*베어메탈 하이퍼바이저\*\* — 타입 1 하이퍼바이저는[^\n]*\n\*\*호스트 하이퍼바이저\*\* — 타입 2 하이퍼바이저는/u);
  });

  it('lists a kind whose heading slipped a level up, as the seed note writes 호스트 하이퍼바이저, when it names what the kinds are of', () => {
    const slipped = `# OS

### VM의 하이퍼바이저 종류

#### 베어메탈 하이퍼바이저

타입 1 하이퍼바이저는 하드웨어 위에서 직접 실행된다.

### 호스트 하이퍼바이저

기존 운영체제 위에서 실행된다.

### 컨테이너 엔진

컨테이너 엔진은 컨테이너를 실행한다.
`;
    const text = ask(slipped, ['베어메탈 하이퍼바이저', '호스트 하이퍼바이저', '컨테이너 엔진'], '하이퍼바이저 종류에는 뭐가 있어?').text;
    expect(text).toMatch(/^\*\*베어메탈 하이퍼바이저\*\* — 타입 1[^\n]*\n\*\*호스트 하이퍼바이저\*\* — 기존 운영체제/u);
    expect(text).not.toContain('컨테이너 엔진');
  });

  it('answers from the one subsection the question names, and lists nothing for an aspect one subsection holds', () => {
    const text = ask(note, ['VM에서의 커널', '도커에서의 커널'], 'VM 커널의 종류별 역할이 뭐야?').text;
    expect(text).toContain('가상 CPU를');
    expect(text).not.toContain('**도커에서의 커널**');
  });
});

describe('one item of a labelled list', () => {
  const note = `# 설계

## 객체지향 설계 원칙 SOLID

- **SRP(단일 책임의 원칙 : Single Responsibility Principle)** : 클래스는 하나의 책임만 가져야 한다는 원칙
- **OCP(개방폐쇄의 원칙 : Open Close Principle)** : 확장에는 열려 있고 변경에는 닫혀 있어야 한다는 원칙
- **LSP(리스코브 치환의 원칙 : Liskov Substitution Principle)** : 서브타입은 언제나 기반 타입으로 교체할 수 있어야 한다는 원칙

## 탐욕 알고리즘

이 방법을 쓰려면 아래 두 가지 속성을 만족함을 증명해야 한다.

- **탐욕적 선택 속성 (greedy choice property)** : 탐욕적으로만 선택해도 최적해를 구할 수 있다.
- **최적 부분 구조 (optimal substructure)** : 부분 문제의 최적해에서 전체 문제의 최적해를 만들 수 있다.
`;

  it('quotes the item whose label names the asked term, even when the question reads as asking for a list', () => {
    const text = ask(note, ['객체지향 설계 원칙 SOLID'], 'LSP가 무슨 원칙이었지').text;
    expect(text).toContain('서브타입은 언제나 기반 타입으로');
    expect(text).not.toContain('SRP');
  });

  it('quotes the whole list when the question asks for a count of items', () => {
    const text = ask(note, ['탐욕 알고리즘'], '탐욕 알고리즘 greedy 쓸 때 증명하는 속성 두개 뭐였지').text;
    expect(text).toContain('탐욕적 선택 속성');
    expect(text).toContain('최적 부분 구조');
  });
});

describe('comparison', () => {
  it('gives a side no sentence that names the other side wholly and this one in part (a shared word)', () => {
    const note = `# 해시

## 개방주소법

충돌이 나면 다른 버킷을 찾는다.

- Linear Probing 순차적으로 탐색하며 비어있는 버킷을 찾을 때까지 계속 진행된다.
- Quadratic probing 2 차 함수를 이용해 탐색할 위치를 찾는다.
- Double hashing probing 충돌이 발생하면 2 차 해쉬 함수를 이용해 새로운 주소를 할당한다.

테이블을 늘리는 규칙은 ${Array.from({ length: 120 }, (_, i) => `규칙${i}`).join(', ')}이다.
`;
    // The section is too long to quote whole: each side gets its own block.
    const answer = ask(note, ['개방주소법'], 'linear probing이랑 double hashing 차이');
    const blocks = answer.text.split(/\n(?=\*\*)/u);
    const linear = blocks.find((b) => b.startsWith('**linear probing**'))!;
    expect(linear).toContain('순차적으로 탐색하며');
    expect(linear).not.toContain('2 차 해쉬 함수');
    expect(blocks.find((b) => b.startsWith('**double hashing**'))).toContain('2 차 해쉬 함수');
  });

  it('quotes all of a section about one side alone, in the notes\' clipped list style', () => {
    const note = `# 알고리즘

## DFS와 BFS

### DFS(깊이 우선 탐색)

- 한 경로로 최대한 깊숙하게 들어가서 탐색한 후 돌아가는 방식
- 재귀함수, Stack을 이용해 구현
- 유의할 점 : Stack Overflow (기저조건 잘 설정)
- 활용 : 백트래킹, 사이클 찾기 등

### BFS(너비 우선 탐색)

- 시작 노드에서 인접한 노드를 먼저 탐색하는 방식
- Queue를 이용해 구현
- 유의할 점 : 메모리 초과 (방문 체크 꼭 해줘야 함)
- 활용 : 최단경로 찾기 등
`;
    const answer = ask(note, ['DFS(깊이 우선 탐색)', 'BFS(너비 우선 탐색)'], 'DFS BFS 차이점이 뭐야');
    // Four items a side: more than the few sentences a side gets from a section about both.
    expect(answer.text).toContain('Queue를 이용해 구현');
    expect(answer.text).toContain('Stack Overflow');
    expect(answer.text.indexOf('Stack을 이용해 구현')).toBeLessThan(answer.text.indexOf('**BFS**'));
  });

  it('quotes the two sides\' items of a labelled list, not the others', () => {
    const replacement = `# OS

## 페이지 교체 알고리즘

- **FIFO** : 먼저 메모리에 들어온 페이지 순서대로 교체한다.
- **LRU** : 가장 오랫동안 사용되지 않은 페이지를 선택하여 교체한다.
- **LFU** : 참조 횟수가 가장 적은 페이지를 교체한다.
- **MFU** : 참조 횟수가 가장 많은 페이지를 교체한다.
`;
    const text = ask(replacement, ['페이지 교체 알고리즘'], 'LRU LFU 차이').text;
    expect(text).toMatch(/^(?:\*\*페이지 교체 알고리즘\*\*\n)?- \*\*LRU\*\* : [^\n]*\n- \*\*LFU\*\* : /u);
    expect(text).not.toContain('FIFO');
    expect(text).not.toContain('MFU');
  });

  it('finds each side under its parent heading when no section names it itself, and quotes its list in order', () => {
    const scheduling = `# OS

## CPU 스케줄링

### SJF(Shortest Job First)

#### 특징

- 다른 프로세스가 먼저 도착했어도 CPU burst time 이 짧은 프로세스에게 선 할당
- 비선점형(Non-Preemptive) 스케줄링

### SRTF(Shortest Remaining Time First)

#### 특징

- 새로운 프로세스가 도착할 때마다 새로운 스케줄링이 이루어진다.
- 선점형 (Preemptive) 스케줄링
`;
    const text = ask(scheduling, ['SJF(Shortest Job First) › 특징', 'SRTF(Shortest Remaining Time First) › 특징'], 'SJF랑 SRTF 차이 알려줘').text;
    expect(text).toMatch(/^\*\*SJF\*\*\n- 다른 프로세스가 먼저 도착했어도[^\n]*\n- 비선점형\(Non-Preemptive\) 스케줄링/u);
    expect(text).toMatch(/\*\*SRTF\*\*\n- 새로운 프로세스가 도착할 때마다[^\n]*\n- 선점형 \(Preemptive\) 스케줄링/u);
  });

  const note = `# OS

## 프로세스

프로세스는 실행 중인 프로그램으로, 독립된 메모리 공간을 가진다.

## 스레드

스레드는 프로세스 안의 실행 단위로, 같은 프로세스의 메모리를 공유한다.

## 스케줄링

프로세스와 스레드는 스케줄러가 CPU에 올린다.
`;
  it('gives one block per side, each from the section about that side', () => {
    const answer = ask(note, ['스케줄링', '프로세스', '스레드'], '프로세스랑 스레드 차이가 뭐야?');
    const lines = answer.text.split('\n');
    expect(lines[0]).toMatch(/^\*\*프로세스\*\* — 프로세스는 실행 중인 프로그램으로/u);
    expect(lines[1]).toMatch(/^\*\*스레드\*\* — 스레드는 프로세스 안의 실행 단위로/u);
    expect(answer.citations.map((c) => c.section.at(-1))).toEqual(['프로세스', '스레드']);
  });

  it('tells the sides apart by their own words when they share a topic (교착상태 예방이랑 회피)', () => {
    const deadlock = `# OS

## 교착상태

### 예방 기법

교착상태 발생의 네 가지 조건 중 어느 하나를 제거하는 방법이다.

### 회피 기법

교착상태가 발생할 가능성을 배제하지 않고 은행원 알고리즘으로 안전 상태일 때만 자원을 할당하는 방법이다.
`;
    const answer = ask(deadlock, ['회피 기법', '예방 기법'], '교착상태 예방이랑 회피는 뭐가 달라요?');
    expect(answer.text.split('\n')).toEqual([
      '**교착상태 예방** — 교착상태 발생의 네 가지 조건 중 어느 하나를 제거하는 방법이다. [1]',
      '**회피** — 교착상태가 발생할 가능성을 배제하지 않고 은행원 알고리즘으로 안전 상태일 때만 자원을 할당하는 방법이다. [2]',
    ]);
  });

  it('says which side the notes do not cover', () => {
    const answer = ask(note, ['프로세스', '스케줄링'], '프로세스랑 코루틴 차이가 뭐야?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('노트에서 "코루틴"에 대한 내용은 찾지 못했습니다.');
    expect(answer.text).toMatch(/^\*\*프로세스\*\* — /u);
  });

  it('takes the second side from the sibling section of the first, as notes lay a comparison out', () => {
    const search = `# 그래프

## 그래프 탐색

### DFS

- 한 경로로 최대한 깊숙하게 들어가서 탐색하는 방식
- 재귀함수, Stack을 이용해 구현

### BFS

- 인접한 노드를 먼저 탐색하는 방식
- Queue를 이용해 구현

## BFS의 장점

너비를 우선으로 탐색하기 때문에 답이 되는 경로가 여러 개여도 최단 경로를 보장한다.
`;
    const answer = ask(search, ['DFS', 'BFS의 장점', 'BFS'], 'DFS랑 BFS 차이점이 뭐야');
    expect(answer.text).toContain('Queue를 이용해 구현');
    expect(answer.text).not.toContain('최단 경로를 보장한다');
  });

  it('does not take a side from a section well below the best one: the best section answers in its own words', () => {
    const note = `# JavaScript

## Hoisting

함수 선언문은 자바스크립트 엔진이 가장 먼저 해석하므로 호이스팅된다. 반면 변수에 함수 리터럴을 할당하는 방식은 런타임에 할당되므로 호이스팅되지 않는다.

## Arrow Function

화살표 함수 표현식은 기존의 function 표현 방식보다 간결하게 함수를 표현할 수 있다.
`;
    const passages = passagesOf(note, ['Hoisting', 'Arrow Function']);
    // As retrieval hands them over: the Hoisting section covers the question, Arrow Function a third of it.
    passages[1] = { ...passages[1]!, coverage: 0.3 };
    const question = '함수 선언문이랑 함수 표현식 호이스팅 차이';
    const answer = composeAnswer(queryOf(question), passages, { analyzer, idf: () => 1, embedder: 'hashing', confidence: 1 });
    expect(answer.text).toContain('함수 리터럴을 할당');
    expect(answer.text).not.toContain('화살표');
    // Headed by the side, a section speaks for it when it covers about half of the question, as each of the seed's
    // 베어메탈 / 호스트 하이퍼바이저 sections does (0.82 and 0.45 of `베어메탈이랑 호스트 하이퍼바이저 차이`).
    const sides = `# VM

## 베어메탈 하이퍼바이저

베어메탈 하이퍼바이저는 하드웨어 위에서 직접 실행된다.

## 호스트 하이퍼바이저

호스트 하이퍼바이저는 운영체제 위에서 실행된다.
`;
    const halves = passagesOf(sides, ['베어메탈 하이퍼바이저', '호스트 하이퍼바이저']);
    halves[0] = { ...halves[0]!, coverage: 0.82 };
    halves[1] = { ...halves[1]!, coverage: 0.45 };
    const both = composeAnswer(queryOf('베어메탈이랑 호스트 하이퍼바이저 차이'), halves, { analyzer, idf: () => 1, embedder: 'hashing', confidence: 1 });
    expect(both.text).toContain('운영체제 위에서 실행된다');
  });

  it('labels no block with a generic head the question modifies by a clause (`… 생성하는 방식이랑 … 생성하는 방식`)', () => {
    const note = `# Java

## Singleton

getInstance 안에서 인스턴스가 null이면 생성하는 방식은 필요할 때 만든다. static 블록에서 생성하는 방식은 클래스가 로드될 때 만든다.
`;
    const answer = ask(note, ['Singleton'], '싱글톤 getInstance 안에서 null 체크해서 생성하는 방식이랑 static 블록에서 생성하는 방식은 뭐가 달라요?');
    expect(answer.text).not.toMatch(/\*\*방식\*\*/u);
    expect(answer.text).toContain('클래스가 로드될 때');
  });

  it('does not take a common word of a long side for the side itself (방식 of 정적 타입 언어 방식)', () => {
    const typing = `# Python

## 덕 타이핑

덕 타이핑은 객체의 실제 타입보다 객체의 메소드가 적합성을 결정하는 동적 타입 언어의 개념이다.

## 해시 충돌

체이닝 방식은 충돌이 나면 버킷의 연결 리스트에 추가하는 방식이다.
`;
    const answer = ask(typing, ['덕 타이핑', '해시 충돌'], '덕 타이핑이랑 정적 타입 언어 방식은 뭐가 달라?');
    expect(answer.text).toMatch(/^\*\*덕 타이핑\*\* — 덕 타이핑은 /u);
    expect(answer.text).not.toContain('체이닝');
    expect(answer.text).toContain('노트에서 "정적 타입 언어 방식"에 대한 내용은 찾지 못했습니다.');
  });

  it('says no side is missing when the other side\'s quote names it too, and quotes no more of the section', () => {
    const note = `# HTTP

## REST

- 리소스는 URI로 표현하며 명사로 쓴다.
- 행위는 HTTP Method로 표현하고, PUT(전체 수정), PATCH(일부 수정)을 목적에 맞게 쓴다.
- 버전은 URI에 둔다.
`;
    const text = ask(note, ['REST'], 'PUT이랑 PATCH 차이가 뭐야?').text;
    expect(text).toMatch(/^\*\*PUT · PATCH\*\*\n- 행위는 /u);
    expect(text).not.toContain('찾지 못했습니다');
    expect(text).not.toContain('명사로 쓴다');
  });

  it('does not repeat the other side\'s sentence as the antecedent of this side\'s `반면 …`', () => {
    const note = `# 자료구조

## 큐와 덱

큐 는 front에서만 output이 발생하고 rear에서만 input이 발생하는 자료구조이다. 반면 덱 은 양방향에서 입출력이 가능하다.

크기를 늘리는 규칙은 ${Array.from({ length: 120 }, (_, i) => `규칙${i}`).join(', ')}이다.
`;
    const text = ask(note, ['큐와 덱'], '큐랑 덱 뭐가 다름?').text;
    expect(text.match(/front에서만/gu)).toHaveLength(1);
    expect(text).toMatch(/\*\*덱\*\* — 반면 덱 은 양방향/u);
  });

  it('takes no side from a section far below the best that only its heading ties to the side', () => {
    const note = `# 자료구조

## 해시 테이블과 트리 맵

- 하나는 평균 O(1)에 값을 찾는다.
- 트리 맵은 키를 정렬된 순서로 둔다.

## 해시 테이블 크기

해시 테이블 크기는 설정 파일에서 정한다.
`;
    const passages = passagesOf(note, ['해시 테이블과 트리 맵', '해시 테이블 크기']);
    // The second section names one side in its heading but covers little of the question.
    passages[1] = { ...passages[1]!, coverage: 0.3 };
    const question = '해시 테이블이랑 트리 맵 차이';
    const answer = composeAnswer(queryOf(question), passages, { analyzer, idf: () => 1, embedder: 'hashing', confidence: 1 });
    expect(answer.text).toContain('평균 O(1)');
    expect(answer.text).not.toContain('설정 파일');
  });
});

describe('enumeration', () => {
  const items = ['이식성', '효율성', '빠른 배포', '격리성', '확장성', '관리 용이성'];
  const note = `# Docker

## 컨테이너의 장점

* **이식성**: 컨테이너 이미지를 사용하면 개발, 테스트, 프로덕션 어디서든 같은 방식으로 애플리케이션을 실행할 수 있습니다.
* **효율성**: 컨테이너는 호스트 운영체제의 커널을 공유하므로, VM에 비해 더 적은 자원을 사용합니다.
* **빠른 배포**: 컨테이너는 경량화되어 빠르게 시작하고 중지할 수 있으며, 배포 시간을 단축합니다.
* **격리성**: 각 컨테이너는 독립된 실행 환경을 제공하여, 애플리케이션 간의 충돌을 방지합니다.
* **확장성**: 같은 이미지로 컨테이너를 여러 개 띄워 부하에 맞춰 늘리고 줄일 수 있습니다.
* **관리 용이성**: 오케스트레이션 도구로 많은 컨테이너를 한곳에서 관리할 수 있습니다.
`;
  it("quotes the list of the best section's subsection that the asked aspect heads, however far down retrieval put it", () => {
    const rest = `# 웹

## REST API

REST는 자원을 URI로 표현하고 HTTP 메서드로 처리하는 아키텍처이다. REST API는 웹 서비스에서 널리 쓰인다.

### 원칙

- 자원은 URI로 표현한다.
- 서버는 상태를 저장하지 않는다.

### 단점은 뭐가 있을까?

1. 사용할 수 있는 메소드가 한정적이다.
2. 분산환경에는 부적합하다.
`;
    const text = ask(rest, ['REST API', '원칙', '단점은 뭐가 있을까?'], 'REST API 단점 뭐가 있어?').text;
    expect(text).toContain('사용할 수 있는 메소드가 한정적이다.');
    expect(text).toContain('분산환경에는 부적합하다.');
    expect(text).not.toContain('상태를 저장하지 않는다');
  });

  it('lists all items, one per line, with their bold labels', () => {
    const answer = ask(note, ['컨테이너의 장점'], '컨테이너 장점이 뭐야?', 2000);
    const listed = answer.text.split('\n').filter((l) => l.startsWith('- '));
    expect(listed.map((l) => /^- \*\*(.+?)\*\*: /u.exec(l)?.[1])).toEqual(items);
    // Each item cites its own line.
    expect(answer.citations[0]!.quotes!.map((q) => q.lines)).toEqual(items.map((_, i) => [5 + i, 5 + i]));
  });

  it('answers with a list of bare names when the sections hold nothing else', () => {
    const queue = `# 자료구조

## Queue 활용

- BFS
- 프린터 버퍼
- 프로세스 레디 큐
`;
    const answer = ask(queue, ['Queue 활용'], '큐는 어디어디 쓰이나요?');
    expect(answer.answered).toBe(true);
    expect(answer.text.split('\n')).toEqual(['**Queue 활용**', '- BFS', '- 프린터 버퍼', '- 프로세스 레디 큐 [1]']);
  });

  it('shows the whole list when the best quote is one of its bare names', () => {
    const queue = `# 자료구조

## Queue 활용

- 프로세스 레디 큐
- 키보드 버퍼
- 프린터의 출력 처리
- 너비 우선 탐색(BFS, Breadth-First Search)
`;
    const answer = ask(queue, ['Queue 활용'], 'BFS 탐색할 때 쓰는 자료구조는?');
    expect(answer.text.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(4);
  });

  it('shows a long item from the sentence that answers, under the name the item starts with', () => {
    const filler = '이 구현체는 자바 컬렉션 프레임워크에서 가장 널리 쓰이며 여러 버전을 거치며 성능이 꾸준히 개선되었다. '.repeat(4).trim();
    const items = [
      `List\n대표적인 구현체로 ArrayList가 있다. ${filler} 중복을 허용한다.`,
      `Map\n대표적인 구현체로 HashMap이 있다. ${filler} 키의 순서를 보장하지 않는다. 순서를 보장하려면 LinkedHashMap을 사용한다.`,
      `Set\n대표적인 구현체로 HashSet이 있다. ${filler} 중복을 허용하지 않는다.`,
    ];
    // Items as the parser hands over a `- Map␣␣` item with its description on the next line.
    const blocks: PassageBlock[] = items.map((text, i) => ({ kind: 'list-item', text, lines: [3 + 2 * i, 4 + 2 * i] }));
    const passage: Passage = {
      sectionId: 'c', file: 'note.md', section: ['Java', 'Collection'], anchor: 'collection', lines: [3, 8],
      text: items.join('\n'), blocks, score: 1, similarity: 0.5, coverage: 1,
    };
    const answer = composeAnswer(queryOf('순서를 보장하는 컬렉션 종류 알려줘'), [passage], { analyzer, idf: () => 1, embedder: 'hashing', confidence: 1 });
    expect(answer.text).toContain('**Map** … 키의 순서를 보장하지 않는다. 순서를 보장하려면 LinkedHashMap을 사용한다.');
    // The quote itself is the verbatim sentences, not the name put before them.
    expect(answer.citations[0]!.quotes!.map((q) => q.text)).toContain('키의 순서를 보장하지 않는다. 순서를 보장하려면 LinkedHashMap을 사용한다.');
  });

  it('says how many items were left out when the list does not fit', () => {
    const answer = ask(note, ['컨테이너의 장점'], '컨테이너 장점이 뭐야?', 200);
    const listed = answer.text.split('\n').filter((l) => l.startsWith('- '));
    expect(listed.length).toBeGreaterThanOrEqual(2);
    expect(listed.length).toBeLessThan(items.length);
    expect(answer.text).toContain(`외 ${items.length - listed.length}개`);
  });
});

describe('context and hygiene', () => {
  it('tells a clipped phrase of a list (`Queue를 이용해 구현`) from a bare name (`프린터 버퍼`)', () => {
    const [passage] = passagesOf('# 자료구조\n\n## 큐\n\n- 프린터 버퍼\n- Queue를 이용해 구현\n- 메모리 초과 주의\n', ['큐']);
    expect(unitsOf(passage!, 0, analyzer).map((u) => [u.text, u.role])).toEqual([
      ['프린터 버퍼', 'fragment'],
      ['Queue를 이용해 구현', 'item'],
      ['메모리 초과 주의', 'item'],
    ]);
  });

  it('quotes a short best section whole, the chosen sentence first, when its other sentences hold what was asked', () => {
    const note = `# DB

## 성능을 위한 설계

반정규화는 정규화된 테이블을 일부러 합치는 작업이다.
조인이 줄어 조회 성능이 좋아진다.
대신 중복된 데이터의 일관성과 정합성을 지키는 비용이 든다.

참고자료:
`;
    const quotes = ask(note, ['성능을 위한 설계'], '반정규화는 왜 하는 거야? 손해는 없어?').citations[0]!.quotes!.map((q) => q.text);
    // The heading does not name it and the cost sentence shares no word with the question: it would be left out.
    expect(quotes).toContain('대신 중복된 데이터의 일관성과 정합성을 지키는 비용이 든다.');
    // A line announcing a list that is not there is not quoted.
    expect(quotes).toHaveLength(3);
  });

  it('reads prose written in a code fence as the list it is, line by line with its own lines, and leaves code alone', () => {
    const note = `# OS

## 회피 기법

교착상태가 발생하면 피해나가는 방법으로 은행원 알고리즘이 사용된다.

\`\`\`bash
은행원 알고리즘은 다익스트라가 제안한 기법
모든 프로세스가 완료될 수 있는 상태를 안전 상태라고 함
\`\`\`

\`\`\`js
const 안전 = check(state); // 안전 상태
\`\`\`

\`\`\`markdown
은행원 알고리즘의 안전 상태 판별 흐름
└── 안전 상태라면 자원을 할당하고 끝낸다
\`\`\`
`;
    const answer = ask(note, ['회피 기법'], '은행원 알고리즘이 뭐야');
    expect(answer.text).toContain('- 모든 프로세스가 완료될 수 있는 상태를 안전 상태라고 함');
    // Code, and a diagram drawn with box characters, stay unquoted.
    expect(answer.text).not.toContain('check(state)');
    expect(answer.text).not.toContain('└──');
    const quote = answer.citations[0]!.quotes!.find((q) => q.text.startsWith('모든 프로세스'));
    expect(quote?.lines).toEqual([9, 9]);
  });

  it('does not quote a long best section whole', () => {
    const filler = '이 문장은 질문과 관계없는 긴 설명으로 섹션을 길게 만든다. '.repeat(30);
    const note = `# DB

## 반정규화

반정규화는 정규화된 테이블을 일부러 합치는 작업이다.
${filler}
`;
    const answer = ask(note, ['반정규화'], '반정규화가 뭐야?');
    expect(answer.text.length).toBeLessThan(filler.length);
    expect(firstQuote(answer)).toBe('반정규화는 정규화된 테이블을 일부러 합치는 작업이다.');
  });

  it('takes imperative items (`…할 것`) and whole sentences in parentheses as quotable', () => {
    const note = `# Web

## 1. 네트워크 요청에 빠르게 응답하자

* \`3.xx\` 리다이렉트를 피할 것
* \`CDN\`을 사용할 것
* 커넥션을 재활용할 것

## 재귀

재귀 호출은 call stack을 사용한다. (call stack에서의 stack overflow에 유의해야 한다.)
`;
    expect(ask(note, ['1. 네트워크 요청에 빠르게 응답하자', '재귀'], '네트워크 요청 빠르게 하려면 뭘 해야 돼?').text).toContain('커넥션을 재활용할 것');
    expect(ask(note, ['재귀', '1. 네트워크 요청에 빠르게 응답하자'], '재귀 짤 때 조심할 거 있어?').text).toContain('stack overflow에 유의해야 한다.');
  });

  it('gives a sentence opening with an anaphor the sentence it points back to', () => {
    const note = `# VM

## 베어메탈 하이퍼바이저

타입 1 하이퍼바이저는 하드웨어 위에서 직접 실행됩니다.
이 하이퍼바이저는 운영체제를 필요로 하지 않으며, 하드웨어 자원을 직접 관리합니다.
`;
    const answer = ask(note, ['베어메탈 하이퍼바이저'], '운영체제가 필요 없는 하이퍼바이저는 자원을 어떻게 관리해?');
    const quotes = answer.citations[0]!.quotes!.map((q) => q.text);
    const at = quotes.findIndex((q) => q.startsWith('이 하이퍼바이저는'));
    expect(at).toBeGreaterThan(0);
    expect(quotes[at - 1]).toBe('타입 1 하이퍼바이저는 하드웨어 위에서 직접 실행됩니다.');
  });

  it('gives a sentence opening with 이럴/그럴 the sentence it points back to', () => {
    const note = `# 자료구조

## BST

탐색 연산은 트리의 높이만큼 걸린다. 노드가 한 쪽으로만 추가되는 경우가 있다. 이럴 경우 탐색 시간 복잡도는 O(n)이 된다.
`;
    const quotes = ask(note, ['BST'], 'BST 탐색 시간 복잡도가 O(n)이 되는 건 언제야?').citations[0]!.quotes!.map((q) => q.text);
    const at = quotes.indexOf('이럴 경우 탐색 시간 복잡도는 O(n)이 된다.');
    expect(at).toBeGreaterThan(0);
    expect(quotes[at - 1]).toBe('노드가 한 쪽으로만 추가되는 경우가 있다.');
  });

  it('does not open the answer with a sentence that continues the one before it (`그리고 …`, `또 …`)', () => {
    const note = `# 자료구조

## Binary Heap

힙은 완전 이진 트리의 형태를 가진다. 그리고 완전 이진 트리이기 때문에 배열을 사용하여 효율적으로 관리할 수 있다. 루트 노드에는 가장 큰 값이 있다.
`;
    const quotes = ask(note, ['Binary Heap'], '힙은 왜 배열로 관리해?').citations[0]!.quotes!.map((q) => q.text);
    const at = quotes.findIndex((q) => q.startsWith('그리고 완전 이진 트리이기 때문에'));
    expect(at).toBeGreaterThan(0);
    expect(quotes[at - 1]).toBe('힙은 완전 이진 트리의 형태를 가진다.');
    const transaction = `# DB

## 트랜잭션을 사용할 때 주의할 점

데이터베이스 커넥션은 개수가 제한적이다. 그런데 트랜잭션 범위가 넓으면 커넥션을 오래 소유하기 때문에 여유 커넥션이 줄어든다. 그러다 커넥션을 기다리는 상황이 생긴다.
`;
    const opening = ask(transaction, ['트랜잭션을 사용할 때 주의할 점'], '트랜잭션 범위를 좁게 잡으라는 이유가 뭐예요').citations[0]!.quotes![0]!.text;
    expect(opening).not.toMatch(/^(?:그런데|그러다)/u);
  });

  it('keeps the next sentence when it refers back to a quoted one', () => {
    const note = `# 정렬

## Radix Sort

기수 정렬은 비교하지 않고 자릿수로 정렬하는 알고리즘이다. 단, 한 가지 단점이 존재하는데 적용할 수 있는 범위가 제한적이라는 것이다. 이 범위는 데이터 길이에 의존하게 된다.

기수 정렬은 버킷을 자릿수마다 만든다.
`;
    const quotes = ask(note, ['Radix Sort'], '기수 정렬 단점은 뭐야?').citations[0]!.quotes!.map((q) => q.text);
    const at = quotes.indexOf('단, 한 가지 단점이 존재하는데 적용할 수 있는 범위가 제한적이라는 것이다.');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(quotes[at + 1]).toBe('이 범위는 데이터 길이에 의존하게 된다.');
  });

  it('answers a yes/no question with the exception a 하지만 sentence opens and what its paragraph says of it', () => {
    const note = `# 자료구조

## Binary Search Tree

이진 탐색 트리의 탐색 연산은 O(log n)의 시간 복잡도를 갖는다. 하지만 이러한 이진 탐색 트리는 편향 트리가 될 수 있다. 저장 순서에 따라 한 쪽으로만 노드가 추가되기 때문이다. 이럴 경우 성능에 영향을 미치며 Worst Case는 O(n)이 된다. 그래서 균형을 잡는 트리가 등장했다.

이진 탐색 트리의 키는 유일하다. 이진 탐색 트리의 왼쪽 서브 트리의 키는 루트의 키보다 작다. 이진 탐색 트리의 오른쪽 서브 트리의 키는 루트의 키보다 크다. 이진 탐색 트리의 서브 트리도 이진 탐색 트리다.

이진 탐색 트리는 배열보다 많은 메모리를 사용한다. 이진 탐색 트리의 삽입 연산도 탐색을 먼저 한다.
`;
    const quotes = ask(note, ['Binary Search Tree'], '이진 탐색 트리면 탐색은 무조건 O(log n) 보장돼?', 260).citations[0]!.quotes!.map((q) => q.text);
    const at = quotes.indexOf('하지만 이러한 이진 탐색 트리는 편향 트리가 될 수 있다.');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(quotes.slice(at + 1, at + 3)).toEqual(['저장 순서에 따라 한 쪽으로만 노드가 추가되기 때문이다.', '이럴 경우 성능에 영향을 미치며 Worst Case는 O(n)이 된다.']);
  });

  it("quotes the sections in retrieval's order, though a lesser one holds the sentence sharing most words", () => {
    const note = `# Java

## Wrapper class

기본 자료형에 대한 클래스 표현을 Wrapper class 라고 한다. 컬렉션에서 제네릭을 사용하기 위해서는 Integer 같은 Wrapper class 를 사용해줘야 한다.

## 소수

정수 int 하나가 integer 소수인지 판별하려면 int 정수를 2부터 나누어 본다.
`;
    const answer = ask(note, ['Wrapper class', '소수'], 'int 있는데 굳이 Integer로 감싸서 쓰는 이유가 머임');
    expect(answer.citations[0]!.section.at(-1)).toBe('Wrapper class');
  });

  it('does not answer a Korean question from the English copy of the note beside the Korean one', () => {
    const note = `# OS

## 가상 메모리

가상 메모리는 프로세스 전체가 메모리에 올라오지 않아도 실행할 수 있게 하는 기법이다.

## Virtual memory

Virtual memory lets a process run without loading all of it into memory.
`;
    const answer = ask(note, ['가상 메모리', 'Virtual memory'], '가상 메모리(virtual memory) 쓰면 뭐가 좋아?');
    expect(answer.citations.map((c) => c.section.at(-1))).toEqual(['가상 메모리']);
  });

  it('never quotes a question line, a caption or a heading-like line', () => {
    const note = `# DB

## 질의응답

Q. 인덱스를 너무 많이 만들면 어떻게 되나요?

[ 인덱스 과다 ]

인덱스가 많으면 삽입과 수정 때마다 인덱스도 갱신해야 해서 쓰기가 느려진다.
`;
    const answer = ask(note, ['질의응답'], '인덱스 많이 만들면 어떻게 돼?');
    expect(answer.citations[0]!.quotes!.map((q) => q.text)).toEqual(['인덱스가 많으면 삽입과 수정 때마다 인덱스도 갱신해야 해서 쓰기가 느려진다.']);
  });

  it('does not answer when the best passages hold nothing but headings and questions', () => {
    const note = `# DB

## 인덱스

Q. 인덱스란 무엇인가요?
`;
    expect(ask(note, ['인덱스'], '인덱스가 뭐야?').answered).toBe(false);
  });

  it('leaves out a near-duplicate of a sentence already quoted', () => {
    const note = `# OS

## 캐시

캐시는 자주 쓰는 데이터를 빠른 메모리에 두어 접근 시간을 줄인다.
캐시는 자주 쓰는 데이터를 빠른 메모리에 두어서 접근 시간을 줄인다.
캐시가 가득 차면 교체 정책에 따라 오래된 데이터를 내보낸다.
`;
    const quotes = ask(note, ['캐시'], '캐시는 데이터를 어디에 둬?').citations[0]!.quotes!.map((q) => q.text);
    expect(quotes.filter((q) => q.includes('빠른 메모리')).length).toBe(1);
  });

  it('keeps to a budget in characters, cutting a long sentence with …', () => {
    const long = `${'가상 메모리는 프로세스마다 독립된 주소 공간을 주고, '.repeat(12)}물리 메모리보다 큰 프로그램도 실행하게 한다.`;
    const note = `# OS\n\n## 가상 메모리\n\n${long}\n`;
    const answer = ask(note, ['가상 메모리'], '가상 메모리가 뭐야?', 150);
    const quoted = answer.citations[0]!.quotes!.map((q) => q.text).join('');
    expect(quoted.length).toBeLessThanOrEqual(150);
    expect(answer.text).toMatch(/… \[1\]$/u);
  });
});

describe('a section that only points to material elsewhere', () => {
  it('is never quoted, even ranked first: the answer comes from the section that explains', () => {
    const note = [
      '# Network', '', '## HTTP 와 HTTPS', '', '아래의 자료에서 HTTP 와 HTTPS 의 자세한 설명을 볼 수 있다.', '',
      '- 작성자 권혁진 | [HTTP와 HTTPS](https://example.com/http)', '',
      '## HTTPS', '', 'HTTPS 는 HTTP 에 SSL/TLS 암호화를 더한 프로토콜이다.', '',
    ].join('\n');
    const answer = ask(note, ['HTTP 와 HTTPS', 'HTTPS'], 'HTTPS 가 뭐야?');
    expect(answer.text).toContain('SSL/TLS 암호화를 더한');
    expect(answer.text).not.toContain('아래의 자료에서');
  });
});

describe('comparison of two modifiers of one head', () => {
  const note = [
    '# SE', '', '## 명령형 프로그래밍 vs 선언형 프로그래밍', '', '함수형 프로그래밍은 선언형 프로그래밍이다.', '',
    '- **명령형 프로그래밍** :', '', '  명령형 프로그래밍은 어떻게(HOW) 목적을 달성할지에 초점이 맞추어져 있다.', '',
    '- **선언형 프로그래밍** :', '', '  선언형 프로그래밍은 무엇을(WHAT) 할지에 초점이 맞추어져 있다.', '',
  ].join('\n');

  it('takes `명령형 선언형 프로그래밍 차이` as two sides, even when the shared word carries a glossary phrase of one side', () => {
    const query = queryOf('명령형 선언형 프로그래밍 차이');
    // As the glossary would: `프로그래밍` is part of the phrase 선언형 프로그래밍 the question contains.
    query.groups.find((g) => g.word === '프로그래밍')!.phrases.push(analyzer.analyze('선언적 프로그래밍'));
    const answer = ask(note, ['명령형 프로그래밍 vs 선언형 프로그래밍', '명령형 프로그래밍 :', '선언형 프로그래밍 :'], query.question, undefined, query);
    expect(answer.text).toMatch(/^\*\*명령형 프로그래밍\*\* — .*HOW/mu);
    expect(answer.text).toMatch(/^\*\*선언형 프로그래밍\*\* — .*WHAT/mu);
  });
});

describe('a question asking for questions to ask', () => {
  const note = ['# 역면접', '', '## 휴가', '', '- 유급 휴가는 얼마나 지급되나요?', '- 병가는 따로 지급되나요?', '- 육아 휴직 정책은 어떠한가요?', '', '## 복지', '', '복지 제도는 회사마다 다르니 휴가와 함께 미리 알아본다.', ''].join('\n');

  it('quotes the question list, which is otherwise never an answer', () => {
    const asked = ask(note, ['휴가', '복지'], '휴가 관련해서 물어볼 수 있는 질문 예시 알려줘');
    expect(asked.text).toContain('- 유급 휴가는 얼마나 지급되나요?');
    expect(asked.text).toContain('- 육아 휴직 정책은 어떠한가요?');
    const plain = ask(note, ['휴가', '복지'], '휴가는 어떻게 돼?');
    expect(plain.text).not.toContain('유급 휴가는 얼마나');
  });
});
