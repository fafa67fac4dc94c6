import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readManifest } from '../src/index/store.js';
import { changeCounts, checkFreshness, compareNotes, describeChanges, isStale, notesToRead } from '../src/ingest/freshness.js';
import { ingest } from '../src/ingest/ingest.js';
import { copyFixtureKnowledge, SEED_NOTE } from './helpers/knowledge.js';

describe('comparing notes with the index (pure)', () => {
  it('reads only notes whose size or mtime differ from what was seen, and notes never seen', () => {
    const seen = { 'a.md': { size: 10, mtimeMs: 1, hash: 'h' }, 'b.md': { size: 10, mtimeMs: 1, hash: 'h' }, 'c.md': { size: 10, mtimeMs: 1, hash: 'h' } };
    const current = { 'a.md': { size: 10, mtimeMs: 1 }, 'b.md': { size: 11, mtimeMs: 1 }, 'c.md': { size: 10, mtimeMs: 2 }, 'd.md': { size: 1, mtimeMs: 1 } };
    expect(notesToRead(current, seen)).toEqual(['b.md', 'c.md', 'd.md']);
  });

  it('sorts notes into added, changed and removed; notes ingest skips are in neither index nor folder', () => {
    const changes = compareNotes({ 'same.md': '1', 'edited.md': '2', 'gone.md': '3', 'now-binary.md': '4' }, { 'same.md': '1', 'edited.md': '9', 'new.md': '5', 'now-binary.md': null, 'binary.md': null });
    expect(changes).toEqual({ added: ['new.md'], changed: ['edited.md'], removed: ['gone.md', 'now-binary.md'], glossaryChanged: false });
    expect(isStale(changes)).toBe(true);
    expect(describeChanges(changeCounts(changes))).toBe('1 added, 1 changed, 2 removed');
  });

  it('is fresh when nothing differs, stale when only the glossary does', () => {
    expect(isStale(compareNotes({ 'a.md': '1' }, { 'a.md': '1', 'skipped.md': null }))).toBe(false);
    const glossary = compareNotes({ 'a.md': '1' }, { 'a.md': '1' }, true);
    expect(isStale(glossary)).toBe(true);
    expect(describeChanges(changeCounts(glossary))).toBe('glossary changed');
  });
});

describe('checkFreshness against a real build', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'freshness-test-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  let counter = 0;

  /** A copy of the seed note, its mtime an hour back (settled, so the stamp cache trusts it), indexed. */
  async function built(): Promise<{ knowledge: string; index: string; check: () => ReturnType<typeof checkFreshness> }> {
    const dir = join(scratch, `ws-${counter++}`);
    const knowledge = copyFixtureKnowledge(join(dir, 'knowledge'));
    const index = join(dir, 'index');
    settle(join(knowledge, SEED_NOTE));
    await ingest({ knowledgeDir: knowledge, indexDir: index, embedder: { kind: 'hashing' }, analyzer: 'ngram' });
    const check = async () => checkFreshness(index, (await readManifest(index))!);
    return { knowledge, index, check };
  }

  it('is fresh right after ingest, and after a save that changes nothing', async () => {
    const { knowledge, check } = await built();
    expect((await check()).state).toBe('fresh');
    const note = join(knowledge, SEED_NOTE);
    writeFileSync(note, readFileSync(note));
    expect((await check()).state).toBe('fresh');
  });

  it('names added, edited, deleted and renamed notes', async () => {
    const { knowledge, check } = await built();
    appendFileSync(join(knowledge, SEED_NOTE), '\n## 새 섹션\n\n새로 쓴 내용.\n');
    writeFileSync(join(knowledge, 'new.md'), '# 새 노트\n\n내용.\n');
    expect(await check()).toMatchObject({ state: 'stale', added: ['new.md'], changed: [SEED_NOTE], removed: [] });
    rmSync(join(knowledge, SEED_NOTE));
    renameSync(join(knowledge, 'new.md'), join(knowledge, 'moved.md'));
    expect(await check()).toMatchObject({ state: 'stale', added: ['moved.md'], changed: [], removed: [SEED_NOTE] });
  });

  it('notices a glossary edit; ignores files ingest skips (binary notes, other file types)', async () => {
    const { knowledge, check } = await built();
    writeFileSync(join(knowledge, 'picture.md'), Buffer.from([0x89, 0x50, 0x00, 0x01]));
    writeFileSync(join(knowledge, 'todo.txt'), 'not a note');
    expect((await check()).state).toBe('fresh');
    writeFileSync(join(knowledge, 'glossary.txt'), 'container = 컨테이너\n');
    expect(await check()).toMatchObject({ state: 'stale', glossaryChanged: true, added: [], changed: [] });
  });

  it('reads a note again only when its size or mtime moved (the cheap path really skips reading)', async () => {
    const { knowledge, check } = await built();
    const note = join(knowledge, SEED_NOTE);
    await check();
    // Same length, same stamp: indistinguishable without reading, so not read (what makes a check cheap).
    const { atime, mtime } = statSync(note);
    writeFileSync(note, readFileSync(note, 'utf8').replace('컨테이너', '콘테이너'));
    utimesSync(note, atime, mtime);
    expect((await check()).state).toBe('fresh');
    utimesSync(note, new Date(), new Date());
    expect(await check()).toMatchObject({ state: 'stale', changed: [SEED_NOTE] });
  });

  it('says when the folder is gone, and when a build does not name its folder', async () => {
    const { knowledge, index, check } = await built();
    rmSync(knowledge, { recursive: true });
    expect((await check()).state).toBe('missing');
    const { knowledgeDir: _, ...older } = (await readManifest(index))!;
    expect((await checkFreshness(index, older)).state).toBe('unknown');
  });
});

/** Sets the file's mtime an hour back: a stamp that old is trusted by the stamp cache. */
function settle(path: string): void {
  const past = new Date(Date.now() - 3_600_000);
  utimesSync(path, past, past);
}
