/**
 * `npm run bench -- [--sizes 1000,10000,100000] [--json]`: the engine measured the way search engineers
 * measure, on generated Korean study notes (scripts/gen-corpus.ts) of each size, in one run:
 *
 * - ingest: notes/s and chunks/s (parse + chunk + lexical + hashing embeddings + HNSW), with a per-stage
 *   breakdown, on one thread (serial) and on the default pool of threads (parallel) side by side, and their
 *   ratio; the same with the fixture transformers model (pipeline overhead of a real model path); a
 *   second ingest of the unchanged corpus (must embed nothing — the bench fails otherwise); a one-note edit
 *   re-ingested (the vector graph changed in place) against the full build of the same size;
 * - queries: p50/p95/p99 of `search` and `answer` with the hashing embedder (no neural inference),
 *   split into stages (analyze, embed, HNSW, BM25, fuse, compose);
 * - HNSW against an exact brute-force cosine scan over the same vectors: recall@10 and the speed ratio,
 *   for several efSearch values;
 * - memory: resident set size of a fresh process that loaded the index (and answered once), index size on disk;
 * - cold start: a fresh `src/cli.ts ask` process, from spawn to the printed answer, index already built;
 * - the default model's cost: a model of multilingual-e5-small's shape with random weights (scripts/bench-model.ts),
 *   once, on a sample of the first size's chunks: passage chunks/s per batch size, query p50/p95, RSS it adds.
 *
 * Progress goes to stderr; with `--json` stdout gets exactly one JSON object `{ machine, sizes: [...] }`
 * (`--save FILE` also writes it to a file). Corpora are cached in data/bench/; `--keep` keeps the
 * transformers-built index too (the hashing one is always kept for inspection).
 * Nothing here asserts a timing: the numbers are reported, not judged.
 *
 * Internal child modes (used by the parent): `--child rss --index DIR`, `--child analyzer`, `--child model`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HashingEmbedder } from '../src/embed/hashing.js';
import { openKnowledgeBase, type StageTimings } from '../src/engine/knowledge-base.js';
import { readIndex } from '../src/index/store.js';
import { DEFAULT_HNSW, VectorIndex } from '../src/index/vector.js';
import { defaultIngestWorkers } from '../src/ingest/analysis-pool.js';
import { ingest, type IngestTimings } from '../src/ingest/ingest.js';
import type { IngestReport } from '../src/types.js';
import { HASHING_TUNING, TRANSFORMERS_TUNING, tuningFor } from '../src/retrieval/tuning.js';
import { analyzeQuery } from '../src/retrieval/query.js';
import { createAnalyzer, isAnalyzerName, type AnalyzerName } from '../src/text/analyzer.js';
import { buildAndSweep, clusteredVectors, EF_VALUES, sweepHnsw, type HnswSweepPoint } from './bench-hnsw.js';
import { childModel, measureModelCost, type ModelCost } from './bench-model.js';
import { DEFAULT_SEED, defaultCorpusDir, generateCorpus, type BenchQuestion, type CorpusInfo } from './gen-corpus.js';

const ROOT = resolve(import.meta.dirname, '..');
const BENCH_DIR = join(ROOT, 'data', 'bench');
const TINY_MODEL = { kind: 'transformers', model: 'tiny-ko-static', localModelPath: join(ROOT, 'tests', 'fixtures', 'models'), allowRemoteModels: false } as const;
const WARMUP_QUERIES = 20;
/** Each question is asked this many times (latency percentiles are over all of them). */
const QUERY_PASSES = 2;
const COLD_START_RUNS = 3;

interface Options {
  sizes: number[];
  json: boolean;
  seed: number;
  questions: number;
  analyzer: AnalyzerName;
  /** The transformers ingest runs on the whole corpus up to this many chunks, on a prefix of this size above. */
  transformersChunks: number;
  keep: boolean;
  /** Chunks the e5-shaped model embeds per batch size; 0 skips the model section. */
  modelChunks: number;
}

type Percentiles = { p50: number; p95: number; p99: number; mean: number };

interface ColdStart {
  medianSeconds: number;
  minSeconds: number;
  runs: number[];
  command: string;
}

