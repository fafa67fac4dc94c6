import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookUpConcept, renderConceptList, renderConceptLookup } from '../src/cli/concept.js';
import { renderStats } from '../src/cli/stats.js';
import { cliMessages } from '../src/cli/messages.js';

const english = cliMessages('en');
import { matchConcepts } from '../src/engine/concepts.js';
import { openKnowledgeBase, type LoadedKnowledgeBase } from '../src/engine/knowledge-base.js';
import { readManifest } from '../src/index/store.js';
import { ingest } from '../src/ingest/ingest.js';
import { readStatsFile, Store } from '../src/store/index.js';
import { UserError } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { FIXTURE_KNOWLEDGE } from './helpers/knowledge.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-concept-stats-'));
const knowledge = join(dir, 'knowledge');
const index = join(dir, 'index');
const BASE_URL = 'https://example.org/notes/';
let kb: LoadedKnowledgeBase;

beforeAll(async () => {
  cpSync(FIXTURE_KNOWLEDGE, knowledge, { recursive: true });
  await ingest({ knowledgeDir: knowledge, indexDir: index, embedder: { kind: 'hashing' }, analyzer: 'ngram' });
  kb = await openKnowledgeBase({ indexDir: index, notesBaseUrl: BASE_URL });
});

afterAll(async () => {
  await kb?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('concept', () => {
  it('finds a concept by part of its title, titles starting with it first, ignoring case and spaces', () => {
    const concepts = kb.concepts();
    const found = matchConcepts(concepts, '하이퍼');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((c) => c.path.join(' ').includes('하이퍼'))).toBe(true);
    expect(matchConcepts(concepts, '호스트 하이퍼바이저')[0]!.title).toBe('호스트 하이퍼바이저');
    expect(matchConcepts(concepts, '')).toHaveLength(concepts.length);
  });

  it('renders the card: path and location, the note\'s sentences, the self-check with its answer, the link', () => {
    const found = lookUpConcept(kb.concepts(), '호스트 하이퍼바이저', kb.notesBaseUrl, english);
    const text = renderConceptLookup(found);
    const [head, link] = text.split('\n');
    expect(head).toMatch(/^Docker and VM › .*호스트 하이퍼바이저 — docker-and-vm\.md:\d+-\d+$/);
    expect(link).toBe(found.url);
    expect(found.url).toMatch(/^https:\/\/example\.org\/notes\/docker-and-vm\.md#L\d+-L\d+$/);
    const note = readFileSync(join(knowledge, 'docker-and-vm.md'), 'utf8').replace(/\*\*/g, '');
    for (const sentence of found.card.summary) expect(note).toContain(sentence.replace(/\*\*/g, ''));
    if (found.card.question) expect(text).toContain(`답 (answer): ${found.card.question.answer}`);
  });

  it('says in one line that nothing matches, and lists every concept when no name is given', () => {
    const error = (() => {
      try {
        lookUpConcept(kb.concepts(), '양자역학', undefined, english);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^No concept matches "양자역학": study-notes concept \(no name\) lists them all\.$/);
    expect(renderConceptList(kb.concepts()).split('\n')).toHaveLength(kb.concepts().length);
  });

  it('works through the CLI', async () => {
    const result = await runCli(['concept', '--knowledge', knowledge, '--index', index, '베어메탈']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/› 베어메탈 하이퍼바이저 — docker-and-vm\.md:/);
  });
});

describe('stats', () => {
  const dbPath = join(dir, 'bot.sqlite');

  it('reads the bot\'s numbers from its database without writing to it', async () => {
    const store = Store.open({ path: dbPath });
    store.questions.log({ guildId: 'g1', userId: 'u1', question: '도커란?', answered: true, topSectionId: 's' });
    store.questions.log({ guildId: 'g2', userId: 'u2', question: '쿠버네티스   란?', answered: false, topSectionId: null });
    store.feedback.vote({ messageId: 'm1', userId: 'u1', guildId: 'g1', vote: 'down' });
    store.close();
    const before = statSync(dbPath).mtimeMs;
    chmodSync(dbPath, 0o444);
    try {
      const stats = readStatsFile(dbPath)!;
      expect(stats).toMatchObject({ asked: 2, answered: 1, unanswered: 1, up: 0, down: 1 });
      const text = renderStats(stats, await readManifest(index), { databasePath: dbPath, indexDir: index }, english);
      expect(text).toContain('questions  2 asked, 1 answered, 1 not answered');
      expect(text).toContain('  1. 쿠버네티스 란? ×1');
      expect(text).toMatch(/index {6}1 note, \d+ chunks, built /);
      expect(statSync(dbPath).mtimeMs).toBe(before);
    } finally {
      chmodSync(dbPath, 0o644);
    }
    expect(renderStats(readStatsFile(dbPath)!, undefined, { databasePath: dbPath, indexDir: index }, english)).toContain(`index      none yet in ${index}`);
  });

  it('is undefined for a missing database, and names a file that is not one', () => {
    expect(readStatsFile(join(dir, 'nope.sqlite'))).toBeUndefined();
    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'not a database at all, just text '.repeat(200));
    expect(() => readStatsFile(junk)).toThrow(/junk\.sqlite/);
  });

  it('says in one line through the CLI that there is no database yet, exit 2', async () => {
    const missing = join(dir, 'none', 'bot.sqlite');
    const result = await runCli(['stats', '--index', index], { env: { DATABASE_PATH: missing } });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`No bot database at ${missing} (DATABASE_PATH): the bot records questions there once it runs (npm start).`);
    expect(result.stdout).toBe('');
  });
});
