/**
 * Faults injected, nothing lost:
 * - the ingest CLI (tiny transformers model, generated notes) is SIGKILLed just before each file-system step
 *   of writing the new build and switching to it (paused there by tests/helpers/pause-at.ts, so the kill
 *   lands at that step on any machine): the live index still loads and gives the same answers, and the next
 *   ingest succeeds and cleans up;
 * - every index file (and CURRENT) is truncated, emptied or has a byte flipped, in turn: loading names the
 *   broken file and says how to rebuild, `ask` exits with 2 and prints no answer, and `ingest` repairs it;
 * - a child process writing settings, daily rotation and the question log in a loop is SIGKILLed after a
 *   seeded number of iterations (wherever it is within the next one): the database reopens intact (WAL), everything reported committed is there, and what is there is
 *   a prefix of the writes (no half transaction).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus, type BenchQuestion } from '../scripts/gen-corpus.js';
import type { TransformersSpec } from '../src/embed/create.js';
import { openKnowledgeBase } from '../src/engine/knowledge-base.js';
import { terminalErrorText } from '../src/errors/terminal.js';
import { readIndex } from '../src/index/store.js';
import { ingest } from '../src/ingest/ingest.js';
import { Store } from '../src/store/index.js';
import { UserError } from '../src/types.js';
import { childEnv, ROOT, startChild, TINY_MODEL_ENV, type Child } from './helpers/cli.js';
import { mulberry32 as random } from '../scripts/prng.js';

const TINY: TransformersSpec = { kind: 'transformers', model: TINY_MODEL_ENV.MODEL_ID, localModelPath: TINY_MODEL_ENV.LOCAL_MODEL_PATH, allowRemoteModels: false };
const SETTINGS = { localModelPath: TINY.localModelPath, allowRemoteModels: false } as const;
const CLI = path.join(ROOT, 'src', 'cli.ts');
const PAUSE_AT = pathToFileURL(path.join(ROOT, 'tests', 'helpers', 'pause-at.ts')).href;

let dir: string;
let knowledge: string;
let indexDir: string;
let questions: string[];
let baseline: string;
/** A copy of the baseline index, to restore or to damage. */
let pristine: string;


/** What an index answers to the fixed questions: text, citations and the ranked sections. */
async function answers(index = indexDir): Promise<string> {
  const kb = await openKnowledgeBase({ indexDir: index, transformers: SETTINGS });
  try {
    const out = [];
    for (const q of questions) {
      const a = await kb.answer(q);
      out.push({ answered: a.answered, text: a.text, citations: a.citations.map((c) => [c.file, c.lines]), passages: a.passages.map((p) => p.sectionId) });
    }
    return JSON.stringify(out);
  } finally {
    await kb.dispose();
  }
}

/** A script (or `--import` flags and a script) in a child process with only the tiny model's environment. */
function run(args: string[], extraEnv: Record<string, string> = {}): Child {
  return startChild(args, { cwd: dir, env: childEnv(dir, { ...TINY_MODEL_ENV, ...extraEnv }) });
}