interface SizeResult {
  targetChunks: number;
  corpus: { notes: number; chunks: number; sections: number; megabytes: number; generateSeconds: number; dir: string };
  ingest: {
    /** With the default threads (min(2, cores)) for parsing and analysis. */
    hashing: IngestFigures;
    /** The same build on one thread (INGEST_WORKERS=1), just before; `ratio`: parallel chunks/s over serial. */
    serial: IngestFigures & { ratio: number };
    transformers: IngestFigures & { model: string; scope: string };
    unchanged: { seconds: number; embedded: number; rebuilt: boolean; stages: IngestTimings };
    /** One note edited (a sentence added) and re-ingested, against `hashing.seconds`, the full build of this corpus. */
    oneNoteEdit: { seconds: number; fullSeconds: number; note: string; embedded: number; graph: IngestReport['vectorGraph']; stages: IngestTimings };
  };
  query: {
    questions: number;
    /** Timed calls of each of `search` and `answer` (every question, QUERY_PASSES times). */
    samples: number;
    inScope: number;
    answered: number;
    /** Share of in-scope questions with a passage under the heading the question was made from, in the top 5. */
    headingHitAt5: number;
    searchMs: Percentiles;
    answerMs: Percentiles;
    /** `analyzeMs` is the rest of `answer`'s time: validation and query analysis (morphology, glossary). */
    stagesMs: Record<keyof StageTimings | 'analyzeMs', Percentiles>;
  };
  hnsw: {
    m: number;
    efConstruction: number;
    dimensions: number;
    exactMsPerQuery: number;
    sweep: HnswSweepPoint[];
    /** Smallest efSearch reaching recall@10 ≥ 0.99 at this size (undefined when none did). */
    chosenEfSearch?: number;
    configuredEfSearch: number;
    /** What the engine does: it asks HNSW for 50 candidates, so hnswlib searches with ef = max(efSearch, 50). */
    engine: { candidates: number; recallAt10: number; msPerQuery: number; speedup: number };
  };
  /** The same HNSW parameters on clustered synthetic vectors shaped like text embeddings, as many as the chunks. */
  clusteredHnsw: { buildSeconds: number; exactMsPerQuery: number; sweep: HnswSweepPoint[]; chosenEfSearch?: number };
  memory: {
    /** After loading the index and answering once (what `ask` and a bot answering need). */
    rssMB: number;
    /** After also building the concept cards from the notes (what the bot with daily posts holds). */
    withConceptsRssMB: number;
    heapUsedMB: number;
    externalMB: number;
    loadSeconds: number;
    indexMB: number;
    indexFiles: Record<string, number>;
  };
  /** Spawn to exit of `ask`, built (`npm run build`) and from the sources through tsx. */
  coldStart: { built: ColdStart; sources: ColdStart };
}

interface IngestFigures {
  seconds: number;
  notes: number;
  chunks: number;
  notesPerSecond: number;
  chunksPerSecond: number;
  stages: IngestTimings;
}

// ─── Child modes ──────────────────────────────────────────────────────────────────────────────────────

/** Memory that stays resident, not the garbage of loading: collected twice, with time for freed buffers to go. */
async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 2; i++) {
    global.gc?.();
    await new Promise((r) => setTimeout(r, 200));
  }
  return process.memoryUsage();
}

async function childRss(indexDir: string, question: string): Promise<void> {
  const started = performance.now();
  const kb = await openKnowledgeBase({ indexDir });
  await kb.answer(question);
  const loadSeconds = (performance.now() - started) / 1000;
  const serving = await settledMemory();
  // The bot also builds concept cards (daily posts, /concept) from the notes.
  const concepts = kb.concepts().length;
  const withConcepts = await settledMemory();
  process.stdout.write(
    `${JSON.stringify({ rss: serving.rss, heapUsed: serving.heapUsed, external: serving.external, loadSeconds, conceptsRss: withConcepts.rss, concepts })}\n`,
  );
  await kb.dispose();
}

async function childAnalyzer(name: AnalyzerName): Promise<void> {
  const before = process.memoryUsage().rss;
  const started = performance.now();
  await createAnalyzer(name);
  const loadSeconds = (performance.now() - started) / 1000;
  global.gc?.();
  process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss, baseRss: before, loadSeconds })}\n`);
}

function runChild(args: string[]): Record<string, number> {
  return runChildJson(args) as Record<string, number>;
}

function runChildJson(args: string[]): Record<string, unknown> {
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'scripts', 'bench.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'error' },
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`bench child ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

/** The two ways `ask` starts: from the TypeScript sources through tsx, and from the build (`npm run build`). */
const COLD_START_COMMANDS = {
  sources: ['--import', 'tsx', join(ROOT, 'src', 'cli.ts')],
  built: [join(ROOT, 'bin', 'study-notes.js')],
} as const;
type StartFrom = keyof typeof COLD_START_COMMANDS;

