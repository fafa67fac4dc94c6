import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citationLine, locationLabel, renderAnswer, renderSearchHits, sectionLabel, snippet } from '../src/answer/format.js';
import { sourceUrl } from '../src/answer/compose.js';
import { openKnowledgeBase, type LoadedKnowledgeBase } from '../src/engine/knowledge-base.js';
import { ingest } from '../src/ingest/ingest.js';
import { parseNote } from '../src/notes/parse.js';
import { UserError, type Answer, type Citation } from '../src/types.js';
import { FIXTURE_KNOWLEDGE as KNOWLEDGE, SEED_NOTE as NOTE, SEED_TEXT as SOURCE } from './helpers/knowledge.js';
import { quotesWithSource } from './helpers/verbatim.js';

const NOTE_TREE = parseNote(NOTE, SOURCE);
const LONG_HEADING = '도커 이미지는 다른 환경에서도 동일하게 실행된다고 했는데, 다른 환경은 어떤 환경을 말하는건가요?';
const BASE_URL = 'https://github.com/group/notes/blob/main/knowledge/';

const dir = mkdtempSync(join(tmpdir(), 'answer-test-'));
let kb: LoadedKnowledgeBase;
let linked: LoadedKnowledgeBase;

beforeAll(async () => {
  cpSync(KNOWLEDGE, join(dir, 'knowledge'), { recursive: true });
  // The default analyzer (morph): its dictionary loads once for the whole file.
  await ingest({ knowledgeDir: join(dir, 'knowledge'), indexDir: join(dir, 'index'), embedder: { kind: 'hashing' }, analyzer: 'morph' });
  kb = await openKnowledgeBase({ indexDir: join(dir, 'index') });
  linked = await openKnowledgeBase({ indexDir: join(dir, 'index'), notesBaseUrl: BASE_URL });
});

