import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childCwd, childEnv, ROOT, runCli, scratchKnowledge, startChild } from './helpers/cli.js';
import { SEED_NOTE } from './helpers/knowledge.js';

/**
 * Issue 10: `ask` and `search` never answer from notes that changed without refreshing the index or saying
 * so. Hashing embedder (the refresh uses the embedder the index was built with); a real child process where the
 * test types into a running session or stops a watch with Ctrl-C.
 */
describe('CLI refresh before answering', () => {
  const ws = scratchKnowledge('cli-refresh-');
  const at = ['--knowledge', ws.knowledge, '--index', ws.index];
  const note = join(ws.knowledge, SEED_NOTE);
  const REFRESHED = /^Notes changed since the index was built \((.+)\): re-indexed in [\d.]+ s \(\d+ chunks? embedded, \d+ reused\)\.$/;

  beforeAll(async () => {
    const result = await runCli(['ingest', ...at, '--embedder', 'hashing', '--analyzer', 'ngram']);
    expect(result.code, result.stderr).toBe(0);
  });
  afterAll(() => rmSync(ws.dir, { recursive: true, force: true }));

  async function askJson(question: string, extra: string[] = []) {
    const result = await runCli(['ask', ...at, '--json', ...extra, question]);
    expect(result.code, result.stderr).toBe(0);
    return { json: JSON.parse(result.stdout), stderr: result.stderr.trim() };
  }

  it('says nothing and rebuilds nothing when the notes did not change', async () => {
    const { json, stderr } = await askJson('컨테이너의 장점은 뭐야?');
    expect(json.answered).toBe(true);
    expect(stderr).toBe('');
  });

  it('after lines are added at the top of a note, cites the lines where the text now is, with one notice line', async () => {
    const before = (await askJson('다른 환경은 어떤 환경을 말하는건가요?')).json.citations[0].lines as [number, number];
    writeFileSync(note, `# 머리말\n\n새로 추가한 줄.\n\n${readFileSync(note, 'utf8')}`);
    const { json, stderr } = await askJson('다른 환경은 어떤 환경을 말하는건가요?');
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(REFRESHED);
    expect(stderr).toContain('1 changed');
    const [start, end] = json.citations[0].lines as [number, number];
    expect(start).toBe(before[0] + 4);
    const lines = readFileSync(note, 'utf8').split('\n');
    expect(lines.slice(start - 1, end).join('\n')).toContain('다른 환경은 운영체제의 차이와');
    // Refreshed once: the next question finds the index fresh.
    expect((await askJson('다른 환경은 어떤 환경을 말하는건가요?')).stderr).toBe('');
  });

  it('answers from a note added after the index was built, and never cites it once it is deleted', async () => {
    const added = join(ws.knowledge, 'kubernetes.md');
    writeFileSync(added, '# 쿠버네티스\n\n## 파드\n\n파드는 쿠버네티스에서 배포할 수 있는 가장 작은 단위이며 하나 이상의 컨테이너를 묶는다.\n');
    const asked = await askJson('쿠버네티스 파드는 뭐야?');
    expect(asked.stderr).toContain('1 added');
    expect(asked.json.citations[0].file).toBe('kubernetes.md');
    rmSync(added);
    const after = await askJson('쿠버네티스 파드는 뭐야?');
    expect(after.stderr).toContain('1 removed');
    const cited = [...after.json.citations, ...after.json.related, ...after.json.results].map((c: { file: string }) => c.file);
    expect(cited).not.toContain('kubernetes.md');
  });

  it('answers from the index as it is, saying so, while another process holds the ingest lock', async () => {
    writeFileSync(note, `${readFileSync(note, 'utf8')}\n## 잠금\n\n다른 프로세스가 색인하는 중.\n`);
    // The test runner's main process: alive, and not this one (where the in-process CLI runs), so the lock is
    // not a leftover to take over.
    writeFileSync(join(ws.index, '.ingest.lock'), String(process.ppid));
    try {
      const { json, stderr } = await askJson('컨테이너의 장점은 뭐야?');
      expect(json.answered).toBe(true);
      expect(stderr).toMatch(/^Notes changed since the index was built \(.*1 changed.*\); another process is re-indexing .+ right now: answering from the index as it is\.$/);
    } finally {
      rmSync(join(ws.index, '.ingest.lock'));
    }
    expect((await askJson('컨테이너의 장점은 뭐야?')).stderr).toMatch(REFRESHED);
  });

  it('with --no-refresh answers from the old index and says so; search refreshes too', async () => {
    writeFileSync(note, `${readFileSync(note, 'utf8')}\n## 메모\n\n오케스트레이션 도구는 많은 컨테이너를 관리한다.\n`);
    const stale = await askJson('오케스트레이션 도구', ['--no-refresh']);
    expect(stale.stderr).toMatch(/^Notes changed since the index was built \(.*1 changed.*\): answering from the old index \(--no-refresh\); citations may be out of date\.$/);
    const search = await runCli(['search', ...at, '--json', '오케스트레이션 도구']);
    expect(search.code, search.stderr).toBe(0);
    expect(search.stderr.trim()).toMatch(REFRESHED);
    expect(JSON.parse(search.stdout).results[0].section.at(-1)).toBe('메모');
  });
});

