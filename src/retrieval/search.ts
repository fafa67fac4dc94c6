import type { FieldedLexicalIndex } from '../index/fields.js';
import type { ChunkVectors } from '../index/vector-store.js';
import type { Chunk, LineRange, Passage, PassageBlock } from '../types.js';
import { coverage, type AnalyzedQuery } from './query.js';
import type { RetrievalTuning } from './tuning.js';
import { hasHangul } from '../text/hangul.js';
import { asksForQuestions, questionIntent, setsSideBySide } from '../text/intent.js';

export interface SearchInputs {
  chunks: Chunk[];
  /** Row-major chunk vectors; when absent (a loaded engine keeps only the HNSW copy) they come from `hnsw`. */
  vectors?: Float32Array;
  dimensions: number;
  hnsw: ChunkVectors;
  lexical: FieldedLexicalIndex;
}

export interface SearchTimings {
  hnswMs: number;
  bm25Ms: number;
  fuseMs: number;
}

/** A chunk's fused score and what it came from. */
interface Candidate {
  id: number;
  lexical: number;
  dense: number;
}

/**
 * Dense (HNSW) and fielded BM25 candidates; each list's scores normalised to 0..1 (a weak retriever's noise
 * then cannot outvote a strong one the way it can under rank fusion) and summed with the tuning's weights; then
 * merged per section, and each section's score completed by how much of the question it covers.
 */
export function hybridSearch(inputs: SearchInputs, query: AnalyzedQuery, queryVector: Float32Array, k: number, tuning: RetrievalTuning, timings?: SearchTimings): Passage[] {
  const start = performance.now();
  const dense = tuning.fusion.dense > 0 ? inputs.hnsw.search(queryVector, tuning.candidates) : [];
  const afterHnsw = performance.now();
  const lexical = inputs.lexical.search(query.fields, tuning.fields, tuning.candidates);
  const afterBm25 = performance.now();
  const candidates = new Map<number, Candidate>();
  const get = (id: number): Candidate => {
    let c = candidates.get(id);
    if (!c) candidates.set(id, (c = { id, lexical: 0, dense: 0 }));
    return c;
  };
  const topLexical = lexical[0]?.score ?? 0;
  for (const hit of lexical) if (topLexical > 0) get(hit.doc).lexical = hit.score / topLexical;
  if (dense.length > 1) {
    const best = dense[0]!.similarity;
    const worst = dense[dense.length - 1]!.similarity;
    for (const hit of dense) get(hit.id).dense = best > worst ? (hit.similarity - worst) / (best - worst) : 1;
  }
  const passages = mergeBySection(inputs, [...candidates.values()], query, queryVector, k, tuning);
  if (timings) {
    timings.hnswMs = afterHnsw - start;
    timings.bm25Ms = afterBm25 - afterHnsw;
    timings.fuseMs = performance.now() - afterBm25;
  }
  return passages;
}

function mergeBySection(inputs: SearchInputs, candidates: Candidate[], query: AnalyzedQuery, queryVector: Float32Array, k: number, tuning: RetrievalTuning): Passage[] {
  const penaltyOf = rolePenalties(tuning, query);
  const bySection = new Map<string, { score: number; ids: number[] }>();
  for (const c of candidates) {
    const chunk = inputs.chunks[c.id];
    if (!chunk) continue;
    const penalty = penaltyOf(chunk);
    const score = penalty * (tuning.fusion.lexical * c.lexical + tuning.fusion.dense * c.dense);
    const entry = bySection.get(chunk.sectionId);
    if (entry) {
      entry.ids.push(c.id);
      entry.score = Math.max(entry.score, score);
    } else bySection.set(chunk.sectionId, { score, ids: [c.id] });
  }
  // Coverage needs the postings of every candidate section: only the strongest few are scored completely.
  const shortlist = [...bySection.values()].sort((a, b) => b.score - a.score).slice(0, Math.max(3 * k, 15));
  const ranked = shortlist
    .map(({ score, ids }) => {
      const section = wholeSection(inputs.chunks, ids);
      return { passage: toPassage(inputs, section, score, query, queryVector, tuning, penaltyOf), ids: section, lastChunk: section[section.length - 1]! };
    })
    .sort((a, b) => b.passage.score - a.passage.score || b.passage.coverage - a.passage.coverage);
  coverSiblingsTogether(inputs, ranked.slice(0, SIBLINGS_TOGETHER), query, tuning);
  const passages = ranked.map((r) => r.passage);
  if (passages.length > 0) passages[0] = withSubsections(inputs.chunks, passages[0]!, ranked[0]!.lastChunk, tuning.thinSectionChars);
  return passages.slice(0, k);
}

