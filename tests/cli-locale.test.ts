import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { terminalLocale } from '../src/config.js';
import { cliMessages } from '../src/cli/messages.js';
import { runCli, scratchKnowledge, type CliResult } from './helpers/cli.js';

const KOREAN = { LANG: 'ko_KR.UTF-8', EMBEDDER: 'hashing' };
const ENGLISH = { LANG: 'en_US.UTF-8', EMBEDDER: 'hashing' };

describe('the terminal locale', () => {
  it('is decided by the first of LC_ALL, LC_MESSAGES, LANG that is set (POSIX)', () => {
    expect(terminalLocale({ LANG: 'ko_KR.UTF-8' })).toBe('ko');
    expect(terminalLocale({ LANG: 'ko' })).toBe('ko');
    expect(terminalLocale({ LC_MESSAGES: 'ko_KR.eucKR', LANG: 'en_US.UTF-8' })).toBe('ko');
    expect(terminalLocale({ LC_ALL: 'C', LC_MESSAGES: 'ko_KR.UTF-8', LANG: 'ko_KR.UTF-8' })).toBe('en');
    // An empty value is unset: the next one decides.
    expect(terminalLocale({ LC_ALL: '', LANG: 'ko_KR.UTF-8' })).toBe('ko');
    expect(terminalLocale({ LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(terminalLocale({ LANG: 'kok_IN' })).toBe('en');
    expect(terminalLocale({})).toBe('en');
  });

  it('counts in English with the singular for one, and in Korean with a counter', () => {
    const en = cliMessages('en');
    expect([en.notes(0), en.notes(1), en.notes(2), en.chunks(1), en.sections(3), en.files(1)]).toEqual(['0 notes', '1 note', '2 notes', '1 chunk', '3 sections', '1 file']);
    const ko = cliMessages('ko');
    expect([ko.notes(1), ko.chunks(12)]).toEqual(['노트 1개', '청크 12개']);
    expect(ko.changes({ added: 1, changed: 0, removed: 2, glossaryChanged: true })).toBe('1개 추가, 2개 삭제, 용어집 변경');
  });
});

describe('the CLI in the terminal\'s language', () => {
  const { knowledge, index } = scratchKnowledge();
  const at = ['--knowledge', knowledge, '--index', index];
  let built: CliResult;

  beforeAll(async () => {
    built = await runCli(['ingest', ...at], { env: KOREAN });
  });

  it('reports ingest in Korean under LANG=ko_KR.UTF-8, and in English with the right plurals otherwise', async () => {
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toMatch(/^노트 1개를 색인했습니다 → 청크 \d+개 \(파일: 1개 추가/m);
    const again = await runCli(['ingest', ...at], { env: KOREAN });
    expect(again.stderr).toMatch(/^노트가 바뀌지 않았습니다 \(파일 1개, 청크 \d+개\)/m);
    const english = await runCli(['ingest', ...at], { env: ENGLISH });
    expect(english.stderr).toMatch(/^Notes unchanged \(1 file, \d+ chunks\): nothing to embed/m);
    expect(english.stderr).not.toMatch(/1 files|1 notes/u);
  });

  it('shows status in Korean, with the values aligned, and JSON the same in either language', async () => {
    const korean = await runCli(['status', '--index', index], { env: KOREAN });
    expect(korean.code, korean.stderr).toBe(0);
    expect(korean.stdout).toMatch(/^내용 {7}노트 1개, 섹션 \d+개, 청크 \d+개$/m);
    expect(korean.stdout).toMatch(/^임베더 {5}hashing$/m);
    const english = await runCli(['status', '--index', index], { env: ENGLISH });
    expect(english.stdout).toMatch(/^contents   1 note, \d+ sections?, \d+ chunks?$/m);
    const json = async (env: Record<string, string>) => JSON.parse((await runCli(['status', '--index', index, '--json'], { env })).stdout);
    expect(await json(KOREAN)).toEqual(await json(ENGLISH));
  });

  it('says the CLI\'s own errors and the engine\'s in Korean, on one line, exit 2', async () => {
    const flag = await runCli(['status', '--force'], { env: KOREAN });
    expect(flag.code).toBe(2);
    expect(flag.stderr.trim()).toBe('--force는 status에 쓸 수 없습니다: ingest, eval용입니다 (study-notes status --help에 status의 옵션이 있습니다).');
    const missing = await runCli(['status', '--index', join(index, '..', 'nowhere')], { env: KOREAN });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^색인이 없습니다\. `npm run ingest`로 만드세요\. \(/u);
    // LC_ALL wins over LANG.
    const english = await runCli(['status', '--force'], { env: { ...KOREAN, LC_ALL: 'C' } });
    expect(english.stderr).toMatch(/^--force does not apply to status/u);
  });

  it('--help in Korean says what each command does and lists the variables and the locale rule', async () => {
    const help = await runCli(['--help'], { env: KOREAN });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^사용법/u);
    for (const command of ['ask', 'search', 'ingest', 'concept', 'stats', 'status', 'eval']) expect(help.stdout).toContain(`study-notes ${command} `);
    expect(help.stdout).toContain('노트로 색인을 만들거나 갱신합니다');
    expect(help.stdout).toMatch(/KNOWLEDGE_DIR, INDEX_DIR, EMBEDDER/u);
    expect(help.stdout).toContain('LC_ALL, LC_MESSAGES, LANG');
    expect((await runCli(['--help'], { env: ENGLISH })).stdout).toMatch(/^Usage[^]*Messages are in Korean when/u);
  });
});