const cli = (...args: string[]): Child => run([CLI, ...args]);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-'));
  knowledge = path.join(dir, 'knowledge');
  indexDir = path.join(dir, 'index');
  const generated: BenchQuestion[] = generateCorpus({ targetChunks: 250, outDir: knowledge, questions: 20 }).questions;
  questions = ['컨테이너의 장점은?', ...generated.filter((q) => q.inScope).slice(0, 4).map((q) => q.question), '파이썬 리스트 컴프리헨션 문법은?'];
  await ingest({ knowledgeDir: knowledge, indexDir, embedder: TINY, analyzer: 'morph' });
  baseline = await answers();
  pristine = path.join(dir, 'pristine-index');
  fs.cpSync(indexDir, pristine, { recursive: true });
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('ingest killed at each step of writing', () => {
  const killed: { step: string; after: string; left: string[] }[] = [];
  afterAll(() => {
    // What each kill left next to CURRENT (lock, temporary or superseded builds), for the report.
    console.log(`ingest kills:\n${killed.map((k) => `  before ${k.step} → ${k.after}; left ${k.left.join(' ')}`).join('\n')}`);
  });

  // In the order an ingest takes them. `a > b` is the `b` after an `a` (see pause-at.ts): the clean-up once the
  // new build is live, not the one at start-up of a crash's leftovers.
  const STEPS = [
    'mkdir .tmp-build', // notes read and embedded, nothing written yet
    'open chunks.bin', // the temporary build's first file
    'open manifest.json', // every file but the manifest written
    'rename .tmp-build', // complete, not yet a build
    'open CURRENT.tmp', // a build, not yet named in CURRENT
    'rename CURRENT.tmp', // CURRENT.tmp written, not yet in place
    'rename CURRENT.tmp > rm build', // the new build live, the old one not yet removed
    'rename CURRENT.tmp > rm .ingest.lock', // done but for the lock
  ];

  it('keeps the live index loadable with the same answers at every step, and the next ingest succeeds', async () => {
    for (const step of STEPS) {
      const child = run(['--import', PAUSE_AT, CLI, 'ingest', '--knowledge', knowledge, '--index', indexDir, '--force'], { PAUSE_AT: step });
      await child.waitForOutput(`paused before ${step.split('>').at(-1)!.trim()}`);
      child.process.kill('SIGKILL');
      const { signal } = await child.exited;
      const left = fs.readdirSync(indexDir).filter((e) => e !== 'CURRENT').sort();
      killed.push({ step, after: signal ?? 'exited', left });
      // The live build loads and answers exactly as before (a forced rebuild of the same notes changes nothing).
      await expect(readIndex(indexDir)).resolves.toBeDefined();
      expect(await answers(), step).toBe(baseline);
    }
    expect(killed.map((k) => k.after)).toEqual(STEPS.map(() => 'SIGKILL'));

    // The next ingest (a note changed) succeeds despite the dead process's lock and leftovers, and cleans up.
    const note = fs.readdirSync(knowledge, { recursive: true }).map(String).find((f) => f.endsWith('.md'))!;
    const before = fs.readFileSync(path.join(knowledge, note), 'utf8');
    fs.appendFileSync(path.join(knowledge, note), '\n\n## 장애 복구\n\n강제 종료된 색인 작업 뒤에도 다음 색인은 성공합니다.\n');
    const recovery = cli('ingest', '--knowledge', knowledge, '--index', indexDir);
    const { code } = await recovery.exited;
    expect(code, recovery.stderr()).toBe(0);
    expect(recovery.stderr()).toMatch(/files: 0 added, 1 changed, 0 removed/);
    const entries = fs.readdirSync(indexDir);
    expect(entries.filter((e) => e.startsWith('build-'))).toHaveLength(1);
    expect(entries.filter((e) => e.startsWith('.tmp-') || e === '.ingest.lock' || e === 'CURRENT.tmp')).toEqual([]);
    const kb = await openKnowledgeBase({ indexDir, transformers: SETTINGS });
    try {
      expect((await kb.answer('강제 종료된 색인 작업 뒤에도 다음 색인은?')).citations[0]?.file).toBe(note.split(path.sep).join('/'));
    } finally {
      await kb.dispose();
    }
    // Back to the baseline for the tests below.
    fs.writeFileSync(path.join(knowledge, note), before);
    fs.rmSync(indexDir, { recursive: true });
    fs.cpSync(pristine, indexDir, { recursive: true });
  });
});

