import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadEngineConfig } from '../src/config.js';
import { indexSource } from '../src/discord/knowledge.js';
import { openKnowledgeBase } from '../src/engine/knowledge-base.js';
import { createLogger } from '../src/log/logger.js';
import { loadNoteFiles } from '../src/notes/load.js';
import { UserError } from '../src/types.js';

/**
 * Folders whose listing fails with EACCES, as a `chmod 000` folder or a root-owned `lost+found` does for a normal
 * user (the tests may run as root, which may list anything).
 */
const unlistable = vi.hoisted(() => new Set<string>());
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const readdir = (async (path: string, ...rest: unknown[]) => {
    if (unlistable.has(String(path))) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: 'EACCES' });
    return (fs.readdir as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
  }) as typeof fs.readdir;
  return { ...fs, readdir, default: { ...fs, readdir } };
});

const made: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'notes-load-'));
  made.push(dir);
  return dir;
}

function write(root: string, file: string, content: string | Uint8Array): void {
  const path = join(root, ...file.split('/'));
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function userErrorOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('loadNoteFiles', () => {
  it('finds .md files recursively, with forward-slash paths relative to the folder, in a stable order', async () => {
    const root = tempDir();
    write(root, 'README.md', '# 소개\n');
    write(root, 'SUMMARY.md', '* [소개](README.md)\n');
    write(root, 'os/process.md', '# 프로세스\n');
    write(root, 'os/deep/thread.MD', '# 스레드\n');
    write(root, 'network/tcp.md', '# TCP\n');
    write(root, 'glossary.txt', 'a = 가\n');
    write(root, 'os/image.png', 'not a note');
    write(root, '.git/notes.md', '# hidden\n');
    const { files, skipped } = await loadNoteFiles(root);
    expect(files.map((f) => f.file)).toEqual(['README.md', 'SUMMARY.md', 'network/tcp.md', 'os/deep/thread.MD', 'os/process.md']);
    expect(files.find((f) => f.file === 'os/process.md')!.source).toBe('# 프로세스\n');
    expect(skipped).toEqual([]);
  });

  it('skips a non-UTF-8 file and a binary file, naming each, and still loads the rest', async () => {
    const root = tempDir();
    write(root, 'good.md', '# 좋은 노트\n');
    // "가나" in EUC-KR: not valid UTF-8.
    write(root, 'legacy/euc-kr.md', Uint8Array.from([0x23, 0x20, 0xb0, 0xa1, 0xb3, 0xaa, 0x0a]));
    write(root, 'binary.md', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
    const { files, skipped } = await loadNoteFiles(root);
    expect(files.map((f) => f.file)).toEqual(['good.md']);
    expect(skipped.map((s) => s.file).sort()).toEqual(['binary.md', 'legacy/euc-kr.md']);
    expect(skipped.find((s) => s.file === 'legacy/euc-kr.md')!.reason).toMatch(/UTF-8/);
    expect(skipped.find((s) => s.file === 'binary.md')!.reason).toMatch(/binary/);
  });

  it('decodes a UTF-8 file with a byte order mark', async () => {
    const root = tempDir();
    write(root, 'bom.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# 제목\n', 'utf8')]));
    const { files } = await loadNoteFiles(root);
    expect(files[0]!.source.replace(/^\uFEFF/, '')).toBe('# 제목\n');
  });

  it('decodes a UTF-16 note (little- or big-endian, by its byte order mark) instead of calling it binary', async () => {
    const root = tempDir();
    const text = '# 세마포어\n\n세마포어는 공유 자원에 접근하는 스레드 수를 제한합니다.\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    write(root, 'windows.md', le);
    write(root, 'big-endian.md', Buffer.from(le.swap16()));
    write(root, 'odd.md', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le'), Buffer.from([0x41])]));
    const { files, skipped } = await loadNoteFiles(root);
    expect(files).toEqual([
      { file: 'big-endian.md', source: text },
      { file: 'windows.md', source: text },
    ]);
    expect(skipped).toEqual([{ file: 'odd.md', reason: expect.stringMatching(/^UTF-16 text .* damaged; save it as UTF-8$/) }]);
  });

  it('skips a folder it cannot list with a warning naming it, and reads the rest', async () => {
    const root = tempDir();
    write(root, 'good.md', '# 좋은 노트\n');
    write(root, 'lost+found/orphan.md', '# 고아\n');
    unlistable.add(join(root, 'lost+found'));
    const { files, skipped } = await loadNoteFiles(root);
    expect(files.map((f) => f.file)).toEqual(['good.md']);
    expect(skipped).toEqual([{ file: 'lost+found/', reason: 'folder unreadable: EACCES (its notes are not indexed)' }]);
  });

  it('calls a dangling link dangling, not a link out of the folder', async () => {
    const root = tempDir();
    write(root, 'good.md', '# 좋은 노트\n');
    symlinkSync(join(root, 'renamed-away.md'), join(root, 'old-name.md'));
    const { skipped } = await loadNoteFiles(root);
    expect(skipped).toEqual([{ file: 'old-name.md', reason: 'symbolic link to something that does not exist (dangling)' }]);
  });

  it('skips a file over maxFileBytes and says so', async () => {
    const root = tempDir();
    write(root, 'small.md', '# 작은 노트\n');
    write(root, 'huge.md', `# 큰 노트\n${'가'.repeat(1000)}\n`);
    const { files, skipped } = await loadNoteFiles(root, { maxFileBytes: 1024 });
    expect(files.map((f) => f.file)).toEqual(['small.md']);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.file).toBe('huge.md');
    expect(skipped[0]!.reason).toMatch(/1024/);
  });

  it('does not follow symlinks that leave the knowledge folder', async () => {
    const root = tempDir();
    const outside = tempDir();
    write(outside, 'secret.md', '# 비밀\n');
    write(outside, 'more/other.md', '# 다른 비밀\n');
    write(root, 'inside.md', '# 안쪽\n');
    symlinkSync(join(outside, 'secret.md'), join(root, 'linked.md'));
    symlinkSync(join(outside, 'more'), join(root, 'linked-folder'));
    const { files, skipped } = await loadNoteFiles(root);
    expect(files.map((f) => f.file)).toEqual(['inside.md']);
    expect(files.some((f) => f.source.includes('비밀'))).toBe(false);
    expect(skipped.map((s) => s.file)).toContain('linked.md');
  });

  it('reads a symlinked note that stays inside the folder', async () => {
    const root = tempDir();
    write(root, 'real/note.md', '# 노트\n');
    symlinkSync(join(root, 'real', 'note.md'), join(root, 'alias.md'));
    const { files } = await loadNoteFiles(root);
    expect(files.map((f) => f.file)).toEqual(['alias.md', 'real/note.md']);
  });

  it('reports a missing folder as KNOWLEDGE_MISSING', async () => {
    const error = await userErrorOf(loadNoteFiles(join(tempDir(), 'does-not-exist')));
    expect(error.code).toBe('KNOWLEDGE_MISSING');
    expect(error.message).toContain('does-not-exist');
  });

  it('reports a file given as the folder as KNOWLEDGE_MISSING', async () => {
    const root = tempDir();
    write(root, 'note.md', '# 노트\n');
    expect((await userErrorOf(loadNoteFiles(join(root, 'note.md')))).code).toBe('KNOWLEDGE_MISSING');
  });

  it('reports a folder without notes as KNOWLEDGE_EMPTY', async () => {
    const root = tempDir();
    expect((await userErrorOf(loadNoteFiles(root))).code).toBe('KNOWLEDGE_EMPTY');
    write(root, 'glossary.txt', 'a = 가\n');
    write(root, 'sub/readme.txt', 'not markdown');
    expect((await userErrorOf(loadNoteFiles(root))).code).toBe('KNOWLEDGE_EMPTY');
  });
});

