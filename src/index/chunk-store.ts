import { Buffer, isUtf8 } from 'node:buffer';
import type { Block, Chunk, ChunkPart, LineRange, SectionRole } from '../types.js';

/**
 * chunks.bin: the chunks in one binary file that loads without parsing. Parsing chunks.json was most of a
 * 100k-chunk index's cold start; here what search needs of every chunk (its section, file, anchor, lines,
 * role) is a few typed-array reads, with the strings a section shares stored once, and each chunk's text,
 * parts and hash are decoded only when something reads them (the few passages a question shortlists).
 *
 * Layout, little-endian, every region 4-byte aligned:
 *
 *   header    magic `CHNK`, version, chunks, strings, sections, path entries, parts, string bytes, text bytes (u32 each)
 *   strings   u32 × strings: where each string ends, in UTF-16 units of the decoded string bytes
 *   sections  6 × u32 per section: sectionId, file, anchor (string numbers), role, first path entry, path length
 *   paths     u32 × path entries: the headings of each section path (string numbers)
 *   chunks    5 × u32 per chunk: section, first line, last line, end of its parts, end of its text (a byte offset)
 *   hashes    16 bytes per chunk (its hash, 32 hex digits)
 *   parts     4 × u32 per part: kind, first line, last line, length in UTF-16 units
 *   string bytes, padded to 4; text bytes: UTF-8
 *
 * `decodeChunks` checks every number against the regions it points into, so a damaged or forged file (its checksum
 * forged too) is refused whole at load, never read out of bounds or split inside a character later.
 */

/** `CHNK` in ASCII, little-endian. */
const MAGIC = 0x4b4e4843;
const VERSION = 1;
const HEADER_WORDS = 9;
const SECTION_WORDS = 6;
const CHUNK_WORDS = 5;
const PART_WORDS = 4;
/** The chunker keeps the first 128 bits of the sha256 (32 hex digits). */
const HASH_BYTES = 16;

/** Typed arrays use the machine's byte order; the file's is little-endian (as lexical.bin's). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const KINDS = ['paragraph', 'list-item', 'code', 'table', 'quote'] as const satisfies readonly Block['kind'][];
/** Role 0 is a content section (no `role`). */
const ROLES = [undefined, 'questions', 'references'] as const satisfies readonly (Exclude<SectionRole, 'content'> | undefined)[];

export function encodeChunks(chunks: readonly Chunk[]): Uint8Array {
  if (!LITTLE_ENDIAN) throw new Error('chunks.bin: big-endian machines are not supported');
  const strings = new Map<string, number>();
  const string = (value: string): number => {
    let n = strings.get(value);
    if (n === undefined) strings.set(value, (n = strings.size));
    return n;
  };
  const sections = new Map<string, number>();
  const sectionWords: number[] = [];
  const paths: number[] = [];
  const chunkWords: number[] = [];
  const partWords: number[] = [];
  const texts: Buffer[] = [];
  const hashes = Buffer.alloc(chunks.length * HASH_BYTES);
  let textBytes = 0;
  chunks.forEach((chunk, i) => {
    if (chunk.id !== i) throw new Error(`chunk ${i} has id ${chunk.id}: chunks are stored in id order`);
    if (!/^[0-9a-f]{32}$/.test(chunk.hash)) throw new Error(`chunk ${i} has no 32-digit hash`);
    if (!ROLES.includes(chunk.role) || chunk.parts.some((part) => !KINDS.includes(part.kind))) throw new Error(`chunk ${i} has a role or a part kind chunks.bin cannot hold`);
    const key = JSON.stringify([chunk.sectionId, chunk.file, chunk.anchor, chunk.role ?? '', chunk.section]);
    let section = sections.get(key);
    if (section === undefined) {
      sections.set(key, (section = sections.size));
      sectionWords.push(string(chunk.sectionId), string(chunk.file), string(chunk.anchor), ROLES.indexOf(chunk.role), paths.length, chunk.section.length);
      paths.push(...chunk.section.map(string));
    }
    for (const part of chunk.parts) partWords.push(KINDS.indexOf(part.kind), part.lines[0], part.lines[1], part.chars);
    const text = Buffer.from(chunk.text, 'utf8');
    texts.push(text);
    textBytes += text.length;
    chunkWords.push(section, chunk.lines[0], chunk.lines[1], partWords.length / PART_WORDS, textBytes);
    Buffer.from(chunk.hash, 'hex').copy(hashes, i * HASH_BYTES);
  });
  const stringList = [...strings.keys()];
  const stringEnds: number[] = [];
  let units = 0;
  for (const s of stringList) stringEnds.push((units += s.length));
  const stringBytes = Buffer.from(stringList.join(''), 'utf8');
  const header = [MAGIC, VERSION, chunks.length, stringList.length, sections.size, paths.length, partWords.length / PART_WORDS, stringBytes.length, textBytes];
  const words = Uint32Array.from([...header, ...stringEnds, ...sectionWords, ...paths, ...chunkWords]);
  return Buffer.concat([
    Buffer.from(words.buffer),
    hashes,
    Buffer.from(Uint32Array.from(partWords).buffer),
    stringBytes,
    Buffer.alloc(pad4(stringBytes.length) - stringBytes.length),
    ...texts,
  ]);
}

