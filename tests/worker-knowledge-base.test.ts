import { rmSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase, type LoadedKnowledgeBase } from '../src/engine/knowledge-base.js';
import { openWorkerKnowledgeBase } from '../src/engine/worker-knowledge-base.js';
import { ingest } from '../src/ingest/ingest.js';
import { startWorker } from '../src/workers/start.js';
import { UserError } from '../src/types.js';
import { scratchKnowledge } from './helpers/knowledge.js';

/**
 * The bot's knowledge base answers in a worker thread (src/engine/worker-knowledge-base.ts). It must be the
 * in-process knowledge base seen through a thread boundary: same answers, same errors, and a worker that dies
 * is reported and replaced rather than leaving the bot without answers.
 */
const scratch = scratchKnowledge('worker-kb-');
const BASE_URL = 'https://github.com/group/notes/blob/main/knowledge/';
const QUESTIONS = ['컨테이너의 장점은?', '도커 이미지는 다른 환경에서도 동일하게 실행되나요?', 'VM과 컨테이너의 차이는?', '쿠버네티스 오퍼레이터 패턴이란?'];
let local: LoadedKnowledgeBase;
let remote: LoadedKnowledgeBase;

beforeAll(async () => {
  await ingest({ knowledgeDir: scratch.knowledge, indexDir: scratch.index, embedder: { kind: 'hashing' }, analyzer: 'morph' });
  local = await openKnowledgeBase({ indexDir: scratch.index, notesBaseUrl: BASE_URL });
  remote = await openWorkerKnowledgeBase({ indexDir: scratch.index, notesBaseUrl: BASE_URL });
});

afterAll(async () => {
  await local?.dispose();
  await remote?.dispose();
  rmSync(scratch.dir, { recursive: true, force: true });
});

describe('worker-backed knowledge base', () => {
  it('answers and searches exactly as the in-process one, answered and not', async () => {
    for (const question of QUESTIONS) {
      expect(await remote.answer(question)).toEqual(await local.answer(question));
      expect(await remote.search(question, { k: 3 })).toEqual(await local.search(question, { k: 3 }));
    }
    expect((await remote.answer(QUESTIONS[0]!)).answered).toBe(true);
  });

  it('answers questions sent together, each its own', async () => {
    const answers = await Promise.all(QUESTIONS.map((q) => remote.answer(q)));
    expect(answers.map((a) => a.question)).toEqual(QUESTIONS);
  });

  it('has the same info, concepts, content words and analyzer on the calling thread', () => {
    expect(remote.info).toEqual(local.info);
    expect(remote.concepts()).toEqual(local.concepts());
    expect(remote.contentWords('컨테이너의 장점은?')).toEqual(local.contentWords('컨테이너의 장점은?'));
    expect(remote.analyzer.name).toBe(local.analyzer.name);
    expect(remote.notesBaseUrl).toBe(BASE_URL);
  });

  it('passes user errors back as UserErrors with the same code', async () => {
    for (const [question, options] of [['   ', undefined], ['가'.repeat(2000), undefined], ['컨테이너', { k: 0 }]] as const) {
      const inProcess = await local.answer(question, options).catch((e: unknown) => e);
      const threaded = await remote.answer(question, options).catch((e: unknown) => e);
      expect(threaded).toBeInstanceOf(UserError);
      expect(inProcess).toBeInstanceOf(UserError);
      expect((threaded as UserError).code).toBe((inProcess as UserError).code);
      expect((threaded as UserError).message).toBe((inProcess as UserError).message);
    }
  });

  it('reports a failure to open the index as the same UserError', async () => {
    const missing = `${scratch.dir}/no-index`;
    const inProcess = await openKnowledgeBase({ indexDir: missing }).catch((e: unknown) => e);
    const threaded = await openWorkerKnowledgeBase({ indexDir: missing }).catch((e: unknown) => e);
    expect(threaded).toBeInstanceOf(UserError);
    expect((threaded as UserError).code).toBe((inProcess as UserError).code);
  });

  it('reports a worker that died and answers the next question from a new one', async () => {
    const workers: Worker[] = [];
    const crashes: Error[] = [];
    const kb = await openWorkerKnowledgeBase(
      { indexDir: scratch.index },
      {
        onCrash: (error) => crashes.push(error),
        spawn: (options) => {
          const worker = startWorker(new URL('../src/engine/knowledge-worker.ts', import.meta.url), { workerData: options });
          workers.push(worker);
          return worker;
        },
      },
    );
    try {
      const before = await kb.answer(QUESTIONS[0]!);
      // The thread ends without the knowledge base asking: what a native crash looks like from outside.
      const exited = new Promise((resolve) => workers[0]!.once('exit', resolve));
      await workers[0]!.terminate();
      await exited;
      expect(crashes).toHaveLength(1);
      expect(crashes[0]!.message).toMatch(/stopped unexpectedly/);
      expect(await kb.answer(QUESTIONS[0]!)).toEqual(before);
      expect(workers).toHaveLength(2);
    } finally {
      await kb.dispose();
    }
  });

  it('dispose terminates the worker, and a closed knowledge base says so', async () => {
    const workers: Worker[] = [];
    const kb = await openWorkerKnowledgeBase(
      { indexDir: scratch.index },
      {
        spawn: (options) => {
          const worker = startWorker(new URL('../src/engine/knowledge-worker.ts', import.meta.url), { workerData: options });
          workers.push(worker);
          return worker;
        },
      },
    );
    const exited = new Promise<number>((resolve) => workers[0]!.once('exit', resolve));
    await kb.dispose();
    await exited;
    await expect(kb.answer(QUESTIONS[0]!)).rejects.toThrow(/closed/);
  });
});