describe('ingest with bad files among the notes', () => {
  it('skips each bad file with a warning naming it, never follows links out of the folder, and indexes the rest', async () => {
    const root = tempDir();
    const outside = tempDir();
    const index = join(tempDir(), 'index');
    write(root, 'good.md', '# 컨테이너\n\n컨테이너는 호스트의 커널을 공유하므로 가볍게 실행됩니다.\n');
    write(root, 'sub/also-good.md', '# 가상 머신\n\n가상 머신은 하이퍼바이저 위에서 게스트 운영체제를 실행합니다.\n');
    write(root, 'binary.md', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a, 0x0a]));
    write(root, 'huge.md', `# 큰 노트\n\n${'컨테이너 '.repeat(3000)}\n`); // over MAX_NOTE_BYTES below
    write(root, 'legacy.md', Uint8Array.from([0x23, 0x20, 0xb0, 0xa1, 0xb3, 0xaa, 0x0a])); // EUC-KR
    write(root, 'deep.md', `${'>'.repeat(10_000)} 너무 깊은 인용문\n`); // beyond what the markdown library can parse
    write(outside, 'secret.md', '# 비밀\n\n컨테이너 비밀번호는 hunter2 입니다.\n');
    symlinkSync(join(outside, 'secret.md'), join(root, 'leak.md'));
    symlinkSync(outside, join(root, 'leak-folder'));
    symlinkSync(join(root, 'missing.md'), join(root, 'dangling.md'));
    symlinkSync(join(root, 'loop-b.md'), join(root, 'loop-a.md'));
    symlinkSync(join(root, 'loop-a.md'), join(root, 'loop-b.md'));
    symlinkSync(root, join(root, 'sub', 'back-to-root')); // a folder link inside the tree: not walked twice
    mkdirSync(join(root, 'folder.md'));
    // A named pipe called *.md would block a reader forever; it is not a regular file, so it is never opened.
    const fifo = spawnSync('mkfifo', [join(root, 'pipe.md')]).status === 0;

    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', destination: new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }) });
    // A long parse budget: `deep.md` must fail as unparsable, not time out on a loaded machine first.
    const config = loadEngineConfig({ KNOWLEDGE_DIR: root, INDEX_DIR: index, EMBEDDER: 'hashing', ANALYZER: 'ngram', MAX_NOTE_BYTES: '16000', NOTE_PARSE_TIMEOUT_SECONDS: '120' });
    const report = await indexSource(config, logger).ingest();

    expect(report.files.added.sort()).toEqual(['good.md', 'sub/also-good.md']);
    const skipped = Object.fromEntries(report.files.skipped.map((s) => [s.file, s.reason]));
    expect(Object.keys(skipped).sort()).toEqual(['binary.md', 'dangling.md', 'deep.md', 'huge.md', 'leak.md', 'legacy.md', 'loop-a.md', 'loop-b.md']);
    expect(skipped['binary.md']).toMatch(/binary/);
    expect(skipped['huge.md']).toMatch(/larger than 16000 bytes/);
    expect(skipped['legacy.md']).toMatch(/UTF-8/);
    expect(skipped['deep.md']).toMatch(/could not be parsed: markdown nested too deeply/);
    expect(skipped['leak.md']).toMatch(/not followed/);
    // Each one is a warning in the log that names the file.
    const warnings = lines.map((l) => JSON.parse(l) as { level: number; file?: string; msg: string }).filter((l) => l.level === 40);
    for (const file of Object.keys(skipped)) expect(warnings.some((w) => w.file === file && w.msg === 'note skipped'), file).toBe(true);

    const kb = await openKnowledgeBase({ indexDir: index });
    try {
      expect(kb.info.notes).toBe(2);
      const answer = await kb.answer('컨테이너는 커널을 공유하나요?');
      expect(answer.passages[0]?.file).toBe('good.md');
      expect(answer.passages.map((p) => p.text).join(' ')).not.toContain('hunter2');
    } finally {
      await kb.dispose();
    }
    expect(fifo || process.platform === 'win32').toBe(true);
  });
});
