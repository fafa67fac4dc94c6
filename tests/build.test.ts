import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, ROOT } from './helpers/cli.js';
import { TEST_DICTIONARY_CACHE_DIR } from './helpers/dictionary.js';
import { scratchKnowledge } from './helpers/knowledge.js';

/**
 * `npm run build` compiles the sources to JavaScript that plain node runs, without tsx: the CLI, and the worker
 * threads it and the bot start. `bin/launch.js` runs that build only while no source is newer than it.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** Plain node, no loader hooks: the child's environment is `childEnv`'s (no NODE_OPTIONS). */
function node(args: string[], cwd: string, env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd, env: childEnv(cwd, { LOG_LEVEL: 'error', ...env }), encoding: 'utf8', timeout: 300_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the build (npm run build)', () => {
  let out: string;
  const scratch = scratchKnowledge('notes-bot-built-');
  dirs.push(scratch.dir);

  beforeAll(() => {
    // Beside a node_modules, as dist/ is in the project: the build imports its packages by name.
    const project = tempDir('notes-bot-dist-');
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module' }));
    out = join(project, 'dist');
    const build = node([join(ROOT, 'scripts', 'build.mjs'), '--out', out], ROOT);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
  });

  it('ingests and answers with citations, run by plain node', () => {
    // Notes are parsed on a worker thread: it starts from the built parse-worker.js, as every worker does from a build.
    const env = { EMBEDDER: 'hashing', ANALYZER: 'morph' };
    const ingest = node([join(out, 'cli.js'), 'ingest', '--knowledge', scratch.knowledge, '--index', scratch.index], scratch.dir, env);
    expect(ingest.stderr).toContain('Indexed 1 note → 12 chunks');
    expect(ingest.code).toBe(0);
    const ask = node([join(out, 'cli.js'), 'ask', '--index', scratch.index, '--json', '컨테이너의 장점은?'], scratch.dir, env);
    expect(ask.code).toBe(0);
    const answer = JSON.parse(ask.stdout) as { answered: boolean; citations: { file: string }[] };
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.file).toBe('docker-and-vm.md');
  });

  // On the index the test above built.
  it("runs the bot's knowledge worker from the build", () => {
    const built = (module: string): string => JSON.stringify(pathToFileURL(join(out, module)).href);
    const script = [
      // The tests' dictionary copy, as the bot sets its own from DICTIONARY_CACHE_DIR before the worker starts.
      `const { useDictionaryCache } = await import(${built('text/analyzer.js')});`,
      `useDictionaryCache({ dir: ${JSON.stringify(TEST_DICTIONARY_CACHE_DIR)}, warn: (message) => { throw new Error(message); } });`,
      `const { openWorkerKnowledgeBase } = await import(${built('engine/worker-knowledge-base.js')});`,
      `const kb = await openWorkerKnowledgeBase({ indexDir: ${JSON.stringify(scratch.index)} });`,
      `const answer = await kb.answer('컨테이너의 장점은?');`,
      'await kb.dispose();',
      'process.stdout.write(JSON.stringify({ answered: answer.answered, file: answer.citations[0]?.file }));',
    ].join('\n');
    const run = node(['--input-type=module', '-e', script], scratch.dir);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ answered: true, file: 'docker-and-vm.md' });
  });
});

describe('bin/launch.js: the build or the sources', () => {
  /** A project holding the launcher, a source entry and a built one, each saying which it is. */
  function project(): string {
    const dir = tempDir('notes-bot-launch-');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    mkdirSync(join(dir, 'bin'));
    for (const file of ['launch.js', 'study-notes.js']) copyFileSync(join(ROOT, 'bin', file), join(dir, 'bin', file));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'cli.ts'), "const from: string = 'sources';\nprocess.stdout.write(from);\n");
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'cli.js'), "process.stdout.write('build');\n");
    return dir;
  }
  const at = (dir: string, file: string, seconds: number): void => utimesSync(join(dir, file), seconds, seconds);
  const run = (dir: string): string => node([join(dir, 'bin', 'study-notes.js')], dir).stdout;

  it('runs the sources when nothing was built, the build when it is newer than every source, the sources again once one is edited', () => {
    const dir = project();
    expect(run(dir)).toBe('sources');

    writeFileSync(join(dir, 'dist', '.built-from-sources'), '');
    at(dir, 'src/cli.ts', 1_000_000);
    at(dir, 'src', 1_000_000);
    at(dir, 'dist/.built-from-sources', 2_000_000);
    expect(run(dir)).toBe('build');

    at(dir, 'src/cli.ts', 3_000_000);
    expect(run(dir)).toBe('sources');
  });
});
