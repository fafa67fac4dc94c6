import { createHash } from 'node:crypto';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { chunkNotes, DEFAULT_CHUNKING, indexedText, type ChunkingOptions } from '../chunk/chunk.js';
import { createEmbedderWithFallback, embedderIdOf, type EmbedderSpec } from '../embed/create.js';
import type { Embedder } from '../embed/embedder.js';
import { ChunkTerms } from '../index/lexical-store.js';
import { FORMAT_VERSION, PIPELINE_VERSION, lockIndex, readIndex, readManifest, removeStaleBuildsOf, verifyIndexFiles, writeIndex, type LoadedIndex, type Manifest } from '../index/store.js';
import { BUILD_MARKER, prepareIndexFolder, writeFailure } from '../index/folder.js';
import { startGraphBuild } from '../index/hnsw-build.js';
import { DEFAULT_HNSW, VectorIndex, type HnswParameters } from '../index/vector.js';
import { applyVectorUpdate, needsRebuild, planVectorUpdate, type PreviousVectors } from '../index/vector-update.js';
import { ChunkVectors, type VectorStore } from '../index/vector-store.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { loadNoteFiles, type LoadOptions } from '../notes/load.js';
import { DEFAULT_NOTE_PARSE_TIMEOUT_SECONDS, parseNotesInWorkers } from '../notes/parse-pool.js';
import type { AnalyzerName } from '../text/analyzer.js';
import { baseGlossaryText, GLOSSARY_FILE, glossaryFingerprint, harvestGlossary, mergeGlossaries, parseGlossaryFile, type Glossary } from '../text/glossary.js';
import { analyzeChunks, defaultIngestWorkers, MIN_CHUNKS_FOR_THREADS, type AnalysisOptions } from './analysis-pool.js';
import { UserError, type Chunk, type IngestReport, type Note, type NoteWarning, type SkippedFile } from '../types.js';

export interface IngestOptions extends LoadOptions {
  knowledgeDir: string;
  indexDir: string;
  embedder: EmbedderSpec;
  analyzer: AnalyzerName;
  chunking?: ChunkingOptions;
  hnsw?: HnswParameters;
  /**
   * Rebuild even when nothing changed (e.g. to retry a model that was unavailable last time), redoing all of the live
   * build's work (parsing, analysis, the vector graph) but the embeddings.
   */
  force?: boolean;
  /** Called while embedding; the CLI draws a progress bar with it. */
  onProgress?: (done: number, total: number) => void;
  log?: Logger;
  /** Injected so tests can count embedding work; by default the configured model, or hashing when it is unavailable. */
  openEmbedder?: (spec: EmbedderSpec) => Promise<{ embedder: Embedder; fallbackReason?: string }>;
  /** A note still being parsed after this long is skipped with a warning (NOTE_PARSE_TIMEOUT_SECONDS). */
  noteParseTimeoutMs?: number;
  /**
   * Threads side by side for parsing the notes and for analyzing their chunks (INGEST_WORKERS; default
   * min(2, cores)); the index is the same whatever the number.
   */
  workers?: number;
  /** Fewer chunks than this are analyzed on the main thread (default MIN_CHUNKS_FOR_THREADS); tests lower it. */
  minChunksForThreads?: number;
  /** Starts a chunk-analysis thread; injected so tests can make one fail. */
  startAnalysisThread?: AnalysisOptions['startThread'];
  /** Starts the thread that builds the vector graph (hnsw-build.ts); injected so tests can make one fail. */
  startGraphThread?: () => Worker;
  /** Filled with the milliseconds each stage took (for `npm run bench`). */
  timings?: IngestTimings;
}

/** Milliseconds per ingest stage; stages that did not run are absent. */
export interface IngestTimings {
  /** Reading and hashing the notes, reading the previous manifest (and the live build, when anything changed). */
  read?: number;
  /** Checking the live build's files (unchanged notes only). */
  verify?: number;
  parse?: number;
  chunk?: number;
  /** Loading the model (or hashing embedder) and the previous build's vectors. */
  embedderLoad?: number;
  embed?: number;
  /** Lexical analysis of new chunk texts (analyzer load included; the live build's terms are kept for the rest). */
  lexical?: number;
  /** The BM25 fields, rebuilt from every chunk's terms. */
  bm25?: number;
  /**
   * Building the vector graph, or changing the previous build's in place; a graph built on its own thread (beside
   * the lexical analysis and the BM25 fields) counts only the wait for it after them.
   */
  hnsw?: number;
  write?: number;
}