/** `npm run build`, so that the built cold start runs what a user's build would (bin/launch.js picks dist/). */
function buildForColdStart(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed: ${result.stderr.trim()}`);
}

/** Spawn to exit of one `ask`, i.e. what `study-notes ask` (or `npm run ask`, minus npm itself) costs. */
function coldStart(from: StartFrom, indexDir: string, question: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...COLD_START_COMMANDS[from], 'ask', '--index', indexDir, '--json', question], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`cold start (${from}): ask exited ${code}: ${err.trim()}`));
      try {
        JSON.parse(out);
      } catch {
        return reject(new Error(`cold start (${from}): ask printed no JSON answer: ${out.slice(0, 200)}`));
      }
      resolvePromise(seconds);
    });
  });
}

/** Both starts, interleaved so that a change in the machine's load falls on both alike. */
async function coldStarts(indexDir: string, question: string): Promise<SizeResult['coldStart']> {
  const runs: Record<StartFrom, number[]> = { sources: [], built: [] };
  for (let i = 0; i < COLD_START_RUNS; i++) {
    for (const from of ['sources', 'built'] as const) runs[from].push(await coldStart(from, indexDir, question));
  }
  const summary = (from: StartFrom): ColdStart => {
    const sorted = [...runs[from]].sort((a, b) => a - b);
    const command = `node ${COLD_START_COMMANDS[from].map((arg) => relative(ROOT, arg) || arg).join(' ')} ask --index DIR --json QUESTION`;
    return { medianSeconds: round(sorted[Math.floor(sorted.length / 2)]!, 2), minSeconds: round(sorted[0]!, 2), runs: runs[from].map((r) => round(r, 2)), command };
  };
  return { built: summary('built'), sources: summary('sources') };
}

// ─── Measurements ─────────────────────────────────────────────────────────────────────────────────────

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : 0);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return { p50: round(at(0.5), 3), p95: round(at(0.95), 3), p99: round(at(0.99), 3), mean: round(mean, 3) };
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function roundStages(stages: IngestTimings): IngestTimings {
  return Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, round((v as number) / 1000, 3)])) as IngestTimings;
}

/**
 * Adds a sentence to one body line of the corpus's middle note, re-ingests, and puts the note back as it was (the
 * corpus is cached for later runs; the index, removed at the start of every run, is then one edit ahead of it).
 */
async function timedOneNoteEdit(knowledgeDir: string, indexDir: string, analyzer: AnalyzerName) {
  const notes = (readdirSync(knowledgeDir, { recursive: true }) as string[]).filter((file) => file.endsWith('.md')).sort();
  const note = notes[Math.floor(notes.length / 2)]!;
  const path = join(knowledgeDir, note);
  const original = readFileSync(path, 'utf8');
  const lines = original.split('\n');
  const at = lines.findIndex((line, i) => i > lines.length / 2 && /^[^#\-*`|>\s]/.test(line));
  lines[at < 0 ? lines.length - 1 : at] += ' 그래서 이 부분은 시험에 자주 나온다.';
  writeFileSync(path, lines.join('\n'));
  try {
    return { ...(await timedIngest(knowledgeDir, indexDir, { kind: 'hashing' }, analyzer)), note };
  } finally {
    writeFileSync(path, original);
  }
}

/** `workers`: threads for parsing and analysis (default: the engine's, min(2, cores)); 1 is the serial build. */
async function timedIngest(knowledgeDir: string, indexDir: string, embedder: Parameters<typeof ingest>[0]['embedder'], analyzer: AnalyzerName, workers?: number) {
  const timings: IngestTimings = {};
  const started = performance.now();
  const report = await ingest({ knowledgeDir, indexDir, embedder, analyzer, timings, ...(workers === undefined ? {} : { workers }) });
  return { report, seconds: (performance.now() - started) / 1000, timings };
}

function figures(seconds: number, notes: number, chunks: number, stages: IngestTimings): IngestFigures {
  return { seconds: round(seconds, 2), notes, chunks, notesPerSecond: round(notes / seconds, 1), chunksPerSecond: round(chunks / seconds, 0), stages: roundStages(stages) };
}

async function measureHnsw(indexDir: string, questions: BenchQuestion[], analyzerName: AnalyzerName): Promise<SizeResult['hnsw']> {
  const index = await readIndex(indexDir);
  const dims = index.manifest.dimensions;
  const analyzer = await createAnalyzer(analyzerName);
  const embedder = new HashingEmbedder(dims === 384 ? {} : { dimensions: dims });
  const queries = questions.map((q) => embedder.embed(analyzeQuery(q.question, analyzer, index.glossary, HASHING_TUNING).expandedText));
  const buildPath = join(index.dir, 'hnsw.bin');
  const open = (ef: number) => VectorIndex.read(buildPath, dims, { ...index.manifest.hnsw, efSearch: ef });
  const { exactMsPerQuery, sweep, chosenEfSearch } = sweepHnsw(index.vectors, dims, queries, open, EF_VALUES);
  // The engine asks for 50 candidates and fuses them; recall@10 of that list is what retrieval sees.
  const configuredEfSearch = tuningFor(index.manifest.embedder).efSearch;
  const [engineRun] = sweepHnsw(index.vectors, dims, queries, open, [configuredEfSearch], 50).sweep;
  return {
    m: index.manifest.hnsw.m,
    efConstruction: index.manifest.hnsw.efConstruction,
    dimensions: dims,
    exactMsPerQuery,
    sweep,
    ...(chosenEfSearch === undefined ? {} : { chosenEfSearch }),
    configuredEfSearch,
    engine: { candidates: 50, recallAt10: engineRun!.recallAt10, msPerQuery: engineRun!.msPerQuery, speedup: engineRun!.speedup },
  };
}