afterAll(async () => {
  await kb?.dispose();
  await linked?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Every quote of the answer occurs in the note at the lines its citation gives for it, and the answer shows it. */
function expectQuotedVerbatim(answer: Answer): void {
  const quotes = quotesWithSource(answer, { [NOTE]: SOURCE });
  expect(quotes.length).toBeGreaterThan(0);
  for (const { quote, cited } of quotes) {
    expect(cited, quote).toContain(quote);
    expect(answer.text.replace(/\*\*/g, '').replace(/\s+/g, ' ')).toContain(quote.replace(/\*\*/g, ''));
  }
}

async function userError(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('answer', () => {
  it('answers "다른 환경은 어떤 환경을 말하는건가요?" from the section that asks it, quoting the note verbatim', async () => {
    const answer = await kb.answer('다른 환경은 어떤 환경을 말하는건가요?');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]!.section[answer.citations[0]!.section.length - 1]).toBe(LONG_HEADING);
    expect(answer.citations[0]!.file).toBe(NOTE);
    expect(answer.text).toContain('다른 환경은 운영체제의 차이와, 개발 환경, 테스트 환경, 클라우드 환경 등을 포함합니다.');
    expectQuotedVerbatim(answer);
    expect(answer.related).toEqual([]);
    expect(answer.embedder).toBe('hashing');
  });

  it('answers the English "what are the other environments?" with the section\'s own text, not its multi-stage-build bullet', async () => {
    const answer = await kb.answer('what are the other environments?');
    expect(answer.text).toContain('다른 환경은 운영체제의 차이와, 개발 환경, 테스트 환경, 클라우드 환경 등을 포함합니다.');
    expect(answer.text).not.toContain('BUT.');
    expectQuotedVerbatim(answer);
  });

  it('numbers its citations 1..n, each used by a line of the answer, with the cited lines inside the note', async () => {
    const answer = await kb.answer('다른 환경은 어떤 환경을 말하는건가요?');
    const lines = SOURCE.split('\n').length;
    answer.citations.forEach((citation, i) => {
      expect(citation.n).toBe(i + 1);
      expect(answer.text).toContain(`[${citation.n}]`);
      const section = NOTE_TREE.sections.find((s) => s.path.join('\u0000') === citation.section.join('\u0000'))!;
      expect(citation.lines[0]).toBeGreaterThanOrEqual(section.lines[0]);
      expect(citation.lines[1]).toBeLessThanOrEqual(Math.min(section.lines[1], lines));
    });
    expect(answer.text.match(/\[(\d+)\]/g)!.length).toBe(answer.citations.length);
  });

  it('finds 컨테이너의 장점 for "컨테이너 장점"', async () => {
    const answer = await kb.answer('컨테이너 장점');
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]!.section).toEqual(['Docker and VM', '컨테이너의 장점']);
    expect(answer.citations[0]!.lines).toEqual([74, 77]);
    // All four advantages, as a list with their bold labels, each citing its own line.
    expect(answer.text).toContain('- **이식성**: 컨테이너 이미지를 사용하면');
    expect(answer.text).toContain('- **격리성**: 각 컨테이너는');
    expect(answer.citations[0]!.quotes!.map((q) => q.lines)).toEqual([[74, 74], [75, 75], [76, 76], [77, 77]]);
    expectQuotedVerbatim(answer);
  });

  it('quotes every piece verbatim at the lines it cites, whatever the type of question', async () => {
    const questions = [
      '도커랑 VM 차이가 뭐야?', '컨테이너가 VM보다 자원을 덜 먹는 이유는?', '타입 1 하이퍼바이저가 뭔가요?', '하이퍼바이저 종류에는 뭐가 있어?',
      '컨테이너 엔진이 하는 일이 뭐야?', '베어메탈이랑 호스트 하이퍼바이저 차이가 뭐야?', 'vm 메모리 가상화는 어떻게 돼?',
      '멀티스테이지 빌드로 os별 이미지를 만들 수 있나요', 'What is a container engine and what does it do?', 'Why is a container lighter than a virtual machine?',
      '도커 이미지를 윈도우용이랑 리눅스용으로 따로 만드는 법 알려주세요', 'compare how the kernel is used in docker vs a vm',
    ];
    let answered = 0;
    for (const question of questions) {
      const answer = await kb.answer(question);
      if (!answer.answered) continue;
      answered++;
      expectQuotedVerbatim(answer);
      // Never a heading, a label or a question line alone: some quote says something.
      expect(answer.citations.flatMap((c) => c.quotes!).some((q) => q.text.length >= 20 && !/[?？]$/u.test(q.text)), question).toBe(true);
    }
    expect(answered).toBeGreaterThanOrEqual(questions.length - 2);
  });

  it('does not answer an out-of-scope question, and offers related sections instead', async () => {
    const answer = await kb.answer('파이썬 GIL이 뭐야?');
    expect(answer.answered).toBe(false);
    expect(answer.text).toBe('');
    expect(answer.citations).toEqual([]);
    expect(answer.related.length).toBeGreaterThan(0);
    expect(answer.related.length).toBeLessThanOrEqual(3);
    expect(answer.related.map((c) => c.n)).toEqual(answer.related.map((_, i) => i + 1));
    expect(answer.passages.length).toBeGreaterThan(0);
    expect(renderAnswer(answer)).toContain('The notes do not cover this question.');
    // GIL is the name asked about, and the seed note never mentions it: the answer says so.
    expect(answer.absentNames).toEqual(['GIL']);
    expect(renderAnswer(answer)).toContain('노트에 나오지 않는 말 (not in the notes): GIL');
  });

  it('rejects an empty, whitespace or invisible question (NBSP, ideographic space, zero-width characters, Hangul filler)', async () => {
    for (const question of ['', '   ', '\n\t ', '\u00a0\u3000', '\u200b\u200c\u200d\u2060\ufeff', '\u3164 \u2800']) {
      expect((await userError(kb.answer(question))).code).toBe('EMPTY_QUESTION');
      expect((await userError(kb.search(question))).code).toBe('EMPTY_QUESTION');
    }
  });

  it('rejects a question over 1000 characters, but takes exactly 1000', async () => {
    const error = await userError(kb.answer('가'.repeat(1001)));
    expect(error.code).toBe('QUESTION_TOO_LONG');
    expect(error.message).toContain('1000');
    await expect(kb.answer('가'.repeat(1000))).resolves.toHaveProperty('question', '가'.repeat(1000));
    // Surrounding whitespace does not count.
    await expect(kb.answer(`  ${'가'.repeat(1000)}  `)).resolves.toBeDefined();
  });

  it('rejects a bad k', async () => {
    for (const k of [0, -1, 1.5, 51]) expect((await userError(kb.search('컨테이너', { k }))).code).toBe('BAD_ARGUMENT');
  });
});