/**
 * Knowledge folder → index folder. Unchanged notes cost almost nothing: when every file hash,
 * the glossary and the settings match the live build, nothing is parsed or embedded; otherwise
 * embeddings of unchanged chunks are reused by content hash and only new text is embedded.
 */
export async function ingest(options: IngestOptions): Promise<IngestReport> {
  // A full disk or a folder that turned read-only is one line for the user, not a stack trace.
  try {
    return await ingestInto(await prepareIndexFolder(options.indexDir), options);
  } catch (error) {
    throw writeFailure(error, options.indexDir) ?? error;
  }
}

async function ingestInto(indexDir: string, options: IngestOptions): Promise<IngestReport> {
  const log = options.log ?? silentLogger;
  const chunking = options.chunking ?? DEFAULT_CHUNKING;
  const hnswParameters = options.hnsw ?? DEFAULT_HNSW;
  const timings = options.timings ?? {};
  let mark = performance.now();
  const lap = (stage: keyof IngestTimings): void => {
    const now = performance.now();
    timings[stage] = (timings[stage] ?? 0) + (now - mark);
    mark = now;
  };
  const release = await lockIndex(indexDir);
  try {
    const { files, skipped } = await loadNoteFiles(options.knowledgeDir, options);
    const warnings: NoteWarning[] = [];
    for (const skip of skipped) log.warn({ file: skip.file, reason: skip.reason }, 'note skipped');
    if (files.length === 0) {
      throw new UserError('KNOWLEDGE_EMPTY', `None of the notes in ${options.knowledgeDir} could be read (${skipped.length} skipped). Nothing was changed.`, { skipped });
    }
    const knowledgeDir = await realpath(options.knowledgeDir);
    const glossaryText = await readGlossaryFile(options.knowledgeDir, skipped, log);
    const fileHashes = Object.fromEntries(files.map((f) => [f.file, sha256(f.source)]));
    const settings = { pipelineVersion: PIPELINE_VERSION, analyzer: options.analyzer, chunking, hnsw: hnswParameters, glossaryHash: glossaryFingerprint(glossaryText), requestedEmbedder: embedderIdOf(options.embedder) };

    const previous = await readManifest(indexDir);
    const fileChanges = diffFiles(previous?.files ?? {}, fileHashes);
    const report = (fields: Pick<IngestReport, 'chunks' | 'embedded' | 'reused' | 'embedder' | 'rebuilt' | 'vectorGraph'> & { fallbackReason?: string }): IngestReport => ({
      files: { ...fileChanges, skipped, warnings },
      indexDir,
      ...fields,
    });

    // A build that does not name its folder (older versions) or names another one is rewritten, so freshness checks look at the right notes.
    const unchanged = previous && !options.force && previous.knowledgeDir === knowledgeDir && sameSettings(previous, settings) && fileChanges.added.length + fileChanges.changed.length + fileChanges.removed.length === 0;
    lap('read');
    // A damaged live build is rebuilt even when the notes did not change: that is how the user repairs it.
    const intact = unchanged && (await verifyIndexFiles(indexDir, previous));
    if (unchanged) lap('verify');
    if (intact) {
      // What a crashed run left behind goes now, even though nothing needs rebuilding.
      await removeStaleBuildsOf(indexDir);
      log.info({ chunks: previous.chunkCount }, 'notes unchanged: nothing to embed');
      return report({ chunks: previous.chunkCount, embedded: 0, reused: previous.chunkCount, embedder: previous.embedder, rebuilt: false, ...(previous.fallbackReason ? { fallbackReason: previous.fallbackReason } : {}) });
    }

    // Notes are parsed in worker threads, each within its time budget, and their chunks analyzed and the vector graph
    // built in threads too; what stays here on one core (analysis and the graph build then, a graph changed in place,
    // the BM25 fields) is seconds of synchronous work on a big folder: paced, so that the bot, which re-indexes in its
    // own process (`/reindex`), keeps acknowledging interactions.
    const pause = pacer();
    const workers = options.workers ?? defaultIngestWorkers();
    // What the live build already did for unchanged notes and chunk texts (parsing, analysis, embedding, the graph)
    // is taken from it when it was made the same way; `force` redoes all but the embeddings.
    const live = previous ? await readLiveBuild(indexDir) : undefined;
    lap('read');
    const liveHashes = live?.chunks.map((chunk) => chunk.hash) ?? [];
    const samePipeline = live !== undefined && !options.force && previous!.pipelineVersion === PIPELINE_VERSION;
    const notes: Note[] = [];
    // An unchanged file's note (same bytes, same parser) is the live build's: only new and edited notes are parsed,
    // so a note's warnings are said when it is parsed, not again on every ingest after.
    const parsedBefore = new Map((samePipeline ? live.readNotes() : []).filter((note) => note.hash === fileHashes[note.file]).map((note) => [note.file, note]));
    const toParse = files.filter((file) => !parsedBefore.has(file.file));
    const parsed = await parseNotesInWorkers(toParse, { timeoutMs: options.noteParseTimeoutMs ?? DEFAULT_NOTE_PARSE_TIMEOUT_SECONDS * 1000, workers });
    let nextParsed = 0;
    for (const { file } of files) {
      const before = parsedBefore.get(file);
      if (before) {
        notes.push(before);
        continue;
      }
      const outcome = parsed[nextParsed++]!;
      if ('note' in outcome) {
        notes.push(outcome.note);
        for (const warning of outcome.warnings) {
          warnings.push({ file, warning });
          log.warn({ file, warning }, 'note indexed with a warning');
        }
        continue;
      }
      // One note the parser cannot take (too deeply nested, or too slow) must not stop the rest.
      const skip = { file, reason: outcome.reason };
      skipped.push(skip);
      log.warn(skip, 'note skipped');
      // Reported as skipped, not as added or changed (its hash stays in the manifest: no rebuild until it changes).
      for (const list of [fileChanges.added, fileChanges.changed, fileChanges.unchanged]) {
        const at = list.indexOf(skip.file);
        if (at >= 0) list.splice(at, 1);
      }
    }
    if (notes.length === 0) throw new UserError('KNOWLEDGE_EMPTY', `None of the notes in ${options.knowledgeDir} could be parsed. Nothing was changed.`, { skipped });
    lap('parse');
    const chunks = chunkNotes(notes, chunking);
    lap('chunk');
    const { glossary, invalidLines } = parseGlossaryFile(glossaryText);
    if (invalidLines.length) log.warn({ file: GLOSSARY_FILE, lines: invalidLines }, 'glossary lines need at least two terms (term = 용어)');

    const { embedder, fallbackReason } = await (options.openEmbedder ?? createEmbedderWithFallback)(options.embedder);
    if (fallbackReason) log.warn({ reason: fallbackReason }, 'model unavailable: using the hashing embedder');
    try {
      const old = live && previous!.embedder === embedder.id ? previousVectors(live, liveHashes) : undefined;
      const cache = old?.vectorsByHash ?? new Map<string, Float32Array>();
      // The previous graph is only worth changing when its points are comparable: same vectors, same graph settings.
      const graphReusable = old !== undefined && !options.force && previous!.dimensions === embedder.dimensions && previous!.hnsw.m === hnswParameters.m && previous!.hnsw.efConstruction === hnswParameters.efConstruction;
      lap('embedderLoad');
      const vectors = await embedChunks(chunks, embedder, cache, options.onProgress);
      lap('embed');
      // The graph needs only the vectors: a whole build starts now, on its own thread, while the terms are made here.
      const graph = await startVectorGraph(vectors.all, graphReusable ? old.graph : undefined, chunks, embedder.dimensions, hnswParameters, {
        pause,
        indexDir,
        thread: workers > 1 && chunks.length >= (options.minChunksForThreads ?? MIN_CHUNKS_FOR_THREADS),
        ...(options.startGraphThread ? { startThread: options.startGraphThread } : {}),
      });
      try {
        // A chunk text's terms depend on its text and the analyzer alone (whose whole-kept words come from the built-in
        // glossary, fingerprinted with the folder's): the live build's are kept for texts still there.
        const sameAnalysis = samePipeline && previous!.analyzer === options.analyzer && previous!.glossaryHash === settings.glossaryHash;
        const termStore = sameAnalysis ? ChunkTerms.fromFields(live.lexical, liveHashes) : new ChunkTerms();
        const hashes = new Set(chunks.map((chunk) => chunk.hash));
        for (const hash of [...termStore.hashes()]) if (!hashes.has(hash)) termStore.delete(hash);
        const toAnalyze = [...new Map(chunks.filter((chunk) => !termStore.has(chunk.hash)).map((chunk) => [chunk.hash, chunk])).values()];
        // None new (an edit that only removed text) loads no analyzer.
        const terms = toAnalyze.length === 0 ? [] : await analyzeChunks(toAnalyze, {
          analyzer: options.analyzer,
          workers,
          pause,
          ...(options.minChunksForThreads === undefined ? {} : { minChunksForThreads: options.minChunksForThreads }),
          ...(options.startAnalysisThread ? { startThread: options.startAnalysisThread } : {}),
        });
        toAnalyze.forEach((chunk, i) => termStore.upsert(chunk.hash, terms[i]!));
        lap('lexical');
        const lexical = termStore.fields(chunks.map((chunk) => chunk.hash));
        lap('bm25');
        const { hnsw, vectorGraph } = await graph.finish();
        lap('hnsw');
        const manifest: Omit<Manifest, 'checksums' | 'vectorStore'> = {
          formatVersion: FORMAT_VERSION,
          builtAt: new Date().toISOString(),
          embedder: embedder.id,
          ...(fallbackReason ? { fallbackReason } : {}),
          dimensions: embedder.dimensions,
          noteCount: notes.length,
          chunkCount: chunks.length,
          files: fileHashes,
          knowledgeDir,
          ...settings,
        };
        const flat = flatten(vectors.all, embedder.dimensions);
        await writeIndex(indexDir, {
          manifest,
          chunks,
          notes,
          vectors: flat,
          hnsw,
          lexical,
          glossary: mergeGlossaries(harvestGlossary(notes), parseGlossaryFile(baseGlossaryText()).glossary, glossary) satisfies Glossary,
        });
        lap('write');
        log.info({ chunks: chunks.length, embedded: vectors.embedded, embedder: embedder.id }, 'index written');
        return report({ chunks: chunks.length, embedded: vectors.embedded, reused: vectors.reused, embedder: embedder.id, rebuilt: true, vectorGraph, ...(fallbackReason ? { fallbackReason } : {}) });
      } finally {
        await graph.stop();
      }
    } finally {
      await embedder.dispose?.();
    }
  } finally {
    await release();
  }
}