/** The configured HNSW on the clustered distribution (scripts/bench-hnsw.ts) with as many points as the corpus has chunks. */
function measureClusteredHnsw(count: number, queries: number): SizeResult['clusteredHnsw'] {
  const data = clusteredVectors({ count, queries });
  const { buildSeconds, exactMsPerQuery, sweep, chosenEfSearch } = buildAndSweep(data.vectors, data.queries, 384, DEFAULT_HNSW);
  return { buildSeconds, exactMsPerQuery, sweep, ...(chosenEfSearch === undefined ? {} : { chosenEfSearch }) };
}

async function measureQueries(indexDir: string, questions: BenchQuestion[]): Promise<SizeResult['query']> {
  const kb = await openKnowledgeBase({ indexDir });
  try {
    for (const q of questions.slice(0, WARMUP_QUERIES)) await kb.answer(q.question);
    const search: number[] = [];
    const answer: number[] = [];
    const stages: Record<string, number[]> = { analyzeMs: [], embedMs: [], hnswMs: [], bm25Ms: [], fuseMs: [], composeMs: [] };
    let answered = 0;
    let hits = 0;
    const timeSearch = async (q: BenchQuestion) => {
      const started = performance.now();
      await kb.search(q.question);
      search.push(performance.now() - started);
    };
    const timeAnswer = async (q: BenchQuestion, pass: number) => {
      const started = performance.now();
      const { answer: a, timings } = await kb.answerTimed(q.question);
      const total = performance.now() - started;
      answer.push(total);
      const known = timings.embedMs + timings.hnswMs + timings.bm25Ms + timings.fuseMs + timings.composeMs;
      stages.analyzeMs!.push(Math.max(0, total - known));
      for (const key of ['embedMs', 'hnswMs', 'bm25Ms', 'fuseMs', 'composeMs'] as const) stages[key]!.push(timings[key]);
      if (pass > 0) return;
      if (q.inScope && a.answered) answered++;
      if (q.inScope && a.passages.some((p) => p.section[p.section.length - 1] === q.heading)) hits++;
    };
    // Two passes, `search` and `answer` interleaved (each going first every other question), so that a
    // moment of interference from elsewhere on the machine lands on both alike.
    for (let pass = 0; pass < QUERY_PASSES; pass++) {
      for (const [i, q] of questions.entries()) {
        if ((i + pass) % 2 === 0) {
          await timeSearch(q);
          await timeAnswer(q, pass);
        } else {
          await timeAnswer(q, pass);
          await timeSearch(q);
        }
      }
    }
    const inScope = questions.filter((q) => q.inScope).length;
    return {
      questions: questions.length,
      samples: search.length,
      inScope,
      answered: round(answered / Math.max(1, inScope), 3),
      headingHitAt5: round(hits / Math.max(1, inScope), 3),
      searchMs: percentiles(search),
      answerMs: percentiles(answer),
      stagesMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, percentiles(v)])) as SizeResult['query']['stagesMs'],
    };
  } finally {
    await kb.dispose();
  }
}

function indexFiles(indexDir: string): Record<string, number> {
  const build = readdirSync(indexDir).find((d) => d.startsWith('build-'));
  if (!build) return {};
  const dir = join(indexDir, build);
  return Object.fromEntries(readdirSync(dir).map((f) => [f, round(statSync(join(dir, f)).size / 1e6, 2)]));
}

// ─── One size ─────────────────────────────────────────────────────────────────────────────────────────

