/**
 * `npm run soak -- [--questions 10000] [--embedder tiny|hashing] [--analyzer morph|ngram] [--chunks 800] [--json]`:
 * many questions through `answer()` in one process, watching resident memory for a leak.
 *
 * The index holds the seed note plus generated study notes (scripts/gen-corpus.ts, ~`--chunks` chunks), built
 * with the fixture transformers model (`tiny`, the real transformers.js / onnxruntime path, offline) or the
 * hashing embedder. The questions cycle through the labelled eval questions and the generated ones, and half of
 * them are made unique (words shuffled, a counter appended), so a cache keyed by question text that never
 * forgets would show up as growth.
 *
 * Memory is sampled every 500 questions after a full garbage collection. The verdict compares the resident set
 * size after the first 1,000 questions (warm: model, dictionary and index loaded, JIT settled) with the end:
 * within 10% is "no leak". Progress goes to stderr; `--json` prints one JSON object on stdout.
 * Nothing here is a test: timings and memory are reported, not asserted (`tests/soak.test.ts` runs a short one).
 */
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { EmbedderSpec } from '../src/embed/create.js';
import { openKnowledgeBase } from '../src/engine/knowledge-base.js';
import { ingest } from '../src/ingest/ingest.js';
import type { AnalyzerName } from '../src/text/analyzer.js';
import { generateCorpus } from './gen-corpus.js';
import { mulberry32 as random } from './prng.js';

const ROOT = resolve(import.meta.dirname, '..');
const MODELS = join(ROOT, 'tests', 'fixtures', 'models');

export interface SoakOptions {
  questions: number;
  embedder: 'tiny' | 'hashing';
  analyzer: AnalyzerName;
  /** Chunks of generated notes added to the seed note. */
  chunks: number;
  /** Where the notes and the index go (rebuilt when missing). */
  workDir: string;
  /** Memory sample every this many questions. */
  sampleEvery?: number;
  onProgress?: (sample: MemorySample) => void;
}

export interface MemorySample {
  questions: number;
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  elapsedS: number;
}

export interface SoakResult {
  questions: number;
  unique: number;
  answered: number;
  embedder: string;
  chunks: number;
  samples: MemorySample[];
  /** RSS after the first 1,000 questions (or the first sample when fewer were asked) and at the end. */
  rssAfterWarmupMb: number;
  rssEndMb: number;
  growthPercent: number;
  leak: boolean;
  msPerQuestion: number;
}

/** A full collection when the runtime allows one (`--expose-gc` is switched on here; a no-op otherwise). */
function collector(): () => void {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    return () => {
      gc();
      gc();
    };
  } catch {
    return () => undefined;
  }
}

function questionPool(generated: string[]): string[] {
  const fromEval = ['seed', 'cs-study', 'interview']
    .map((set) => join(ROOT, 'tests', 'eval', `${set}.jsonl`))
    .filter(existsSync)
    .flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => (JSON.parse(line) as { q: string }).q),
    );
  return [...fromEval, ...generated];
}