describe('a session of many questions', () => {
  it('checks the notes before each question read from stdin, so an edit between two questions is answered', async () => {
    const ws = scratchKnowledge('cli-session-');
    const cwd = childCwd();
    expect((await runCli(['ingest', '--knowledge', ws.knowledge, '--index', ws.index, '--embedder', 'hashing', '--analyzer', 'ngram'])).code).toBe(0);
    const child = startChild([join(ROOT, 'src', 'cli.ts'), 'ask', '--json', '--index', ws.index], { cwd, env: childEnv(cwd, { LOG_LEVEL: 'error' }) });
    try {
      child.process.stdin!.write('레지스트리는 무엇을 보관해?\n');
      await child.waitForOutput('"question":"레지스트리는 무엇을 보관해?"', 'stdout');
      expect(child.stderr()).toBe('');
      appendFileSync(join(ws.knowledge, SEED_NOTE), '\n## 레지스트리\n\n레지스트리는 컨테이너 이미지를 보관하는 저장소이다.\n');
      child.process.stdin!.write('레지스트리는 무엇을 보관하는 저장소야?\n');
      await child.waitForOutput('"question":"레지스트리는 무엇을 보관하는 저장소야?"', 'stdout');
      child.process.stdin!.end();
      expect(await child.exited).toMatchObject({ code: 0 });
      const second = JSON.parse(child.stdout().trim().split('\n')[1]!);
      expect(second.answer).toContain('컨테이너 이미지를 보관하는 저장소');
      expect(child.stderr().trim()).toMatch(/^Notes changed since the index was built \(.*1 changed.*\): re-indexed in/);
    } finally {
      child.process.kill('SIGKILL');
      rmSync(ws.dir, { recursive: true, force: true });
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('ingest --watch', () => {
  it('re-indexes after a change, keeps watching after a failed run, and stops cleanly on Ctrl-C', async () => {
    const ws = scratchKnowledge('cli-watch-');
    const cwd = childCwd();
    const child = startChild([join(ROOT, 'src', 'cli.ts'), 'ingest', '--watch', '--knowledge', ws.knowledge, '--index', ws.index, '--embedder', 'hashing', '--analyzer', 'ngram'], {
      cwd,
      env: childEnv(cwd, { WATCH_DEBOUNCE_MS: '200', LOG_LEVEL: 'error' }),
    });
    try {
      await child.waitForOutput('Watching ');
      appendFileSync(join(ws.knowledge, SEED_NOTE), '\n## 추가\n\n감시 중에 추가한 문장.\n');
      await child.waitForOutput('0 added, 1 changed, 0 removed');
      // Every note gone: that run fails with the usual message, the old index stays, the watch goes on.
      renameSync(join(ws.knowledge, SEED_NOTE), join(ws.dir, SEED_NOTE));
      await child.waitForOutput('Re-indexing failed (the previous index is kept)');
      renameSync(join(ws.dir, SEED_NOTE), join(ws.knowledge, 'back.md'));
      await child.waitForOutput('1 added, 0 changed, 1 removed');
      child.process.kill('SIGINT');
      expect(await child.exited).toMatchObject({ code: 0 });
      expect(child.stderr()).toContain('Stopped watching.');
    } finally {
      child.process.kill('SIGKILL');
      rmSync(ws.dir, { recursive: true, force: true });
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