/** Reads `encodeChunks` output; throws an Error saying what is inconsistent. Text, parts and hashes stay bytes until read. */
export function decodeChunks(input: Uint8Array): Chunk[] {
  if (!LITTLE_ENDIAN) throw new Error('it cannot be read on a big-endian machine');
  const bytes = input.byteOffset % 4 === 0 ? input : input.slice();
  if (bytes.byteLength < HEADER_WORDS * 4) throw new Error('it is too short for a chunk file');
  const header = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_WORDS);
  if (header[0] !== MAGIC) throw new Error('it is not a chunk file');
  if (header[1] !== VERSION) throw new Error(`its format ${header[1]} is not supported`);
  const [chunkCount, stringCount, sectionCount, pathCount, partCount, stringByteCount, textByteCount] = Array.from(header.subarray(2)) as [number, number, number, number, number, number, number];
  const wordCount = HEADER_WORDS + stringCount + sectionCount * SECTION_WORDS + pathCount + chunkCount * CHUNK_WORDS;
  const hashesAt = wordCount * 4;
  const partsAt = hashesAt + chunkCount * HASH_BYTES;
  const stringsAt = partsAt + partCount * PART_WORDS * 4;
  const textAt = stringsAt + pad4(stringByteCount);
  if (textAt + textByteCount !== bytes.byteLength) throw new Error(`it is ${bytes.byteLength} bytes long; its header describes ${textAt + textByteCount}`);

  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, wordCount);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const store: ChunkBytes = {
    text: view.subarray(textAt, textAt + textByteCount),
    parts: new Uint32Array(bytes.buffer, bytes.byteOffset + partsAt, partCount * PART_WORDS),
    hashes: view.subarray(hashesAt, partsAt),
  };
  const strings = decodeStrings(words.subarray(HEADER_WORDS, HEADER_WORDS + stringCount), view.subarray(stringsAt, stringsAt + stringByteCount));
  const stringAt = (n: number): string => {
    if (n >= stringCount) throw new Error('a section names a string that is not there');
    return strings[n]!;
  };
  const sectionsAt = HEADER_WORDS + stringCount;
  const pathsAt = sectionsAt + sectionCount * SECTION_WORDS;
  const chunksAt = pathsAt + pathCount;
  const sections: ChunkSection[] = new Array(sectionCount);
  for (let s = 0; s < sectionCount; s++) {
    const w = sectionsAt + s * SECTION_WORDS;
    const role = words[w + 3]!;
    const pathStart = pathsAt + words[w + 4]!;
    const pathEnd = pathStart + words[w + 5]!;
    if (role >= ROLES.length) throw new Error(`a section has role ${role}, which is not one`);
    if (pathEnd > chunksAt) throw new Error('a section path is out of range');
    const path: string[] = [];
    for (let p = pathStart; p < pathEnd; p++) path.push(stringAt(words[p]!));
    sections[s] = { sectionId: stringAt(words[w]!), file: stringAt(words[w + 1]!), anchor: stringAt(words[w + 2]!), role: ROLES[role], path };
  }
  for (let p = 0; p < partCount; p++) {
    if (store.parts[p * PART_WORDS]! >= KINDS.length) throw new Error(`part ${p} is of kind ${store.parts[p * PART_WORDS]}, which is not one`);
  }
  // UTF-8 as a whole and every chunk starting on a character (not on a continuation byte): each chunk's own bytes are then UTF-8 too.
  if (!isUtf8(store.text)) throw new Error('its text is not valid UTF-8');
  const chunks: Chunk[] = new Array(chunkCount);
  let partEnd = 0;
  let textEnd = 0;
  for (let i = 0; i < chunkCount; i++) {
    const w = chunksAt + i * CHUNK_WORDS;
    const section = sections[words[w]!];
    const parts = words[w + 3]!;
    const textTo = words[w + 4]!;
    if (!section) throw new Error(`chunk ${i} names a section that is not there`);
    if (parts < partEnd || parts > partCount || textTo < textEnd || textTo > textByteCount) throw new Error(`chunk ${i}'s parts or text are out of range`);
    if (textEnd < textByteCount && (store.text[textEnd]! & 0xc0) === 0x80) throw new Error(`chunk ${i}'s text starts inside a character`);
    chunks[i] = new StoredChunk(i, section, words[w + 1]!, words[w + 2]!, store, partEnd, parts, textEnd, textTo);
    partEnd = parts;
    textEnd = textTo;
  }
  if (partEnd !== partCount || textEnd !== textByteCount) throw new Error('its parts or text do not all belong to chunks');
  return chunks;
}