export async function soak(options: SoakOptions): Promise<SoakResult> {
  const gc = collector();
  const knowledge = join(options.workDir, 'knowledge');
  const indexDir = join(options.workDir, `index-${options.embedder}-${options.analyzer}`);
  const { questions: generated } = generateCorpus({ targetChunks: options.chunks, outDir: join(knowledge, 'generated'), questions: 300 });
  if (!existsSync(join(knowledge, 'docker-and-vm.md'))) copyFileSync(join(ROOT, 'knowledge', 'docker-and-vm.md'), join(knowledge, 'docker-and-vm.md'));
  const spec: EmbedderSpec = options.embedder === 'tiny' ? { kind: 'transformers', model: 'tiny-ko-static', localModelPath: MODELS, allowRemoteModels: false } : { kind: 'hashing' };
  const report = await ingest({ knowledgeDir: knowledge, indexDir, embedder: spec, analyzer: options.analyzer });
  const kb = await openKnowledgeBase({ indexDir, transformers: { localModelPath: MODELS, allowRemoteModels: false } });

  const pool = questionPool(generated.map((q) => q.question));
  const next = random(20251128);
  const seen = new Set<string>();
  const samples: MemorySample[] = [];
  const every = options.sampleEvery ?? 500;
  let answered = 0;
  const started = performance.now();
  const sample = (questions: number): void => {
    gc();
    const memory = process.memoryUsage();
    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    const point = { questions, rssMb: mb(memory.rss), heapUsedMb: mb(memory.heapUsed), externalMb: mb(memory.external), elapsedS: Math.round((performance.now() - started) / 100) / 10 };
    samples.push(point);
    options.onProgress?.(point);
  };
  try {
    sample(0);
    for (let i = 1; i <= options.questions; i++) {
      let question = pool[Math.floor(next() * pool.length)]!;
      if (next() < 0.5) {
        // A question nobody asked before: its words shuffled, and a counter.
        const words = question.split(/\s+/u);
        for (let j = words.length - 1; j > 0; j--) {
          const k = Math.floor(next() * (j + 1));
          [words[j], words[k]] = [words[k]!, words[j]!];
        }
        question = `${words.join(' ')} ${i}`.slice(0, 1000);
      }
      seen.add(question);
      if ((await kb.answer(question)).answered) answered++;
      if (i % every === 0 || i === options.questions) sample(i);
    }
  } finally {
    await kb.dispose();
  }
  const warm = samples.find((s) => s.questions >= Math.min(1000, options.questions)) ?? samples[1] ?? samples[0]!;
  const end = samples[samples.length - 1]!;
  const growthPercent = Math.round(((end.rssMb - warm.rssMb) / warm.rssMb) * 1000) / 10;
  return {
    questions: options.questions,
    unique: seen.size,
    answered,
    embedder: kb.info.embedder,
    chunks: report.chunks,
    samples,
    rssAfterWarmupMb: warm.rssMb,
    rssEndMb: end.rssMb,
    growthPercent,
    leak: growthPercent > 10,
    msPerQuestion: Math.round(((performance.now() - started) / options.questions) * 100) / 100,
  };
}

function warmHeap(result: SoakResult): number {
  return (result.samples.find((s) => s.questions >= Math.min(1000, result.questions)) ?? result.samples[0]!).heapUsedMb;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      questions: { type: 'string', default: '10000' },
      embedder: { type: 'string', default: 'tiny' },
      analyzer: { type: 'string', default: 'morph' },
      chunks: { type: 'string', default: '800' },
      json: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
    },
  });
  const embedder = values.embedder === 'hashing' ? 'hashing' : 'tiny';
  const analyzer: AnalyzerName = values.analyzer === 'ngram' ? 'ngram' : 'morph';
  const workDir = join(ROOT, 'data', 'soak');
  if (values.fresh) rmSync(workDir, { recursive: true, force: true });
  const result = await soak({
    questions: Number(values.questions),
    embedder,
    analyzer,
    chunks: Number(values.chunks),
    workDir,
    onProgress: (s) => process.stderr.write(`${String(s.questions).padStart(6)} questions  rss ${s.rssMb} MB  heap ${s.heapUsedMb} MB  external ${s.externalMb} MB  ${s.elapsedS} s\n`),
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(
    [
      `soak: ${result.questions} questions (${result.unique} distinct, ${result.answered} answered) through answer(), ${result.embedder}, ${analyzer}, ${result.chunks} chunks, ${result.msPerQuestion} ms a question`,
      `rss after ${Math.min(1000, result.questions)} questions: ${result.rssAfterWarmupMb} MB; at the end: ${result.rssEndMb} MB (${result.growthPercent >= 0 ? '+' : ''}${result.growthPercent}%)`,
      `heap after warm-up: ${warmHeap(result)} MB; at the end: ${result.samples.at(-1)!.heapUsedMb} MB`,
      result.leak ? 'LEAK? resident memory grew by more than 10% after warm-up' : 'no leak: resident memory did not grow by more than 10% after warm-up',
    ].join('\n') + '\n',
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