describe('a damaged index file', () => {
  const FILES = ['manifest.json', 'chunks.bin', 'notes.json', 'vectors.f32', 'hnsw.bin', 'vector-keys.bin', 'lexical.bin', 'glossary.json'];
  const DAMAGE: Record<string, (bytes: Buffer) => Buffer> = {
    'cut in half': (b) => b.subarray(0, Math.floor(b.length / 2)),
    emptied: () => Buffer.alloc(0),
    'one byte flipped': (b) => {
      const copy = Buffer.from(b);
      const at = Math.floor(copy.length * 0.61);
      copy[at] = copy[at]! ^ 0x5a;
      return copy;
    },
  };

  /** A copy of the good index with one file damaged. Returns the copy's folder. */
  function damaged(file: string, damage: (bytes: Buffer) => Buffer, name: string): string {
    const copy = path.join(dir, `damaged-${name}`);
    fs.rmSync(copy, { recursive: true, force: true });
    fs.cpSync(pristine, copy, { recursive: true });
    const build = fs.readFileSync(path.join(copy, 'CURRENT'), 'utf8').split('\n')[0]!;
    const target = file === 'CURRENT' ? path.join(copy, 'CURRENT') : path.join(copy, build, file);
    fs.writeFileSync(target, damage(fs.readFileSync(target)));
    return copy;
  }

  it('is named on loading, with how to rebuild, for every file and every kind of damage', async () => {
    let cases = 0;
    for (const file of [...FILES, 'CURRENT']) {
      for (const [kind, damage] of Object.entries(DAMAGE)) {
        const copy = damaged(file, damage, 'load');
        const error = await readIndex(copy).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, `${file} ${kind}`).toBeInstanceOf(UserError);
        expect((error as UserError).code, `${file} ${kind}`).toBe('INDEX_CORRUPT');
        // A byte flipped in CURRENT's checksum of the manifest reads as "they disagree": both are named then.
        const named = file === 'CURRENT' ? /^Index file (CURRENT is|manifest\.json is .*CURRENT)/u : new RegExp(`^Index file ${file.replace('.', '\\.')} is`, 'u');
        expect((error as UserError).message, `${file} ${kind}`).toMatch(named);
        // The terminal tells the operator how to rebuild it (Discord members get /reindex instead).
        expect(terminalErrorText(error as UserError)).toContain('npm run ingest');
        // The engine refuses what it reads the same way: never an answer from a damaged file. It never reads the flat
        // vectors (HNSW holds its own copy): only their size is checked, which a flipped byte keeps. It checks the
        // notes when concept cards first need them: a damaged file is named then, and answering goes on without it.
        const engine = openKnowledgeBase({ indexDir: copy, transformers: SETTINGS });
        if (file === 'notes.json') {
          const kb = await engine;
          expect(() => kb.concepts(), kind).toThrow(named);
          await kb.dispose();
        } else if (file === 'vectors.f32' && kind === 'one byte flipped') {
          await (await engine).dispose();
        } else {
          await expect(engine, `${file} ${kind}`).rejects.toThrow(named);
        }
        cases++;
      }
    }
    expect(cases).toBe(27);
    // CURRENT naming a build that is not there, or carrying another (well-formed) manifest checksum.
    const gone = damaged('CURRENT', (b) => Buffer.from(b.toString().replace(/^build-[^\n]+/u, 'build-gone-000000')), 'gone');
    await expect(readIndex(gone)).rejects.toThrow(/^Index file CURRENT is damaged \(it names build-gone-000000, which is not there\)/u);
    const otherSum = damaged('CURRENT', (b) => Buffer.from(b.toString().replace(/[0-9a-f]{64}/u, '0'.repeat(64))), 'sum');
    await expect(readIndex(otherSum)).rejects.toThrow(/^Index file manifest\.json is damaged \(its checksum does not match the one in CURRENT, or CURRENT is damaged\)/u);
    // And a name that tries to leave the index folder is damage, never a path.
    const escape = damaged('CURRENT', () => Buffer.from('../../etc\n'), 'escape');
    await expect(readIndex(escape)).rejects.toThrow(/^Index file CURRENT is damaged \(it does not name a build\)/u);
  });

  it('makes `ask` exit with 2 and one line naming the file, and `ingest` repairs it', async () => {
    const picked: [string, string][] = [
      ['manifest.json', 'one byte flipped'],
      ['lexical.bin', 'cut in half'],
      ['CURRENT', 'emptied'],
    ];
    const runs = picked.map(([file, kind]) => {
      const copy = damaged(file, DAMAGE[kind]!, `cli-${file}`);
      return { file, copy, child: cli('ask', '--index', copy, '--knowledge', knowledge, questions[0]!) };
    });
    for (const { file, child } of runs) {
      const { code } = await child.exited;
      expect(code, child.stderr()).toBe(2);
      expect(child.stdout()).toBe('');
      const lines = child.stderr().trim().split('\n');
      expect(lines, child.stderr()).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^Index file ${file.replace('.', '\\.')} is .+ Rebuild it with \`npm run ingest\`\\.$`, 'u'));
    }
    // `ingest` on the unchanged notes sees the damage and rebuilds; the answers are the baseline's.
    for (const { copy } of runs) {
      const report = await ingest({ knowledgeDir: knowledge, indexDir: copy, embedder: TINY, analyzer: 'morph' });
      expect(report.rebuilt).toBe(true);
      expect(await answers(copy)).toBe(baseline);
    }
  });
});