/** The regions chunks read their text, parts and hashes from. */
interface ChunkBytes {
  text: Buffer;
  parts: Uint32Array;
  hashes: Buffer;
}

/** What the chunks of one section share (stored once per section). */
interface ChunkSection {
  sectionId: string;
  file: string;
  anchor: string;
  role: Exclude<SectionRole, 'content'> | undefined;
  path: string[];
}

/** A chunk read from chunks.bin: its section's fields shared with the section's other chunks; the rest made when read (few chunks are). */
class StoredChunk implements Chunk {
  readonly sectionId: string;
  readonly file: string;
  readonly section: string[];
  readonly anchor: string;
  readonly role?: Exclude<SectionRole, 'content'>;

  constructor(
    readonly id: number,
    section: ChunkSection,
    private readonly firstLine: number,
    private readonly lastLine: number,
    private readonly bytes: ChunkBytes,
    private readonly partFrom: number,
    private readonly partTo: number,
    private readonly textFrom: number,
    private readonly textTo: number,
  ) {
    this.sectionId = section.sectionId;
    this.file = section.file;
    this.section = section.path;
    this.anchor = section.anchor;
    if (section.role) this.role = section.role;
  }

  get lines(): LineRange {
    return [this.firstLine, this.lastLine];
  }

  get text(): string {
    return this.bytes.text.toString('utf8', this.textFrom, this.textTo);
  }

  get parts(): ChunkPart[] {
    const w = this.bytes.parts;
    const parts: ChunkPart[] = [];
    for (let p = this.partFrom * PART_WORDS; p < this.partTo * PART_WORDS; p += PART_WORDS) {
      parts.push({ kind: KINDS[w[p]!]!, lines: [w[p + 1]!, w[p + 2]!], chars: w[p + 3]! });
    }
    return parts;
  }

  get hash(): string {
    return this.bytes.hashes.toString('hex', this.id * HASH_BYTES, (this.id + 1) * HASH_BYTES);
  }
}

/**
 * The string table: one decode of all its bytes, cut where each string ends. Ends count UTF-16 units of the
 * decoded text, which encoding preserves (even a lone surrogate becomes one unit, U+FFFD).
 */
function decodeStrings(ends: Uint32Array, bytes: Buffer): string[] {
  let all: string;
  try {
    all = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('its strings are not valid UTF-8');
  }
  const strings: string[] = new Array(ends.length);
  let previous = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!;
    if (end < previous || end > all.length) throw new Error('its strings are out of range');
    strings[i] = all.slice(previous, end);
    previous = end;
  }
  if (previous !== all.length) throw new Error('its strings do not add up');
  return strings;
}

function pad4(n: number): number {
  return Math.ceil(n / 4) * 4;
}