/** Among this many first passages, sibling sections are judged together. */
const SIBLINGS_TOGETHER = 3;

/**
 * Sibling sections among the first passages (`DDL`, `DML`, `DCL` under one heading) answer a question that
 * names them all (`DDL DML DCL 각각 어떤 명령어가 있어?`) together: each records the coverage of all of them
 * (`siblingCoverage`), which answer confidence counts; the ranking and each passage's own coverage stay.
 */
function coverSiblingsTogether(inputs: SearchInputs, first: { passage: Passage; ids: number[] }[], query: AnalyzedQuery, tuning: RetrievalTuning): void {
  const byParent = new Map<string, { passage: Passage; ids: number[] }[]>();
  for (const entry of first) {
    const parent = parentOf(entry.passage);
    byParent.set(parent, [...(byParent.get(parent) ?? []), entry]);
  }
  for (const siblings of byParent.values()) {
    if (siblings.length < 2) continue;
    const together = coverageOf(inputs, siblings.flatMap((s) => s.ids), query, tuning);
    for (const s of siblings) s.passage.siblingCoverage = together;
  }
}

/** The section a section sits in (file and the headings above it): equal for sibling sections. */
export function parentOf(section: Pick<Passage, 'file' | 'section'>): string {
  return `${section.file}#${section.section.slice(0, -1).join('\u0000')}`;
}

/**
 * How much of the question the chunks cover, judged on their indexed terms: asked of the postings, not by
 * analyzing the text again (morphological analysis of a few passages would cost more than the whole search).
 */
function coverageOf(inputs: SearchInputs, ids: number[], query: AnalyzedQuery, tuning: RetrievalTuning): number {
  const terms = {
    has: (term: string) => inputs.lexical.containsAny(term, ids),
    hasGram: (term: string) => inputs.lexical.containsAny(term, ids, ['grams']),
  };
  return coverage(query, terms, (term) => inputs.lexical.idf(term), tuning.predicateWeight, (term) => inputs.lexical.has(term));
}

/** Subsections a thin best section brings along. */
const SUBSECTIONS_OF_THIN = 2;
/** Text of bullet-label subsections (`* 장점`, `* 단점`) the best section brings along. */
const LABELLED_CHARS = 600;

/**
 * The best section with the subsections that are part of what it says: when it says almost nothing itself, its
 * first subsections; and the bullet labels under it or under those (`* 장점`, `* 단점`, `1. **A → B : SYN**` with
 * nested items: the section's own body in the rendered note, though parsed as subsections). Their blocks keep their
 * own lines (quotes from them cite those) and name the subsection they come from; they join whether or not they
 * matched the question. The ranking stays.
 */
function withSubsections(chunks: Chunk[], best: Passage, lastChunk: number, thinChars: number): Passage {
  // Thin is judged with its bullet labels: `* 장점` and `* 단점` under a one-line section are what it says.
  const thin = (): boolean => best.text.length + ownLabels < thinChars;
  const parts: number[][] = [];
  let headed = 0;
  let labelled = 0;
  let ownLabels = 0;
  // A bullet label's subsection shares the anchor of the section it is in; a heading's has its own.
  let anchor = best.anchor;
  for (let i = lastChunk + 1; i < chunks.length; ) {
    const chunk = chunks[i]!;
    if (chunk.file !== best.file || !isBelow(chunk.section, best.section)) break;
    const section = wholeSection(chunks, [i]);
    i = section[section.length - 1]! + 1;
    if (chunk.anchor === anchor && !chunk.role) {
      const chars = section.reduce((n, id) => n + chunks[id]!.text.length, 0);
      labelled += chars;
      if (labelled > LABELLED_CHARS) break;
      if (headed === 0) ownLabels += chars;
      parts.push(section);
    } else if (thin() && headed < SUBSECTIONS_OF_THIN) {
      // A subsection, or a bullet label right under a heading with no text of its own (`### 연결 요청` over `1. **A → B**`).
      const depth = chunk.section.length - best.section.length;
      if (depth !== 1 && !(depth === 2 && chunk.anchor !== anchor && chunks[section[0]! - 1]!.section.length <= best.section.length)) continue;
      headed++;
      anchor = chunk.anchor;
      parts.push(section);
    } else break;
  }
  if (parts.length === 0) return best;
  const under = (ids: number[]) => blocksWithoutOverlap(ids.map((id) => chunks[id]!)).map((block) => ({ ...block, under: chunks[ids[0]!]!.section.at(-1)! }));
  const blocks = [...best.blocks, ...parts.flatMap(under)];
  const end = Math.max(best.lines[1], ...blocks.map((b) => b.lines[1]));
  return { ...best, blocks, text: blocks.map((b) => b.text).join('\n'), lines: [best.lines[0], end] };
}

