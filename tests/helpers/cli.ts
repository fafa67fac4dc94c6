import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** Environment that makes the CLI use the generated tiny transformers model, fully offline. */
export const TINY_MODEL_ENV = {
  EMBEDDER: 'transformers',
  MODEL_ID: 'tiny-ko-static',
  LOCAL_MODEL_PATH: join(ROOT, 'tests', 'fixtures', 'models'),
  ALLOW_REMOTE_MODELS: 'false',
  LOG_LEVEL: 'error',
};

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `src/cli.ts` the way `npm run --silent <command> --` does, in a child process. */
export function runCli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...TINY_MODEL_ENV, ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch copy of the knowledge folder and a fresh index folder beside it. */
export function scratchKnowledge(): { knowledge: string; index: string } {
  const dir = mkdtempSync(join(tmpdir(), 'notes-bot-'));
  const knowledge = join(dir, 'knowledge');
  cpSync(join(ROOT, 'knowledge'), knowledge, { recursive: true });
  return { knowledge, index: join(dir, 'index') };
}
