import kuromoji from 'kuromoji-ko';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BM25_B, BM25_K1, LexicalIndex, type WeightedTerm } from '../src/index/lexical.js';
import { createAnalyzer, ngramAnalyzer, stemEnglish, type Analyzer } from '../src/text/analyzer.js';

const terms = (...words: string[]): WeightedTerm[] => words.map((term) => ({ term, weight: 1 }));

/** Okapi BM25 of one term in one document, written out independently of the implementation. */
function bm25(tf: number, df: number, docs: number, length: number, avgLength: number): number {
  const idf = Math.log(1 + (docs - df + 0.5) / (df + 0.5));
  return (idf * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * length) / avgLength));
}

describe('BM25', () => {
  // Five documents of four terms each: `common` is everywhere but one, `rare` in one.
  const docs = [
    ['common', 'filler', 'pad', 'pad'],
    ['rare', 'filler', 'pad', 'pad'],
    ['common', 'other', 'pad', 'pad'],
    ['common', 'other', 'pad', 'pad'],
    ['common', 'other', 'pad', 'pad'],
  ];
  const index = LexicalIndex.build(docs);

  it('ranks the document matching the rarer term above the one matching the common term', () => {
    const hits = index.search(terms('common', 'rare'), 5);
    expect(hits[0]!.doc).toBe(1);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(index.idf('rare')).toBeGreaterThan(index.idf('common'));
  });

  it('computes the Okapi BM25 score', () => {
    const [hit] = index.search(terms('rare'), 1);
    expect(hit!.doc).toBe(1);
    expect(hit!.score).toBeCloseTo(bm25(1, 1, 5, 4, 4), 10);
    const common = index.search(terms('common'), 5);
    expect(common.map((h) => h.doc).sort()).toEqual([0, 2, 3, 4]);
    for (const h of common) expect(h.score).toBeCloseTo(bm25(1, 4, 5, 4, 4), 10);
  });

  it('normalises by document length', () => {
    const lengths = LexicalIndex.build([
      ['term', 'a'],
      ['term', 'a', 'b', 'c', 'd', 'e', 'f', 'g'],
    ]);
    const hits = lengths.search(terms('term'), 2);
    expect(hits.map((h) => h.doc)).toEqual([0, 1]);
    expect(hits[0]!.score).toBeCloseTo(bm25(1, 2, 2, 2, 5), 10);
    expect(hits[1]!.score).toBeCloseTo(bm25(1, 2, 2, 8, 5), 10);
  });

  it('saturates term frequency: more repeats help less and less, and never pass idf × (k1 + 1)', () => {
    const tfs = [1, 2, 4, 8, 16, 32];
    // Equal lengths, so only the term frequency differs; a document without the term keeps idf positive.
    const built = LexicalIndex.build([...tfs.map((tf) => [...Array<string>(tf).fill('word'), ...Array<string>(32 - tf).fill('pad')]), Array<string>(32).fill('pad')]);
    const byDoc = new Map(built.search(terms('word'), 10).map((h) => [h.doc, h.score]));
    const scores = tfs.map((_, doc) => byDoc.get(doc)!);
    for (let i = 1; i < scores.length; i++) {
      expect(scores[i]!).toBeGreaterThan(scores[i - 1]!);
      if (i > 1) expect(scores[i]! - scores[i - 1]!).toBeLessThan(scores[i - 1]! - scores[i - 2]!);
    }
    expect(scores[scores.length - 1]!).toBeLessThan(built.idf('word') * (BM25_K1 + 1));
    expect(scores[5]! / scores[0]!).toBeLessThan(2.5);
  });

  it('weights terms, and counts a term asked twice once at its highest weight', () => {
    const once = index.search([{ term: 'rare', weight: 1 }], 1)[0]!.score;
    expect(index.search([{ term: 'rare', weight: 0.5 }], 1)[0]!.score).toBeCloseTo(once / 2, 10);
    expect(index.search([{ term: 'rare', weight: 1 }, { term: 'rare', weight: 0.6 }], 1)[0]!.score).toBeCloseTo(once, 10);
  });

  it('returns at most k hits, best first, ties by document order, and nothing for unknown terms', () => {
    const hits = index.search(terms('common'), 2);
    expect(hits.map((h) => h.doc)).toEqual([0, 2]);
    expect(index.search(terms('missing'), 5)).toEqual([]);
    expect(LexicalIndex.build([]).search(terms('x'), 3)).toEqual([]);
  });

});

