import { describe, expect, it } from 'vitest';
import { LexicalIndex, type WeightedTerm } from '../src/index/lexical.js';

const terms = (...words: string[]): WeightedTerm[] => words.map((term) => ({ term, weight: 1 }));

/** The on-disk lexical index (lexical.bin): what is written is read back exactly, and damage is refused. */
describe('lexical index binary format', () => {
  const docs = [
    ['컨테이너', '장점', '이식성', 'docker', 'docker'],
    ['하이퍼바이저', '하드웨어', '직접', '실행'],
    ['컨테이너', '엔진', '이미지', '실행', '실행', '실행'],
    [],
    ['커널', '공유', '컨테이너', 'namespace'],
  ];
  const index = LexicalIndex.build(docs);
  const queries = [terms('컨테이너'), terms('실행', 'docker'), terms('커널', '없는말'), [{ term: '이미지', weight: 0.6 }, { term: '컨테이너', weight: 1 }]];

  it('round-trips with identical search results, idf and vocabulary', () => {
    const restored = LexicalIndex.fromBinary(index.toBinary());
    expect(restored.size).toBe(index.size);
    expect(restored.vocabularySize).toBe(index.vocabularySize);
    for (const query of queries) expect(restored.search(query, 10)).toEqual(index.search(query, 10));
    for (const term of ['컨테이너', 'docker', '없는말']) expect(restored.idf(term)).toBe(index.idf(term));
    expect([...restored.vocabulary()].sort()).toEqual([...index.vocabulary()].sort());
  });

  it('reads from an unaligned buffer too', () => {
    const bytes = index.toBinary();
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(LexicalIndex.fromBinary(shifted).search(terms('실행'), 3)).toEqual(index.search(terms('실행'), 3));
  });

  it('round-trips an empty index', () => {
    const empty = LexicalIndex.fromBinary(LexicalIndex.build([]).toBinary());
    expect(empty.size).toBe(0);
    expect(empty.search(terms('x'), 3)).toEqual([]);
  });

  it('answers whether a term occurs in any of some documents', () => {
    expect(index.containsAny('컨테이너', [1, 4])).toBe(true);
    expect(index.containsAny('컨테이너', [1, 3])).toBe(false);
    expect(index.containsAny('없는말', [0, 1, 2])).toBe(false);
    expect(LexicalIndex.fromBinary(index.toBinary()).containsAny('docker', [0])).toBe(true);
  });

  it('keeps the k best by score with ties in document order, like a full sort', () => {
    const many = LexicalIndex.build(Array.from({ length: 200 }, (_, i) => ['common', ...Array<string>(i % 7).fill('pad'), ...(i % 13 === 0 ? ['common'] : [])]));
    const all = many.search(terms('common'), 1000);
    expect(all).toHaveLength(200);
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!];
      expect(a.score > b.score || (a.score === b.score && a.doc < b.doc)).toBe(true);
    }
    for (const k of [1, 5, 50]) expect(many.search(terms('common'), k)).toEqual(all.slice(0, k));
    // Repeated searches reuse the accumulator: results must not leak between queries.
    expect(many.search(terms('common'), 5)).toEqual(all.slice(0, 5));
  });

  it('leaves out terms UTF-8 cannot carry (half a surrogate pair, NUL) and keeps the rest intact', () => {
    const odd = LexicalIndex.build([['좋은', '\uD835', 'x\u0000y'], ['좋은', '\uDC00', '문서'], ['𝐀𝐁', '문서']]);
    const restored = LexicalIndex.fromBinary(odd.toBinary());
    expect(restored.vocabularySize).toBe(3);
    for (const query of [terms('좋은'), terms('문서'), terms('𝐀𝐁')]) expect(restored.search(query, 5)).toEqual(odd.search(query, 5));
    expect(restored.search(terms('\uD835'), 5)).toEqual([]);
  });

  it('refuses truncated, padded and inconsistent data', () => {
    const good = index.toBinary();
    expect(() => LexicalIndex.fromBinary(good.subarray(0, 20))).toThrow(/truncated/);
    expect(() => LexicalIndex.fromBinary(good.subarray(0, good.length - 3))).toThrow(/truncated/);
    const padded = new Uint8Array(good.length + 4);
    padded.set(good);
    expect(() => LexicalIndex.fromBinary(padded)).toThrow(/trailing/);
    const badMagic = good.slice();
    badMagic[0] = 0;
    expect(() => LexicalIndex.fromBinary(badMagic)).toThrow(/unexpected shape/);
    // A posting pointing past the last document (first posting sits after header, lengths and offsets).
    const view = new DataView(good.buffer, good.byteOffset);
    const docCount = view.getUint32(24, true);
    const termCount = view.getUint32(28, true);
    const firstPosting = 48 + 4 * docCount + 4 * (termCount + 1);
    const badDoc = good.slice();
    new DataView(badDoc.buffer).setUint32(firstPosting, 999, true);
    expect(() => LexicalIndex.fromBinary(badDoc)).toThrow(/missing document 999/);
  });
});