describe('SQLite killed mid-write', () => {
  const WRITER = `
    const { Store } = await import(process.env.STORE_URL);
    const store = Store.open({ path: process.argv[2] });
    const guild = 'guild-1';
    const sections = Array.from({ length: 7 }, (_, i) => 'note.md#s' + i);
    const choose = (rotation) => {
      const left = sections.filter((s) => !rotation.posted.includes(s));
      return left.length ? { sectionId: left[0], round: rotation.round } : { sectionId: sections[0], round: rotation.round + 1 };
    };
    for (let i = 1; ; i++) {
      store.settings.configureDaily(guild, { channelId: 'c' + i, time: '09:00', configuredBy: 'admin' });
      const date = new Date(Date.UTC(2025, 0, 1) + i * 86400000).toISOString().slice(0, 10);
      const claim = store.daily.claimSlot(guild, date, choose);
      if (claim.kind !== 'claimed') throw new Error('slot not claimed: ' + claim.kind);
      store.daily.finishSlot(claim.claim, { status: 'posted', messageId: 'm' + i });
      store.questions.log({ guildId: guild, userId: 'u', question: 'q' + i, answered: true });
      process.stdout.write(i + '\\n');
    }
  `;

  const dayOf = (date: string | null): number => (date === null ? 0 : Math.round((Date.parse(date) - Date.UTC(2025, 0, 1)) / 86400000));

  it('reopens intact with every reported write and only whole transactions, at every seeded kill', async () => {
    const script = path.join(dir, 'writer.mjs');
    fs.writeFileSync(script, WRITER);
    const storeUrl = pathToFileURL(path.join(ROOT, 'src', 'store', 'index.ts')).href;
    const seen: string[] = [];
    for (const seed of [11, 12, 13]) {
      const file = path.join(dir, `crash-${seed}.sqlite`);
      const target = 20 + Math.floor(random(seed)() * 150);
      const child = run([script, file], { STORE_URL: storeUrl });
      await child.waitForOutput(`\n${target}\n`, 'stdout');
      child.process.kill('SIGKILL');
      const { signal } = await child.exited;
      expect(signal, child.stderr()).toBe('SIGKILL');
      const reported = Math.max(...child.stdout().trim().split('\n').map(Number));
      expect(fs.existsSync(`${file}-wal`)).toBe(true); // the crash left a write-ahead log to recover from

      const raw = new Database(file);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      raw.close();

      const store = Store.open({ path: file });
      try {
        const channel = Number(store.settings.get('guild-1')!.dailyChannelId!.slice(1));
        const state = store.daily.state('guild-1')!;
        const slot = dayOf(state.slotDate);
        const logged = store.stats().asked;
        // Nothing reported as written is lost; at most the iteration in flight went further.
        expect(channel).toBeGreaterThanOrEqual(reported);
        expect(channel).toBeLessThanOrEqual(reported + 1);
        // What is there is a prefix of the writes of iteration `channel`: settings, claim, confirm, log.
        const prefix =
          (slot === channel - 1 && state.slotStatus === 'posted' && logged === channel - 1) ||
          (slot === channel && state.slotStatus === 'claimed' && logged === channel - 1) ||
          (slot === channel && state.slotStatus === 'posted' && logged === channel - 1) ||
          (slot === channel && state.slotStatus === 'posted' && logged === channel);
        expect(prefix, JSON.stringify({ reported, channel, slot, status: state.slotStatus, logged })).toBe(true);
        // The rotation never repeats a section within a round, and the slot's section is in it.
        const rotation = store.daily.rotation('guild-1');
        expect(new Set(rotation.posted).size).toBe(rotation.posted.length);
        if (state.slotSectionId) expect(rotation.posted).toContain(state.slotSectionId);
        // A slot left `claimed` is recovered as interrupted at the next start, never re-sent.
        expect(store.daily.recoverInterrupted().length).toBe(state.slotStatus === 'claimed' ? 1 : 0);
        // And the database takes writes again.
        expect(store.questions.log({ guildId: 'guild-1', userId: 'u', question: 'after the crash', answered: false })).toBeGreaterThan(0);
        seen.push(`${reported}:${state.slotStatus}`);
      } finally {
        store.close();
      }
    }
    expect(seen).toHaveLength(3);
  });
});
