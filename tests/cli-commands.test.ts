import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childCwd, childEnv, ROOT, runCliIn, type CliResult } from './helpers/cli.js';
import { copyFixtureKnowledge, SEED_NOTE } from './helpers/knowledge.js';

/**
 * `study-notes <command>` from a temp working directory holding its own `.env` and notes: `status`, `--help`,
 * and the user's mistakes as one line, exit 2. In-process (`runCliIn`) for what a command prints and returns;
 * through the package's bin (no tsx flag from the caller) for what only a real process shows: that the bin
 * starts, its exit status, and a real terminal.
 */
const BIN = join(ROOT, 'bin', 'study-notes.js');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function workspace(dotEnv = 'EMBEDDER=hashing\nANALYZER=ngram\n'): string {
  const cwd = childCwd();
  dirs.push(cwd);
  copyFixtureKnowledge(join(cwd, 'knowledge'));
  writeFileSync(join(cwd, '.env'), dotEnv);
  return cwd;
}

function studyNotes(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCliIn(cwd, args, { LOG_LEVEL: 'error', ...env });
}

/** The same through the bin, in a child process. */
function studyNotesBin(cwd: string, args: string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: childEnv(cwd, { LOG_LEVEL: 'error', ...env }),
    encoding: 'utf8',
    // Only a hang: a loaded machine may take tens of seconds to load tsx and the dictionary.
    timeout: 300_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Exit 2, nothing on stdout, and exactly one line on stderr (returned). */
function oneLineFailure(result: CliResult): string {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('study-notes status', () => {
  const cwd = workspace();

  beforeAll(async () => {
    const built = await studyNotes(cwd, ['ingest']);
    expect(built.code, built.stderr).toBe(0);
    // Grammar: one note is "1 note".
    expect(built.stderr).toMatch(/^Indexed 1 note → \d+ chunks /m);
  });

  it('prints notes, sections, chunks, embedder, analyzer, build time, freshness and size in one short block', async () => {
    const result = await studyNotes(cwd, ['status']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^index {6}data\/index, \d+\.\d (kB|MB)$/);
    expect(lines[1]).toMatch(/^contents {3}1 note, \d+ sections, \d+ chunks$/);
    expect(lines[2]).toBe('embedder   hashing');
    expect(lines[3]).toBe('analyzer   ngram');
    expect(lines[4]).toMatch(/^built at {3}\d{4}-\d\d-\d\dT/);
    expect(lines[5]).toBe(`notes      up to date with ${join(cwd, 'knowledge')}`);
  });

  it('--json gives the same facts as one object', async () => {
    const result = await studyNotes(cwd, ['status', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ indexDir: 'data/index', notes: 1, embedder: 'hashing', fallback: false, analyzer: 'ngram', notesState: 'fresh' });
    expect(json.sections).toBeGreaterThan(1);
    expect(json.chunks).toBeGreaterThanOrEqual(json.sections);
    expect(json.bytes).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(json.builtAt))).toBe(false);
  });

  it('says when the notes changed since the build, and a re-ingest says "1 file" when nothing changed', async () => {
    const note = join(cwd, 'knowledge', SEED_NOTE);
    appendFileSync(note, '\n## 새 섹션\n\n새로 추가한 내용입니다.\n');
    expect((await studyNotes(cwd, ['status'])).stdout).toMatch(/^notes {6}changed since the build \(1 changed\)/m);
    expect((await studyNotes(cwd, ['ingest'])).code).toBe(0);
    const unchanged = await studyNotes(cwd, ['ingest']);
    expect(unchanged.stderr).toMatch(/^Notes unchanged \(1 file, \d+ chunks\): nothing to embed/m);
  });

  it('marks an index built with the fallback embedder', async () => {
    const fallback = workspace('EMBEDDER=transformers\nALLOW_REMOTE_MODELS=false\nMODEL_ID=no-such/model\n');
    const built = await studyNotes(fallback, ['ingest']);
    expect(built.code).toBe(0);
    // The reason once, when the index is built: short, pointing at the settings, not into node_modules.
    expect(built.stderr).toMatch(/The embedding model "no-such\/model" \(q8\) could not be loaded: .*MODEL_CACHE_DIR.*LOCAL_MODEL_PATH/);
    expect(built.stderr).not.toContain('node_modules');
    expect((await studyNotes(fallback, ['ingest'])).stderr).not.toContain('could not be loaded');
    const json = JSON.parse((await studyNotes(fallback, ['status', '--json'])).stdout);
    expect(json).toMatchObject({ embedder: 'hashing', fallback: true });
    expect((await studyNotes(fallback, ['status'])).stdout).toMatch(/^embedder {3}hashing \(fallback: .*MODEL_CACHE_DIR/m);
  });

  it('without an index says how to build one, in one line', async () => {
    expect(oneLineFailure(await studyNotes(workspace(), ['status']))).toMatch(/^No index in data\/index\. Build it with/);
  });
});

/** `script` (util-linux) gives the child a real terminal, the way a person runs `study-notes ask`. */
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

describe.skipIf(!HAS_SCRIPT)('study-notes ask with no question in a terminal', () => {
  it('prompts, answers each question in the one process, and quits on /q', async () => {
    const cwd = workspace();
    expect((await studyNotes(cwd, ['ingest'])).code).toBe(0);
    const child = spawn('script', ['-qfec', `"${process.execPath}" "${BIN}" ask`, '/dev/null'], { cwd, env: childEnv(cwd, { LOG_LEVEL: 'error', TERM: 'dumb' }) });
    let output = '';
    const waiters: (() => void)[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const waiter of waiters) waiter();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    /** Resolves once `text` has appeared `times` times in the terminal output. */
    const seen = (text: string, times = 1) =>
      new Promise<void>((resolve) => {
        const check = () => output.split(text).length > times && resolve();
        waiters.push(check);
        check();
      });
    await seen('question> ');
    child.stdin.write('컨테이너의 장점은 뭐야?\r');
    await seen('docker-and-vm.md:');
    await seen('question> ', 2);
    child.stdin.write('호스트 하이퍼바이저는 어디서 실행돼?\r');
    await seen('question> ', 3);
    child.stdin.write('/q\r');
    expect(await exited).toBe(0);
    expect(output).toMatch(/\/q \(or Ctrl-D\) quits/);
    expect(output).toMatch(/\[1\] Docker and VM › 컨테이너의 장점 — docker-and-vm\.md:\d+/);
    expect(output).toMatch(/호스트 하이퍼바이저 — docker-and-vm\.md:\d+/);
  });
});

describe('study-notes through its bin, as a real process', () => {
  it('starts from any folder and exits 0 with the help', () => {
    const result = studyNotesBin(workspace(), ['--help']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Usage/);
  });

  it('exits 2 with one line for a mistake', () => {
    expect(oneLineFailure(studyNotesBin(workspace(), ['frobnicate']))).toMatch(/^Unknown command "frobnicate"/);
  });
});

describe('study-notes --help', () => {
  it('says what each command does and lists the settings', async () => {
    const result = await studyNotes(workspace(), ['--help']);
    expect(result.code).toBe(0);
    for (const command of ['ask', 'search', 'ingest', 'status', 'eval']) expect(result.stdout).toMatch(new RegExp(`^  study-notes ${command} .*\\n {6}\\S`, 'm'));
    expect(result.stdout).toMatch(/KNOWLEDGE_DIR, INDEX_DIR, EMBEDDER/);
    expect(result.stdout).toMatch(/\.env in the working directory \(the environment wins\)/);
  });

  it('with a command shows that command only', async () => {
    const result = await studyNotes(workspace(), ['status', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/study-notes status \[--index DIR\] \[--json\]/);
    expect(result.stdout).not.toMatch(/study-notes ask/);
  });
});

describe('user mistakes are one line and exit 2', () => {
  const cwd = workspace();
  beforeAll(() => writeFileSync(join(cwd, 'not-a-folder'), 'x'));

  it.each([
    [['ask', '--embedder', 'hashing', '컨테이너란?'], '--embedder does not apply to ask: it is for ingest and eval (study-notes ask --help lists what ask takes).'],
    [['status', '--force'], '--force does not apply to status: it is for ingest and eval (study-notes status --help lists what status takes).'],
    [['search', '--model', 'x', '컨테이너'], '--model does not apply to search: it is for ingest (study-notes search --help lists what search takes).'],
    [['ingest', '-k', '3'], '-k does not apply to ingest: it is for ask and search (study-notes ingest --help lists what ingest takes).'],
    [['frobnicate'], 'Unknown command "frobnicate": use ask, search, ingest, concept, stats, status or eval (study-notes --help says what each does).'],
    [['ask', '--frobnicate', 'x'], "Unknown option '--frobnicate' (study-notes ask --help lists the flags)."],
    [['ask', '   '], 'The question is empty: study-notes ask "question" (study-notes --help for more).'],
    // Not read as "no question" (which would wait for questions on stdin).
    [['ask', '--json', '\u00a0\u3000\u200b'], 'The question is empty: study-notes ask "question" (study-notes --help for more).'],
  ])('%j', async (args, message) => {
    expect(oneLineFailure(await studyNotes(cwd, args))).toBe(message);
  });

  it.each([
    ['ingest', []],
    ['ask', ['컨테이너란?']],
    ['status', []],
  ])('INDEX_DIR naming a file (%s)', async (command, rest) => {
    expect(oneLineFailure(await studyNotes(cwd, [command, ...rest], { INDEX_DIR: 'not-a-folder' }))).toBe(
      'not-a-folder (INDEX_DIR or --index) is a file, not a folder: point INDEX_DIR or --index at a folder (it is created if missing).',
    );
  });

  it('--index through a file', async () => {
    expect(oneLineFailure(await studyNotes(cwd, ['ingest', '--index', 'not-a-folder/index']))).toMatch(/^not-a-folder\/index \(INDEX_DIR or --index\) goes through a file/);
  });

  it('an index folder in a system location (ask builds first, so it is refused too)', async () => {
    expect(oneLineFailure(await studyNotes(cwd, ['ask', '--index', '/proc', '컨테이너란?']))).toBe(
      'The index folder /proc is a system location: choose a folder of your own for the index, such as data/index.',
    );
  });

  it('questions piped in without --json', async () => {
    expect(oneLineFailure(await studyNotes(cwd, ['ask']))).toBe(
      'Questions on stdin need --json (one JSON object per answer, one a line): study-notes ask --json < questions.txt, or study-notes ask "question".',
    );
  });

  it('no command prints the help on stderr', async () => {
    const result = await studyNotes(cwd, []);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage/);
  });
});
