import type { Embedder } from './embedder.js';

/**
 * A model-free embedder for fully offline machines: signed feature hashing of
 *   - whole words (runs of letters/digits, so `컨테이너의`, `docker`, `k8s`),
 *   - character 2-grams and 3-grams inside each word (`컨테`, `테이`, `이너`, `너의`, `컨테이`, ...),
 * over NFC-normalised, lowercased text. Particle variants such as `컨테이너의` / `컨테이너는` share most of
 * their n-grams, which is what makes this usable for Korean without a morphological analyser.
 *
 * Each distinct feature is weighted by sublinear term frequency (1 + ln tf) and added with a hash-derived
 * sign into one of `dimensions` buckets; the result is L2-normalised. Query and passage sides are the same
 * function. Text without any letter or digit (including the empty string) yields the all-zero vector,
 * which has cosine 0 with everything.
 *
 * The core is synchronous and allocation-light: code points go into a reusable buffer, n-gram hashes are
 * computed from code points (no substrings), and term counts live in a reusable open-addressing table.
 */

export const HASHING_EMBEDDER_ID = 'hashing';
export const DEFAULT_HASHING_DIMENSIONS = 384;

export interface HashingEmbedderOptions {
  /** Vector length; default 384. A non-default value makes the id `hashing:<dimensions>`. */
  dimensions?: number;
}

/** The manifest id of a hashing embedder with these dimensions. */
export function hashingEmbedderId(dimensions: number = DEFAULT_HASHING_DIMENSIONS): string {
  return dimensions === DEFAULT_HASHING_DIMENSIONS ? HASHING_EMBEDDER_ID : `${HASHING_EMBEDDER_ID}:${dimensions}`;
}

// Distinct seeds keep a word, a 2-gram and a 3-gram with the same letters apart.
const SEED_WORD = 0x9e3779b1 | 0;
const SEED_BIGRAM = 0x85ebca77 | 0;
const SEED_TRIGRAM = 0xc2b2ae3d | 0;

const WEIGHT_WORD = 1.0;
const WEIGHT_BIGRAM = 1.0;
const WEIGHT_TRIGRAM = 1.0;

/** Texts between event-loop yields in embedPassages (keeps a bot responsive while indexing). */
const YIELD_EVERY = 1024;

/** FNV-1a style step over one code point. */
function step(h: number, cp: number): number {
  return Math.imul(h ^ cp, 0x01000193);
}

/** murmur3 finaliser: spreads the bits before bucket and sign are taken. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** Letters and digits of the scripts that matter here, with a Unicode-property fallback for the rest. */
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
function isWordCodePoint(cp: number): boolean {
  if (cp < 0x80) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a);
  }
  if (cp >= 0xac00 && cp <= 0xd7a3) return true; // Hangul syllables
  if ((cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3131 && cp <= 0x318e)) return true; // Hangul jamo
  if (cp >= 0x4e00 && cp <= 0x9fff) return true; // CJK ideographs (Hanja)
  if (cp === 0xd7 || cp === 0xf7) return false; // × ÷
  if (cp >= 0xc0 && cp <= 0x24f) return true; // Latin-1 / Latin Extended letters
  return LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
}

/**
 * Counts features of one text. Keys are 32-bit feature hashes; a generation stamp per slot avoids clearing
 * the table between texts.
 */
class FeatureCounter {
  private capacity = 1024;
  private keys = new Int32Array(this.capacity);
  private counts = new Float64Array(this.capacity);
  private weights = new Float64Array(this.capacity);
  private stamps = new Uint32Array(this.capacity);
  private generation = 1;
  /** Slots in use this generation, in insertion order. */
  private used = new Int32Array(this.capacity);
  size = 0;

