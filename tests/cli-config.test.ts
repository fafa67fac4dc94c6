import { spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childCwd, childEnv, ROOT, runCliIn, TSX_LOADER } from './helpers/cli.js';
import { copyFixtureKnowledge } from './helpers/knowledge.js';

/**
 * One configuration for every entry point: the CLI, `npm start` and `npm run register` read `.env` from
 * their working directory, a variable set in the environment wins over it, and a bad value is one line
 * naming the variable (and `.env` when it came from there), exit 2. Every run is in a temp folder holding its
 * own `.env`, never the repo's: the CLI in-process (`runCliIn`), the bot and register as child processes.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A temp working directory with the fixture notes in `knowledge/` and `dotEnv` as its `.env` (none when undefined). */
function workspace(dotEnv?: string): string {
  const cwd = childCwd();
  dirs.push(cwd);
  copyFixtureKnowledge(join(cwd, 'knowledge'));
  if (dotEnv !== undefined) writeFileSync(join(cwd, '.env'), dotEnv);
  return cwd;
}

function run(cwd: string, script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', TSX_LOADER, join(ROOT, script), ...args], {
    cwd,
    env: childEnv(cwd, { LOG_LEVEL: 'error', ...env }),
    encoding: 'utf8',
    // Only a hang: a loaded machine may take tens of seconds to load tsx and the dictionary.
    timeout: 300_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const cli = (cwd: string, args: string[], env: Record<string, string> = {}) => runCliIn(cwd, args, { LOG_LEVEL: 'error', ...env });

describe('the CLI reads .env', () => {
  it('builds with EMBEDDER=hashing and the folders named in .env (relative to the working directory)', async () => {
    const cwd = workspace('EMBEDDER=hashing\nANALYZER=ngram\nINDEX_DIR=built\n# a comment\nNOTES_BASE_URL=\n');
    const result = await cli(cwd, ['ingest']);
    expect(result.code, result.stderr).toBe(0);
    // The one line saying where the index went names the folder in full.
    expect(result.stderr).toContain(`with hashing in ${join(realpathSync(cwd), 'built')}\n`);
    // Chosen, not a fallback from the transformers default.
    expect(result.stderr).not.toMatch(/instead/);
  });

  it('lets a variable set in the environment win over .env', async () => {
    const cwd = workspace('EMBEDDER=foo\nANALYZER=ngram\n');
    const result = await cli(cwd, ['ingest'], { EMBEDDER: 'hashing' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/with hashing/);
    expect(result.stderr).not.toMatch(/instead/);
  });

  it('rejects a bad value in .env with one line naming the variable, the file and what to put, exit 2', async () => {
    const cwd = workspace('EMBEDDER=foo\n');
    const result = await cli(cwd, ['ask', '컨테이너란?']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('Configuration error: EMBEDDER in .env must be transformers or hashing. See .env.example.\n');
  });

  it('names a bad value from the environment without blaming .env, and lists every bad variable on the one line', async () => {
    const result = await cli(workspace(), ['search', '컨테이너'], { EMBEDDER: 'foo', MAX_NOTE_BYTES: '-3' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Configuration error: EMBEDDER must be transformers or hashing; MAX_NOTE_BYTES must be a number above 0. See .env.example.\n');
  });

  it('says so in one line when .env is not a readable file', async () => {
    const cwd = workspace();
    mkdirSync(join(cwd, '.env'));
    const result = await cli(cwd, ['ask', '컨테이너란?']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Configuration error: \.env cannot be read \(EISDIR\)/)]);
  });
});

describe('the bot and register read the same configuration', () => {
  const discord = 'DISCORD_TOKEN=not-a-real-token\nDISCORD_CLIENT_ID=123456789012345678\nDISCORD_REST_URL=http://127.0.0.1:9/api\n';

  it.each([
    ['npm start', 'src/bot.ts'],
    ['npm run register', 'src/discord/register.ts'],
  ])('%s stops on a bad engine value in .env with the same one line, exit 2, before reaching Discord', (_name, script) => {
    const result = run(workspace(`${discord}EMBEDDER=foo\n`), script, []);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Configuration error: EMBEDDER in .env must be transformers or hashing. See .env.example.\n');
  });

  it('npm run register takes the environment over .env too', () => {
    const result = run(workspace(`${discord}DISCORD_CLIENT_ID=oops\n`), 'src/discord/register.ts', [], { DISCORD_CLIENT_ID: 'still-wrong' });
    expect(result.code).toBe(2);
    // The environment's value is the one rejected, so .env is not blamed.
    expect(result.stderr).toBe('Configuration error: DISCORD_CLIENT_ID must be the numeric Application ID from the Developer Portal. See .env.example.\n');
  });
});

describe('the per-member rate limit', () => {
  const discord = { DISCORD_TOKEN: 'token.part-1', DISCORD_CLIENT_ID: '123456789012345678' };

  it('lets a busy study session ask 12 questions a minute by default, and stays configurable', async () => {
    const { loadBotConfig } = await import('../src/config.js');
    expect(loadBotConfig(discord)).toMatchObject({ RATE_LIMIT_QUESTIONS: 12, RATE_LIMIT_WINDOW_SECONDS: 60 });
    expect(loadBotConfig({ ...discord, RATE_LIMIT_QUESTIONS: '30', RATE_LIMIT_WINDOW_SECONDS: '120' })).toMatchObject({ RATE_LIMIT_QUESTIONS: 30, RATE_LIMIT_WINDOW_SECONDS: 120 });
    expect(() => loadBotConfig({ ...discord, RATE_LIMIT_QUESTIONS: '0' })).toThrow(/RATE_LIMIT_QUESTIONS must be a number above 0/);
  });
});