function sameSettings(previous: Manifest, settings: Pick<Manifest, 'pipelineVersion' | 'analyzer' | 'chunking' | 'hnsw' | 'glossaryHash' | 'requestedEmbedder'>): boolean {
  return (
    previous.pipelineVersion === settings.pipelineVersion &&
    previous.analyzer === settings.analyzer &&
    previous.glossaryHash === settings.glossaryHash &&
    previous.requestedEmbedder === settings.requestedEmbedder &&
    JSON.stringify(previous.chunking) === JSON.stringify(settings.chunking) &&
    JSON.stringify(previous.hnsw) === JSON.stringify(settings.hnsw)
  );
}

/**
 * The knowledge folder's glossary.txt, or '' when there is none. One that is there but cannot be read (a folder,
 * no permission) is reported as skipped, like an unreadable note, and the notes are indexed without it.
 */
async function readGlossaryFile(knowledgeDir: string, skipped: SkippedFile[], log: Logger): Promise<string> {
  try {
    return await readFile(join(knowledgeDir, GLOSSARY_FILE), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return '';
    const skip = { file: GLOSSARY_FILE, reason: `cannot be read (${code ?? (error as Error).message}); indexed without it` };
    skipped.push(skip);
    log.warn(skip, 'glossary skipped');
    return '';
  }
}

function diffFiles(before: Record<string, string>, after: Record<string, string>): Omit<IngestReport['files'], 'skipped' | 'warnings'> {
  const added: string[] = [];
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const [file, hash] of Object.entries(after)) {
    if (!(file in before)) added.push(file);
    else if (before[file] !== hash) changed.push(file);
    else unchanged.push(file);
  }
  const removed = Object.keys(before).filter((file) => !(file in after));
  return { added, changed, removed, unchanged };
}

