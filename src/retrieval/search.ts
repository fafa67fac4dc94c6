import type { LexicalIndex } from '../index/lexical.js';
import type { VectorIndex } from '../index/vector.js';
import type { Analyzer } from '../text/analyzer.js';
import type { Chunk, LineRange, Passage, PassageBlock } from '../types.js';
import { coverage, type AnalyzedQuery } from './query.js';

/** Reciprocal rank fusion constant (Cormack et al.): dampens the head of each list. */
export const RRF_K = 60;
/** How deep each retriever looks before fusion. */
const CANDIDATES_PER_RETRIEVER = 50;

export interface SearchInputs {
  chunks: Chunk[];
  /** Row-major chunk vectors; when absent (a loaded engine keeps only the HNSW copy) they come from `hnsw`. */
  vectors?: Float32Array;
  dimensions: number;
  hnsw: VectorIndex;
  lexical: LexicalIndex;
  analyzer: Analyzer;
}

export interface SearchTimings {
  hnswMs: number;
  bm25Ms: number;
  fuseMs: number;
}

/**
 * Fuses ranked lists by reciprocal rank: each item scores Σ 1 / (RRF_K + rank). Items are ids.
 */
export function reciprocalRankFusion(lists: number[][]): Map<number, number> {
  const scores = new Map<number, number>();
  for (const list of lists) {
    list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (RRF_K + rank + 1)));
  }
  return scores;
}

/**
 * Dense (HNSW) and lexical (BM25) top candidates, fused by reciprocal rank, then merged per section:
 * a section appears once, with its matching chunks joined in note order.
 */
export function hybridSearch(inputs: SearchInputs, query: AnalyzedQuery, queryVector: Float32Array, k: number, timings?: SearchTimings): Passage[] {
  const start = performance.now();
  const dense = inputs.hnsw.search(queryVector, CANDIDATES_PER_RETRIEVER).map((hit) => hit.id);
  const afterHnsw = performance.now();
  const lexical = inputs.lexical.search(query.terms, CANDIDATES_PER_RETRIEVER).map((hit) => hit.doc);
  const afterBm25 = performance.now();
  const fused = reciprocalRankFusion([dense, lexical]);
  const passages = mergeBySection(inputs, fused, query, queryVector, k);
  if (timings) {
    timings.hnswMs = afterHnsw - start;
    timings.bm25Ms = afterBm25 - afterHnsw;
    timings.fuseMs = performance.now() - afterBm25;
  }
  return passages;
}

function mergeBySection(inputs: SearchInputs, fused: Map<number, number>, query: AnalyzedQuery, queryVector: Float32Array, k: number): Passage[] {
  const bySection = new Map<string, { score: number; ids: number[] }>();
  for (const [id, score] of [...fused].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
    const chunk = inputs.chunks[id];
    if (!chunk) continue;
    const entry = bySection.get(chunk.sectionId);
    if (entry) entry.ids.push(id);
    else if (bySection.size < k) bySection.set(chunk.sectionId, { score, ids: [id] });
  }
  return [...bySection.values()]
    .map(({ score, ids }) => toPassage(inputs, ids.sort((a, b) => a - b), score, query, queryVector))
    .sort(byScoreThenCoverage);
}

/**
 * Reciprocal rank fusion ties whenever the two retrievers swap two sections (1st + 2nd = 2nd + 1st);
 * the section that contains more of the question's words then goes first.
 */
function byScoreThenCoverage(a: Passage, b: Passage): number {
  return Math.abs(a.score - b.score) > 1e-12 ? b.score - a.score : b.coverage - a.coverage;
}

function toPassage(inputs: SearchInputs, ids: number[], score: number, query: AnalyzedQuery, queryVector: Float32Array): Passage {
  const chunks = ids.map((id) => inputs.chunks[id]!);
  const first = chunks[0]!;
  const lines: LineRange = [Math.min(...chunks.map((c) => c.lines[0])), Math.max(...chunks.map((c) => c.lines[1]))];
  const blocks = blocksWithoutOverlap(chunks);
  const text = blocks.map((b) => b.text).join('\n');
  // The passage's terms are its chunks' indexed terms: asked of the postings, not by analyzing the text again
  // (morphological analysis of a few passages would cost more than the whole search).
  const terms = { has: (term: string) => inputs.lexical.containsAny(term, ids) };
  return {
    sectionId: first.sectionId,
    file: first.file,
    section: first.section,
    anchor: first.anchor,
    lines,
    text,
    blocks,
    score,
    similarity: Math.max(...ids.map((id) => similarityOf(inputs, id, queryVector))),
    coverage: coverage(query, terms, (term) => inputs.lexical.idf(term)),
  };
}

/** The chunks' parts as blocks of text; consecutive chunks of a section repeat a sentence as overlap, shown once. */
function blocksWithoutOverlap(chunks: Chunk[]): PassageBlock[] {
  const seen = new Set<string>();
  const blocks: PassageBlock[] = [];
  for (const chunk of chunks) {
    let at = 0;
    for (const part of chunk.parts) {
      const text = chunk.text.slice(at, at + part.chars);
      at += part.chars + 1;
      const key = `${part.lines[0]}-${part.lines[1]}:${text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      blocks.push({ kind: part.kind, text, lines: part.lines });
    }
  }
  return blocks;
}

function similarityOf(inputs: SearchInputs, id: number, query: Float32Array): number {
  if (inputs.vectors) return dot(inputs.vectors, id * inputs.dimensions, query);
  const stored = inputs.hnsw.vector(id);
  return stored ? dot(stored, 0, query) : 0;
}

function dot(vectors: Float32Array, offset: number, query: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < query.length; i++) sum += vectors[offset + i]! * query[i]!;
  return sum;
}