async function benchSize(size: number, options: Options, log: (line: string) => void): Promise<SizeResult> {
  log(`\n[${size}] corpus`);
  const { info, questions } = generateCorpus({
    targetChunks: size,
    seed: options.seed,
    outDir: defaultCorpusDir(size, options.seed),
    questions: options.questions,
    onProgress: (done, target) => log(`  generating ${done}/${target} chunks`),
  });
  log(`  ${info.notes} notes, ${info.chunks} chunks, ${(info.bytes / 1e6).toFixed(1)} MB`);

  const hashIndex = join(BENCH_DIR, `index-${size}-hashing`);
  const tinyIndex = join(BENCH_DIR, `index-${size}-tiny`);
  rmSync(hashIndex, { recursive: true, force: true });
  rmSync(tinyIndex, { recursive: true, force: true });

  log(`[${size}] ingest (hashing), serial: one thread`);
  const serialIndex = join(BENCH_DIR, `index-${size}-serial`);
  rmSync(serialIndex, { recursive: true, force: true });
  const serial = await timedIngest(info.dir, serialIndex, { kind: 'hashing' }, options.analyzer, 1);
  rmSync(serialIndex, { recursive: true, force: true });
  log(`  ${serial.seconds.toFixed(1)} s`);
  log(`[${size}] ingest (hashing), parallel: ${defaultIngestWorkers()} threads`);
  const first = await timedIngest(info.dir, hashIndex, { kind: 'hashing' }, options.analyzer);
  if (first.report.chunks !== info.chunks) log(`  note: ingest made ${first.report.chunks} chunks, the generator counted ${info.chunks}`);
  log(`  ${first.seconds.toFixed(1)} s (${(serial.seconds / first.seconds).toFixed(2)}× serial)`);

  log(`[${size}] ingest again (unchanged)`);
  const second = await timedIngest(info.dir, hashIndex, { kind: 'hashing' }, options.analyzer);
  if (second.report.embedded !== 0 || second.report.rebuilt) {
    throw new Error(`re-ingest of the unchanged corpus embedded ${second.report.embedded} chunks (rebuilt: ${second.report.rebuilt}); it must embed nothing`);
  }
  log(`  ${second.seconds.toFixed(2)} s`);

  log(`[${size}] ingest (transformers fixture model)`);
  let tinyKnowledge = info.dir;
  let tinyInfo: CorpusInfo = info;
  let scope = 'whole corpus';
  if (size > options.transformersChunks) {
    tinyInfo = generateCorpus({ targetChunks: options.transformersChunks, seed: options.seed, outDir: defaultCorpusDir(options.transformersChunks, options.seed), questions: options.questions }).info;
    tinyKnowledge = tinyInfo.dir;
    scope = `first ${tinyInfo.chunks} chunks (a prefix of this corpus)`;
  }
  const tiny = await timedIngest(tinyKnowledge, tinyIndex, TINY_MODEL, options.analyzer);
  log(`  ${tiny.seconds.toFixed(1)} s (${scope})`);
  if (!options.keep) rmSync(tinyIndex, { recursive: true, force: true });

  log(`[${size}] queries (${questions.length} questions × ${QUERY_PASSES})`);
  const query = await measureQueries(hashIndex, questions);
  log(`  search p95 ${query.searchMs.p95} ms, answer p95 ${query.answerMs.p95} ms`);

  log(`[${size}] HNSW vs exact`);
  const hnsw = await measureHnsw(hashIndex, questions, options.analyzer);
  log(`  exact ${hnsw.exactMsPerQuery} ms/query; ${hnsw.sweep.map((s) => `ef ${s.efSearch}: ${s.recallAt10}`).join(', ')}`);
  log(`[${size}] HNSW vs exact, clustered synthetic vectors`);
  const clusteredHnsw = measureClusteredHnsw(info.chunks, questions.length);
  log(`  exact ${clusteredHnsw.exactMsPerQuery} ms/query; ${clusteredHnsw.sweep.map((s) => `ef ${s.efSearch}: ${s.recallAt10}`).join(', ')}`);

  log(`[${size}] memory and cold start (fresh processes)`);
  const probe = questions.find((q) => q.inScope)?.question ?? questions[0]!.question;
  const rss = runChild(['--child', 'rss', '--index', hashIndex, '--question', probe]);
  const coldStart = await coldStarts(hashIndex, probe);
  const files = indexFiles(hashIndex);
  log(`  rss ${(rss.rss! / 1e6).toFixed(0)} MB, cold start ${coldStart.built.medianSeconds.toFixed(2)} s built, ${coldStart.sources.medianSeconds.toFixed(2)} s from sources`);

  // Last: the measurements above read a graph built whole (the HNSW sweep addresses hnsw.bin by chunk position).
  log(`[${size}] one-note edit, re-ingested`);
  const edit = await timedOneNoteEdit(info.dir, hashIndex, options.analyzer);
  log(`  one-note edit: update ${edit.seconds.toFixed(2)} s vs full rebuild ${first.seconds.toFixed(2)} s (${edit.note}; graph ${JSON.stringify(edit.report.vectorGraph)})`);

  return {
    targetChunks: size,
    corpus: { notes: info.notes, chunks: info.chunks, sections: info.sections, megabytes: round(info.bytes / 1e6, 1), generateSeconds: round(info.generateMs / 1000, 1), dir: info.dir },
    ingest: {
      hashing: figures(first.seconds, info.notes, first.report.chunks, first.timings),
      serial: { ...figures(serial.seconds, info.notes, serial.report.chunks, serial.timings), ratio: round(serial.seconds / first.seconds, 2) },
      transformers: { ...figures(tiny.seconds, tinyInfo.notes, tiny.report.chunks, tiny.timings), model: tiny.report.embedder, scope },
      unchanged: { seconds: round(second.seconds, 3), embedded: second.report.embedded, rebuilt: second.report.rebuilt, stages: roundStages(second.timings) },
      oneNoteEdit: { seconds: round(edit.seconds, 2), fullSeconds: round(first.seconds, 2), note: edit.note, embedded: edit.report.embedded, graph: edit.report.vectorGraph, stages: roundStages(edit.timings) },
    },
    query,
    hnsw,
    clusteredHnsw,
    memory: {
      rssMB: round(rss.rss! / 1e6, 0),
      withConceptsRssMB: round(rss.conceptsRss! / 1e6, 0),
      heapUsedMB: round(rss.heapUsed! / 1e6, 0),
      externalMB: round(rss.external! / 1e6, 0),
      loadSeconds: round(rss.loadSeconds!, 2),
      indexMB: round(Object.values(files).reduce((s, v) => s + v, 0), 1),
      indexFiles: files,
    },
    coldStart,
  };
}