/** The live build, or undefined when it cannot be read (a damaged one only costs redoing its work). */
async function readLiveBuild(indexDir: string): Promise<LoadedIndex | undefined> {
  return readIndex(indexDir).catch(() => undefined);
}

/** What a new build takes from the live one's vectors: each chunk text's (embedded once), and its graph to change in place. */
interface PreviousVectorsOf {
  vectorsByHash: Map<string, Float32Array>;
  graph: PreviousVectors & { store: VectorStore };
}

/** `hashes`: the live build's chunk hashes, by position. */
function previousVectors(live: LoadedIndex, hashes: readonly string[]): PreviousVectorsOf {
  const dims = live.manifest.dimensions;
  const vectorsByHash = new Map<string, Float32Array>();
  hashes.forEach((hash, i) => vectorsByHash.set(hash, live.vectors.subarray(i * dims, (i + 1) * dims)));
  return { vectorsByHash, graph: { hashes, keys: live.hnsw.keys, store: live.hnsw.store } };
}

interface VectorGraphOptions {
  pause: () => Promise<void>;
  /** Where a graph built on a thread is written until this thread loads it (a crash's leftover goes with stale builds). */
  indexDir: string;
  /** Build a whole graph on its own thread (several cores, and enough chunks to be worth starting one). */
  thread: boolean;
  startThread?: () => Worker;
}

