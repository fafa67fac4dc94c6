import { UserError } from '../types.js';
import type { Embedder } from './embedder.js';
import { DEFAULT_HASHING_DIMENSIONS, HASHING_EMBEDDER_ID, HashingEmbedder, hashingEmbedderId } from './hashing.js';
import type { TransformersEmbedderOptions } from './transformers.js';

/**
 * Which embedder to build. The manifest records only the id (`hashing`, `hashing:<dims>` or
 * `transformers:<model>`); `specFromEmbedderId` turns it back into a spec so `ask` uses the embedder the
 * index was built with, and the machine-specific settings (folders, remote access) are merged in from
 * the current configuration.
 */
export type EmbedderSpec = HashingSpec | TransformersSpec;

export interface HashingSpec {
  kind: 'hashing';
  /** Default 384. */
  dimensions?: number;
}

export type TransformersSpec = { kind: 'transformers'; /** Hub model id, e.g. `Xenova/multilingual-e5-small`. */ model: string } & Omit<
  TransformersEmbedderOptions,
  'model'
>;

/** Where and how to load models on this machine; model-independent, merged into transformers specs. */
export type TransformersSettings = Omit<TransformersSpec, 'kind' | 'model'>;

const TRANSFORMERS_PREFIX = 'transformers:';

/** The manifest id the embedder built from `spec` will report. */
export function embedderIdOf(spec: EmbedderSpec): string {
  return spec.kind === 'hashing' ? hashingEmbedderId(spec.dimensions) : `${TRANSFORMERS_PREFIX}${spec.model}`;
}

/**
 * Builds an embedder. The transformers.js library is imported only for `transformers` specs, so the
 * hashing embedder works even where ONNX Runtime cannot load.
 * Throws `UserError('MODEL_UNAVAILABLE')` when the model cannot be loaded.
 */
export async function createEmbedder(spec: EmbedderSpec): Promise<Embedder> {
  if (spec.kind === 'hashing') {
    return new HashingEmbedder(spec.dimensions === undefined ? {} : { dimensions: spec.dimensions });
  }
  const { TransformersEmbedder } = await import('./transformers.js');
  const { kind: _kind, ...options } = spec;
  return TransformersEmbedder.create(options);
}

/**
 * Like `createEmbedder`, but when a transformers model is unavailable falls back to the hashing
 * embedder and says why (for `IngestReport.fallbackReason`). Other errors propagate.
 */
export async function createEmbedderWithFallback(
  spec: EmbedderSpec,
): Promise<{ embedder: Embedder; fallbackReason?: string }> {
  try {
    return { embedder: await createEmbedder(spec) };
  } catch (error) {
    if (spec.kind === 'transformers' && error instanceof UserError && error.code === 'MODEL_UNAVAILABLE') {
      return { embedder: new HashingEmbedder(), fallbackReason: error.message };
    }
    throw error;
  }
}

/**
 * The spec for a manifest id: `hashing` → hashing (384 dims), `hashing:256` → hashing with 256 dims,
 * `transformers:<model>` → that model with `settings` (folders, dtype, remote access) of this machine.
 * Throws `UserError('INDEX_CORRUPT')` for an id this version does not know.
 */
export function specFromEmbedderId(id: string, settings: TransformersSettings = {}): EmbedderSpec {
  const trimmed = id.trim();
  if (trimmed === HASHING_EMBEDDER_ID) return { kind: 'hashing' };
  if (trimmed.startsWith(`${HASHING_EMBEDDER_ID}:`)) {
    const text = trimmed.slice(HASHING_EMBEDDER_ID.length + 1);
    const dimensions = Number(text);
    if (/^\d+$/.test(text) && Number.isSafeInteger(dimensions) && dimensions > 0) {
      return dimensions === DEFAULT_HASHING_DIMENSIONS ? { kind: 'hashing' } : { kind: 'hashing', dimensions };
    }
  }
  if (trimmed.startsWith(TRANSFORMERS_PREFIX)) {
    const model = trimmed.slice(TRANSFORMERS_PREFIX.length);
    if (model.length > 0) return { ...settings, kind: 'transformers', model };
  }
  throw new UserError(
    'INDEX_CORRUPT',
    `The index was built with an unknown embedder "${id}".`,
  );
}
