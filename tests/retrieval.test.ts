import { describe, expect, it } from 'vitest';
import { analyzeQuery, coverage, hangulBigrams, type PassageTerms } from '../src/retrieval/query.js';
import { ngramAnalyzer, type Analyzer } from '../src/text/analyzer.js';
import type { Glossary } from '../src/text/glossary.js';

const ALTERNATIVE_WEIGHT = 0.6;
const WEIGHTS = { alternativeWeight: ALTERNATIVE_WEIGHT, intentWeight: 0.3 };
/** A passage holding exactly these terms (and no bigrams). */
const holding = (terms: Iterable<string>): PassageTerms => {
  const set = new Set(terms);
  return { has: (t) => set.has(t), hasGram: () => false };
};

const glossary: Glossary = {
  groups: [
    ['environment', 'environments', '환경'],
    ['advantage', 'advantages', '장점'],
    ['container', '컨테이너'],
  ],
};

describe('analyzeQuery', () => {
  it('drops Korean question words and request phrasing, keeping the content words', () => {
    const query = analyzeQuery('컨테이너의 장점은 무엇인가요? 어떤 환경을 설명해줘', ngramAnalyzer, { groups: [] }, WEIGHTS);
    expect(query.groups.map((g) => g.word)).toEqual(['컨테이너의', '장점은', '환경을']);
    expect(query.groups[0]!.terms).toEqual(ngramAnalyzer.analyze('컨테이너의'));
    const asked = analyzeQuery('다른 환경은 어떤 환경을 말하는건가요?', ngramAnalyzer, { groups: [] }, WEIGHTS);
    expect(asked.groups.map((g) => g.word)).toEqual(['다른', '환경은', '환경을']);
  });

  it('drops casual stand-ins for the topic (애, 거, 개), which no note says', () => {
    const words = (q: string) => analyzeQuery(q, ngramAnalyzer, { groups: [] }, WEIGHTS).groups.map((g) => g.word);
    expect(words('중기 스케줄러는 뭐 하는 애야?')).toEqual(['중기', '스케줄러는']);
    expect(words('바벨이랑 폴리필 둘이 뭐하는 애들임')).toEqual(['바벨이랑', '폴리필']);
    expect(words('스택에 이것저것 넣는 거고 큐는')).toEqual(['스택에', '넣는', '큐는']);
    expect(words('send로 재개하는 거랑 next로 재개하는 거')).toEqual(['send로', '재개하는', 'next로', '재개하는']);
    expect(words('스택 두 개로 큐 만들 수 있어?')).not.toContain('개로');
    // Words that only start like one stay: 거래, 개발, 애플리케이션.
    expect(words('거래 개발 애플리케이션')).toEqual(['거래', '개발', '애플리케이션']);
  });

  it('drops adverbs of degree and frequency, which say how much or how often, not what about', () => {
    const words = (q: string) => analyzeQuery(q, ngramAnalyzer, { groups: [] }, WEIGHTS).groups.map((g) => g.word);
    expect(words('트랜잭션 범위를 최대한 좁게 잡으라는 이유')).toEqual(['트랜잭션', '범위를', '좁게', '잡으라는', '이유']);
    expect(words('Why is PreparedStatement usually faster than Statement?')).toEqual(['preparedstatement', 'faster', 'statement']);
    // A word that only starts like one stays: 항상성 is not 항상.
    expect(words('항상성 유지')).toEqual(['항상성', '유지']);
  });

  it('drops English stop words', () => {
    const query = analyzeQuery('What are the advantages of a container?', ngramAnalyzer, { groups: [] }, WEIGHTS);
    expect(query.groups.map((g) => g.word)).toEqual(['advantages', 'container']);
    expect(query.terms).toEqual([
      { term: 'advantage', weight: 1 },
      { term: 'container', weight: 1 },
    ]);
  });

  it('attaches glossary counterparts to the words they match, at a lower weight', () => {
    const query = analyzeQuery('what are the advantages of containers', ngramAnalyzer, glossary, WEIGHTS);
    const advantages = query.groups.find((g) => g.word === 'advantages')!;
    expect(advantages.alternatives).toContainEqual(ngramAnalyzer.analyze('장점'));
    const containers = query.groups.find((g) => g.word === 'containers')!;
    expect(containers.alternatives).toContainEqual(ngramAnalyzer.analyze('컨테이너'));
    for (const term of ngramAnalyzer.analyze('컨테이너')) expect(query.terms).toContainEqual({ term, weight: ALTERNATIVE_WEIGHT });
    expect(query.terms).toContainEqual({ term: 'container', weight: 1 });
    expect(query.expandedText.startsWith('what are the advantages of containers (')).toBe(true);
    expect(query.expandedText).toContain('장점');
    expect(query.expandedText).toContain('컨테이너');
  });

  it('widens a Korean word with its English counterparts, for notes that write the term in English', () => {
    const query = analyzeQuery('다른 환경은?', ngramAnalyzer, glossary, WEIGHTS);
    const environment = query.groups.find((g) => g.word === '환경은')!;
    expect(environment.alternatives).toContainEqual(['environment']);
    expect(query.expandedText).toContain('environment');
  });

  it('leaves the text alone when nothing in the glossary matches', () => {
    const query = analyzeQuery('파이썬 GIL이 뭐야?', ngramAnalyzer, glossary, WEIGHTS);
    expect(query.expandedText).toBe('파이썬 GIL이 뭐야?');
    expect(query.groups.map((g) => g.word)).toEqual(['파이썬', 'gil이']);
    expect(query.groups.every((g) => g.alternatives.length === 0)).toBe(true);
  });
});

