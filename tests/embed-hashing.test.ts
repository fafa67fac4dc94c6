import { describe, expect, it } from 'vitest';
import { HashingEmbedder, hashingEmbedderId } from '../src/embed/hashing.js';

const cosine = (a: Float32Array, b: Float32Array): number => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
};
const norm = (v: Float32Array): number => Math.sqrt(cosine(v, v));

describe('HashingEmbedder', () => {
  const embedder = new HashingEmbedder();

  it('is called `hashing` and has 384 dimensions by default', () => {
    expect(embedder.id).toBe('hashing');
    expect(embedder.dimensions).toBe(384);
    expect(embedder.embed('도커').length).toBe(384);
  });

  it('names non-default sizes in its id', () => {
    const small = new HashingEmbedder({ dimensions: 128 });
    expect(small.id).toBe('hashing:128');
    expect(hashingEmbedderId(384)).toBe('hashing');
    expect(small.embed('컨테이너').length).toBe(128);
    expect(() => new HashingEmbedder({ dimensions: 0 })).toThrow(RangeError);
  });

  it('returns unit-length vectors', () => {
    for (const text of ['도커와 VM에서 커널의 역할', 'Docker', '가', 'cgroups와 네임스페이스(namespace)']) {
      expect(norm(embedder.embed(text))).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic across calls and instances', () => {
    const text = '하이퍼바이저는 하드웨어 위에서 직접 실행됩니다.';
    const a = embedder.embed(text);
    const b = embedder.embed(text);
    const c = new HashingEmbedder().embed(text);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).toEqual(Array.from(a));
  });

  it('ranks particle variants of the same Korean words above unrelated text', () => {
    const a = embedder.embed('컨테이너의 장점');
    const b = embedder.embed('컨테이너 장점은');
    const unrelated = embedder.embed('하이퍼바이저 종류');
    expect(cosine(a, b)).toBeGreaterThan(0.4);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, unrelated) + 0.3);
  });

  it('matches a question to the passage that shares its words', () => {
    const passages = [
      '도커는 호스트 운영체제의 커널을 공유하여 실행되며, cgroups와 네임스페이스를 사용하여 자원을 격리합니다.',
      '타입 1 하이퍼바이저는 하드웨어 위에서 직접 실행됩니다. 주로 데이터 센터나 서버 환경에서 사용됩니다.',
      'VM의 가상 메모리를 실제 물리적 메모리에 매핑합니다.',
    ];
    const vectors = passages.map((p) => embedder.embed(p));
    const query = embedder.embed('도커가 자원을 격리하는 방법은?');
    const scores = vectors.map((v) => cosine(query, v));
    expect(scores.indexOf(Math.max(...scores))).toBe(0);
  });

  it('ignores case and Unicode normalisation form', () => {
    expect(Array.from(embedder.embed('DOCKER Container'))).toEqual(Array.from(embedder.embed('docker container')));
    const nfd = '컨테이너의 장점'.normalize('NFD');
    expect(nfd).not.toBe('컨테이너의 장점');
    expect(Array.from(embedder.embed(nfd))).toEqual(Array.from(embedder.embed('컨테이너의 장점')));
  });

  it('returns the all-zero vector for text without letters or digits (documented), without throwing', () => {
    for (const text of ['', '   ', '!?…', '\n\t']) {
      const v = embedder.embed(text);
      expect(v.length).toBe(384);
      expect(v.every((x) => x === 0)).toBe(true);
    }
  });

  it('handles very long words and astral characters', () => {
    const long = '가'.repeat(5000) + ' 😀😀 𝐀𝐁';
    expect(norm(embedder.embed(long))).toBeCloseTo(1, 5);
  });

  it('embeds queries and passages with the same function, in order, reporting progress', async () => {
    const texts = Array.from({ length: 2100 }, (_, i) => `문서 ${i} 컨테이너`);
    const progress: Array<[number, number]> = [];
    const vectors = await embedder.embedPassages(texts, (done, total) => progress.push([done, total]));
    expect(vectors).toHaveLength(texts.length);
    expect(Array.from(vectors[7]!)).toEqual(Array.from(embedder.embed(texts[7]!)));
    expect(Array.from(await embedder.embedQuery(texts[7]!))).toEqual(Array.from(vectors[7]!));
    expect(progress.at(-1)).toEqual([2100, 2100]);
    expect(progress.every(([done], i) => i === 0 || done > progress[i - 1]![0])).toBe(true);
  });
});