  reset(): void {
    this.size = 0;
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  add(hash: number, weight: number): void {
    if ((this.size + 1) * 2 > this.capacity) this.grow();
    const mask = this.capacity - 1;
    let slot = fmix32(hash) & mask;
    for (;;) {
      if (this.stamps[slot] !== this.generation) {
        this.stamps[slot] = this.generation;
        this.keys[slot] = hash;
        this.counts[slot] = 1;
        this.weights[slot] = weight;
        this.used[this.size++] = slot;
        return;
      }
      if (this.keys[slot] === hash) {
        this.counts[slot]! += 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Adds every feature's signed, tf-weighted value into `out`. */
  accumulate(out: Float64Array): void {
    const dims = out.length;
    for (let i = 0; i < this.size; i++) {
      const slot = this.used[i]!;
      const mixed = fmix32(this.keys[slot]! ^ 0x5bd1e995);
      const bucket = (mixed >>> 1) % dims;
      const sign = (mixed & 1) === 0 ? 1 : -1;
      out[bucket]! += sign * this.weights[slot]! * (1 + Math.log(this.counts[slot]!));
    }
  }

  private grow(): void {
    const old = { keys: this.keys, counts: this.counts, weights: this.weights, used: this.used, size: this.size };
    this.capacity *= 2;
    this.keys = new Int32Array(this.capacity);
    this.counts = new Float64Array(this.capacity);
    this.weights = new Float64Array(this.capacity);
    this.stamps = new Uint32Array(this.capacity);
    this.used = new Int32Array(this.capacity);
    this.generation = 1;
    this.size = 0;
    const mask = this.capacity - 1;
    for (let i = 0; i < old.size; i++) {
      const from = old.used[i]!;
      let slot = fmix32(old.keys[from]!) & mask;
      while (this.stamps[slot] === this.generation) slot = (slot + 1) & mask;
      this.stamps[slot] = this.generation;
      this.keys[slot] = old.keys[from]!;
      this.counts[slot] = old.counts[from]!;
      this.weights[slot] = old.weights[from]!;
      this.used[this.size++] = slot;
    }
  }
}

export class HashingEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly counter = new FeatureCounter();
  private word = new Int32Array(256);
  private readonly sums: Float64Array;

  constructor(options: HashingEmbedderOptions = {}) {
    const dimensions = options.dimensions ?? DEFAULT_HASHING_DIMENSIONS;
    if (!Number.isInteger(dimensions) || dimensions < 1) {
      throw new RangeError(`HashingEmbedder dimensions must be a positive integer, got ${dimensions}`);
    }
    this.dimensions = dimensions;
    this.id = hashingEmbedderId(dimensions);
    this.sums = new Float64Array(dimensions);
  }

  /** Synchronous core: one L2-normalised vector (all zeros when the text has no letters or digits). */
  embed(text: string): Float32Array {
    const counter = this.counter;
    counter.reset();
    const normalized = text.normalize('NFC').toLowerCase();
    let length = 0;
    for (let i = 0; i < normalized.length; ) {
      const cp = normalized.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      if (isWordCodePoint(cp)) {
        if (length === this.word.length) {
          const bigger = new Int32Array(this.word.length * 2);
          bigger.set(this.word);
          this.word = bigger;
        }
        this.word[length++] = cp;
      } else if (length > 0) {
        this.addWord(length);
        length = 0;
      }
    }
    if (length > 0) this.addWord(length);

    const sums = this.sums;
    sums.fill(0);
    counter.accumulate(sums);
    let norm = 0;
    for (let i = 0; i < sums.length; i++) norm += sums[i]! * sums[i]!;
    const out = new Float32Array(this.dimensions);
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < sums.length; i++) out[i] = sums[i]! * inv;
    }
    return out;
  }

  private addWord(length: number): void {
    const w = this.word;
    const counter = this.counter;
    let whole = SEED_WORD;
    for (let i = 0; i < length; i++) whole = step(whole, w[i]!);
    counter.add(whole, WEIGHT_WORD);
    for (let i = 0; i + 1 < length; i++) {
      const a = w[i]!;
      const b = w[i + 1]!;
      counter.add(step(step(SEED_BIGRAM, a), b), WEIGHT_BIGRAM);
      if (i + 2 < length) counter.add(step(step(step(SEED_TRIGRAM, a), b), w[i + 2]!), WEIGHT_TRIGRAM);
    }
  }

  async embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]> {
    const out: Float32Array[] = new Array(texts.length);
    for (let i = 0; i < texts.length; i++) {
      out[i] = this.embed(texts[i]!);
      if ((i + 1) % YIELD_EVERY === 0 && i + 1 < texts.length) {
        onProgress?.(i + 1, texts.length);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    onProgress?.(texts.length, texts.length);
    return out;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.embed(text);
  }

  async dispose(): Promise<void> {}
}
