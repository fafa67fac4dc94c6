/**
 * chunks.bin holds exactly what the chunker made (read back field by field, text and parts only when asked), and a
 * damaged or forged one is refused with a reason at load, never misread or read out of bounds later.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../scripts/prng.js';
import { chunkNotes } from '../src/chunk/chunk.js';
import { decodeChunks, encodeChunks } from '../src/index/chunk-store.js';
import { parseNote } from '../src/notes/parse.js';
import type { Chunk } from '../src/types.js';
import { SEED_NOTE, SEED_TEXT } from './helpers/knowledge.js';

const plain = (chunk: Chunk): Chunk => ({
  id: chunk.id,
  sectionId: chunk.sectionId,
  file: chunk.file,
  section: chunk.section,
  anchor: chunk.anchor,
  lines: chunk.lines,
  text: chunk.text,
  ...(chunk.role ? { role: chunk.role } : {}),
  parts: chunk.parts,
  hash: chunk.hash,
});

const ROLE_NOTE = ['# 역할', '', '## 예상 질문', '', '- 🐳 컨테이너란?', '- 이미지란?', '', '## 참고', '', '도커 공식 문서와 위키.', ''].join('\n');
const chunks = chunkNotes([parseNote(SEED_NOTE, SEED_TEXT), parseNote('roles.md', ROLE_NOTE)]);

describe('chunks.bin', () => {
  it('reads back every field of every chunk the chunker made', () => {
    expect(new Set(chunks.map((c) => c.role))).toEqual(new Set([undefined, 'questions', 'references']));
    expect(chunks.some((c) => c.parts.some((p) => p.kind === 'code'))).toBe(true);
    expect(decodeChunks(encodeChunks(chunks)).map(plain)).toEqual(chunks.map(plain));
  });

  it('reads back an empty index and text with characters outside the BMP', () => {
    expect(decodeChunks(encodeChunks([]))).toEqual([]);
    const odd: Chunk = { ...chunks[0]!, text: '𝔘𝔫𝔦 🐳\n한글', parts: [{ kind: 'paragraph', lines: [1, 1], chars: 7 }, { kind: 'quote', lines: [2, 2], chars: 2 }], hash: createHash('sha256').update('odd').digest('hex').slice(0, 32) };
    expect(plain(decodeChunks(encodeChunks([odd]))[0]!)).toEqual(plain(odd));
  });

  it('refuses every truncation with a reason', () => {
    const bytes = encodeChunks(chunks);
    for (const length of [0, 7, 35, 36, Math.floor(bytes.length / 3), bytes.length - 4, bytes.length - 1]) {
      expect(() => decodeChunks(bytes.subarray(0, length)), `cut to ${length}`).toThrow(/^it /u);
    }
  });

  it('refuses text that starts a chunk inside a character, even with the file length right', () => {
    const bytes = Buffer.from(encodeChunks(chunks));
    const header = new Uint32Array(bytes.buffer, bytes.byteOffset, 9);
    const chunksAt = 9 + header[3]! + header[4]! * 6 + header[5]!;
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, chunksAt + 5 * chunks.length);
    // The end of the text before a chunk that starts with Hangul, moved one byte into that character.
    const next = chunks.findIndex((c, i) => i > 0 && /^[\uAC00-\uD7A3]/u.test(c.text));
    expect(next).toBeGreaterThan(0);
    words[chunksAt + 5 * (next - 1) + 4]! += 1;
    expect(() => decodeChunks(bytes)).toThrow(new RegExp(`^chunk ${next}'s text starts inside a character$`, 'u'));
  });

  it('never misreads a file with any header or table word changed: it throws, or every chunk reads (seeded mutations)', () => {
    const pristine = encodeChunks(chunks);
    const random = mulberry32(13);
    let refused = 0;
    for (let n = 0; n < 200; n++) {
      const bytes = Buffer.from(pristine);
      // The header half the time, anywhere otherwise.
      const at = 4 * Math.floor(random() * (n % 2 === 0 ? 9 : (bytes.length - 4) / 4));
      bytes.writeUInt32LE([0, 1, 0xffffffff, 0x7fffffff, Math.floor(random() * 0xffffffff), chunks.length + 1][n % 6]!, at);
      let read: Chunk[];
      try {
        read = decodeChunks(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(Error);
        refused++;
        continue;
      }
      // A change the checks let through is one a reader cannot stumble on: every field is readable.
      for (const chunk of read) expect(() => plain(chunk)).not.toThrow();
      expect(read.map((c) => c.text).join('')).not.toContain('\uFFFD');
    }
    expect(refused).toBeGreaterThan(100);
  });
});
