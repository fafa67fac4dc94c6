/**
 * SIGTERM to `npm start` (the package's own start script, run by npm) while an admin's `/reindex` is rebuilding
 * the index: the bot stops taking new work, finishes the rebuild, sends the admin the report, releases the ingest
 * lock, closes the database and exits 0. The rebuild is held just before it writes its build folder by
 * tests/helpers/pause-at.ts (PAUSE_RESUME=stdin), so the signal lands there on any machine.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest/ingest.js';
import type { FakeDiscord } from './fake-discord/index.js';
import { closeFakeDiscordDir, fakeDiscordEnv, openFakeDiscordDir } from './helpers/fake-discord-dir.js';
import { childEnv, ROOT, TSX_LOADER, watchChild } from './helpers/cli.js';
import { copyFixtureKnowledge, SEED_NOTE } from './helpers/knowledge.js';

const PAUSE_AT = pathToFileURL(path.join(ROOT, 'tests', 'helpers', 'pause-at.ts')).href;

let dir: string;
let fake: FakeDiscord;

beforeAll(async () => {
  ({ dir, fake } = await openFakeDiscordDir('bot-shutdown-'));
});
afterAll(() => closeFakeDiscordDir({ dir, fake }));

/**
 * The project as npm sees it, in a folder of its own: the real package.json (its start script) with the real
 * sources and dependencies linked in, and no `.env` (the repo's is never read).
 */
function projectCopy(): string {
  const app = path.join(dir, 'app');
  fs.mkdirSync(app);
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
  for (const entry of ['bin', 'src', 'node_modules', 'tsconfig.json']) fs.symlinkSync(path.join(ROOT, entry), path.join(app, entry));
  return app;
}

describe('npm start shuts down cleanly on SIGTERM', () => {
  it('during /reindex: no new work, the rebuild finishes, the admin gets the report, the lock is released, exit 0', async () => {
    const knowledge = copyFixtureKnowledge(path.join(dir, 'knowledge'));
    const indexDir = path.join(dir, 'index');
    const database = path.join(dir, 'bot.sqlite');
    await ingest({ knowledgeDir: knowledge, indexDir, embedder: { kind: 'hashing' }, analyzer: 'ngram' });
    const before = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8');

    const npm = watchChild(
      // Its own process group: should the test fail midway, the whole tree goes (see finally), not only npm.
      spawn('npm', ['start', '--silent'], {
        cwd: projectCopy(),
        detached: true,
        env: childEnv(dir, {
          ...fakeDiscordEnv(fake),
          EMBEDDER: 'hashing',
          ANALYZER: 'ngram',
          KNOWLEDGE_DIR: knowledge,
          INDEX_DIR: indexDir,
          DATABASE_PATH: database,
          WATCH_KNOWLEDGE: 'false',
          // The hook is TypeScript: tsx first. (npm itself runs under these too; it never makes a build folder.)
          NODE_OPTIONS: `--import ${TSX_LOADER} --import ${PAUSE_AT}`,
          PAUSE_AT: 'mkdir .tmp-build',
          PAUSE_RESUME: 'stdin',
          npm_config_update_notifier: 'false',
        }),
      }),
    );
    try {
      await npm.waitForOutput('ready: 1 notes');
      fs.appendFileSync(path.join(knowledge, SEED_NOTE), '\n## 종료 신호\n\n종료 신호를 받은 봇은 하던 색인을 마치고 깨끗하게 끝낸다.\n');
      const reindex = fake.sendSlashCommand({ name: 'reindex', user: fake.users.admin, locale: 'ko' });
      await npm.waitForOutput('paused before mkdir .tmp-build');
      expect(fs.existsSync(path.join(indexDir, '.ingest.lock'))).toBe(true);

      npm.process.kill('SIGTERM');
      await npm.waitForOutput('shutting down');
      // New work is turned away with a reply, not left unanswered.
      const late = await fake.sendSlashCommand({ name: 'ask', options: { question: '컨테이너의 장점은?' }, locale: 'ko' }).waitForReply();
      expect(late.ephemeral).toBe(true);
      expect(late.content).toBe('봇이 잠깐 다시 시작하는 중이에요. 조금 뒤에 다시 시도해 주세요.');

      npm.process.stdin!.write('go\n');
      const { code, signal } = await npm.exited;
      expect({ code, signal }, npm.stderr()).toEqual({ code: 0, signal: null });
      expect(npm.stderr()).toContain('"msg":"stopped"');

      const report = await reindex.waitForReply();
      expect(report.ephemeral).toBe(true);
      expect(report.embeds[0]?.description).toMatch(/^다시 색인했어요\. 파일: 추가 0, 변경 1, 삭제 0/u);
      expect(fs.existsSync(path.join(indexDir, '.ingest.lock'))).toBe(false);
      expect(fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8')).not.toBe(before);
      // The database was closed cleanly: no WAL left to replay, and it opens.
      expect(fs.existsSync(`${database}-wal`)).toBe(false);
      new Database(database, { readonly: true }).close();
    } finally {
      // Whatever of the tree is left (npm may be gone while its children are not); none is the normal case.
      try {
        process.kill(-npm.process.pid!, 'SIGKILL');
      } catch {
        // ESRCH: nothing left.
      }
    }
  });
});
