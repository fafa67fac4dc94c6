/**
 * HNSW against an exact scan, on any vectors: recall@10 (ties with the 10th exact neighbour count) and the speed
 * ratio per efSearch. `npm run bench` uses it on the hashing vectors of each corpus and on a clustered synthetic
 * distribution shaped like text embeddings (what e5 produces), built with the configured parameters.
 *
 * The clustered distribution (`clusteredVectors`): 384 dimensions; 300 cluster centres drawn uniformly on the unit
 * sphere; each cluster has its own random 16-dimensional subspace (text embeddings vary along few directions
 * within a topic); a point is centre + 0.6 · (a Gaussian in that subspace) + 0.25 · (isotropic Gaussian noise),
 * normalised, so it has cosine ≈ 0.85 with its centre and ≈ 0 with other centres; cluster sizes follow a Zipf law
 * (a few big topics, a long tail). Queries are drawn the same way from the same clusters.
 *
 * Run alone to try parameters without a whole bench:
 *   npx tsx scripts/bench-hnsw.ts --data clustered|hashing --count 100000 --m 32 --ef-construction 200
 * (`hashing` embeds the chunks of the generated corpus of that size and the bench questions, as the bench does).
 * `--shards 2` compares one graph with two over the same points instead (`compareShards`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildGraphFileInWorker, type GraphBuildRequest } from '../src/index/hnsw-build.js';
import { VectorIndex, type HnswParameters } from '../src/index/vector.js';
import type { VectorStore } from '../src/index/vector-store.js';
import { mulberry32 } from './prng.js';

export const EF_VALUES = [32, 64, 128, 256, 384, 512, 768];
export const RECALL_K = 10;
export const RECALL_TARGET = 0.99;
const WARMUP_QUERIES = 20;
/** Queries of the exact scan re-timed after each efSearch's run (the speedup's denominator). */
const EXACT_RETIMED_QUERIES = 60;

export interface HnswSweepPoint {
  efSearch: number;
  recallAt10: number;
  msPerQuery: number;
  speedup: number;
}

export interface ExactTopK {
  ids: number[];
  kth: number;
}

/** Exact top-k by cosine (vectors are unit length, so a dot product) over the flat row-major matrix. */
export function exactTopK(vectors: Float32Array, dims: number, query: Float32Array, k: number): ExactTopK {
  const count = vectors.length / dims;
  const ids = new Int32Array(k).fill(-1);
  const scores = new Float64Array(k).fill(-Infinity);
  for (let row = 0; row < count; row++) {
    let s = 0;
    const base = row * dims;
    for (let i = 0; i < dims; i++) s += vectors[base + i]! * query[i]!;
    if (s <= scores[k - 1]!) continue;
    let j = k - 1;
    while (j > 0 && scores[j - 1]! < s) {
      scores[j] = scores[j - 1]!;
      ids[j] = ids[j - 1]!;
      j--;
    }
    scores[j] = s;
    ids[j] = row;
  }
  return { ids: [...ids].filter((id) => id >= 0), kth: scores[Math.min(k, count) - 1] ?? -Infinity };
}

