import { describe, expect, it } from 'vitest';
import { chunkNotes } from '../src/chunk/chunk.js';
import { FieldedLexicalIndex, type FieldBoosts } from '../src/index/fields.js';
import { parseNote } from '../src/notes/parse.js';
import { absentNames, answerConfidence, missingAmount } from '../src/retrieval/confidence.js';
import { analyzeQuery, chunkFieldTerms, coverage } from '../src/retrieval/query.js';
import { createSpellingIndex } from '../src/retrieval/spelling.js';
import { HASHING_TUNING } from '../src/retrieval/tuning.js';
import { createAnalyzer, normalize } from '../src/text/analyzer.js';
import type { Glossary } from '../src/text/glossary.js';
import type { Passage } from '../src/types.js';
import { SEED_NOTE, SEED_TEXT } from './helpers/knowledge.js';

const analyzer = await createAnalyzer('morph');
const noGlossary = { groups: [] };

describe('one analysis for notes and questions', () => {
  it('gives every word of the seed note the same terms in its chunk as the question side makes of it', () => {
    const chunks = chunkNotes([parseNote(SEED_NOTE, SEED_TEXT)]);
    let checked = 0;
    const missing: string[] = [];
    for (const chunk of chunks) {
      const indexed = new Set(chunkFieldTerms(chunk, analyzer).body);
      for (const word of normalize(chunk.text).split(/\s+/)) {
        for (const group of analyzeQuery(word, analyzer, noGlossary, HASHING_TUNING).groups) {
          checked++;
          for (const term of group.terms) if (!indexed.has(term)) missing.push(`${word} → ${term}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(missing).toEqual([]);
  });

  it('keeps the noun of a word ending in a particle as it reads inside a sentence (`함수의` is 함수, not 함 + 수의)', () => {
    for (const [word, noun] of [['함수의', '함수'], ['메모리의', '메모리'], ['테이블의', '테이블'], ['자료의', '자료'], ['구현의', '구현']] as const) {
      expect(analyzer.analyze(word), word).toContain(noun);
      // A question writing the noun with another particle finds it.
      expect(analyzer.analyze(`${noun}가`), noun).toContain(noun);
    }
    // A word that is a noun only at the end of a text keeps that reading too (`훅` before another word is an adverb).
    expect(analyzer.analyze('훅')).toEqual(['훅']);
  });

  it('keeps letters and digits written together as one name too (1NF, L7, IPv4), so 1NF is not just another 1', () => {
    expect(analyzer.analyze('1NF(제 1 정규형)')).toContain('1nf');
    expect(analyzer.analyze('L7 로드밸런서')).toContain('l7');
    expect(analyzer.analyze('IPv4 주소')).toContain('ipv4');
    // Numbers alone and words alone stay as they were.
    expect(analyzer.analyze('2023년 TCP')).toEqual(['2023', 'tcp']);
  });

  it('keeps 도커 whole wherever it stands in running text', () => {
    const terms = analyzer.analyze('도커는 호스트의 커널을 공유하고, 도커에서의 격리는 네임스페이스가 맡는다');
    expect(terms.filter((t) => t === '도커')).toHaveLength(2);
    expect(terms).not.toContain('커');
  });

  it('keeps operators as terms, so a question about && finds the note that explains it', () => {
    expect(analyzer.analyze('&& 랑 & 차이가 뭐야')).toEqual(['&&', '차이']);
    expect(analyzer.analyze('== 와 ===')).toEqual(expect.arrayContaining(['==', '===']));
    expect(analyzer.analyze('**굵게** --- 구분')).not.toContain('**');
  });

  it('reads complexity notation as one term however it is written, so a question’s logn finds a note’s O(log n)', () => {
    for (const written of ['O(log n)의', 'O(logN)', 'O(log(n))', 'logn이', 'O(lg n)']) expect(analyzer.analyze(written), written).toContain('logn');
    for (const written of ['O(n log n)', 'O(NlogN)', 'n logn']) expect(analyzer.analyze(written), written).toContain('nlogn');
    expect(analyzer.analyze('O(n^2)')).toEqual(analyzer.analyze('O(n²)'));
    // The question side splits its words from the same joined text: `log n` is one word there too.
    expect(analyzeQuery('힙 삭제가 O(log n)인 이유', analyzer, noGlossary, HASHING_TUNING).groups.map((g) => g.terms)).toContainEqual(['logn']);
    // English words are not variables: `log a message` keeps its log.
    expect(analyzer.analyze('log a message')).toEqual(['log', 'message']);
  });

  it("reads an acronym's plural as the acronym, so a question's REST APIs finds a note's REST API", () => {
    expect(analyzer.analyze('REST APIs를')).toEqual(analyzer.analyze('REST API를'));
    expect(analyzer.analyze('VMs and CPUs')).toEqual(['vm', 'cpu']);
    // Lower-case words ending in `is` keep it (the stemmer's rule), and an all-capitals word is no plural.
    expect(analyzer.analyze('analysis of DOS')).toEqual(['analysis', 'dos']);
  });

  it('gives an inflected predicate that ends a glossary phrase the phrase’s counterparts (`뭐가 좋아` → 장점)', () => {
    const glossary = { groups: [['advantage', '장점', '뭐가 좋'], ['knapsack problem', '배낭 문제']] };
    const groups = analyzeQuery('옵저버 패턴 쓰면 뭐가 좋아?', analyzer, glossary, HASHING_TUNING).groups;
    expect(groups.find((g) => g.word === '좋아')?.phrases).toContainEqual(['장점']);
    // A noun carrying a particle is not made a word of the phrase this way (배낭 is; 문제는 stays its own word).
    const knapsack = analyzeQuery('배낭 문제는 왜 어려워?', analyzer, glossary, HASHING_TUNING).groups;
    expect(knapsack.find((g) => g.word === '배낭')?.phrases).toContainEqual(['knapsack', 'problem']);
    expect(knapsack.find((g) => g.word === '문제는')?.phrases).toEqual([]);
  });

  it('weighs a casual one-syllable ending in ㅁ that closes the question (`왜 따로 줌?`) as the verb it is', () => {
    const groups = analyzeQuery('스레드마다 스택은 왜 따로 줌? ', analyzer, noGlossary, HASHING_TUNING).groups;
    expect(groups.find((g) => g.word === '줌')?.predicate).toBe(true);
    // Elsewhere in the question, a one-syllable word is what the dictionary says it is.
    expect(analyzeQuery('줌 기능 설명해줘', analyzer, noGlossary, HASHING_TUNING).groups.find((g) => g.word === '줌')?.predicate).toBe(false);
  });

  it('searches no words that say how often, how the answer should be put (`보통`, `한마디로`) or only ask', () => {
    const words = (q: string) => analyzeQuery(q, analyzer, noGlossary, HASHING_TUNING).groups.map((g) => g.word);
    expect(words('그리디 알고리즘이 뭐임? 한마디로')).toEqual(['그리디', '알고리즘이']);
    // Question phrasing is matched as a prefix only where every continuation is an ending: 좀비, 알고리즘, 인가, 설명서
    // and 마스터 정리 are content words; 좀, 알고 싶어요, 설명해줘, 의미가 are not.
    expect(words('좀비 프로세스가 뭐야')).toEqual(['좀비', '프로세스가']);
    expect(words('다익스트라 알고리즘 설명해줘')).toEqual(['다익스트라', '알고리즘']);
    expect(words('인증이랑 인가 차이')).toEqual(['인증이랑', '인가', '차이']);
    expect(words('마스터 정리가 뭐야')).toEqual(['마스터', '정리가']);
    expect(words('트랜잭션 의미가 뭐야 좀 알고 싶어요')).toEqual(['트랜잭션']);
    expect(words('좋은코드 기준으로 보통 뭐가 꼽혀?')).not.toContain('보통');
    expect(words('DBMS에서 제일 일반적으로 쓰는 인덱스 알고리즘이 뭐임')).not.toContain('제일');
    expect(words('explain deadlock briefly')).toEqual(['deadlock']);
    expect(words('Which conditions does a red-black tree have?')).not.toContain('have');
    expect(words("What's a semaphore? Can you give an example?")).toEqual(['semaphore', 'example']);
    expect(words('for문으로 투명도 조금씩 줄였는데 나중에 다시 보면')).not.toContain('조금씩');
    expect(words('for문으로 투명도 조금씩 줄였는데 나중에 다시 보면')).not.toContain('나중에');
    expect(words('왜 서서히 안 되고 한방에 투명해짐?')).toEqual(['투명해짐']);
  });

  it('searches no words that only point at the notes themselves (`what do the notes mention about …`)', () => {
    const words = analyzeQuery('What downsides of REST APIs do the notes mention?', analyzer, noGlossary, HASHING_TUNING).groups.filter((g) => !g.intent).map((g) => g.word);
    expect(words).toEqual(['downsides', 'rest', 'api']);
  });

  it('keeps a noun run whole beside its parts, so stray syllables do not stand for an unknown word', () => {
    expect(analyzer.analyze('교착상태')).toEqual(expect.arrayContaining(['교착', '상태', '교착상태']));
    expect(analyzer.analyze('샤딩은')).toContain('샤딩');
    expect(analyzer.analyze('정규화는')).toContain('정규화');
  });

  it('reads a count written out as the digit Korean notes write, and words named like object keys as words', () => {
    expect(analyzer.analyze('three ways to represent a graph')).toEqual(['3', 'way', 'represent', 'graph']);
    expect(analyzer.analyze('그래프 표현 방식에는 3가지가 있다')).toContain('3');
    // `which one` is a pronoun, not a count; `constructor` is a Java word, not Object's.
    expect(analyzer.analyze('which one')).toEqual(['one']);
    const terms = analyzer.analyze('constructor toString __proto__ two');
    expect(terms.every((t) => typeof t === 'string')).toBe(true);
    expect(terms).toEqual(expect.arrayContaining(['constructor', 'tostring', '2']));
  });

  it('keeps a built-in glossary term the dictionary would shred whole, with or without its particle', () => {
    // The dictionary reads these as their opposite or as another word: 비연결형 → 연결형, 다형성 → 형성, 저장점 → 장점.
    expect(analyzer.analyze('UDP는 비연결형(Connectionless) 프로토콜이다')).toEqual(expect.arrayContaining(['비연결형', 'connectionless']));
    expect(analyzer.analyze('UDP는 비연결형(Connectionless) 프로토콜이다')).not.toContain('연결형');
    expect(analyzer.analyze('다형성과 저장점')).toEqual(['다형성', '저장점']);
    expect(analyzer.analyze('메모이제이션이')).toEqual(analyzer.analyze('메모이제이션'));
    expect(analyzer.analyze('메모이제이션')).toEqual(['메모이제이션']);
    // The glossary's ask phrasings are inflected words, still read by the dictionary.
    expect(analyzer.analyze('좋은')).toEqual(['좋']);
  });
});

describe('fielded BM25', () => {
  const docs = [
    { section: ['운영체제', '교착상태', '교착상태란?'], text: '두 프로세스가 서로의 자원을 기다리며 멈춘 상태를 말한다.' },
    { section: ['운영체제', '스케줄링'], text: '교착상태가 생기지 않게 스케줄링을 조정하는 방법도 있다. 기아 상태는 에이징으로 푼다.' },
    { section: ['운영체제', '메모리'], text: '페이지 교체 알고리즘은 교체할 페이지를 고른다.' },
  ];
  const index = FieldedLexicalIndex.build(docs.map((d) => chunkFieldTerms(d, analyzer)));
  const query = (q: string) => analyzeQuery(q, analyzer, noGlossary, HASHING_TUNING).fields;

  it('ranks the section whose own heading names the term above one that only mentions it', () => {
    const hits = index.search(query('교착상태가 뭐야'), HASHING_TUNING.fields, 3);
    expect(hits[0]!.doc).toBe(0);
  });

  it('does not let a word that every chunk carries in its path or title decide the ranking', () => {
    const hits = index.search(query('운영체제 페이지 교체'), HASHING_TUNING.fields, 3);
    expect(hits[0]!.doc).toBe(2);
    // The note title is in every chunk: on its own it scores nothing to tell them apart.
    expect(index.fields.title.idf('운영') ?? 0).toBeLessThan(index.fields.body.idf('페이지'));
  });

  it('finds a misspelt word through its bigrams', () => {
    const onlyGrams: FieldBoosts = { body: 0, heading: 0, path: 0, title: 0, grams: 1 };
    expect(index.search(query('에이징'), onlyGrams, 3)[0]?.doc).toBe(1);
    expect(index.search(query('스케쥴링'), onlyGrams, 3)[0]?.doc).toBe(1);
  });

  it('reads back exactly what it wrote, and rejects damaged bytes', () => {
    const copy = FieldedLexicalIndex.fromBinary(index.toBinary());
    expect(copy.search(query('교착상태 기아'), HASHING_TUNING.fields, 3)).toEqual(index.search(query('교착상태 기아'), HASHING_TUNING.fields, 3));
    const bytes = index.toBinary();
    expect(() => FieldedLexicalIndex.fromBinary(bytes.subarray(0, bytes.length - 9))).toThrow();
    const wrong = bytes.slice();
    wrong[0] = 0;
    expect(() => FieldedLexicalIndex.fromBinary(wrong)).toThrow(/unexpected shape/);
  });
});

describe('question analysis', () => {
  it('searches the words that name the kind of answer at a low weight and leaves them out of coverage', () => {
    const q = analyzeQuery('도커랑 VM 차이가 뭐야?', analyzer, noGlossary, HASHING_TUNING);
    const difference = q.groups.find((g) => g.word.startsWith('차이'))!;
    expect(difference.intent).toBe(true);
    expect(q.terms.filter((t) => t.term === '차이').every((t) => t.weight === HASHING_TUNING.intentWeight)).toBe(true);
    expect(q.groups.filter((g) => !g.intent).map((g) => g.word)).toEqual(['도커랑', 'vm']);
  });

  it('does not search a favour asked with 주다 or 보다 apart from its verb (`설명해 주실`), nor how long the answer should be', () => {
    const words = (q: string) => analyzeQuery(q, analyzer, noGlossary, HASHING_TUNING).groups.map((g) => g.word);
    expect(words('데드락이 뭔지 한 줄로 설명해 주실 수 있어요?')).toEqual(['데드락이']);
    expect(words('쿠키 세션 비교해 줄 수 있어?')).toEqual(['쿠키', '세션', '비교해']);
    expect(words('인덱스 알려 줄래?')).toEqual(['인덱스']);
    expect(words('정규화를 두 문장으로 말해 봐')).toEqual(['정규화를']);
    // The same syllables as nouns are searched: 주기억장치 after a verb, 줄 and 문장 without a count before them.
    expect(words('주소를 찾아 주기억장치에 올리는 과정')).toContain('주기억장치에');
    expect(words('코드 줄 수 세는 법')).toContain('줄');
    expect(words('문장 단위로 나누는 이유')).toContain('문장');
  });

  it('does not search how a name is asked for (`뭐라고 불러요`) nor the words pointing back (`그럴 때`)', () => {
    const words = (q: string) => analyzeQuery(q, analyzer, noGlossary, HASHING_TUNING).groups.map((g) => g.word);
    expect(words('페이지가 메모리에 없는 상황을 뭐라고 불러요? 그럴 때 OS는 뭘 하고요?')).toEqual(['페이지가', '메모리에', '상황을', 'os는']);
    // 부르다 asked of something else is searched.
    expect(words('함수를 부르는 순서')).toContain('부르는');
  });

  it('judges coverage without a verb no note uses, but with an absent noun', () => {
    const q = analyzeQuery('FCFS는 실행 중인 프로세스 CPU를 뺏기도 해?', analyzer, noGlossary, HASHING_TUNING);
    const verb = q.groups.find((g) => g.word === '뺏기도')!;
    expect(verb.predicate).toBe(true);
    const nouns = q.groups.filter((g) => g !== verb).flatMap((g) => g.terms);
    const passage = { has: (t: string) => nouns.includes(t), hasGram: () => false };
    const idf = () => 3;
    const notesWithout = (absent: string[]) => (t: string) => !absent.includes(t);
    // 뺏 is the member's word for what the notes call 선점: with no note using it, the passage covers the question.
    expect(coverage(q, passage, idf, HASHING_TUNING.predicateWeight, notesWithout(verb.terms))).toBe(1);
    // A note that does use it could have said it here.
    expect(coverage(q, passage, idf, HASHING_TUNING.predicateWeight, notesWithout([]))).toBeLessThan(1);
    // A noun no note holds is what the question is about, and still uncovered.
    const fcfs = q.groups.find((g) => g.word === 'fcfs는')!.terms;
    const withoutFcfs = { has: (t: string) => nouns.includes(t) && !fcfs.includes(t), hasGram: () => false };
    expect(coverage(q, withoutFcfs, idf, HASHING_TUNING.predicateWeight, notesWithout([...verb.terms, ...fcfs]))).toBeLessThan(0.9);
  });

  it('keeps 장점 and 종류 as content: notes use them as headings', () => {
    const q = analyzeQuery('컨테이너 장점 종류', analyzer, noGlossary, HASHING_TUNING);
    expect(q.groups.every((g) => !g.intent)).toBe(true);
  });
});

describe('answer confidence', () => {
  const passage = (coverage: number): Passage => ({ sectionId: 'a', file: 'a.md', section: ['a'], anchor: '', lines: [1, 1], text: '', blocks: [], score: 1, similarity: 0, coverage });

  it('is the best coverage among the five passages a member is shown', () => {
    expect(answerConfidence([passage(0.2), passage(0.7), passage(0.4), passage(0.3), passage(0.6), passage(0.9)])).toBe(0.7);
    expect(answerConfidence([])).toBe(0);
  });

  it('does not search the counter of an amount asked for (`몇 주`, `몇주`), which notes write with the number', () => {
    const words = (q: string) => analyzeQuery(q, analyzer, noGlossary, HASHING_TUNING).groups.map((g) => g.word);
    expect(words('이터레이션은 보통 몇 주 단위로 돌려?')).toEqual(['이터레이션은', '단위로', '돌려']);
    expect(words('이터레이션은 몇주 단위로 돌려?')).toEqual(['이터레이션은', '단위로', '돌려']);
    // A noun counted (`3계층` keeps 계층) is searched.
    expect(words('서버가 이상하면 몇 계층 문제야?')).toContain('계층');
  });

  it('tells when a question asks for an amount in a unit that none of the first passages states', () => {
    const passage = (text: string) => ({ text });
    const keepAlive = [passage('HTTP Header에는 Keep-Alive 속성이 있는데, 이를 통해 연결에 대한 타임아웃을 지정할 수 있다.')];
    expect(missingAmount('HTTP Keep-Alive 타임아웃 기본값은 몇 초야?', keepAlive)).toBe('몇 초');
    expect(missingAmount('XP에서 이터레이션 한 번은 보통 몇주 단위로 돌려?', [passage('일반적으로 2주를 주기로 한 iteration을 진행한다.')])).toBeUndefined();
    expect(missingAmount('ping은 되는데 몇 계층 문제야?', [passage('Ping Test는 3계층(네트워크 레이어)에 속한다.')])).toBeUndefined();
    expect(missingAmount('해시 테이블은 몇 배로 늘려?', [passage('버킷 개수를 두 배로 늘린다.')])).toBeUndefined();
    // A count of things asked for is a list, not an amount; a question without 몇 asks for none.
    expect(missingAmount('정규화 하면 좋은점 몇 개만 알려줘', keepAlive)).toBeUndefined();
    expect(missingAmount('Keep-Alive 타임아웃은 어떻게 정해?', keepAlive)).toBeUndefined();
  });

  it('names the English words of a Korean question, and the acronyms of an English one, that no note contains, however much else the notes share', () => {
    const notes = new Set(['파이썬', '약한', '참조', 'python', 'gc', 'like', '세마포어', 'semaphore']);
    const absent = (q: string, glossary: Glossary = noGlossary) => absentNames(analyzeQuery(q, analyzer, glossary, HASHING_TUNING), (t) => notes.has(t));
    expect(absent('파이썬 weakref로 약한 참조 쓰는 방법 알려줘')).toEqual(['weakref']);
    expect(absent('GraphQL이랑 REST 차이가 뭔가요?')).toEqual(['GraphQL', 'REST']);
    // Known names, names the glossary turns into note words, notation and quoted examples are not absent.
    expect(absent('파이썬 GC는 약한 참조를 어떻게 다뤄?')).toEqual([]);
    expect(absent('mutex랑 세마포어 차이', { groups: [['mutex', '세마포어']] })).toEqual([]);
    // A glossary phrase is there only whole: `kmp 알고리즘` is not in notes that hold 알고리즘 and never KMP.
    const algorithms = new Set(['알고리즘', '비교']);
    expect(absentNames(analyzeQuery('KMP 알고리즘은 왜 빠른 거야?', analyzer, { groups: [['kmp', 'kmp 알고리즘']] }, HASHING_TUNING), (t) => algorithms.has(t))).toEqual(['KMP']);
    expect(absent('힙에서 꺼내면 왜 logn이 걸려?')).toEqual([]);
    expect(absent("참조로 LIKE 'abc%' 검색도 되나요?")).toEqual([]);
    // An English question is matched to Korean notes through the glossary and the embedder: its ordinary words are
    // not judged this way, but an acronym names its topic.
    expect(absent('What is weakref?')).toEqual([]);
    expect(absent('How does JWT-based authentication work?')).toEqual(['JWT']);
    // An acronym the notes write (as the analyzer stems it: CORS is cor) or reach through the glossary is not absent.
    const cors = new Set(['cor', 'http', 'preflight']);
    expect(absentNames(analyzeQuery('Which HTTP method does a CORS preflight use?', analyzer, noGlossary, HASHING_TUNING), (t) => cors.has(t))).toEqual([]);
    expect(absent('What is the GC in Python?')).toEqual([]);
    expect(absent('What does a mutex do, and what is a GIL?', { groups: [['gil', '세마포어']] })).toEqual([]);
  });
});

describe('spelling against the notes’ vocabulary', () => {
  const vocabulary = ['세마포어', '트랜잭션', '인터페이스', '프로세스', '스레드', '함수', 'handshake', 'semaphore', 'decision', 'heap'];
  const spelling = createSpellingIndex(() => vocabulary, (t) => vocabulary.includes(t));

  it('corrects a misspelt word one vowel or final consonant away', () => {
    expect(spelling.corrections('새마포어')).toEqual(['세마포어']);
    expect(spelling.corrections('트랜젝션')).toEqual(['트랜잭션']);
    expect(spelling.corrections('인터패이스')).toEqual(['인터페이스']);
  });

  it('corrects an English word one letter or one swap of neighbours away', () => {
    expect(spelling.corrections('handshaek')).toEqual(['handshake']);
    expect(spelling.corrections('semaphor')).toEqual(['semaphore']);
    expect(spelling.corrections('precision')).toEqual([]);
    expect(spelling.corrections('help')).toEqual([]);
  });

  it('leaves alone words the notes contain, short words and words far from any note word', () => {
    expect(spelling.corrections('프로세스')).toEqual([]);
    expect(spelling.corrections('함슈')).toEqual([]);
    expect(spelling.corrections('쿠버네티스')).toEqual([]);
  });

  it('gathers the vocabulary only for a word the notes lack, and once', () => {
    let gathered = 0;
    const lazy = createSpellingIndex(() => (gathered++, vocabulary), (t) => vocabulary.includes(t));
    // Words the notes contain, short words and notation: nothing to correct, so the vocabulary is never read.
    for (const word of ['프로세스', '함슈', 'heap', 'O(n)']) expect(lazy.corrections(word)).toEqual([]);
    expect(gathered).toBe(0);
    expect(lazy.corrections('새마포어')).toEqual(['세마포어']);
    expect(lazy.corrections('트랜젝션')).toEqual(['트랜잭션']);
    expect(gathered).toBe(1);
  });

  it('hands the correction to the question as a counterpart of the misspelt word', () => {
    const q = analyzeQuery('새마포어는 왜 써?', analyzer, noGlossary, HASHING_TUNING, spelling);
    expect(q.groups[0]!.alternatives).toContainEqual(analyzer.analyze('세마포어'));
  });

  it('corrects to a glossary term the notes never write, and searches what the notes call it', () => {
    // The notes say only 교착 상태; the member misspells the glossary's 데드락.
    const notes = ['교착', '상태', '조건'];
    const deadlock = { groups: [['deadlock', '데드락', '교착 상태']] };
    const corrected = createSpellingIndex(() => [...notes, 'deadlock', '데드락'], (t) => notes.includes(t));
    const q = analyzeQuery('데드럭 걸리는 조건', analyzer, deadlock, HASHING_TUNING, corrected);
    expect(q.groups[0]!.phrases).toContainEqual(analyzer.analyze('교착 상태'));
    // The glossary's own word is not a misspelling of itself.
    expect(corrected.corrections('데드락')).toEqual([]);
  });

  it('gives a Korean word the counterparts of a glossary term it starts or ends with, or that it is made of, not of one it spells by chance', () => {
    const glossary = { groups: [['log', '로그'], ['address', '주소'], ['server', '서버']] };
    const alternatives = (q: string) => analyzeQuery(q, analyzer, glossary, HASHING_TUNING).groups[0]!.alternatives.flat();
    expect(alternatives('프로그래밍이 뭐야')).not.toContain('log');
    expect(alternatives('개방주소법이 뭐야')).toContain('address');
    expect(alternatives('웹서버가 뭐야')).toContain('server');
    expect(alternatives('로그는 어디에 남아?')).toContain('log');
  });

  it('corrects to a word of a glossary phrase, and reads it with its neighbours', () => {
    // The notes say 반응형 프로그래밍 and Reactive Programming; the member misspells the glossary's 리액티브.
    const notes = ['반응형', '프로그래밍', 'reactive', 'programming'];
    const reactive = { groups: [['reactive programming', '반응형 프로그래밍', '리액티브 프로그래밍']] };
    const corrected = createSpellingIndex(() => [...notes, '리액티브'], (t) => notes.includes(t));
    const q = analyzeQuery('리엑티브 프로그래밍이 머임', analyzer, reactive, HASHING_TUNING, corrected);
    expect(q.groups[0]!.phrases).toContainEqual(analyzer.analyze('반응형 프로그래밍'));
  });
});