describe('coverage', () => {
  const idf = (term: string) => ({ 컨테: 2, 테이: 2, 이너: 2, 장점: 3 })[term] ?? 1;

  it('is 1 when every content word is present and 0 when none is', () => {
    const query = analyzeQuery('컨테이너 장점', ngramAnalyzer, { groups: [] }, WEIGHTS);
    expect(coverage(query, holding(new Set(['컨테', '테이', '이너', '장점', '기타'])), idf, 1)).toBe(1);
    expect(coverage(query, holding(new Set(['하이', '이퍼'])), idf, 1)).toBe(0);
  });

  it('weights each word by its rarest term', () => {
    const query = analyzeQuery('컨테이너 장점', ngramAnalyzer, { groups: [] }, WEIGHTS);
    expect(coverage(query, holding(new Set(['장점'])), idf, 1)).toBeCloseTo(3 / 5, 12);
    expect(coverage(query, holding(new Set(['컨테', '테이'])), idf, 1)).toBeCloseTo(2 / 5, 12);
  });

  it('needs at least half of a word’s terms', () => {
    const query = analyzeQuery('컨테이너', ngramAnalyzer, { groups: [] }, WEIGHTS);
    expect(coverage(query, holding(new Set(['컨테'])), idf, 1)).toBe(0);
    expect(coverage(query, holding(new Set(['컨테', '이너'])), idf, 1)).toBe(1);
  });

  it('takes the names either side of a bracket as two words, so one of them cannot cover the other', () => {
    const query = analyzeQuery('DDD(도메인 주도 설계)가 뭐예요?', ngramAnalyzer, { groups: [] }, WEIGHTS);
    expect(query.groups.map((g) => g.word)).toEqual(['ddd', '도메인', '주도', '설계가']);
    // A note about domain names holds 도메인 but never DDD: it covers part of the question, not all of it.
    expect(coverage(query, holding(new Set([...ngramAnalyzer.analyze('도메인 주도 설계')])), idf, 1)).toBeLessThan(1);
  });

  it('counts a word as covered through a glossary counterpart', () => {
    const query = analyzeQuery('container advantages', ngramAnalyzer, glossary, WEIGHTS);
    expect(coverage(query, holding(new Set([...ngramAnalyzer.analyze('컨테이너 장점')])), idf, 1)).toBe(1);
    expect(coverage(query, holding(new Set([...ngramAnalyzer.analyze('컨테이너')])), idf, 1)).toBeGreaterThan(0);
    expect(coverage(query, holding(new Set([...ngramAnalyzer.analyze('컨테이너')])), idf, 1)).toBeLessThan(1);
  });

  it('counts a glossary phrase for one of its words only when the whole phrase is there', () => {
    const phrases: Glossary = { groups: [['옵저버 패턴', 'observer pattern']] };
    const query = analyzeQuery('옵저버 패턴이 뭐야?', ngramAnalyzer, phrases, WEIGHTS);
    const idf = () => 1;
    // `pattern` is half of "observer pattern", and none of 옵저버: a note on the singleton pattern is not about it.
    expect(coverage(query, holding(['패턴', '턴이', 'pattern']), idf, 1)).toBeLessThan(1);
    expect(coverage(query, holding(['패턴', '턴이', 'observer', 'pattern']), idf, 1)).toBe(1);
    // The same when the phrase is the counterpart of one word (옵저버 = observer pattern).
    const word = analyzeQuery('옵저버', ngramAnalyzer, { groups: [['observer', 'observer pattern', '옵저버']] }, WEIGHTS);
    expect(coverage(word, holding(['pattern']), idf, 1)).toBe(0);
    expect(coverage(word, holding(['observer']), idf, 1)).toBe(1);
  });

  it('gives a term’s counterparts to the word it is, not to a longer name that starts with it', () => {
    const strings: Glossary = { groups: [['string', '문자열']] };
    const query = analyzeQuery('String이랑 StringBuilder 차이', ngramAnalyzer, strings, WEIGHTS);
    expect(query.groups.find((g) => g.word === 'string이랑')!.alternatives).toContainEqual(ngramAnalyzer.analyze('문자열'));
    expect(query.groups.find((g) => g.word === 'stringbuilder')!.alternatives).toEqual([]);
    // Nor to a name joined to others by a hyphen or a dot: docker-compose.yml is not docker.
    const docker = analyzeQuery('docker-compose.yml 파일이랑 docker는', ngramAnalyzer, { groups: [['docker', '도커']] }, WEIGHTS);
    expect(docker.groups.find((g) => g.word === 'docker-compose.yml')!.alternatives).toEqual([]);
    expect(docker.groups.find((g) => g.word === 'docker는')!.alternatives).toContainEqual(ngramAnalyzer.analyze('도커'));
  });

  it('finds a compound the analyzer also splits as itself or as all its parts, not as one part', () => {
    const compounds: Analyzer = { name: 'ngram', isPredicate: () => false, analyze: (text) => text.split(/\s+/).flatMap((w) => (w === '웹소켓' ? ['웹', '소켓', '웹소켓'] : [w])) };
    const query = analyzeQuery('웹소켓', compounds, { groups: [] }, WEIGHTS);
    const idf = () => 1;
    expect(coverage(query, holding(['소켓']), idf, 1)).toBe(0);
    expect(coverage(query, holding(['웹소켓']), idf, 1)).toBe(1);
    expect(coverage(query, holding(['웹', '소켓']), idf, 1)).toBe(1);
  });

  it('finds a misspelt word by its bigrams, but not a prefixed word in a section about the word it leans on', () => {
    const words: Analyzer = { name: 'ngram', isPredicate: () => false, analyze: (text) => text.split(/\s+/).filter(Boolean) };
    const idf = () => 1;
    const withGrams = (terms: string[], text: string): PassageTerms => {
      const grams = new Set(hangulBigrams(text));
      return { has: (t) => terms.includes(t), hasGram: (t) => grams.has(t) };
    };
    // `트랜잭선` holds 트랜, 랜잭 of 트랜잭션: the notes' word, misspelt.
    expect(coverage(analyzeQuery('트랜잭선이', words, { groups: [] }, WEIGHTS), withGrams(['트랜잭션'], '트랜잭션'), idf, 1)).toBe(1);
    // 반정규화's bigrams 정규, 규화 are 정규화's: a section about normalisation does not cover denormalisation.
    const denormalisation = analyzeQuery('반정규화를', words, { groups: [] }, WEIGHTS);
    expect(coverage(denormalisation, withGrams(['정규화'], '정규화'), idf, 1)).toBe(0);
    expect(coverage(denormalisation, withGrams(['반정규화'], '반정규화'), idf, 1)).toBe(1);
  });

  it('is 0 for a question with no content words', () => {
    const query = analyzeQuery('what is it?', ngramAnalyzer, glossary, WEIGHTS);
    expect(query.groups).toEqual([]);
    expect(coverage(query, holding(new Set(['anything'])), idf, 1)).toBe(0);
  });
});
