import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { CHECKSUM_MISMATCH, sha256OfFile } from './checksum.js';

/**
 * Checks an hnswlib index file against what the manifest says it holds, before hnswlib reads it: hnswlib trusts
 * the numbers in the file, so a forged or damaged one (whose checksum was forged too) makes the native reader read
 * out of bounds or crash the process. This walks the layout hnswlib writes (hnswalg.h `saveIndex`):
 *
 *   header        offsetLevel0, maxElements, count, sizePerElement, labelOffset, offsetData (8 bytes each),
 *                 maxLevel, entryPoint (4 bytes each), maxM, maxM0, M (8 each), mult (double), efConstruction (8)
 *   level 0       count × sizePerElement: a link list (4-byte size, maxM0 × 4-byte ids), the vector, the label (8)
 *   upper levels  per element: a 4-byte byte length, then that many bytes of link lists (maxM × 4 + 4 per level)
 *
 * and returns what is wrong, or undefined when the file is what the manifest describes: its points (deleted ones
 * included; a deleted point's link list has bit 0 of its third byte set) and that exactly the build's chunk keys
 * are live, so every search hit and vector maps to a chunk. The file's checksum is
 * taken in the same pass (the file is most of an index: reading it once more only to hash it was a tenth of a
 * large index's load), so a damaged file is told from a forged one: damage fails the checksum too.
 */
export interface HnswExpectation {
  dimensions: number;
  /** Points in the file, deleted ones included. */
  count: number;
  deleted: number;
  /** The build's chunk keys (distinct, below `count`): exactly these labels are live. */
  keys: Uint32Array;
  m: number;
  efConstruction: number;
  /** The manifest's checksum of the file. */
  sha256: string;
}

const HEADER_BYTES = 96;
const ID_BYTES = 4;
const LABEL_BYTES = 8;
const DELETE_MARK = 0x01;

export async function hnswFileProblem(path: string, expected: HnswExpectation): Promise<string | undefined> {
  const hash = createHash('sha256');
  const problem = await layoutProblem(path, expected, hash);
  if (problem === undefined) return hash.digest('hex') === expected.sha256 ? undefined : CHECKSUM_MISMATCH;
  if (problem === 'missing') return problem;
  // The walk stopped early, before it had hashed the whole file.
  return (await sha256OfFile(path)) === expected.sha256 ? problem : CHECKSUM_MISMATCH;
}

