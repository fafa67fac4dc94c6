/** Turns text into unit-length vectors. Two kinds: a transformers.js model and a model-free hashing embedder. */
export interface Embedder {
  /** Recorded in the index manifest, e.g. `transformers:Xenova/multilingual-e5-small` or `hashing`. */
  readonly id: string;
  readonly dimensions: number;
  /** Document side (e5 models want the `passage: ` prefix). Vectors are L2-normalised. */
  embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<Float32Array[]>;
  /** Question side (e5 models want the `query: ` prefix). L2-normalised. */
  embedQuery(text: string): Promise<Float32Array>;
  dispose?(): Promise<void>;
}