describe('search', () => {
  it('returns k distinct sections, best first', async () => {
    for (const query of ['컨테이너', '도커 이미지 운영체제 커널', 'hypervisor']) {
      const passages = await kb.search(query, { k: 5 });
      expect(passages).toHaveLength(5);
      expect(new Set(passages.map((p) => p.sectionId)).size).toBe(passages.length);
      for (let i = 1; i < passages.length; i++) expect(passages[i]!.score).toBeLessThanOrEqual(passages[i - 1]!.score);
      for (const p of passages) {
        expect(p.coverage).toBeGreaterThanOrEqual(0);
        expect(p.coverage).toBeLessThanOrEqual(1);
        expect(p.similarity).toBeLessThanOrEqual(1 + 1e-6);
      }
    }
  });

  it('merges the chunks of one section into one passage', async () => {
    const passages = await kb.search('도커 멀티 스테이지 빌드 WSL2 Windows Linux 이미지', { k: 10 });
    const build = passages.find((p) => p.section[p.section.length - 1] === '도커 멀티 스테이지 빌드')!;
    expect(build.text).toContain('WSL2(Windows Subsystem for Linux2)');
    expect(build.text).toContain('# Windows 단계');
    expect(passages.filter((p) => p.sectionId === build.sectionId)).toHaveLength(1);
  });

  it('returns nothing for a query with no content or one the notes barely touch, instead of k random sections', async () => {
    for (const query of ['ㅋㅋㅋ', '!!!', '뭐야?', '무엇인가요 설명해줘', '양자역학 슈뢰딩거 고양이', 'blockchain smart contract']) {
      expect(await kb.search(query), query).toEqual([]);
    }
    // One known word among unknown ones still finds its sections: the floor is for queries that match nothing.
    expect(await kb.search('양자역학 컨테이너')).toHaveLength(5);
  });

  it('shows per result the line that matches the query, not the section\'s first', async () => {
    const [hit] = await kb.search('하이퍼바이저 운영체제 자원 할당', { k: 1 });
    const first = snippet(hit!.text);
    expect(hit!.snippet.text).not.toBe(first);
    for (const word of ['하이퍼바이저', '자원', '할당']) expect(hit!.snippet.text).toContain(word);
    // The line number is the snippet's own line in the note.
    expect(SOURCE.split('\n')[hit!.snippet.line - 1]!.replace(/\*\*/g, '')).toContain(hit!.snippet.text);
  });

  it('links each result to its lines when the notes have a base URL', async () => {
    const hits = await linked.search('하이퍼바이저', { k: 3 });
    for (const hit of hits) expect(hit.url).toBe(sourceUrl(BASE_URL, hit.file, hit.lines));
    expect((await kb.search('하이퍼바이저', { k: 3 })).every((hit) => hit.url === undefined)).toBe(true);
  });

  it('defaults to 5 results and never returns more sections than exist', async () => {
    expect(await kb.search('컨테이너')).toHaveLength(5);
    expect((await kb.search('컨테이너', { k: 50 })).length).toBe(NOTE_TREE.sections.length);
  });
});

