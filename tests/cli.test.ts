import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchKnowledge } from './helpers/cli.js';

/**
 * The CLI contract from issue 2, exercised through the CLI's `runCli` in this process (what a child would be
 * given: arguments, environment, stdin) with the real transformers.js loading path on the generated tiny model.
 */
describe('CLI', () => {
  const { knowledge, index } = scratchKnowledge();
  const at = ['--knowledge', knowledge, '--index', index];

  beforeAll(async () => {
    const result = await runCli(['ingest', ...at]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/1 added/);
  });

  it('answers the seed question with the 다른 환경 section cited, as JSON', async () => {
    const result = await runCli(['ask', ...at, '--json', '다른 환경은 어떤 환경을 말하는건가요?']);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ question: '다른 환경은 어떤 환경을 말하는건가요?', answered: true, embedder: 'transformers:tiny-ko-static' });
    expect(json.answer).toContain('개발 환경, 테스트 환경, 클라우드 환경');
    expect(json.citations[0]).toMatchObject({ n: 1, file: 'docker-and-vm.md' });
    expect(json.citations[0].section.at(-1)).toContain('다른 환경은 어떤 환경을 말하는건가요?');
    const [start, end] = json.citations[0].lines;
    const lines = readFileSync(join(knowledge, 'docker-and-vm.md'), 'utf8').split('\n');
    expect(lines.slice(start - 1, end).join('\n')).toContain('다른 환경은 운영체제의 차이와');
    expect(json.results.length).toBeLessThanOrEqual(5);
    expect(new Set(json.results.map((r: { section: string[] }) => r.section.join('/'))).size).toBe(json.results.length);
  });

  it('answers the English question from the Korean note', async () => {
    const result = await runCli(['ask', ...at, '--json', 'what are the other environments?']);
    const json = JSON.parse(result.stdout);
    expect(json.answered).toBe(true);
    expect(json.citations.some((c: { section: string[] }) => c.section.at(-1)?.includes('다른 환경은 어떤 환경'))).toBe(true);
  });

  it('prints a human answer followed by numbered citations', async () => {
    const result = await runCli(['ask', ...at, '컨테이너의 장점은 뭐야?']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/이식성/);
    expect(result.stdout).toMatch(/\[1\] Docker and VM › 컨테이너의 장점 — docker-and-vm\.md:\d+-\d+/);
  });

  it('says the notes do not cover an unrelated question instead of guessing', async () => {
    const json = JSON.parse((await runCli(['ask', ...at, '--json', '파이썬 GIL이 뭐야?'])).stdout);
    expect(json.answered).toBe(false);
    expect(json.answer).toBe('');
    expect(json.citations).toEqual([]);
    expect(json.related.length).toBeGreaterThan(0);
  });

  it('reads one question per stdin line with --json and answers each on its own line', async () => {
    const result = await runCli(['ask', ...at, '--json'], { input: '컨테이너 엔진이란?\n\n   \n호스트 하이퍼바이저는 어디서 실행돼?\n' });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.question)).toEqual(['컨테이너 엔진이란?', '호스트 하이퍼바이저는 어디서 실행돼?']);
    expect(lines[1].citations[0].section.at(-1)).toBe('호스트 하이퍼바이저');
  });

  it('search lists ranked distinct sections with -k', async () => {
    const result = await runCli(['search', ...at, '--json', '-k', '3', '하이퍼바이저']);
    const json = JSON.parse(result.stdout);
    expect(json.results).toHaveLength(3);
    expect(json.results.every((r: { section: string[] }, i: number, all: { section: string[] }[]) => all.findIndex((o) => o.section.join() === r.section.join()) === i)).toBe(true);
    expect(json.results.slice(0, 2).map((r: { section: string[] }) => r.section.at(-1)).sort()).toEqual(['베어메탈 하이퍼바이저', '호스트 하이퍼바이저']);
  });

  it('search --json: nothing for a query with no content, each result its best line and link with NOTES_BASE_URL', async () => {
    const base = 'https://example.org/notes/';
    const result = await runCli(['search', ...at, '--json', '-k', '2'], { input: 'ㅋㅋㅋ\n호스트 하이퍼바이저\n', env: { NOTES_BASE_URL: base } });
    expect(result.code, result.stderr).toBe(0);
    const [none, found] = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(none.results).toEqual([]);
    expect(found.results[0].snippet.text).toMatch(/하이퍼바이저/);
    expect(found.results[0].url).toBe(`${base}docker-and-vm.md#L${found.results[0].lines[0]}-L${found.results[0].lines[1]}`);
  });

  it('re-ingesting unchanged notes embeds nothing', async () => {
    const result = await runCli(['ingest', ...at]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/nothing to embed/);
  });

  it.each([
    ['an empty question', ['   ']],
    ['a question over 1000 characters', ['가'.repeat(1001)]],
    ['an unknown flag', ['--frobnicate', 'x']],
    ['a bad -k', ['-k', 'many', 'x']],
  ])('exits 2 with a message for %s', async (_label, args) => {
    const result = await runCli(['ask', ...at, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().length).toBeGreaterThan(0);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming the folder when the knowledge folder is missing or empty', async () => {
    const missing = await runCli(['ingest', '--knowledge', join(index, 'nope'), '--index', join(index, '..', 'other')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Knowledge folder not found/);
    const empty = join(index, '..', 'empty');
    mkdirSync(empty, { recursive: true });
    const result = await runCli(['ingest', '--knowledge', empty, '--index', join(index, '..', 'other')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No markdown notes/);
  });

  it('skips a non-UTF-8 note with a warning naming it and ingests the rest', async () => {
    const dir = scratchKnowledge();
    writeFileSync(join(dir.knowledge, 'broken.md'), Buffer.from([0x23, 0x20, 0xc3, 0x28, 0xa0, 0xa1]));
    const result = await runCli(['ingest', '--knowledge', dir.knowledge, '--index', dir.index]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/skipped broken\.md: not valid UTF-8/);
    expect(result.stderr).toMatch(/Indexed 1 note →/);
  });

  it('reports a damaged index with how to rebuild it, exit 2, and the next ingest repairs it', async () => {
    const dir = scratchKnowledge();
    const base = ['--knowledge', dir.knowledge, '--index', dir.index];
    expect((await runCli(['ingest', ...base])).code).toBe(0);
    const build = readdirSync(dir.index).find((d) => d.startsWith('build-'))!;
    appendFileSync(join(dir.index, build, 'lexical.bin'), 'garbage');
    const broken = await runCli(['ask', ...base, '컨테이너 장점']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/lexical\.bin .*npm run ingest/);
    const repair = await runCli(['ingest', ...base]);
    expect(repair.code).toBe(0);
    expect(repair.stderr).toMatch(/Indexed 1 note →/);
    expect((await runCli(['ask', ...base, '컨테이너 장점'])).code).toBe(0);
  });

  it('rebuilds an index written by an older version instead of failing', async () => {
    const dir = scratchKnowledge();
    const base = ['--knowledge', dir.knowledge, '--index', dir.index];
    expect((await runCli(['ingest', ...base])).code).toBe(0);
    const build = readdirSync(dir.index).find((d) => d.startsWith('build-'))!;
    const manifestPath = join(dir.index, build, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify({ ...JSON.parse(readFileSync(manifestPath, 'utf8')), formatVersion: 1 }));
    const result = await runCli(['ask', ...base, '컨테이너 장점']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/building it/);
    expect(result.stdout).toMatch(/컨테이너의 장점/);
  });
});
