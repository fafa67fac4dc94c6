import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEngineConfig } from '../src/config.js';
import { indexSource, KnowledgeHolder, watchForHolder } from '../src/discord/knowledge.js';
import { CoalescingRunner, type KnowledgeWatcher } from '../src/ingest/watch.js';
import { createLogger } from '../src/log/logger.js';
import { scratchKnowledge, SEED_NOTE } from './helpers/knowledge.js';

describe('CoalescingRunner (fake timers)', () => {
  beforeAll(() => {
    vi.useFakeTimers();
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it('makes one run of a burst of 50 notifications, after the quiet time', async () => {
    const run = vi.fn(async () => undefined);
    const runner = new CoalescingRunner(run, 1000, () => undefined);
    for (let i = 0; i < 50; i++) {
      runner.notify();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(1);
    await runner.close();
  });

  it('runs once more after a run that changes arrived during, never two at once', async () => {
    let release!: () => void;
    let active = 0;
    let most = 0;
    const run = vi.fn(async () => {
      active++;
      most = Math.max(most, active);
      await new Promise<void>((resolve) => (release = resolve));
      active--;
    });
    const runner = new CoalescingRunner(run, 10, () => undefined);
    runner.notify();
    await vi.advanceTimersByTimeAsync(10);
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i++) runner.notify();
    await vi.advanceTimersByTimeAsync(50);
    expect(run).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(2);
    release();
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(2);
    expect(most).toBe(1);
    await runner.close();
  });

  it('reports a failed run and keeps going', async () => {
    const errors: unknown[] = [];
    const run = vi.fn().mockRejectedValueOnce(new Error('disk full')).mockResolvedValue(undefined);
    const runner = new CoalescingRunner(run, 10, (error) => errors.push(error));
    runner.notify();
    await vi.advanceTimersByTimeAsync(10);
    expect(errors).toEqual([new Error('disk full')]);
    runner.notify();
    await vi.advanceTimersByTimeAsync(10);
    expect(run).toHaveBeenCalledTimes(2);
    await runner.close();
  });
});

/**
 * The bot's watch: real chokidar, real incremental ingest through the KnowledgeHolder `/reindex` uses.
 * Every wait is on a log event (a hang is caught by the test timeout), never on time.
 */
describe('watching the knowledge folder', () => {
  const ws = scratchKnowledge('watch-test-');
  const note = join(ws.knowledge, SEED_NOTE);
  const logs: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        for (const waiter of waiters) waiter();
        done();
      },
    }),
  });
  // Short quiet time: these tests wait for each rebuild, so it only needs to join the writes of one step. A long
  // parse budget: the unparsable note must fail as unparsable, not time out on a loaded machine first.
  const config = loadEngineConfig({ KNOWLEDGE_DIR: ws.knowledge, INDEX_DIR: ws.index, EMBEDDER: 'hashing', ANALYZER: 'ngram', WATCH_DEBOUNCE_MS: '300', LOG_LEVEL: 'silent', NOTE_PARSE_TIMEOUT_SECONDS: '120' });
  const source = indexSource(config, logger);
  let knowledge: KnowledgeHolder;
  let watcher: KnowledgeWatcher;

  beforeAll(async () => {
    await source.ingest();
    knowledge = new KnowledgeHolder(await source.open(), source);
    watcher = watchForHolder(knowledge, config, logger);
    await watcher.ready;
  });
  afterAll(async () => {
    await watcher.close();
    await knowledge.close();
    rmSync(ws.dir, { recursive: true, force: true });
  });
  afterEach(() => {
    logs.length = 0;
  });

  /** Resolves with the next `msg` logged after now. */
  function nextLog(msg: string): Promise<Record<string, unknown>> {
    const from = logs.length;
    return new Promise((resolve) => {
      const check = (): void => {
        const found = logs.slice(from).find((entry) => entry.msg === msg);
        if (!found) return;
        waiters.delete(check);
        resolve(found);
      };
      waiters.add(check);
    });
  }
  const REBUILT = 'notes changed: index rebuilt and swapped in';
  const filesCited = async (question: string): Promise<string[]> => (await knowledge.current.answer(question)).citations.map((c) => c.file);

  it('indexes an added note, an edit, a rename and a deletion, each after it happens', async () => {
    let rebuilt = nextLog(REBUILT);
    writeFileSync(join(ws.knowledge, 'k8s.md'), '# 쿠버네티스\n\n## 파드\n\n파드는 쿠버네티스에서 배포하는 가장 작은 단위이다.\n');
    expect(await rebuilt).toMatchObject({ added: 1, changed: 0, removed: 0 });
    expect(await filesCited('쿠버네티스 파드는 뭐야?')).toContain('k8s.md');

    rebuilt = nextLog(REBUILT);
    appendFileSync(join(ws.knowledge, 'k8s.md'), '\n## 서비스\n\n서비스는 파드 집합에 고정된 네트워크 주소를 준다.\n');
    expect(await rebuilt).toMatchObject({ changed: 1 });
    expect((await knowledge.current.answer('서비스는 파드 집합에 무엇을 주나요?')).text).toContain('고정된 네트워크 주소');

    rebuilt = nextLog(REBUILT);
    renameSync(join(ws.knowledge, 'k8s.md'), join(ws.knowledge, 'kubernetes.md'));
    // A rename is a deletion and an addition; both may land in one rebuild or two.
    await rebuilt;
    while (!(await filesCited('쿠버네티스 파드는 뭐야?')).includes('kubernetes.md')) await nextLog(REBUILT);
    expect(await filesCited('쿠버네티스 파드는 뭐야?')).not.toContain('k8s.md');

    rebuilt = nextLog(REBUILT);
    rmSync(join(ws.knowledge, 'kubernetes.md'));
    expect(await rebuilt).toMatchObject({ removed: 1 });
    expect(await filesCited('쿠버네티스 파드는 뭐야?')).not.toContain('kubernetes.md');
  });

  it('makes a burst of 50 saves into (at most a couple of) rebuilds that end with the last save', async () => {
    const original = readFileSync(note, 'utf8');
    const from = logs.length;
    const last = `${original}\n## 저장 49\n\n마지막 저장의 고유한 문장 사십구번.\n`;
    for (let i = 0; i < 50; i++) writeFileSync(note, `${original}\n## 저장 ${i}\n\n마지막 저장의 고유한 문장 ${i === 49 ? '사십구번' : `${i}번`}.\n`);
    expect(readFileSync(note, 'utf8')).toBe(last);
    while (!(await knowledge.current.answer('마지막 저장의 고유한 문장 사십구번')).text.includes('사십구번')) await nextLog(REBUILT);
    // Exactly one with fake timers above; here the real watcher may split the burst if the machine stalls.
    expect(logs.slice(from).filter((entry) => entry.msg === REBUILT).length).toBeLessThanOrEqual(2);
  });

  it('indexes a note written in two steps once it is complete', async () => {
    const path = join(ws.knowledge, 'half.md');
    let rebuilt = nextLog(REBUILT);
    writeFileSync(path, '# 반쯤 쓴 노트\n\n## 첫 부분\n\n처음 쓴 문장이다.\n');
    await rebuilt;
    rebuilt = nextLog(REBUILT);
    appendFileSync(path, '\n## 둘째 부분\n\n나중에 이어 쓴 문장은 완성된 노트에만 있다.\n');
    await rebuilt;
    expect((await knowledge.current.answer('나중에 이어 쓴 문장')).text).toContain('완성된 노트에만 있다');
    rmSync(path);
    await nextLog(REBUILT);
  });

  it('reports a note that cannot be parsed and still indexes the others', async () => {
    const skipped = nextLog('note skipped');
    const rebuilt = nextLog(REBUILT);
    writeFileSync(join(ws.knowledge, 'deep.md'), `${'>'.repeat(10_000)} 너무 깊은 인용\n`);
    writeFileSync(join(ws.knowledge, 'ok.md'), '# 정상 노트\n\n## 레지스트리\n\n레지스트리는 컨테이너 이미지를 보관하는 저장소이다.\n');
    expect(await skipped).toMatchObject({ file: 'deep.md', reason: expect.stringContaining('could not be parsed') });
    await rebuilt;
    expect(await filesCited('컨테이너 이미지를 보관하는 레지스트리')).toContain('ok.md');
  });
});