// ─── Report ───────────────────────────────────────────────────────────────────────────────────────────

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  return [line(rows[0]!), `| ${widths.map((w, c) => (c === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

function readable(result: { machine: ReturnType<typeof machine>; analyzer: string; ingestWorkers: number; sizes: SizeResult[] }): string {
  const { sizes } = result;
  const n = (v: number | undefined, d = 0) => (v === undefined ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
  const col = (label: string, f: (s: SizeResult) => string) => [label, ...sizes.map(f)];
  const head = ['', ...sizes.map((s) => `${n(s.corpus.chunks)} chunks`)];
  const rows = [
    head,
    col('notes (MB of markdown)', (s) => `${n(s.corpus.notes)} (${n(s.corpus.megabytes, 1)})`),
    col('ingest, hashing: s', (s) => n(s.ingest.hashing.seconds, 1)),
    col('  notes/s · chunks/s', (s) => `${n(s.ingest.hashing.notesPerSecond)} · ${n(s.ingest.hashing.chunksPerSecond)}`),
    col(`  chunks/s serial · ${result.ingestWorkers} threads (×)`, (s) => `${n(s.ingest.serial.chunksPerSecond)} · ${n(s.ingest.hashing.chunksPerSecond)} (${n(s.ingest.serial.ratio, 2)}×)`),
    col('ingest, tiny transformers: chunks/s', (s) => `${n(s.ingest.transformers.chunksPerSecond)}${s.ingest.transformers.scope === 'whole corpus' ? '' : ` (${n(s.ingest.transformers.chunks)}-chunk prefix)`}`),
    col('  embedding alone: hashing · tiny model chunks/s', (s) => {
      const rate = (f: IngestFigures) => (f.stages.embed ? f.chunks / f.stages.embed : undefined);
      return `${n(rate(s.ingest.hashing))} · ${n(rate(s.ingest.transformers))}`;
    }),
    col('re-ingest unchanged: s (embedded)', (s) => `${n(s.ingest.unchanged.seconds, 2)} (${s.ingest.unchanged.embedded})`),
    col('one-note edit: update s vs full rebuild s', (s) => `${n(s.ingest.oneNoteEdit.seconds, 2)} vs ${n(s.ingest.oneNoteEdit.fullSeconds, 1)}`),
    col('search p50 / p95 / p99 ms', (s) => `${n(s.query.searchMs.p50, 2)} / ${n(s.query.searchMs.p95, 2)} / ${n(s.query.searchMs.p99, 2)}`),
    col('answer p50 / p95 / p99 ms', (s) => `${n(s.query.answerMs.p50, 1)} / ${n(s.query.answerMs.p95, 1)} / ${n(s.query.answerMs.p99, 1)}`),
    col('  p95 analyze·embed·hnsw·bm25·fuse·compose', (s) => (['analyzeMs', 'embedMs', 'hnswMs', 'bm25Ms', 'fuseMs', 'composeMs'] as const).map((k) => n(s.query.stagesMs[k].p95, 2)).join('·')),
    col(`HNSW recall@10 (efSearch ${sizes[0]?.hnsw.configuredEfSearch})`, (s) => n(s.hnsw.sweep.find((w) => w.efSearch === s.hnsw.configuredEfSearch)?.recallAt10, 3)),
    col('exact scan ms / HNSW ms (×)', (s) => {
      const w = s.hnsw.sweep.find((x) => x.efSearch === s.hnsw.configuredEfSearch);
      return `${n(s.hnsw.exactMsPerQuery, 2)} / ${n(w?.msPerQuery, 3)} (${n(w?.speedup, 0)}×)`;
    }),
    col(`clustered synthetic: HNSW recall@10 (efSearch ${TRANSFORMERS_TUNING.efSearch}, a model's)`, (s) => n(s.clusteredHnsw.sweep.find((w) => w.efSearch === TRANSFORMERS_TUNING.efSearch)?.recallAt10, 3)),
    col('  exact scan ms / HNSW ms (×)', (s) => {
      const w = s.clusteredHnsw.sweep.find((x) => x.efSearch === TRANSFORMERS_TUNING.efSearch);
      return `${n(s.clusteredHnsw.exactMsPerQuery, 2)} / ${n(w?.msPerQuery, 3)} (${n(w?.speedup, 0)}×)`;
    }),
    col('RSS after load + answer MB (+ concepts)', (s) => `${n(s.memory.rssMB)} (${n(s.memory.withConceptsRssMB)})`),
    col('index on disk MB', (s) => n(s.memory.indexMB, 1)),
    col('cold start to answer s: built · sources (tsx)', (s) => `${n(s.coldStart.built.medianSeconds, 2)} · ${n(s.coldStart.sources.medianSeconds, 2)}`),
  ];
  const sweepRows = [['efSearch', ...sizes.flatMap((s) => [`${n(s.corpus.chunks)} hashing: recall@10 · ms · ×`, 'clustered'])]];
  const point = (w: HnswSweepPoint) => `${n(w.recallAt10, 3)} · ${n(w.msPerQuery, 3)} · ${n(w.speedup, 0)}`;
  for (const ef of EF_VALUES) {
    sweepRows.push([String(ef), ...sizes.flatMap((s) => [point(s.hnsw.sweep.find((x) => x.efSearch === ef)!), point(s.clusteredHnsw.sweep.find((x) => x.efSearch === ef)!)])]);
  }
  const m = result.machine;
  return [
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB RAM, Node ${m.node}, ${m.platform} (load average at start ${m.loadAverageAtStart.join(' ')})`,
    `Analyzer: ${result.analyzer}; HNSW M ${sizes[0]?.hnsw.m}, efConstruction ${sizes[0]?.hnsw.efConstruction}, efSearch ${sizes[0]?.hnsw.configuredEfSearch} (engine asks for 50 candidates)`,
    '',
    table(rows),
    '',
    'HNSW vs exact cosine scan, k = 10 (recall counts ties with the 10th exact neighbour):',
    table(sweepRows),
    '',
    ...sizes.map((s) => `${n(s.corpus.chunks)} chunks — ingest stages (s): ${Object.entries(s.ingest.hashing.stages).map(([k, v]) => `${k} ${v}`).join(', ')}; serial: ${Object.entries(s.ingest.serial.stages).map(([k, v]) => `${k} ${v}`).join(', ')}; unchanged re-ingest: ${Object.entries(s.ingest.unchanged.stages).map(([k, v]) => `${k} ${v}`).join(', ')}; one-note edit (${s.ingest.oneNoteEdit.embedded} embedded, graph ${s.ingest.oneNoteEdit.graph?.updated ? `updated: +${s.ingest.oneNoteEdit.graph.added} −${s.ingest.oneNoteEdit.graph.removed} points` : 'built whole'}): ${Object.entries(s.ingest.oneNoteEdit.stages).map(([k, v]) => `${k} ${v}`).join(', ')}; answered ${n(s.query.answered * 100)}% of in-scope questions, heading hit@5 ${n(s.query.headingHitAt5 * 100)}%`),
  ].join('\n');
}

// ─── The default model's cost ─────────────────────────────────────────────────────────────────────────

async function benchModel(size: number, options: Options, log: (line: string) => void): Promise<ModelCost> {
  log(`\n[model] e5-small-shaped model (random weights) on ${options.modelChunks} chunks of the ${size}-chunk corpus`);
  const { info, questions } = generateCorpus({ targetChunks: size, seed: options.seed, outDir: defaultCorpusDir(size, options.seed), questions: options.questions });
  const cost = await measureModelCost(
    { knowledgeDir: info.dir, workDir: BENCH_DIR, sampleChunks: options.modelChunks, questions: questions.slice(0, 45).map((q) => q.question) },
    runChildJson,
  );
  log(`  ${cost.passages.map((p) => `batch ${p.batchSize}: ${p.chunksPerSecond} chunks/s`).join(', ')}; query p95 ${cost.queryMs.p95} ms`);
  return cost;
}

function readableModel(cost: ModelCost): string {
  const { shape } = cost;
  return [
    '',
    `Default model's cost (random weights, multilingual-e5-small's shape: ${shape.layers} layers, hidden ${shape.hidden}, ${shape.heads} heads, intermediate ${shape.intermediate}, vocabulary ${shape.vocabSize!.toLocaleString('en-US')}, q8 dynamic quantization, ${cost.modelMB} MB):`,
    table([
      ['', 'value'],
      ...cost.passages.map((p) => [`passage embedding, batch ${p.batchSize}: chunks/s (each round)`, `${p.chunksPerSecond} (${p.rounds.join(', ')})`]),
      ['query embedding p50 / p95 ms', `${cost.queryMs.p50} / ${cost.queryMs.p95}`],
      ['tokens per chunk: mean (p95) · chunker estimate', `${cost.tokensPerChunk.mean} (${cost.tokensPerChunk.p95}) · ${cost.tokensPerChunk.estimatedMean}`],
      ['RSS added by the loaded model MB · load s', `${cost.addedRssMB} · ${cost.loadSeconds}`],
    ]),
    `(${cost.sampleChunks} chunks sampled evenly from the corpus; ${cost.queryMs.samples} questions)`,
    '',
  ].join('\n');
}

// ─── Main ─────────────────────────────────────────────────────────────────────────────────────────────

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      json: { type: 'boolean', default: false },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      questions: { type: 'string', default: '300' },
      analyzer: { type: 'string', default: 'morph' },
      'transformers-chunks': { type: 'string', default: '10000' },
      'model-chunks': { type: 'string', default: '96' },
      'model-root': { type: 'string' },
      inputs: { type: 'string' },
      keep: { type: 'boolean', default: false },
      save: { type: 'string' },
      child: { type: 'string' },
      index: { type: 'string' },
      question: { type: 'string' },
    },
  });
  return values;
}

async function main(): Promise<void> {
  const values = parseOptions(process.argv.slice(2));
  if (values.child === 'rss') return childRss(values.index!, values.question ?? '컨테이너의 장점은?');
  if (values.child === 'analyzer') return childAnalyzer((values.analyzer as AnalyzerName) ?? 'morph');
  if (values.child === 'model') return childModel(values['model-root']!, values.inputs!, settledMemory);

  const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
  if (sizes.some((s) => !Number.isInteger(s) || s < 10)) throw new Error('--sizes takes whole numbers of chunks, e.g. 1000,10000,100000');
  if (!isAnalyzerName(values.analyzer)) throw new Error('--analyzer must be morph or ngram');
  // The table compares with the test transformers model on a prefix of each corpus: it needs at least one chunk.
  if (!Number.isInteger(Number(values['transformers-chunks'])) || Number(values['transformers-chunks']) < 10) throw new Error('--transformers-chunks takes a whole number of chunks, 10 or more');
  const options: Options = {
    sizes,
    json: values.json,
    seed: Number(values.seed),
    questions: Number(values.questions),
    analyzer: values.analyzer,
    transformersChunks: Number(values['transformers-chunks']),
    keep: values.keep,
    modelChunks: Number(values['model-chunks']),
  };
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const info = machine();
  const analyzerAlone = runChild(['--child', 'analyzer', '--analyzer', options.analyzer]);
  log('npm run build (for the built cold start)');
  buildForColdStart();
  const results: SizeResult[] = [];
  for (const size of sizes) results.push(await benchSize(size, options, log));
  const model = options.modelChunks > 0 ? await benchModel(sizes[0]!, options, log) : undefined;
  const result = {
    machine: info,
    analyzer: options.analyzer,
    ingestWorkers: defaultIngestWorkers(),
    analyzerAlone: { rssMB: round(analyzerAlone.rss! / 1e6, 0), baseRssMB: round(analyzerAlone.baseRss! / 1e6, 0), loadSeconds: round(analyzerAlone.loadSeconds!, 2) },
    hnswDefaults: DEFAULT_HNSW,
    sizes: results,
    ...(model ? { model } : {}),
  };
  if (values.save) writeFileSync(values.save, `${JSON.stringify(result, null, 2)}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`\n${readable(result)}\nAnalyzer alone: ${result.analyzerAlone.rssMB} MB RSS (process baseline ${result.analyzerAlone.baseRssMB} MB), loads in ${result.analyzerAlone.loadSeconds} s\n${model ? readableModel(model) : ''}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