describe('ngram analyzer', () => {
  const analyze = (text: string) => ngramAnalyzer.analyze(text);

  it('makes Hangul bigrams, so a word with a particle shares the bare word’s terms', () => {
    expect(analyze('컨테이너')).toEqual(['컨테', '테이', '이너']);
    const withParticle = analyze('컨테이너의');
    for (const term of analyze('컨테이너')) expect(withParticle).toContain(term);
    expect(analyze('커널')).toEqual(['커널']);
  });

  it('keeps repeats, since term frequency matters', () => {
    expect(analyze('환경 환경').filter((t) => t === '환경')).toHaveLength(2);
  });

  it('lower-cases, stems and drops stop words in English', () => {
    expect(analyze('The Environments')).toEqual(['environment']);
    expect(analyze('what are the advantages of containers')).toEqual(['advantage', 'container']);
    expect(stemEnglish('libraries')).toBe('library');
    expect(stemEnglish('process')).toBe('process');
    expect(stemEnglish('boxes')).toBe('box');
    expect(stemEnglish('k8s')).toBe('k8s');
  });

  it('keeps an English word glued to a Korean particle as an English term', () => {
    expect(analyze('cgroups와')).toEqual(['cgroup']);
    expect(analyze('VM의 커널')).toEqual(['vm', '커널']);
    expect(analyze('Windows에서 Linux')).toEqual(['window', '에서', 'linux']);
    expect(analyze('K8s와 같은')).toEqual(['k8s', '같은']);
  });

  it('normalises decomposed Hangul (NFD) to the same terms', () => {
    expect(analyze('컨테이너'.normalize('NFD'))).toEqual(analyze('컨테이너'));
  });
});

describe('morph analyzer (kuromoji-ko)', () => {
  let morph: Analyzer;
  beforeAll(async () => {
    morph = await createAnalyzer('morph');
  });

  it('drops particles and endings', () => {
    const terms = morph.analyze('컨테이너의 장점은');
    expect(terms).toContain('컨테이너');
    expect(terms).toContain('장점');
    expect(terms).not.toContain('의');
    expect(terms).not.toContain('은');
    expect(terms.every((t) => t.length > 1 || /[a-z0-9]/.test(t))).toBe(true);
  });

  it('reduces inflected adjectives and verbs to their stems', () => {
    // In a phrase `다른` is 다르/VA + ㄴ/ETM; only the stem is kept. (Alone, the dictionary tags it MM, a determiner.)
    expect(morph.analyze('다른 환경')).toEqual(['다르', '환경']);
    expect(morph.analyze('다른 환경은 어떤 환경을')).toEqual(['다르', '환경', '환경']);
    expect(morph.analyze('커널이 자원을 할당합니다')).toEqual(['커널', '자원', '할당']);
    expect(morph.analyze('빠르게 시작하고 중지할 수 있으며')).toEqual(expect.arrayContaining(['빠르', '시작', '중지']));
  });

  it('treats English words like the ngram analyzer does', () => {
    expect(morph.analyze('the environments')).toEqual(['environment']);
    expect(morph.analyze('cgroups와 Windows에서')).toEqual(['cgroup', 'window']);
  });

  it('loads the dictionary once per process: a second analyzer builds no new tokenizer and agrees', async () => {
    const builds = vi.spyOn(kuromoji, 'builder');
    try {
      const again = await createAnalyzer('morph');
      expect(builds).not.toHaveBeenCalled();
      expect(again.analyze('컨테이너의 장점은')).toEqual(morph.analyze('컨테이너의 장점은'));
    } finally {
      builds.mockRestore();
    }
  });
});