/** What is wrong with the file's layout; every byte is fed to `hash`, in order, when nothing is. */
async function layoutProblem(path: string, expected: HnswExpectation, hash: Hash): Promise<string | undefined> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return 'missing';
  try {
    const size = (await handle.stat()).size;
    if (size < HEADER_BYTES) return `too short for an HNSW file (${size} bytes)`;
    const header = Buffer.alloc(HEADER_BYTES);
    await handle.read(header, 0, HEADER_BYTES, 0);
    hash.update(header);
    const word = (offset: number): number => Number(header.readBigUInt64LE(offset));
    const [offsetLevel0, maxElements, count, sizePerElement, labelOffset, offsetData] = [0, 8, 16, 24, 32, 40].map(word) as [number, number, number, number, number, number];
    const maxLevel = header.readInt32LE(48);
    const entryPoint = header.readUInt32LE(52);
    const [maxM, maxM0, m] = [56, 64, 72].map(word) as [number, number, number];
    const efConstruction = word(88);

    const level0Links = maxM0 * ID_BYTES + 4;
    const upperLinks = maxM * ID_BYTES + 4;
    if (count !== expected.count) return `for ${count} vectors, not the manifest's ${expected.count}`;
    if (m !== expected.m || maxM !== m || maxM0 !== 2 * m || efConstruction !== expected.efConstruction) {
      return `built with M ${m} (${maxM}/${maxM0}) and efConstruction ${efConstruction}, not the manifest's M ${expected.m} and efConstruction ${expected.efConstruction}`;
    }
    if (offsetLevel0 !== 0 || offsetData !== level0Links || labelOffset !== level0Links + expected.dimensions * 4 || sizePerElement !== labelOffset + LABEL_BYTES) {
      return `not laid out for ${expected.dimensions}-dimension vectors (as the manifest says)`;
    }
    // The index is written sized exactly (VectorIndex.write); hnswlib allocates room for maxElements up front, so a forged one could exhaust memory.
    if (maxElements !== Math.max(1, count)) return `damaged (room for ${maxElements} vectors, not the ${count} it holds)`;
    if (count === 0) return size === HEADER_BYTES ? undefined : 'damaged (an empty index with data after its header)';
    if (maxLevel < 0 || maxLevel > 64 || entryPoint >= count) return 'damaged (its entry point or level count is out of range)';

    const upperStart = HEADER_BYTES + count * sizePerElement;
    if (upperStart + count * 4 > size) return 'damaged (shorter than its vectors need)';
    /** At most `capacity` ids, each of an element that is there (and, given the elements' levels, on `level`). */
    const linksOk = (list: Buffer, offset: number, capacity: number, level: number, levels?: Uint8Array): boolean => {
      const links = list.readUInt16LE(offset);
      if (links > capacity) return false;
      for (let k = 0; k < links; k++) {
        const id = list.readUInt32LE(offset + 4 + k * ID_BYTES);
        if (id >= count || (levels && levels[id]! < level)) return false;
      }
      return true;
    };
    // Level 0 is most of the file: read in pieces of whole elements. Its links need no levels (every element has level 0).
    const perPiece = Math.max(1, Math.floor((4 << 20) / sizePerElement));
    const piece = Buffer.alloc(perPiece * sizePerElement);
    const labelSeen = new Uint8Array(count);
    const labelDeleted = new Uint8Array(count);
    let deleted = 0;
    for (let first = 0; first < count; first += perPiece) {
      const n = Math.min(perPiece, count - first);
      await handle.read(piece, 0, n * sizePerElement, HEADER_BYTES + first * sizePerElement);
      hash.update(piece.subarray(0, n * sizePerElement));
      for (let j = 0; j < n; j++) {
        const base = j * sizePerElement;
        if (!linksOk(piece, base, maxM0, 0)) return 'damaged (a link points outside the index)';
        const label = Number(piece.readBigUInt64LE(base + labelOffset));
        if (label >= count || labelSeen[label]) return 'damaged (a vector is labelled with a chunk that is not there, or twice)';
        labelSeen[label] = 1;
        if (piece[base + 2]! & DELETE_MARK) {
          labelDeleted[label] = 1;
          deleted++;
        }
      }
    }
    // Upper levels (small: about one element in M has any) are read whole, so each element's level is known.
    const upper = Buffer.alloc(size - upperStart);
    await handle.read(upper, 0, upper.length, upperStart);
    hash.update(upper);
    const levels = new Uint8Array(count);
    const listsAt = new Array<number>(count);
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 4 > upper.length) return 'damaged (its upper levels end early)';
      const bytes = upper.readUInt32LE(at);
      at += 4;
      if (bytes % upperLinks !== 0 || bytes / upperLinks > maxLevel || at + bytes > upper.length) return 'damaged (an upper-level link list is out of range)';
      levels[i] = bytes / upperLinks;
      listsAt[i] = at;
      at += bytes;
    }
    if (at !== upper.length) return 'damaged (data after its last link list)';
    if (levels[entryPoint] !== maxLevel) return 'damaged (its entry point is not on the top level)';
    for (let i = 0; i < count; i++) {
      for (let level = 1; level <= levels[i]!; level++) {
        if (!linksOk(upper, listsAt[i]! + (level - 1) * upperLinks, maxM, level, levels)) return 'damaged (an upper-level link points outside the index)';
      }
    }
    if (deleted !== expected.deleted) return `damaged (${deleted} of its vectors are deleted, not the manifest's ${expected.deleted})`;
    if (expected.keys.some((key) => key >= count || !labelSeen[key] || labelDeleted[key])) return "damaged (a chunk's vector is missing or deleted)";
    return undefined;
  } finally {
    await handle.close();
  }
}
