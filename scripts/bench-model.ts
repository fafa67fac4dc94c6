/**
 * The default model's cost without its weights: `npm run bench` generates a model with
 * multilingual-e5-small's exact shape and q8 quantization (scripts/make-model.ts, random weights) and runs it
 * through the project's own transformers.js embedder, in a fresh process so the memory it adds is its own:
 *
 * - passage embedding chunks/s over a sample of the corpus's chunks (the text ingest embeds), per batch size;
 * - query embedding p50/p95 ms (one question at a time, as the bot embeds them);
 * - tokens per chunk with the generated tokenizer, beside the chunker's estimate (the cost scales with tokens);
 * - RSS the loaded model adds to the process (after loading and embedding one batch, garbage collected).
 *
 * The generated tokenizer has XLM-R's vocabulary size; its pieces are the corpus's most frequent Hangul syllable
 * pairs and Latin words, so a chunk splits into about as many tokens as with XLM-R (1–2 syllables a token).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunkNotes, indexedText } from '../src/chunk/chunk.js';
import { estimateTokens } from '../src/chunk/tokens.js';
import { DEFAULT_BATCH_SIZE, TransformersEmbedder } from '../src/embed/transformers.js';
import { loadNoteFiles } from '../src/notes/load.js';
import { parseNote } from '../src/notes/parse.js';
import { E5_SMALL_SHAPE, frequentPieces, generateModel } from './make-model.js';

export const MODEL_BATCH_SIZES = [1, 4, 8, 16, 32];
/** Pieces the generated tokenizer adds beyond single syllables and letters. */
const PIECES = { hangulPairs: 12_000, latinWords: 6_000 };
const QUERY_WARMUP = 5;
/** Rounds over the batch sizes, interleaved so a burst of other work does not land on one size only. */
const PASSAGE_ROUNDS = 2;

export interface ModelCost {
  shape: typeof E5_SMALL_SHAPE;
  modelMB: number;
  sampleChunks: number;
  tokensPerChunk: { mean: number; p95: number; estimatedMean: number };
  loadSeconds: number;
  addedRssMB: number;
  /** Best of `PASSAGE_ROUNDS` rounds per batch size (other work on the machine only slows a round down), and each round. */
  passages: { batchSize: number; chunksPerSecond: number; rounds: number[] }[];
  queryMs: { p50: number; p95: number; samples: number };
}

/** The passages the sample is made of: every chunk's indexed text, evenly spaced over the corpus. */
async function corpusTexts(knowledgeDir: string): Promise<string[]> {
  const { files } = await loadNoteFiles(knowledgeDir);
  return chunkNotes(files.map((f) => parseNote(f.file, f.source))).map(indexedText);
}

function evenSample<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

/**
 * Generates the model under `workDir` (pieces from the corpus at `knowledgeDir`) and measures it in a child
 * process started with `runChild` (the bench's own `--child model` mode).
 */
export async function measureModelCost(
  args: { knowledgeDir: string; workDir: string; sampleChunks: number; questions: string[] },
  runChild: (argv: string[]) => Record<string, unknown>,
): Promise<ModelCost> {
  const texts = await corpusTexts(args.knowledgeDir);
  const modelRoot = join(args.workDir, 'models');
  mkdirSync(modelRoot, { recursive: true });
  // The e5 prefixes are whole pieces in XLM-R's vocabulary too.
  generateModel(modelRoot, E5_SMALL_SHAPE, ['passage', 'query', ...frequentPieces(texts, PIECES)]);
  const inputFile = join(args.workDir, 'model-inputs.json');
  writeFileSync(inputFile, JSON.stringify({ passages: evenSample(texts, args.sampleChunks), questions: args.questions }));
  return runChild(['--child', 'model', '--model-root', modelRoot, '--inputs', inputFile]) as unknown as ModelCost;
}

function percentile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : 0;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The child: loads the generated model through TransformersEmbedder and prints one JSON line of `ModelCost`. */
export async function childModel(modelRoot: string, inputFile: string, settle: () => Promise<NodeJS.MemoryUsage>): Promise<void> {
  const { passages, questions } = JSON.parse(readFileSync(inputFile, 'utf8')) as { passages: string[]; questions: string[] };
  const open = (batchSize: number) =>
    TransformersEmbedder.create({ model: E5_SMALL_SHAPE.name, localModelPath: modelRoot, allowRemoteModels: false, batchSize });

  const before = (await settle()).rss;
  let started = performance.now();
  const first = await open(DEFAULT_BATCH_SIZE);
  const loadSeconds = (performance.now() - started) / 1000;
  await first.embedPassages(passages.slice(0, DEFAULT_BATCH_SIZE));
  const addedRss = (await settle()).rss - before;

  const tokens = passages.map((p) => Math.min(first.maxLength, first.tokenize(p, 'passage').length + 2)).sort((a, b) => a - b);
  const queryMs: number[] = [];
  for (const [i, question] of questions.entries()) {
    started = performance.now();
    await first.embedQuery(question);
    if (i >= QUERY_WARMUP) queryMs.push(performance.now() - started);
  }
  await first.dispose();

  const rounds = new Map<number, number[]>(MODEL_BATCH_SIZES.map((b) => [b, []]));
  for (let r = 0; r < PASSAGE_ROUNDS; r++) {
    for (const batchSize of MODEL_BATCH_SIZES) {
      const embedder = await open(batchSize);
      await embedder.embedPassages(passages.slice(0, batchSize)); // warm-up: first-run allocations
      started = performance.now();
      await embedder.embedPassages(passages);
      rounds.get(batchSize)!.push(round(passages.length / ((performance.now() - started) / 1000), 2));
      await embedder.dispose();
    }
  }
  const rates = [...rounds].map(([batchSize, each]) => ({ batchSize, chunksPerSecond: Math.max(...each), rounds: each }));
  queryMs.sort((a, b) => a - b);
  const modelBytes = readFileSync(join(modelRoot, E5_SMALL_SHAPE.name, 'onnx', 'model_quantized.onnx')).length;
  const result: ModelCost = {
    shape: E5_SMALL_SHAPE,
    modelMB: round(modelBytes / 1e6, 1),
    sampleChunks: passages.length,
    tokensPerChunk: {
      mean: round(tokens.reduce((s, t) => s + t, 0) / Math.max(1, tokens.length), 1),
      p95: percentile(tokens, 0.95),
      estimatedMean: round(passages.reduce((s, p) => s + estimateTokens(p), 0) / Math.max(1, passages.length), 1),
    },
    loadSeconds: round(loadSeconds, 2),
    addedRssMB: round(addedRss / 1e6, 0),
    passages: rates,
    queryMs: { p50: round(percentile(queryMs, 0.5), 1), p95: round(percentile(queryMs, 0.95), 1), samples: queryMs.length },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