/** The new build's vector graph, under way: `finish` gives it, `stop` ends a thread still building it. */
interface VectorGraphWork {
  finish(): Promise<{ hnsw: ChunkVectors; vectorGraph: NonNullable<IngestReport['vectorGraph']> }>;
  stop(): Promise<void>;
}

/**
 * The new build's vector graph: the previous build's, changed in place for the chunks that changed (keyed by content
 * hash), unless there is none to change or that would leave too many deleted points; then one built whole, on a
 * thread of its own when `options.thread` (the same bytes as a build here: same points, same order, same seed).
 */
async function startVectorGraph(
  vectors: Float32Array[],
  previous: PreviousVectorsOf['graph'] | undefined,
  chunks: Chunk[],
  dimensions: number,
  parameters: HnswParameters,
  options: VectorGraphOptions,
): Promise<VectorGraphWork> {
  const keys = VectorIndex.identityKeys(vectors.length);
  const whole = { updated: false } as const;
  if (previous) {
    const plan = planVectorUpdate(previous, chunks.map((chunk) => chunk.hash));
    if (!needsRebuild(plan)) {
      return {
        finish: async () => {
          await applyVectorUpdate(previous.store, plan, vectors, options.pause);
          return { hnsw: new ChunkVectors(previous.store, plan.keys), vectorGraph: { updated: true, added: plan.added.length, removed: plan.removed.length } };
        },
        stop: async () => {},
      };
    }
  }
  if (!options.thread) {
    return {
      finish: async () => ({ hnsw: new ChunkVectors(await VectorIndex.buildPaced(vectors, dimensions, parameters, options.pause), keys), vectorGraph: whole }),
      stop: async () => {},
    };
  }
  // Named and marked like a build's temp folder, so that what a crash leaves is removed with them.
  const dir = await mkdtemp(join(options.indexDir, '.tmp-build-graph-'));
  await writeFile(join(dir, BUILD_MARKER), '');
  const file = join(dir, 'hnsw.bin');
  const build = startGraphBuild({ vectors: flatten(vectors, dimensions), dimensions, parameters, file }, options.startThread);
  // Awaited in `finish`; a build stopped before then (the analysis failed) must not be an unhandled rejection.
  build.written.catch(() => undefined);
  const removeDir = () => rm(dir, { recursive: true, force: true });
  return {
    finish: async () => {
      await build.written;
      const store = await VectorIndex.load(file, dimensions, parameters);
      await removeDir();
      return { hnsw: new ChunkVectors(store, keys), vectorGraph: whole };
    },
    stop: async () => {
      await build.stop();
      await removeDir();
    },
  };
}

async function embedChunks(
  chunks: Chunk[],
  embedder: Embedder,
  cache: Map<string, Float32Array>,
  onProgress?: (done: number, total: number) => void,
): Promise<{ all: Float32Array[]; embedded: number; reused: number }> {
  // Counted before the new vectors join the cache: a chunk whose twin is embedded in this run was not reused.
  const reused = chunks.filter((c) => cache.has(c.hash)).length;
  const missing = [...new Map(chunks.filter((c) => !cache.has(c.hash)).map((c) => [c.hash, c])).values()];
  if (missing.length > 0) {
    const fresh = await embedder.embedPassages(missing.map(indexedText), onProgress);
    missing.forEach((chunk, i) => cache.set(chunk.hash, fresh[i]!));
  }
  return { all: chunks.map((c) => cache.get(c.hash)!), embedded: missing.length, reused };
}

function flatten(vectors: Float32Array[], dimensions: number): Float32Array {
  const flat = new Float32Array(vectors.length * dimensions);
  vectors.forEach((v, i) => flat.set(v, i * dimensions));
  return flat;
}

/** Returns a function that yields to the event loop once `sliceMs` of work have passed since the last yield. */
function pacer(sliceMs = 20): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
