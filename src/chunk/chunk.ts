import { createHash } from 'node:crypto';
import { sectionRole } from '../notes/role.js';
import { splitSentences } from '../text/sentences.js';
import type { Block, Chunk, ChunkPart, LineRange, Note, Section } from '../types.js';
import { estimateTokens, exceedsTokens } from './tokens.js';

export interface ChunkingOptions {
  /** A chunk is closed once adding the next piece would pass this many (estimated) tokens. */
  targetTokens: number;
  /** No chunk ever exceeds this; the models used take 512 tokens, so this leaves room for the prefix and path. */
  maxTokens: number;
  /** A trailing sentence up to this size is repeated at the start of the next chunk of the same section. */
  overlapTokens: number;
}

export const DEFAULT_CHUNKING: ChunkingOptions = { targetTokens: 200, maxTokens: 320, overlapTokens: 48 };

/** A piece that is never split further: a sentence, a list line, a whole small code block. */
interface Piece {
  text: string;
  lines: LineRange;
  tokens: number;
  /** Prose may be repeated as overlap; code is not. */
  prose: boolean;
  kind: Block['kind'];
}

/** Splits every section of every note into chunks, in note order. Ids are positions in the result. */
export function chunkNotes(notes: Note[], options: ChunkingOptions = DEFAULT_CHUNKING): Chunk[] {
  const chunks: Chunk[] = [];
  for (const note of notes) {
    for (const section of note.sections) {
      const role = sectionRole(section);
      for (const group of packPieces(section.blocks.flatMap((b) => piecesOf(b, options)), options)) {
        const text = group.map((p) => p.text).join('\n');
        const lines: LineRange = [Math.min(...group.map((p) => p.lines[0])), Math.max(...group.map((p) => p.lines[1]))];
        const parts = group.map((p) => ({ kind: p.kind, lines: p.lines, chars: p.text.length }));
        const chunk = makeChunk(chunks.length, section, text, lines, parts);
        if (role !== 'content') chunk.role = role;
        chunks.push(chunk);
      }
    }
  }
  return chunks;
}

function makeChunk(id: number, section: Section, text: string, lines: LineRange, parts: ChunkPart[]): Chunk {
  const chunk: Chunk = { id, sectionId: section.id, file: section.file, section: section.path, anchor: section.anchor, lines, text, parts, hash: '' };
  chunk.hash = createHash('sha256').update(indexedText(chunk)).digest('hex').slice(0, 32);
  return chunk;
}

/**
 * What is embedded and lexically indexed for a chunk: its heading path, then its text, so that a
 * passage under "컨테이너의 장점" is found by "컨테이너 장점" even when the body never says it.
 */
export function indexedText(chunk: Pick<Chunk, 'section' | 'text'>): string {
  return `${chunk.section.join(' › ')}\n${chunk.text}`;
}

function piecesOf(block: Block, options: ChunkingOptions): Piece[] {
  const tokens = estimateTokens(block.text);
  const prose = block.kind !== 'code' && block.kind !== 'table';
  // The fence added around code counts against the limit like any other text.
  const overhead = block.kind === 'code' ? FENCE_TOKENS : 0;
  const wrap = (piece: Piece): Piece => (block.kind === 'code' ? { ...piece, text: fenced(piece.text), tokens: piece.tokens + overhead } : piece);
  const kind = block.kind;
  if (tokens + overhead <= (prose ? options.targetTokens : options.maxTokens)) return [wrap({ text: block.text, lines: block.lines, tokens, prose, kind })];
  const parts = prose ? splitSentences(block.text) : block.text.split('\n');
  // Code content starts on the line after its opening fence.
  const firstLine = block.kind === 'code' ? block.lines[0] + 1 : block.lines[0];
  const pieces: Piece[] = [];
  let searchFrom = 0;
  // Newlines before `searchFrom`, counted incrementally (a 2 MB block has tens of thousands of parts).
  let newlinesBefore = 0;
  for (const part of parts) {
    const at = block.text.indexOf(part, searchFrom);
    const offset = at >= 0 ? at : searchFrom;
    newlinesBefore += countNewlines(block.text, searchFrom, offset);
    // Table text has no line for the `|---|` delimiter row under the header.
    const skipped = block.kind === 'table' && newlinesBefore > 0 ? 1 : 0;
    const start = Math.min(firstLine + newlinesBefore + skipped, block.lines[1]);
    const partNewlines = countNewlines(part, 0, part.length);
    const end = Math.min(start + partNewlines, block.lines[1]);
    newlinesBefore += partNewlines;
    searchFrom = offset + part.length;
    for (const text of hardSplit(part, options.maxTokens - overhead)) pieces.push({ text, lines: [start, end], tokens: estimateTokens(text), prose, kind });
  }
  return prose ? pieces : mergeSmall(pieces, Math.min(options.targetTokens, options.maxTokens - overhead)).map(wrap);
}

/** Code keeps its fence in chunk text, so answers never quote it as prose and Discord renders it as code. */
function fenced(code: string): string {
  return `\`\`\`\n${code}\n\`\`\``;
}

const FENCE_TOKENS = estimateTokens(fenced(''));

/** Code and table lines are packed back together up to the target so a code block is split as little as possible. */
function mergeSmall(pieces: Piece[], target: number): Piece[] {
  const merged: Piece[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && last.tokens + piece.tokens <= target) {
      merged[merged.length - 1] = { ...last, text: `${last.text}\n${piece.text}`, lines: [last.lines[0], piece.lines[1]], tokens: last.tokens + piece.tokens };
    } else merged.push(piece);
  }
  return merged;
}

/** A single sentence longer than the limit (a 2 MB paragraph with no full stop) is cut at spaces, or anywhere. */
function hardSplit(text: string, maxTokens: number): string[] {
  const out: string[] = [];
  let rest = text;
  // Only the head of the rest is measured: re-measuring all of a 2 MB rest per cut would be quadratic.
  while (rest && exceedsTokens(rest, maxTokens)) {
    // Tokens are at most one per character, so maxTokens characters always fit.
    let cut = maxTokens;
    const space = rest.lastIndexOf(' ', cut);
    if (space > cut / 2) cut = space;
    // Never cut a surrogate pair in half.
    if (/[\uD800-\uDBFF]/.test(rest[cut - 1] ?? '')) cut -= 1;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out.filter(Boolean);
}

function packPieces(pieces: Piece[], options: ChunkingOptions): Piece[][] {
  const groups: Piece[][] = [];
  let current: Piece[] = [];
  let size = 0;
  for (const piece of pieces) {
    if (current.length > 0 && size + piece.tokens > options.targetTokens) {
      groups.push(current);
      const tail = current[current.length - 1]!;
      const carry = tail.prose && tail.tokens <= options.overlapTokens && tail.tokens + piece.tokens <= options.maxTokens;
      current = carry ? [tail] : [];
      size = carry ? tail.tokens : 0;
    }
    current.push(piece);
    size += piece.tokens;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) count++;
  return count;
}
