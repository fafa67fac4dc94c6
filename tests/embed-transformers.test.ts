import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TransformersEmbedder } from '../src/embed/transformers.js';
import { UserError } from '../src/types.js';
import { TINY_MODEL_DIMENSIONS, TINY_MODEL_MAX_LENGTH, TINY_MODEL_NAME } from '../scripts/make-model.js';

/**
 * These tests load tests/fixtures/models/tiny-ko-static (made by scripts/make-model.ts) through the real
 * transformers.js loading path (AutoModel/AutoTokenizer, ONNX Runtime), with remote models disabled.
 */
const MODELS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'models');
const local = { localModelPath: MODELS, allowRemoteModels: false } as const;

const cosine = (a: Float32Array, b: Float32Array): number => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
};

async function expectUnavailable(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).code).toBe('MODEL_UNAVAILABLE');
  return error as UserError;
}

/** A localhost port nobody listens on: connecting is refused at once, with or without internet. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('TransformersEmbedder on the tiny fixture model', () => {
  let embedder: TransformersEmbedder;

  beforeAll(async () => {
    embedder = await TransformersEmbedder.create({ model: TINY_MODEL_NAME, ...local, batchSize: 4 });
  });
  afterAll(async () => {
    await embedder?.dispose();
  });

  it('reports its id, and dimensions read from the model output', () => {
    expect(embedder.id).toBe(`transformers:${TINY_MODEL_NAME}`);
    expect(embedder.dimensions).toBe(TINY_MODEL_DIMENSIONS);
    expect(embedder.dtype).toBe('q8');
    expect(embedder.maxLength).toBe(TINY_MODEL_MAX_LENGTH);
  });

  it('returns unit-length vectors of the right size', async () => {
    const vectors = await embedder.embedPassages(['도커와 VM에서 커널의 역할', 'Docker and VM', '']);
    vectors.push(await embedder.embedQuery('컨테이너의 장점은?'));
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(TINY_MODEL_DIMENSIONS);
      expect(Math.sqrt(cosine(v, v))).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic, and a text gets the same vector whatever batch it is in', async () => {
    const texts = ['하이퍼바이저는 하드웨어 위에서 직접 실행됩니다.', '짧은 글', 'VM의 가상 메모리를 실제 물리적 메모리에 매핑합니다.', 'a', 'b c', '커널'];
    const first = await embedder.embedPassages(texts);
    const again = await embedder.embedPassages(texts);
    const alone = await embedder.embedPassages([texts[0]!]);
    expect(first.map((v) => Array.from(v))).toEqual(again.map((v) => Array.from(v)));
    alone[0]!.forEach((x, i) => expect(x).toBeCloseTo(first[0]![i]!, 6));
  });

  it('applies the e5 prefixes: `passage: ` for documents and `query: ` for questions', async () => {
    expect(embedder.tokenize('컨테이너 장점', 'query')).toEqual(['q', '##u', '##e', '##r', '##y', ':', '컨', '##테', '##이', '##너', '장', '##점']);
    expect(embedder.tokenize('컨테이너', 'passage').slice(0, 8)).toEqual(['p', '##a', '##s', '##s', '##a', '##g', '##e', ':']);

    const text = '컨테이너의 장점';
    const [asPassage] = await embedder.embedPassages([text]);
    const asQuery = await embedder.embedQuery(text);
    expect(cosine(asPassage!, asQuery)).toBeLessThan(0.999);

    // The prefix is the only difference: with the prefixes swapped, a passage embeds like the query.
    const swapped = await TransformersEmbedder.create({ model: TINY_MODEL_NAME, ...local, passagePrefix: 'query: ', queryPrefix: 'passage: ' });
    try {
      const [swappedPassage] = await swapped.embedPassages([text]);
      swappedPassage!.forEach((x, i) => expect(x).toBeCloseTo(asQuery[i]!, 6));
    } finally {
      await swapped.dispose();
    }
  });

  it('scores a question that shares words with a passage above an unrelated one', async () => {
    const [docker, hypervisor] = await embedder.embedPassages([
      '도커 컨테이너는 호스트 커널을 공유합니다',
      '타입 1 하이퍼바이저는 하드웨어 위에서 실행됩니다',
    ]);
    const query = await embedder.embedQuery('도커 컨테이너 커널');
    expect(cosine(query, docker!)).toBeGreaterThan(cosine(query, hypervisor!) + 0.05);
  });

  it('truncates long inputs to the model maximum length', async () => {
    const head = '가나다라마바사아자차카타파하 '.repeat(20); // far more than 128 tokens
    const [a, b] = await embedder.embedPassages([`${head} 도커 컨테이너`, `${head} 하이퍼바이저 종류`]);
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(embedder.tokenize(head, 'passage').length).toBeGreaterThan(TINY_MODEL_MAX_LENGTH);
  });

  it('reports progress per batch and keeps the input order', async () => {
    const texts = ['하나', '둘째 문장은 조금 더 깁니다', '셋', '넷째', '다섯째 문장', '여섯', '일곱째 글은 가장 길게 씁니다 정말로'];
    const progress: Array<[number, number]> = [];
    const vectors = await embedder.embedPassages(texts, (done, total) => progress.push([done, total]));
    expect(progress).toEqual([
      [4, 7],
      [7, 7],
    ]);
    for (let i = 0; i < texts.length; i++) {
      const [single] = await embedder.embedPassages([texts[i]!]);
      single!.forEach((x, d) => expect(x).toBeCloseTo(vectors[i]![d]!, 6));
    }
    expect(await embedder.embedPassages([])).toEqual([]);
  });
});

describe('TransformersEmbedder loading failures', () => {
  it('gives MODEL_UNAVAILABLE naming the model and folder when a model is missing and remote is off', async () => {
    const error = await expectUnavailable(TransformersEmbedder.create({ model: 'someone/not-downloaded-model', ...local }));
    expect(error.message).toContain('someone/not-downloaded-model');
    expect(error.message).toContain(path.join(MODELS, 'someone', 'not-downloaded-model'));
    expect(error.message).toContain('EMBEDDER=hashing');
    expect(error.message).not.toContain('\n');
  });

  it('names the ONNX file of the requested dtype when only that file is missing', async () => {
    const error = await expectUnavailable(TransformersEmbedder.create({ model: TINY_MODEL_NAME, ...local, dtype: 'fp32' }));
    expect(error.message).toContain('onnx/model.onnx');
  });

  it('reports incomplete or broken model folders as MODEL_UNAVAILABLE too', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'broken-models-'));
    try {
      cpSync(path.join(MODELS, TINY_MODEL_NAME), path.join(root, 'no-tokenizer'), { recursive: true });
      unlinkSync(path.join(root, 'no-tokenizer', 'tokenizer_config.json'));
      const missing = await expectUnavailable(TransformersEmbedder.create({ model: 'no-tokenizer', localModelPath: root, allowRemoteModels: false }));
      expect(missing.message).toContain('no-tokenizer');
      expect(missing.message).toContain('tokenizer_config.json is missing');

      cpSync(path.join(MODELS, TINY_MODEL_NAME), path.join(root, 'corrupt'), { recursive: true });
      writeFileSync(path.join(root, 'corrupt', 'onnx', 'model_quantized.onnx'), 'not an onnx file');
      const corrupt = await expectUnavailable(TransformersEmbedder.create({ model: 'corrupt', localModelPath: root, allowRemoteModels: false }));
      expect(corrupt.message).toContain('"corrupt"');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says the hub is unreachable when downloading fails on the network', async () => {
    const host = `http://127.0.0.1:${await closedPort()}/`;
    const error = await expectUnavailable(
      TransformersEmbedder.create({ model: 'someone/not-downloaded-model', localModelPath: MODELS, allowRemoteModels: true, remoteHost: host }),
    );
    expect(error.message).toContain('unreachable');
    expect(error.message).toContain(host);
  });

  it('loads and fails without printing to the console', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
    try {
      const ok = await TransformersEmbedder.create({ model: TINY_MODEL_NAME, ...local });
      await ok.embedQuery('안녕하세요');
      await ok.dispose();
      await expectUnavailable(TransformersEmbedder.create({ model: 'someone/not-downloaded-model', ...local }));
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('rejects a bad batch size as a user error', async () => {
    const error = await TransformersEmbedder.create({ model: TINY_MODEL_NAME, ...local, batchSize: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('BAD_ARGUMENT');
  });
});
