import { describe, expect, it } from 'vitest';
import { ALTERNATIVE_WEIGHT, analyzeQuery, coverage } from '../src/retrieval/query.js';
import { reciprocalRankFusion, RRF_K } from '../src/retrieval/search.js';
import { ngramAnalyzer } from '../src/text/analyzer.js';
import type { Glossary } from '../src/text/glossary.js';

const glossary: Glossary = {
  groups: [
    ['environment', 'environments', '환경'],
    ['advantage', 'advantages', '장점'],
    ['container', '컨테이너'],
  ],
};

describe('reciprocalRankFusion', () => {
  it('scores each item Σ 1 / (k + rank), ranks from 1', () => {
    const scores = reciprocalRankFusion([
      [10, 20, 30],
      [30, 10],
    ]);
    expect(scores.get(10)).toBeCloseTo(1 / (RRF_K + 1) + 1 / (RRF_K + 2), 12);
    expect(scores.get(20)).toBeCloseTo(1 / (RRF_K + 2), 12);
    expect(scores.get(30)).toBeCloseTo(1 / (RRF_K + 3) + 1 / (RRF_K + 1), 12);
    expect([...scores.keys()].sort()).toEqual([10, 20, 30]);
  });

  it('puts an item first in both lists above items first in only one', () => {
    const scores = reciprocalRankFusion([
      [1, 2, 3],
      [1, 3, 2],
    ]);
    expect(scores.get(1)!).toBeGreaterThan(scores.get(2)!);
    expect(scores.get(1)!).toBeGreaterThan(scores.get(3)!);
    const split = reciprocalRankFusion([
      [7, 8],
      [9, 7],
    ]);
    // 7 is first in one list and second in the other: it beats 8 and 9, each first or second in just one.
    expect(split.get(7)!).toBeGreaterThan(split.get(9)!);
    expect(split.get(7)!).toBeGreaterThan(split.get(8)!);
  });

  it('prefers agreement: second in both beats first in one and missing from the other', () => {
    const scores = reciprocalRankFusion([
      [1, 2],
      [3, 2],
    ]);
    expect(scores.get(2)!).toBeGreaterThan(scores.get(1)!);
    expect(scores.get(1)).toBeCloseTo(scores.get(3)!, 12);
  });

  it('returns nothing for empty lists', () => {
    expect(reciprocalRankFusion([[], []]).size).toBe(0);
  });
});

describe('analyzeQuery', () => {
  it('drops Korean question words and request phrasing, keeping the content words', () => {
    const query = analyzeQuery('컨테이너의 장점은 무엇인가요? 어떤 환경을 설명해줘', ngramAnalyzer, { groups: [] });
    expect(query.groups.map((g) => g.word)).toEqual(['컨테이너의', '장점은', '환경을']);
    expect(query.groups[0]!.terms).toEqual(ngramAnalyzer.analyze('컨테이너의'));
    const asked = analyzeQuery('다른 환경은 어떤 환경을 말하는건가요?', ngramAnalyzer, { groups: [] });
    expect(asked.groups.map((g) => g.word)).toEqual(['다른', '환경은', '환경을']);
  });

  it('drops English stop words', () => {
    const query = analyzeQuery('What are the advantages of a container?', ngramAnalyzer, { groups: [] });
    expect(query.groups.map((g) => g.word)).toEqual(['advantages', 'container']);
    expect(query.terms).toEqual([
      { term: 'advantage', weight: 1 },
      { term: 'container', weight: 1 },
    ]);
  });

  it('attaches glossary counterparts to the words they match, at a lower weight', () => {
    const query = analyzeQuery('what are the advantages of containers', ngramAnalyzer, glossary);
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

  it('does not widen a Korean question with English counterparts', () => {
    const query = analyzeQuery('다른 환경은?', ngramAnalyzer, glossary);
    const environment = query.groups.find((g) => g.word === '환경은')!;
    expect(environment.alternatives).toEqual([]);
    expect(query.expandedText).toBe('다른 환경은?');
  });

  it('leaves the text alone when nothing in the glossary matches', () => {
    const query = analyzeQuery('파이썬 GIL이 뭐야?', ngramAnalyzer, glossary);
    expect(query.expandedText).toBe('파이썬 GIL이 뭐야?');
    expect(query.groups.map((g) => g.word)).toEqual(['파이썬', 'gil이']);
    expect(query.groups.every((g) => g.alternatives.length === 0)).toBe(true);
  });
});

describe('coverage', () => {
  const idf = (term: string) => ({ 컨테: 2, 테이: 2, 이너: 2, 장점: 3 })[term] ?? 1;

  it('is 1 when every content word is present and 0 when none is', () => {
    const query = analyzeQuery('컨테이너 장점', ngramAnalyzer, { groups: [] });
    expect(coverage(query, new Set(['컨테', '테이', '이너', '장점', '기타']), idf)).toBe(1);
    expect(coverage(query, new Set(['하이', '이퍼']), idf)).toBe(0);
  });

  it('weights each word by its rarest term', () => {
    const query = analyzeQuery('컨테이너 장점', ngramAnalyzer, { groups: [] });
    expect(coverage(query, new Set(['장점']), idf)).toBeCloseTo(3 / 5, 12);
    expect(coverage(query, new Set(['컨테', '테이']), idf)).toBeCloseTo(2 / 5, 12);
  });

  it('needs at least half of a word’s terms', () => {
    const query = analyzeQuery('컨테이너', ngramAnalyzer, { groups: [] });
    expect(coverage(query, new Set(['컨테']), idf)).toBe(0);
    expect(coverage(query, new Set(['컨테', '이너']), idf)).toBe(1);
  });

  it('counts a word as covered through a glossary counterpart', () => {
    const query = analyzeQuery('container advantages', ngramAnalyzer, glossary);
    expect(coverage(query, new Set([...ngramAnalyzer.analyze('컨테이너 장점')]), idf)).toBe(1);
    expect(coverage(query, new Set([...ngramAnalyzer.analyze('컨테이너')]), idf)).toBeGreaterThan(0);
    expect(coverage(query, new Set([...ngramAnalyzer.analyze('컨테이너')]), idf)).toBeLessThan(1);
  });

  it('is 0 for a question with no content words', () => {
    const query = analyzeQuery('what is it?', ngramAnalyzer, glossary);
    expect(query.groups).toEqual([]);
    expect(coverage(query, new Set(['anything']), idf)).toBe(0);
  });
});