/** Recall with ties counted: an approximate hit is right when it is an exact hit or as similar as the k-th exact one. */
export function recall(found: { id: number; similarity: number }[], exact: ExactTopK): number {
  if (exact.ids.length === 0) return 1;
  const truth = new Set(exact.ids);
  let hits = 0;
  for (const hit of found.slice(0, exact.ids.length)) if (truth.has(hit.id) || hit.similarity >= exact.kth - 1e-6) hits++;
  return hits / exact.ids.length;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** What a sweep searches: one HNSW graph, or several searched together. */
export type NearestSearch = Pick<VectorStore, 'search'>;

/**
 * The exact scan's time per query and, for each efSearch, recall@10 and time per query of `open(ef)`'s index
 * asked for `k` neighbours (the engine asks for more than 10 and fuses them). Each speedup divides by an exact
 * scan of (the first 60 of) the same queries timed right after that efSearch's run, so other work on the machine that comes and
 * goes during the sweep slows both sides of a ratio alike.
 */
export function sweepHnsw(vectors: Float32Array, dims: number, queries: Float32Array[], open: (efSearch: number) => NearestSearch, efValues: number[], k = RECALL_K) {
  const { exactMsPerQuery, sweeps } = sweepVariants(vectors, dims, queries, [open], efValues, k);
  const sweep = sweeps[0]!;
  return { exactMsPerQuery, sweep, chosenEfSearch: sweep.find((s) => s.recallAt10 >= RECALL_TARGET)?.efSearch };
}

/**
 * `sweepHnsw` for several indexes over the same vectors, interleaved: at each efSearch every variant runs (in
 * alternating order), then the exact scan is re-timed, so a change of load hits all of them alike.
 */
export function sweepVariants(vectors: Float32Array, dims: number, queries: Float32Array[], variants: ((efSearch: number) => NearestSearch)[], efValues: number[], k = RECALL_K) {
  const timed = <T>(work: () => T, count = queries.length): { value: T; ms: number } => {
    const started = performance.now();
    const value = work();
    return { value, ms: (performance.now() - started) / count };
  };
  const rescanned = queries.slice(0, EXACT_RETIMED_QUERIES);
  const exact = timed(() => queries.map((q) => exactTopK(vectors, dims, q, RECALL_K)));
  const sweeps: HnswSweepPoint[][] = variants.map(() => []);
  efValues.forEach((efSearch, step) => {
    const order = variants.map((_, i) => i);
    if (step % 2 === 1) order.reverse();
    const runs = new Map<number, { recallAt10: number; ms: number }>();
    for (const v of order) {
      const index = variants[v]!(efSearch);
      for (const q of queries.slice(0, WARMUP_QUERIES)) index.search(q, k);
      const approximate = timed(() => queries.map((q) => index.search(q, k)));
      const r = approximate.value.reduce((sum, found, i) => sum + recall(found.slice(0, RECALL_K), exact.value[i]!), 0) / queries.length;
      runs.set(v, { recallAt10: r, ms: approximate.ms });
    }
    const exactNow = timed(() => rescanned.forEach((q) => exactTopK(vectors, dims, q, RECALL_K)), rescanned.length);
    runs.forEach(({ recallAt10, ms }, v) =>
      sweeps[v]!.push({ efSearch, recallAt10: round(recallAt10, 4), msPerQuery: round(ms, 4), speedup: round(exactNow.ms / ms, 1) }),
    );
  });
  return { exactMsPerQuery: round(exact.ms, 3), sweeps };
}

export interface ClusteredOptions {
  count: number;
  queries: number;
  dimensions?: number;
  clusters?: number;
  subspace?: number;
  seed?: number;
}

/** Points and queries of the clustered distribution described at the top of this file. */
export function clusteredVectors(options: ClusteredOptions): { vectors: Float32Array[]; queries: Float32Array[] } {
  const { count, queries, dimensions: d = 384, clusters = 300, subspace = 16, seed = 7 } = options;
  const next = mulberry32(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const normalised = (v: Float32Array) => {
    let norm = 0;
    for (const x of v) norm += x * x;
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < v.length; i++) v[i]! *= inv;
    return v;
  };
  const centres = Array.from({ length: clusters }, () => normalised(Float32Array.from({ length: d }, gaussian)));
  const bases = Array.from({ length: clusters }, () => Array.from({ length: subspace }, () => normalised(Float32Array.from({ length: d }, gaussian))));
  // Zipf cluster sizes: cluster c drawn with probability ∝ 1 / (c + 1).
  const cumulative: number[] = [];
  let total = 0;
  for (let c = 0; c < clusters; c++) cumulative.push((total += 1 / (c + 1)));
  const pickCluster = () => {
    const u = next() * total;
    let lo = 0;
    let hi = clusters - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const point = () => {
    const c = pickCluster();
    const v = Float32Array.from(centres[c]!);
    for (const direction of bases[c]!) {
      const z = (0.6 * gaussian()) / Math.sqrt(subspace);
      for (let i = 0; i < d; i++) v[i]! += z * direction[i]!;
    }
    const noise = 0.25 / Math.sqrt(d);
    for (let i = 0; i < d; i++) v[i]! += noise * gaussian();
    return normalised(v);
  };
  return { vectors: Array.from({ length: count }, point), queries: Array.from({ length: queries }, point) };
}

/** Row-major copy of `rows` (what the exact scan reads). */
export function flatten(rows: Float32Array[], dims: number): Float32Array {
  const flat = new Float32Array(rows.length * dims);
  rows.forEach((row, i) => flat.set(row, i * dims));
  return flat;
}

/** Builds HNSW with `parameters` over `vectors` and sweeps efSearch; the build time is reported too. */
export function buildAndSweep(vectors: Float32Array[], queries: Float32Array[], dims: number, parameters: HnswParameters, efValues: number[] = EF_VALUES) {
  const started = performance.now();
  const built = VectorIndex.build(vectors, dims, parameters);
  const buildSeconds = round((performance.now() - started) / 1000, 1);
  const file = path.join(process.env.TMPDIR ?? '/tmp', `hnsw-sweep-${process.pid}.bin`);
  built.write(file);
  const result = sweepHnsw(flatten(vectors, dims), dims, queries, (ef) => VectorIndex.read(file, dims, { ...parameters, efSearch: ef }), efValues);
  return { ...parameters, buildSeconds, ...result };
}

/** The k most similar across `shards`: each shard's own top k (its ids mapped through `rows`), merged by similarity. */
export function mergedSearch(shards: { index: NearestSearch; rows: number[] }[]): NearestSearch {
  return {
    search: (query, k) =>
      shards
        .flatMap(({ index, rows }) => index.search(query, k).map((hit) => ({ id: rows[hit.id]!, similarity: hit.similarity })))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, k),
  };
}

/**
 * One graph against `shards` graphs over the same points (row i in shard i mod shards): the build time of the one
 * graph, of the shards one after another and of the shards at once, each on its own worker thread, whether both
 * shard builds wrote the same bytes, then an interleaved sweep of both.
 */
export async function compareShards(vectors: Float32Array[], queries: Float32Array[], dims: number, parameters: HnswParameters, shards: number, efValues: number[] = EF_VALUES) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hnsw-shards-'));
  try {
    const request = (rows: number[], file: string): GraphBuildRequest => ({
      vectors: flatten(rows.map((row) => vectors[row]!), dims),
      dimensions: dims,
      parameters,
      file: path.join(dir, file),
    });
    const all = vectors.map((_, row) => row);
    const shardRows = Array.from({ length: shards }, (_, s) => all.filter((row) => row % shards === s));
    const seconds = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      return round((performance.now() - started) / 1000, 1);
    };
    const oneGraphSeconds = await seconds(() => buildGraphFileInWorker(request(all, 'one.bin')));
    const concurrentSeconds = await seconds(() => Promise.all(shardRows.map((rows, s) => buildGraphFileInWorker(request(rows, `concurrent-${s}.bin`)))));
    const serialSeconds = await seconds(async () => {
      for (const [s, rows] of shardRows.entries()) await buildGraphFileInWorker(request(rows, `serial-${s}.bin`));
    });
    const sameBytes = shardRows.every((_, s) => readFileSync(path.join(dir, `serial-${s}.bin`)).equals(readFileSync(path.join(dir, `concurrent-${s}.bin`))));
    const open = (file: string) => (ef: number) => VectorIndex.read(path.join(dir, file), dims, { ...parameters, efSearch: ef });
    const openShards = (ef: number) => mergedSearch(shardRows.map((rows, s) => ({ index: open(`concurrent-${s}.bin`)(ef), rows })));
    const { exactMsPerQuery, sweeps } = sweepVariants(flatten(vectors, dims), dims, queries, [open('one.bin'), openShards], efValues);
    return {
      ...parameters,
      shards,
      build: { oneGraphSeconds, shardsSerialSeconds: serialSeconds, shardsConcurrentSeconds: concurrentSeconds, concurrentSpeedup: round(oneGraphSeconds / concurrentSeconds, 2), sameBytes },
      exactMsPerQuery,
      oneGraph: sweeps[0]!,
      sharded: sweeps[1]!,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function hashingVectors(count: number): Promise<{ vectors: Float32Array[]; queries: Float32Array[] }> {
  const [{ generateCorpus, defaultCorpusDir }, { loadNoteFiles }, { parseNote }, { chunkNotes, indexedText }, { HashingEmbedder }, { createAnalyzer }, { analyzeQuery }, { HASHING_TUNING }, { harvestGlossary }] =
    await Promise.all([
      import('./gen-corpus.js'),
      import('../src/notes/load.js'),
      import('../src/notes/parse.js'),
      import('../src/chunk/chunk.js'),
      import('../src/embed/hashing.js'),
      import('../src/text/analyzer.js'),
      import('../src/retrieval/query.js'),
      import('../src/retrieval/tuning.js'),
      import('../src/text/glossary.js'),
    ]);
  const { info, questions } = generateCorpus({ targetChunks: count, outDir: defaultCorpusDir(count), questions: 300 });
  const { files } = await loadNoteFiles(info.dir);
  const embedder = new HashingEmbedder();
  const notes = files.map((f) => parseNote(f.file, f.source));
  const vectors = chunkNotes(notes).map((c) => embedder.embed(indexedText(c)));
  const glossary = harvestGlossary(notes);
  const analyzer = await createAnalyzer('morph');
  const queries = questions.map((q) => embedder.embed(analyzeQuery(q.question, analyzer, glossary, HASHING_TUNING).expandedText));
  return { vectors, queries };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: 'clustered' },
      count: { type: 'string', default: '100000' },
      m: { type: 'string', default: '32' },
      'ef-construction': { type: 'string', default: '200' },
      shards: { type: 'string' },
    },
  });
  const count = Number(values.count);
  const data = values.data === 'hashing' ? await hashingVectors(count) : clusteredVectors({ count, queries: 300 });
  const parameters = { m: Number(values.m), efConstruction: Number(values['ef-construction']), efSearch: 0 };
  const result =
    values.shards === undefined ? buildAndSweep(data.vectors, data.queries, 384, parameters) : await compareShards(data.vectors, data.queries, 384, parameters, Number(values.shards));
  process.stdout.write(`${JSON.stringify({ data: values.data, count: data.vectors.length, ...result })}\n`);
}
