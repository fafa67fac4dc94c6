/**
 * Notes are parsed in worker threads with a time budget each: a note the markdown parser would take minutes over
 * is skipped with a warning naming it (the others are indexed), and a pool of threads builds exactly the index
 * that parsing one note after another builds.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../scripts/gen-corpus.js';
import { currentBuildDir } from '../src/index/store.js';
import { ingest, type IngestOptions } from '../src/ingest/ingest.js';
import { createLogger } from '../src/log/logger.js';
import { loadNoteFiles } from '../src/notes/load.js';
import { parseNote } from '../src/notes/parse.js';
import { buildFiles } from './helpers/build-files.js';
import { copyFixtureKnowledge, SEED_NOTE } from './helpers/knowledge.js';

const scratch = mkdtempSync(join(tmpdir(), 'ingest-parse-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function options(knowledgeDir: string, indexDir: string, extra: Partial<IngestOptions> = {}): IngestOptions {
  return { knowledgeDir, indexDir, embedder: { kind: 'hashing' }, analyzer: 'ngram', ...extra };
}

describe('notes parsed in worker threads', () => {
  it('build byte for byte the index that one thread parsing note after note builds, in note order', async () => {
    const knowledge = join(scratch, 'corpus');
    generateCorpus({ targetChunks: 150, outDir: knowledge, questions: 0 });
    const serial = join(scratch, 'serial');
    const pooled = join(scratch, 'pooled');
    const one = await ingest(options(knowledge, serial, { workers: 1 }));
    const four = await ingest(options(knowledge, pooled, { workers: 4 }));
    expect(four.files).toEqual(one.files);
    expect(one.files.added.length).toBeGreaterThan(8);
    expect(await buildFiles(pooled)).toEqual(await buildFiles(serial));
    // And the notes are exactly what the parser makes of them in this thread.
    const { files } = await loadNoteFiles(knowledge);
    const notes = readFileSync(join((await currentBuildDir(pooled))!, 'notes.json'), 'utf8');
    expect(notes).toBe(JSON.stringify(files.map((f) => parseNote(f.file, f.source))));
  });

  it('skip a note that exceeds its time budget with a warning naming it, and index the rest', async () => {
    const knowledge = copyFixtureKnowledge(join(scratch, 'slow'));
    // 64 KB of `*a`: the parser takes tens of seconds (measured on a quiet machine: 8 KB 0.7 s, 16 KB 1.6 s, growing
    // faster than the size), far over the budget below, which the ordinary notes stay far under even on a busy machine.
    writeFileSync(join(knowledge, 'pasted.md'), `# 붙여 넣은 글\n\n${'*a'.repeat(32_768)}\n`);
    writeFileSync(join(knowledge, 'small.md'), '# 작은 노트\n\n세마포어는 공유 자원에 접근하는 스레드 수를 제한합니다.\n');
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', destination: new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }) });
    const report = await ingest(options(knowledge, join(scratch, 'slow-index'), { noteParseTimeoutMs: 3000, log }));
    expect(report.files.skipped).toEqual([{ file: 'pasted.md', reason: expect.stringMatching(/took longer than 3 s to parse \(NOTE_PARSE_TIMEOUT_SECONDS\)/) }]);
    expect(report.files.added.sort()).toEqual([SEED_NOTE, 'small.md']);
    const warnings = lines.map((l) => JSON.parse(l) as { file?: string; msg: string });
    expect(warnings).toContainEqual(expect.objectContaining({ file: 'pasted.md', msg: 'note skipped' }));
  });
});