function isBelow(path: readonly string[], parent: readonly string[]): boolean {
  return path.length > parent.length && parent.every((heading, i) => path[i] === heading);
}

function toPassage(inputs: SearchInputs, ids: number[], fused: number, query: AnalyzedQuery, queryVector: Float32Array, tuning: RetrievalTuning, penaltyOf: (chunk: Chunk) => number): Passage {
  const chunks = ids.map((id) => inputs.chunks[id]!);
  const first = chunks[0]!;
  const lines: LineRange = [Math.min(...chunks.map((c) => c.lines[0])), Math.max(...chunks.map((c) => c.lines[1]))];
  const blocks = blocksWithoutOverlap(chunks);
  const covered = coverageOf(inputs, ids, query, tuning);
  const penalty = penaltyOf(first);
  const language = hasHangul(query.question) && hangulShare(chunks) < ENGLISH_SECTION ? tuning.otherLanguagePenalty : 1;
  return {
    sectionId: first.sectionId,
    file: first.file,
    section: first.section,
    anchor: first.anchor,
    lines,
    text: blocks.map((b) => b.text).join('\n'),
    blocks,
    score: language * (fused + penalty * tuning.fusion.coverage * covered),
    similarity: Math.max(...ids.map((id) => similarityOf(inputs, id, queryVector))),
    coverage: covered,
    ...(first.role ? { role: first.role } : {}),
  };
}

/**
 * Every chunk of the section the candidates belong to, in note order (a section's chunks are consecutive): an
 * answer quotes a whole list, and coverage is judged on what the section says, not on the chunks that matched.
 */
function wholeSection(chunks: Chunk[], ids: number[]): number[] {
  const sectionId = chunks[ids[0]!]!.sectionId;
  let first = Math.min(...ids);
  let last = Math.max(...ids);
  while (first > 0 && chunks[first - 1]!.sectionId === sectionId) first--;
  while (last + 1 < chunks.length && chunks[last + 1]!.sectionId === sectionId) last++;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Below this share of Hangul among its letters, a section is written in English (`otherLanguagePenalty`). */
const ENGLISH_SECTION = 0.2;

function hangulShare(chunks: Chunk[]): number {
  let hangul = 0;
  let letters = 0;
  for (const chunk of chunks) {
    letters += chunk.text.match(/\p{L}/gu)?.length ?? 0;
    hangul += chunk.text.match(/[\uAC00-\uD7A3]/gu)?.length ?? 0;
  }
  return letters === 0 ? 1 : hangul / letters;
}

/** A heading that compares two things (`배열과 연결 리스트의 차이점`, `DP vs Greedy`, "Difference between …"). */
const COMPARING_HEADING = /차이|비교|\bvs\b|versus|difference/iu;

/**
 * How much a chunk's section is trusted as an answer: 1 for content, less for question lists and references; a
 * question list is no lesser answer when questions are what was asked for (`역면접 때 물어볼 만한 거`); less, too,
 * for a section comparing two things when the question compares nothing; more for a section defining its subject
 * when a definition is asked for. The question is read once, not for every candidate chunk.
 */
function rolePenalties(tuning: RetrievalTuning, query: Pick<AnalyzedQuery, 'question'>): (chunk: Chunk) => number {
  const questionsWanted = asksForQuestions(query.question);
  const comparing = setsSideBySide(query.question) ? 1 : tuning.comparingSectionPenalty;
  const defining = questionIntent(query.question).type === 'definition' ? tuning.definingSectionBoost : 1;
  return (chunk) =>
    (!chunk.role || (chunk.role === 'questions' && questionsWanted) ? 1 : tuning.rolePenalty[chunk.role]) *
    (COMPARING_HEADING.test(chunk.section.at(-1) ?? '') ? comparing : 1) *
    (DEFINING_HEADING.test(chunk.section.at(-1) ?? '') ? defining : 1);
}

/** A heading that defines its subject (`프로토콜이란`, `트랜잭션이란 무엇인가?`, "What is a deadlock?"). */
const DEFINING_HEADING = /[\p{L}\p{N})]\s?(?:이)?란(?:\s?무엇인가요?|\s?뭘까요?|\s?무엇일까요?)?\s*\??$|^what (?:is|are)\b/iu;

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