describe('citations with a notes base URL', () => {
  it('link to the file and lines', async () => {
    const answer = await linked.answer('컨테이너 장점');
    expect(answer.citations[0]!.url).toBe(`${BASE_URL}${NOTE}#L74-L77`);
    // A citation links the lines it quotes: from its first quote's line to its last's.
    for (const c of answer.citations) {
      const first = Math.min(...c.quotes!.map((q) => q.lines[0]));
      const last = Math.max(...c.quotes!.map((q) => q.lines[1]));
      expect(c.url).toBe(first === last ? `${BASE_URL}${NOTE}#L${first}` : `${BASE_URL}${NOTE}#L${first}-L${last}`);
    }
    const single = await linked.answer('타입 1 하이퍼바이저가 뭔가요?');
    expect(single.citations[0]!.url).toMatch(/#L\d+(-L\d+)?$/);
    const related = await linked.answer('파이썬 GIL이 뭐야?');
    for (const c of related.related) expect(c.url).toMatch(/#L\d+-L\d+$/);
  });

  it('are plain without one', async () => {
    const answer = await kb.answer('컨테이너 장점');
    expect(answer.citations[0]!.url).toBeUndefined();
  });

  it('link one line as #L75', () => {
    expect(sourceUrl('https://x.example/notes/', 'docker-and-vm.md', [75, 75])).toBe('https://x.example/notes/docker-and-vm.md#L75');
  });

  it('encode path segments but keep the slashes', () => {
    expect(sourceUrl('https://x.example/notes', 'os/운영 체제.md', [3, 9])).toBe(
      'https://x.example/notes/os/%EC%9A%B4%EC%98%81%20%EC%B2%B4%EC%A0%9C.md#L3-L9',
    );
  });
});

describe('concepts', () => {
  it('lists the teachable sections in note order, with their key terms', () => {
    const concepts = kb.concepts();
    const order = NOTE_TREE.sections.map((s) => s.id);
    const positions = concepts.map((c) => order.indexOf(c.sectionId));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const advantages = concepts.find((c) => c.title === '컨테이너의 장점')!;
    expect(advantages.keyTerms).toEqual(['이식성', '효율성', '빠른 배포 및 시작', '격리성']);
    expect(advantages.lines).toEqual([72, 77]);
    expect(advantages.path).toEqual(['Docker and VM', '컨테이너의 장점']);
    // Every section of the seed note has at least a paragraph of prose.
    expect(concepts.map((c) => c.title)).toContain(LONG_HEADING);
    const code = concepts.find((c) => c.title === '호스트 하이퍼바이저')!;
    expect(code.text).toContain('```\n하드웨어');
  });

  it('leaves out sections with too little prose', async () => {
    const note = '# N\n\n## 짧음\n\n짧습니다.\n\n## 코드만\n\n```\nconst a = 1; const b = 2; const c = 3; const d = 4; const e = 5; const f = 6;\n```\n\n## 충분함\n\n이 절은 개념 카드로 가르칠 수 있을 만큼 충분히 긴 설명을 담고 있습니다. 두 번째 문장도 있어서 모두 합하면 예순 글자를 넘습니다.\n';
    await withOneNote(note, 'ngram', async (smallKb) => {
      expect(smallKb.concepts().map((c) => c.title)).toEqual(['충분함']);
    });
  });
});

/** The heading of the section search ranks first for the question. */
async function firstSection(base: LoadedKnowledgeBase, question: string): Promise<string | undefined> {
  return (await base.search(question))[0]?.section.at(-1);
}

/** A knowledge base built in a temp folder from one note, handed to `use`, then removed. */
async function withOneNote(text: string, analyzer: 'morph' | 'ngram', use: (kb: LoadedKnowledgeBase, open: typeof openKnowledgeBase) => Promise<void>): Promise<void> {
  const small = mkdtempSync(join(tmpdir(), 'one-note-'));
  try {
    mkdirSync(join(small, 'k'));
    writeFileSync(join(small, 'k', 'n.md'), text);
    await ingest({ knowledgeDir: join(small, 'k'), indexDir: join(small, 'i'), embedder: { kind: 'hashing' }, analyzer });
    await use(await openKnowledgeBase({ indexDir: join(small, 'i') }), (options) => openKnowledgeBase({ ...options, indexDir: join(small, 'i') }));
  } finally {
    rmSync(small, { recursive: true, force: true });
  }
}

describe('a misspelt word of a built-in glossary phrase', () => {
  it('is corrected against the phrase and answered from the section the notes write in other words', async () => {
    const note = '# 개발 상식\n\n## Reactive Programming\n\n반응형 프로그래밍(Reactive Programming)은 선언형 프로그래밍이라고도 불리며, 데이터 스트림을 다룬다.\n\n## 함수형 프로그래밍\n\n순수 함수를 조합한다.\n';
    await withOneNote(note, 'morph', async (kb) => {
      const answer = await kb.answer('리엑티브 프로그래밍이 머임');
      expect(answer.answered).toBe(true);
      expect(answer.passages[0]!.section.at(-1)).toBe('Reactive Programming');
    });
  });
});

describe('a best section that is only a heading over its subsections', () => {
  it('answers from its first subsections, each quote citing its own line, without changing the ranking', async () => {
    const note = '# 면접 Tip\n\n## 진행한 프로젝트 기반 질문들\n\n> 말할 준비를 하자.\n\n### 프로젝트를 진행하면서\n\n사용한 기술의 장단점과 대체할 수 있는 다른 기술을 공부해 둔다.\n\n## 인성 면접\n\n솔직하게 답한다.\n';
    await withOneNote(note, 'morph', async (thin) => {
      const question = '진행한 프로젝트 기반 질문들은 어떻게 준비해?';
      const ranked = (await thin.search(question)).map((p) => p.section.at(-1));
      expect(ranked[0]).toBe('진행한 프로젝트 기반 질문들');
      const answer = await thin.answer(question);
      expect(answer.text).toContain('대체할 수 있는 다른 기술을 공부해 둔다.');
      expect(answer.citations[0]!.quotes!.find((q) => q.text.includes('대체할'))?.lines).toEqual([9, 9]);
    });
  });
});

describe('a best section with bullet labels under it', () => {
  it('answers from its labelled bullets too, under their names, each quote citing its own line; a heading below stays its own section', async () => {
    const note = [
      '# OS', '', '## 최적 페이지 교체', '',
      '앞으로 가장 오랫동안 사용되지 않을 페이지를 찾아 교체한다. 주로 비교 연구 목적으로 사용한다.', '',
      '* 장점', '  * 가장 낮은 페이지 부재율을 보장한다.', '* 단점', '  * 구현이 어렵다. 메모리 참조 계획을 미리 알 방법이 없기 때문이다.', '',
      '### 참고 구현', '', '시뮬레이터에서만 쓰인다.', '',
      '## FIFO 페이지 교체', '', '가장 먼저 들어온 페이지를 교체한다.', '',
    ].join('\n');
    await withOneNote(note, 'morph', async (kb) => {
      const answer = await kb.answer('최적 페이지 교체는 왜 실제로 못 써?');
      expect(answer.passages[0]!.section.at(-1)).toBe('최적 페이지 교체');
      expect(answer.text).toContain('**단점**\n- 구현이 어렵다. 메모리 참조 계획을 미리 알 방법이 없기 때문이다.');
      expect(answer.citations[0]!.quotes!.find((q) => q.text.includes('구현이 어렵다'))?.lines).toEqual([10, 10]);
      expect(answer.passages[0]!.text).not.toContain('시뮬레이터');
      // Asked what it is, the section's own text answers; its drawbacks are for a why, or when asked for (`단점`).
      expect((await kb.answer('최적 페이지 교체가 뭐야?')).text).not.toContain('**단점**');
      expect((await kb.answer('최적 페이지 교체의 단점은?')).text).toContain('메모리 참조 계획을 미리 알 방법이 없기 때문이다');
    });
  });
});

describe('a thin best section whose subsection holds numbered steps with nested bullets', () => {
  it('answers with the steps in order, each under its label, citing the nested lines', async () => {
    const note = [
      '# Network', '', '## 3-way-handshake', '', '양쪽이 데이터를 보낼 준비가 되었음을 보장한다.', '',
      '### 클라이언트가 서버에 연결을 요청', '',
      '1. **A → B : SYN(a)**', '    - A가 SYN 플래그를 켠 세그먼트를 보낸다.',
      '2. **B → A : ACK(a+1), SYN(b)**', '    - B가 요청을 수락하고 자신의 SYN을 보낸다.',
      '3. **A → B : ACK(b+1)**', '    - A가 수락을 확인하고 연결이 맺어진다.', '',
      '## 4-way-handshake', '', '연결을 끊을 때 FIN 을 주고받는다.', '',
    ].join('\n');
    await withOneNote(note, 'morph', async (kb) => {
      const answer = await kb.answer('3-way-handshake 과정 설명해줘');
      expect(answer.passages[0]!.section.at(-1)).toBe('3-way-handshake');
      const steps = ['A가 SYN 플래그를', 'B가 요청을 수락하고', 'A가 수락을 확인하고'].map((s) => answer.text.indexOf(s));
      expect(steps.every((at) => at >= 0)).toBe(true);
      expect([...steps].sort((a, b) => a - b)).toEqual(steps);
      expect(answer.text).toContain('**B → A : ACK(a+1), SYN(b)**\n- B가 요청을 수락하고 자신의 SYN을 보낸다.');
      expect(answer.citations[0]!.quotes!.find((q) => q.text.includes('B가 요청을'))?.lines).toEqual([12, 12]);
    });
  });
});

describe('a question that names several sibling sections', () => {
  it('is answered when the siblings among the first passages cover it together, though none does alone', async () => {
    const note = [
      '# DB', '', '## SQL 명령어', '', '### DDL', '', 'CREATE, ALTER, DROP 으로 구조를 정의한다.', '',
      '### DML', '', 'INSERT, SELECT, UPDATE 로 레코드를 다룬다.', '', '### DCL', '', 'GRANT, REVOKE 로 권한을 준다.', '',
    ].join('\n');
    await withOneNote(note, 'morph', async (kb) => {
      const answer = await kb.answer('DDL DML DCL 각각 알려줘');
      const alone = Math.max(...answer.passages.slice(0, 3).map((p) => p.coverage));
      expect(alone).toBeLessThan(kb.tuning.minConfidence);
      expect(answer.confidence).toBeGreaterThanOrEqual(kb.tuning.minConfidence);
      expect(answer.answered).toBe(true);
    });
  });
});

describe('a Korean question beside an English copy of a section', () => {
  it('ranks the Korean section first, where the copy would win on words alone; an English question is unaffected', async () => {
    const note = [
      // The Korean note names the term in both languages in its heading, as the interview notes and their README.en.md copies do.
      '# OS', '', '## Segmentation(세그멘테이션)', '', '세그멘테이션은 논리 메모리를 서로 다른 크기의 블록으로 나누어 쓴다.', '',
      '## Segmentation (세그멘테이션)', '', 'Segmentation (세그멘테이션) divides the logical memory into segments of different sizes.', '',
    ].join('\n');
    await withOneNote(note, 'morph', async (kb, open) => {
      expect(await firstSection(kb, '세그멘테이션이 뭐야?')).toBe('Segmentation(세그멘테이션)');
      const wordsAlone = await open({ indexDir: '', tuning: { otherLanguagePenalty: 1 } });
      expect(await firstSection(wordsAlone, '세그멘테이션이 뭐야?')).toBe('Segmentation (세그멘테이션)');
      expect(await firstSection(kb, 'What is segmentation?')).toBe(await firstSection(wordsAlone, 'What is segmentation?'));
    });
  });
});

describe('a section holding all of the question beside a longer one repeating half of it', () => {
  it('ranks the one that holds every asked word first; at the old coverage weight one with only the topic won', async () => {
    const note = [
      '# 정렬', '',
      '## Quick Sort vs Merge Sort', '',
      '퀵소트와 머지소트는 모두 평균 O(n log n)이다. 퀵소트는 제자리 정렬이라 메모리를 덜 쓴다. 보통 퀵소트가 더 빠르다고 알려져 있다.',
      '퀵소트는 캐시 지역성이 좋아서 실제로 빠르다. 머지소트는 안정 정렬이고 퀵소트는 안정 정렬이 아니다. 퀵소트의 최악은 O(n^2)이다.', '',
      '## Quick Sort', '',
      '퀵소트는 피벗을 기준으로 배열을 나누어 정렬한다.', '',
      '### 단점', '',
      '불균형 분할이 많아지면 시간이 오래 걸린다.', '',
      // Other sorts' drawbacks: `단점` is a common word of these notes, `퀵소트` a rare one.
      ...['버블 정렬', '선택 정렬', '삽입 정렬', '힙 정렬', '계수 정렬'].flatMap((sort) => [`## ${sort}`, '', `${sort}은 원소를 비교해 정렬한다.`, '', '### 단점', '', `${sort}의 단점은 데이터가 많으면 느리다는 것이다.`, '']),
    ].join('\n');
    await withOneNote(note, 'morph', async (kb, open) => {
      expect(await firstSection(kb, '퀵소트 단점 뭐 있음?')).toBe('단점');
      const oldWeight = await open({ indexDir: '', tuning: { fusion: { ...kb.tuning.fusion, coverage: 1.5 } } });
      // At the old weight a section with only `퀵소트`, repeated, came first.
      expect(['Quick Sort', 'Quick Sort vs Merge Sort']).toContain(await firstSection(oldWeight, '퀵소트 단점 뭐 있음?'));
    });
  });
});

describe('a section comparing two things beside one explaining one of them', () => {
  it('ranks the one that explains it first for a question about it alone, and the comparison first when the question compares', async () => {
    const note = [
      '# 동기화', '',
      '## Mutex Lock 과 Semaphore 의 차이점', '',
      'Semaphore는 Mutex Lock이 될 수 있지만 역은 성립하지 않는다. Mutex Lock은 자원 하나만 관리한다.', '',
      // The section that explains it says so under another heading, as the cs-study notes do.
      '## Software Solution', '',
      'Semaphore는 공유 자원에 접근할 수 있는 개수를 세는 정수 변수이다. Semaphore의 값은 wait와 signal 연산으로 바꾼다. Semaphore가 0이면 기다린다. 이진 Semaphore도 있다.', '',
      ...['Monitor', 'Spin Lock'].flatMap((name) => [`## ${name}`, '', `${name}은 임계 구역 문제를 푸는 방법이다.`, '']),
    ].join('\n');
    await withOneNote(note, 'morph', async (kb, open) => {
      expect(await firstSection(kb, 'What is a semaphore?')).toBe('Software Solution');
      const unpenalised = await open({ indexDir: '', tuning: { comparingSectionPenalty: 1 } });
      expect(await firstSection(unpenalised, 'What is a semaphore?')).toBe('Mutex Lock 과 Semaphore 의 차이점');
      expect(await firstSection(kb, 'Mutex Lock이랑 Semaphore 차이')).toBe('Mutex Lock 과 Semaphore 의 차이점');
    });
  });
});

describe('a section defining its subject beside one that mentions it as often', () => {
  it('ranks the defining section first when a definition is asked for, and only then', async () => {
    const note = [
      '# 네트워크', '',
      '## 서로 다른 프로토콜을 쓰는 두 네트워크를 연결하려면?', '',
      '프로토콜이 다르면 프로토콜을 변환하는 게이트웨이가 필요하다. 게이트웨이는 네트워크 사이의 프로토콜을 바꾼다.', '',
      '## 프로토콜이란', '',
      '프로토콜이란 메시지를 주고 받는 양식이나 규칙을 의미하는 통신 규약이다. 프로토콜은 계층별로 다르다.', '',
      ...['라우터', '스위치'].flatMap((name) => [`## ${name}`, '', `${name}는 네트워크 장비이다.`, '']),
    ].join('\n');
    const DEFINING = '프로토콜이란';
    await withOneNote(note, 'morph', async (kb, open) => {
      const unboosted = await open({ indexDir: '', tuning: { definingSectionBoost: 1 } });
      const score = async (base: LoadedKnowledgeBase, question: string, heading: string) => (await base.search(question)).find((hit) => hit.section.at(-1) === heading)?.score ?? 0;
      const definition = '네트워크 프로토콜이 뭐임?';
      expect(kb.tuning.definingSectionBoost).toBeGreaterThan(1);
      expect(await score(kb, definition, DEFINING)).toBeCloseTo(kb.tuning.definingSectionBoost * (await score(unboosted, definition, DEFINING)), 6);
      expect(await firstSection(kb, definition)).toBe(DEFINING);
      // Not asked what it is: no boost.
      const how = '프로토콜이 다른 네트워크는 어떻게 연결해?';
      expect(await score(kb, how, DEFINING)).toBe(await score(unboosted, how, DEFINING));
    });
  });
});

describe('a question for an amount', () => {
  it('is not answered when the notes name the thing but state no amount in that unit, and answered when they do', async () => {
    const note = [
      '# HTTP', '',
      '## Keep-Alive', '',
      'Keep-Alive 타임아웃 기본값은 서버 설정 파일에서 정한다. Keep-Alive 연결은 재사용된다.', '',
      '## Iteration', '',
      '이터레이션은 보통 2주 단위로 돌린다.', '',
    ].join('\n');
    await withOneNote(note, 'morph', async (kb) => {
      const amount = await kb.answer('Keep-Alive 타임아웃 기본값은 몇 초야?');
      expect(amount.answered).toBe(false);
      expect(amount.related.length).toBeGreaterThan(0);
      expect((await kb.answer('Keep-Alive 타임아웃 기본값은 어디서 정해?')).answered).toBe(true);
      expect((await kb.answer('이터레이션은 보통 몇 주 단위로 돌려?')).answered).toBe(true);
    });
  });
});

describe('formatting', () => {
  const citation: Citation = { n: 1, file: NOTE, section: ['Docker and VM', LONG_HEADING], anchor: 'x', lines: [97, 122], score: 0.03 };

  it('shortens long headings in a citation line', () => {
    expect(citationLine(citation)).toBe('[1] Docker and VM › 도커 이미지는 다른 환경에서도 동일하게 실… — docker-and-vm.md:97-122');
    expect(sectionLabel(['Docker and VM', '컨테이너의 장점'])).toBe('Docker and VM › 컨테이너의 장점');
    expect(sectionLabel(['가'.repeat(24)])).toBe('가'.repeat(24));
    expect(sectionLabel(['가'.repeat(25)])).toBe(`${'가'.repeat(23)}…`);
  });

  it('shows a one-line range once and puts the URL on its own line', () => {
    expect(locationLabel({ file: NOTE, lines: [5, 5] })).toBe('docker-and-vm.md:5');
    expect(citationLine({ ...citation, url: `${BASE_URL}${NOTE}#L97-L122` })).toBe(
      `[1] Docker and VM › 도커 이미지는 다른 환경에서도 동일하게 실… — docker-and-vm.md:97-122\n    ${BASE_URL}${NOTE}#L97-L122`,
    );
  });

  it('renders an answer as its text, then numbered sources', async () => {
    const answer = await kb.answer('다른 환경은 어떤 환경을 말하는건가요?');
    const rendered = renderAnswer(answer);
    expect(rendered.startsWith(`${answer.text}\n\n`)).toBe(true);
    // The source line names the lines quoted, not the whole section.
    expect(rendered).toContain('[1] Docker and VM › 도커 이미지는 다른 환경에서도 동일하게 실… — docker-and-vm.md:');
    expect(rendered).not.toContain('docker-and-vm.md:97-122');
    expect(rendered.split('\n').filter((l) => /^\[\d+\] /.test(l))).toHaveLength(answer.citations.length);
  });

  it('renders search results with the best-matching line, and no results as one line saying why', async () => {
    const hits = await kb.search('호스트 하이퍼바이저', { k: 2 });
    const lines = renderSearchHits(hits, { text: '호스트 하이퍼바이저', contentWords: 2 }).split('\n');
    expect(lines[0]).toMatch(/^1\. Docker and VM › .+ — docker-and-vm\.md:\d+(-\d+)?$/);
    expect(lines[1]).toBe(`   ${hits[0]!.snippet.text}`);
    const linkedHits = await linked.search('호스트 하이퍼바이저', { k: 2 });
    expect(renderSearchHits(linkedHits, { text: 'x', contentWords: 1 }).split('\n')[2]).toBe(`   ${linkedHits[0]!.url}`);
    for (const contentWords of [0, 2]) {
      const none = renderSearchHits([], { text: ' !!! ', contentWords });
      expect(none.split('\n')).toHaveLength(1);
      expect(none).toContain('“!!!”');
    }
    expect(renderSearchHits([], { text: '!!!', contentWords: 0 })).toMatch(/no words to search for/);
    expect(renderSearchHits([], { text: '양자역학', contentWords: 1 })).toMatch(/Nothing in the notes matches/);
    expect(snippet('```\ncode\n```\n산문 줄입니다.')).toBe('산문 줄입니다.');
    expect(snippet('\n첫 산문입니다.\n```\ncode\n```')).toBe('첫 산문입니다.');
    expect(snippet('가'.repeat(200), 10)).toBe(`${'가'.repeat(9)}…`);
  });
});
