import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBotConfig } from '../src/config.js';
import { gitNotesOf, indexSource, KnowledgeHolder, syncForHolder } from '../src/discord/knowledge.js';
import { blobBaseUrl, GitNotes, GitSyncError, redact } from '../src/ingest/git-sync.js';
import { createLogger } from '../src/log/logger.js';
import { FIXTURE_KNOWLEDGE, SEED_NOTE } from './helpers/knowledge.js';

/** git for the test's own commits: no user or system configuration, a fixed author. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
  });
}

/** A bare repository (the remote, reached by a file:// URL) and a working clone the test commits and pushes from. */
function remoteWithNotes(root: string): { url: string; work: string; commit: (message: string, change: () => void) => string } {
  const bare = join(root, 'remote.git');
  const work = join(root, 'work');
  mkdirSync(bare, { recursive: true });
  git(bare, 'init', '--quiet', '--bare', '--initial-branch=main');
  git(root, 'clone', '--quiet', pathToFileURL(bare).href, work);
  git(work, 'checkout', '--quiet', '-b', 'main');
  mkdirSync(join(work, 'notes'));
  writeFileSync(join(work, 'notes', SEED_NOTE), readFileSync(join(FIXTURE_KNOWLEDGE, SEED_NOTE)));
  writeFileSync(join(work, 'README.md'), '# repository readme, outside the notes folder\n');
  const commit = (message: string, change: () => void): string => {
    change();
    git(work, 'add', '-A');
    git(work, 'commit', '--quiet', '-m', message);
    git(work, 'push', '--quiet', '--force', 'origin', 'main');
    return git(work, 'rev-parse', 'HEAD').trim();
  };
  commit('seed note', () => undefined);
  return { url: pathToFileURL(bare).href, work, commit };
}

describe('GitNotes against a local bare repository', () => {
  const root = mkdtempSync(join(tmpdir(), 'git-sync-'));
  const remote = remoteWithNotes(root);
  const dir = join(root, 'data', 'notes-git');
  const notes = new GitNotes({ url: remote.url, branch: 'main', dir });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('clones on first sync, then reports no change until a new commit, then fast-forwards to it', async () => {
    const first = await notes.sync();
    expect(first).toMatchObject({ previous: undefined, changed: true });
    expect(existsSync(join(dir, 'notes', SEED_NOTE))).toBe(true);
    expect(await notes.sync()).toEqual({ commit: first.commit, previous: first.commit, changed: false });
    const next = remote.commit('a new note', () => writeFileSync(join(remote.work, 'notes', 'new.md'), '# 새 노트\n'));
    expect(await notes.sync()).toEqual({ commit: next, previous: first.commit, changed: true });
    expect(existsSync(join(dir, 'notes', 'new.md'))).toBe(true);
  });

  it('refuses a force-pushed branch and keeps the commit it has, saying why', async () => {
    const before = await notes.head();
    git(remote.work, 'reset', '--quiet', '--hard', 'HEAD~1');
    remote.commit('history rewritten', () => writeFileSync(join(remote.work, 'notes', 'other.md'), '# 다른 노트\n'));
    await expect(notes.sync()).rejects.toThrow(/does not fast-forward .*force-push/);
    expect(await notes.head()).toBe(before);
  });

  it('fails clearly on an unreachable remote, without showing credentials', async () => {
    const gone = new GitNotes({ url: 'file:///nonexistent/notes.git', branch: 'main', dir: join(root, 'data', 'other') });
    await expect(gone.sync()).rejects.toThrow(GitSyncError);
    await expect(gone.sync()).rejects.toThrow(/git clone of file:\/\/\/nonexistent\/notes\.git failed/);
    expect(redact('fatal: https://alice:s3cret-token@github.com/g/notes.git not found')).toBe('fatal: https://***@github.com/g/notes.git not found');
    expect(new GitNotes({ url: 'https://alice:s3cret@example.com/n.git', branch: 'main', dir }).displayUrl).not.toContain('s3cret');
    expect(() => new GitNotes({ url: remote.url, branch: '--upload-pack=evil', dir })).toThrow(/not a branch name/);
  });

  it('links GitHub and GitLab notes at a commit (https or ssh remotes, credentials dropped); other hosts get no link', () => {
    const sha = 'a'.repeat(40);
    expect(blobBaseUrl('https://alice:tok@github.com/group/notes.git', sha, 'docs/notes')).toBe(`https://github.com/group/notes/blob/${sha}/docs/notes/`);
    expect(blobBaseUrl('git@github.com:group/notes.git', sha)).toBe(`https://github.com/group/notes/blob/${sha}/`);
    expect(blobBaseUrl('https://gitlab.com/group/sub/notes', sha, 'n')).toBe(`https://gitlab.com/group/sub/notes/-/blob/${sha}/n/`);
    expect(blobBaseUrl('file:///srv/notes.git', sha)).toBeUndefined();
    expect(blobBaseUrl('https://git.example.com/notes.git', sha)).toBeUndefined();
  });

  it('will not take over a folder that is not its clone', async () => {
    const taken = join(root, 'data', 'taken');
    mkdirSync(taken, { recursive: true });
    await expect(new GitNotes({ url: remote.url, branch: 'main', dir: taken }).sync()).rejects.toThrow(/not a clone/);
  });
});

