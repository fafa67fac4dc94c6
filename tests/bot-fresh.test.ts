/**
 * Issue 10 through `npm start` (src/bot.ts) in a child process against the fake Discord: the bot never
 * answers from notes that changed — not those changed while it was down, not those changed while it runs —
 * and takes its notes from a git repository when NOTES_GIT_URL is set.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest/ingest.js';
import type { FakeDiscord } from './fake-discord/index.js';
import { closeFakeDiscordDir, fakeDiscordEnv, openFakeDiscordDir } from './helpers/fake-discord-dir.js';
import { childEnv, ROOT, startChild, type Child } from './helpers/cli.js';
import { copyFixtureKnowledge, FIXTURE_KNOWLEDGE, SEED_NOTE } from './helpers/knowledge.js';

let dir: string;
let fake: FakeDiscord;

beforeAll(async () => {
  ({ dir, fake } = await openFakeDiscordDir('bot-fresh-'));
});
afterAll(() => closeFakeDiscordDir({ dir, fake }));

function startBot(name: string, env: Record<string, string>): Child {
  return startChild([path.join(ROOT, 'src', 'bot.ts')], {
    cwd: dir,
    env: childEnv(dir, {
      ...fakeDiscordEnv(fake),
      EMBEDDER: 'hashing',
      ANALYZER: 'ngram',
      INDEX_DIR: path.join(dir, name, 'index'),
      DATABASE_PATH: path.join(dir, name, 'bot.sqlite'),
      ...env,
    }),
  });
}

async function ask(question: string): Promise<string> {
  const reply = await fake.sendSlashCommand({ name: 'ask', options: { question }, locale: 'ko' }).waitForReply();
  return reply.embeds[0]?.description ?? '';
}

async function stop(bot: Child): Promise<void> {
  bot.process.kill('SIGTERM');
  expect((await bot.exited).code).toBe(0);
}

describe('npm start keeps the notes fresh', () => {
  it('re-indexes notes changed while it was down before answering, and notes saved while it runs', async () => {
    const knowledge = copyFixtureKnowledge(path.join(dir, 'watch', 'knowledge'));
    await ingest({ knowledgeDir: knowledge, indexDir: path.join(dir, 'watch', 'index'), embedder: { kind: 'hashing' }, analyzer: 'ngram' });
    const note = path.join(knowledge, SEED_NOTE);
    fs.appendFileSync(note, '\n## 레지스트리\n\n레지스트리는 컨테이너 이미지를 모아 두는 저장소이다.\n');
    const bot = startBot('watch', { KNOWLEDGE_DIR: knowledge, WATCH_DEBOUNCE_MS: '200' });
    try {
      await bot.waitForOutput('ready: 1 notes');
      expect(bot.stderr()).toContain('notes changed since the index was built (1 changed): re-indexing first');
      expect(await ask('레지스트리는 무엇을 모아 두는 저장소야?')).toContain('컨테이너 이미지를 모아 두는 저장소');

      fs.appendFileSync(note, '\n## 오케스트레이션\n\n오케스트레이터는 여러 호스트에 걸친 컨테이너 배치를 자동으로 관리한다.\n');
      await bot.waitForOutput('notes changed: index rebuilt and swapped in');
      expect(await ask('오케스트레이터는 무엇을 자동으로 관리해?')).toContain('컨테이너 배치를 자동으로 관리');
    } finally {
      await stop(bot);
    }
  });

  it('with WATCH_KNOWLEDGE=false checks the notes before each question and answers from the edited note', async () => {
    const knowledge = copyFixtureKnowledge(path.join(dir, 'nowatch', 'knowledge'));
    const bot = startBot('nowatch', { KNOWLEDGE_DIR: knowledge, WATCH_KNOWLEDGE: 'false' });
    try {
      await bot.waitForOutput('ready: 1 notes');
      expect(bot.stderr()).toContain('notes are checked before each question instead of watched');
      fs.appendFileSync(path.join(knowledge, SEED_NOTE), '\n## 볼륨\n\n볼륨은 컨테이너가 지워져도 남는 데이터를 보관한다.\n');
      expect(await ask('볼륨은 무엇을 보관해?')).toContain('컨테이너가 지워져도 남는 데이터');
    } finally {
      await stop(bot);
    }
  });

  it('clones NOTES_GIT_URL and answers from the clone; an unreachable first clone stops it with one clear line', async () => {
    const bare = path.join(dir, 'remote.git');
    const work = path.join(dir, 'work');
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
    fs.mkdirSync(bare);
    git(bare, 'init', '--quiet', '--bare', '--initial-branch=main');
    fs.mkdirSync(path.join(work, 'notes'), { recursive: true });
    git(work, 'init', '--quiet', '--initial-branch=main');
    fs.copyFileSync(path.join(FIXTURE_KNOWLEDGE, SEED_NOTE), path.join(work, 'notes', SEED_NOTE));
    git(work, 'add', '-A');
    git(work, 'commit', '--quiet', '-m', 'notes');
    git(work, 'push', '--quiet', pathToFileURL(bare).href, 'main');

    const bot = startBot('git', { NOTES_GIT_URL: pathToFileURL(bare).href, NOTES_GIT_SUBDIR: 'notes', NOTES_GIT_DIR: path.join(dir, 'git', 'clone') });
    try {
      await bot.waitForOutput('ready: 1 notes');
      expect(bot.stderr()).toContain('notes repository cloned');
      expect(await ask('컨테이너의 장점은?')).toContain('[1]');
    } finally {
      await stop(bot);
    }

    const unreachable = startBot('git-down', { NOTES_GIT_URL: 'file:///nonexistent/notes.git', NOTES_GIT_DIR: path.join(dir, 'git-down', 'clone') });
    expect((await unreachable.exited).code).toBe(2);
    expect(unreachable.stderr()).toContain('Could not clone the notes from NOTES_GIT_URL (file:///nonexistent/notes.git)');
  });
});