/** The bot's side: NOTES_GIT_* configuration, the clone indexed through the KnowledgeHolder `/reindex` uses. */
describe('git sync feeding the bot', () => {
  const root = mkdtempSync(join(tmpdir(), 'git-bot-'));
  const remote = remoteWithNotes(root);
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    }),
  });
  const base = loadBotConfig({
    DISCORD_TOKEN: 'test-token',
    DISCORD_CLIENT_ID: '123456789012345678',
    INDEX_DIR: join(root, 'data', 'index'),
    EMBEDDER: 'hashing',
    ANALYZER: 'ngram',
    NOTES_GIT_URL: remote.url,
    NOTES_GIT_SUBDIR: 'notes',
    NOTES_GIT_DIR: join(root, 'data', 'notes-git'),
  });
  const repo = gitNotesOf(base)!;
  const config = { ...base, KNOWLEDGE_DIR: repo.knowledgeDir };
  const source = indexSource(config, logger, repo.git);
  let knowledge: KnowledgeHolder;
  let loop: ReturnType<typeof syncForHolder>;
  const cited = async (question: string): Promise<string[]> => {
    const answer = await knowledge.current.answer(question);
    return [...answer.citations, ...answer.related].map((c) => c.file);
  };

  beforeAll(async () => {
    const report = await source.ingest();
    expect(report.files.added).toEqual([SEED_NOTE]);
    knowledge = new KnowledgeHolder(await source.open(), source);
    loop = syncForHolder(knowledge, repo.git, 60, logger);
  });
  afterAll(async () => {
    loop.stop();
    await knowledge.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('indexes only the notes folder of the clone', () => {
    expect(knowledge.current.info.notes).toBe(1);
  });

  it('re-indexes after a new commit with the right counts, and not at all when the commit is the same', async () => {
    remote.commit('kubernetes note', () => writeFileSync(join(remote.work, 'notes', 'k8s.md'), '# 쿠버네티스\n\n## 파드\n\n파드는 쿠버네티스에서 배포하는 가장 작은 단위이다.\n'));
    logs.length = 0;
    await loop.tick();
    expect(logs.find((entry) => entry.msg === 'notes repository: re-indexed')).toMatchObject({ added: 1, changed: 0, removed: 0 });
    expect(await cited('쿠버네티스 파드는 뭐야?')).toContain('k8s.md');
    logs.length = 0;
    await loop.tick();
    expect(logs.some((entry) => entry.msg === 'notes repository: re-indexed')).toBe(false);
  });

  it('links citations to the note at the indexed commit when the remote is on GitHub', async () => {
    // The links name the configured GitHub remote; the clone itself comes from the local bare repository.
    const linked = indexSource({ ...config, NOTES_GIT_URL: 'https://github.com/group/notes.git' }, logger, repo.git);
    await linked.ingest();
    const kb = await linked.open();
    try {
      const commit = await repo.git.head();
      const [first] = (await kb.answer('쿠버네티스 파드는 뭐야?')).citations;
      expect(first?.url).toMatch(new RegExp(`^https://github\\.com/group/notes/blob/${commit}/notes/k8s\\.md#L\\d+`));
    } finally {
      await kb.dispose();
    }
  });

  it('drops the citations of a note a commit deletes', async () => {
    remote.commit('remove kubernetes note', () => rmSync(join(remote.work, 'notes', 'k8s.md')));
    await loop.tick();
    expect(await cited('쿠버네티스 파드는 뭐야?')).not.toContain('k8s.md');
  });

  it('on a force-push logs one clear line and keeps answering from the index it has', async () => {
    const before = knowledge.current;
    git(remote.work, 'reset', '--quiet', '--hard', 'HEAD~1');
    remote.commit('rewritten', () => writeFileSync(join(remote.work, 'notes', 'x.md'), '# 엑스\n'));
    logs.length = 0;
    await loop.tick();
    const failures = logs.filter((entry) => entry.msg === 'notes repository: sync failed, answering from the notes as they were');
    expect(failures).toHaveLength(1);
    expect(failures[0]!.reason).toMatch(/force-push/);
    expect(knowledge.current).toBe(before);
    expect((await knowledge.current.answer('컨테이너의 장점은 뭐야?')).answered).toBe(true);
  });
});
