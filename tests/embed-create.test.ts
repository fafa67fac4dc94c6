import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEmbedder, createEmbedderWithFallback, embedderIdOf, specFromEmbedderId } from '../src/embed/create.js';
import { HashingEmbedder } from '../src/embed/hashing.js';
import { UserError } from '../src/types.js';
import { TINY_MODEL_DIMENSIONS, TINY_MODEL_NAME } from '../scripts/make-model.js';

const MODELS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'models');

describe('embedder specs and manifest ids', () => {
  it('maps specs to the ids the embedders report, and back', () => {
    expect(embedderIdOf({ kind: 'hashing' })).toBe('hashing');
    expect(embedderIdOf({ kind: 'hashing', dimensions: 256 })).toBe('hashing:256');
    expect(embedderIdOf({ kind: 'transformers', model: 'Xenova/multilingual-e5-small' })).toBe('transformers:Xenova/multilingual-e5-small');

    expect(specFromEmbedderId('hashing')).toEqual({ kind: 'hashing' });
    expect(specFromEmbedderId('hashing:384')).toEqual({ kind: 'hashing' });
    expect(specFromEmbedderId('hashing:256')).toEqual({ kind: 'hashing', dimensions: 256 });
    expect(specFromEmbedderId('transformers:Xenova/multilingual-e5-small')).toEqual({
      kind: 'transformers',
      model: 'Xenova/multilingual-e5-small',
    });
  });

  it('merges this machine’s model settings into a transformers spec', () => {
    const spec = specFromEmbedderId('transformers:Xenova/bge-m3', { cacheDir: '/tmp/models', allowRemoteModels: false, dtype: 'q8' });
    expect(spec).toEqual({ kind: 'transformers', model: 'Xenova/bge-m3', cacheDir: '/tmp/models', allowRemoteModels: false, dtype: 'q8' });
  });

  it('rejects ids it does not know as a corrupt index', () => {
    for (const id of ['', 'bm25', 'transformers:', 'hashing:abc', 'hashing:0']) {
      const error = (() => {
        try {
          specFromEmbedderId(id);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, id).toBeInstanceOf(UserError);
      expect((error as UserError).code).toBe('INDEX_CORRUPT');
    }
  });
});

describe('createEmbedder', () => {
  it('builds the hashing embedder', async () => {
    const embedder = await createEmbedder({ kind: 'hashing', dimensions: 128 });
    expect(embedder).toBeInstanceOf(HashingEmbedder);
    expect(embedder.id).toBe('hashing:128');
    expect(embedder.dimensions).toBe(128);
  });

  it('re-creates a transformers embedder from its manifest id', async () => {
    const id = `transformers:${TINY_MODEL_NAME}`;
    const embedder = await createEmbedder(specFromEmbedderId(id, { localModelPath: MODELS, allowRemoteModels: false }));
    try {
      expect(embedder.id).toBe(id);
      expect(embedder.dimensions).toBe(TINY_MODEL_DIMENSIONS);
      expect((await embedder.embedQuery('도커')).length).toBe(TINY_MODEL_DIMENSIONS);
    } finally {
      await embedder.dispose?.();
    }
  });

  it('falls back to hashing with a reason when the model is unavailable', async () => {
    const { embedder, fallbackReason } = await createEmbedderWithFallback({
      kind: 'transformers',
      model: 'someone/not-downloaded-model',
      localModelPath: MODELS,
      allowRemoteModels: false,
    });
    expect(embedder.id).toBe('hashing');
    expect(fallbackReason).toContain('someone/not-downloaded-model');
  });

  it('says why in one short paragraph that points at MODEL_CACHE_DIR and LOCAL_MODEL_PATH, never into node_modules', async () => {
    // No LOCAL_MODEL_PATH: transformers.js would look in its own folder inside node_modules, which is no place to put a model.
    const cacheDir = path.join(MODELS, '..', 'no-such-cache');
    const { fallbackReason } = await createEmbedderWithFallback({ kind: 'transformers', model: 'someone/not-downloaded-model', cacheDir, allowRemoteModels: false });
    expect(fallbackReason).toMatch(/^The embedding model "someone\/not-downloaded-model" \(q8\) could not be loaded: its files are missing and ALLOW_REMOTE_MODELS=false/);
    expect(fallbackReason).toContain(`${path.resolve(cacheDir)}/ (MODEL_CACHE_DIR)`);
    expect(fallbackReason).toContain('set LOCAL_MODEL_PATH to a folder holding someone/not-downloaded-model/');
    expect(fallbackReason).not.toContain('node_modules');
    expect(fallbackReason).not.toContain('\n');
    // Short: a few lines in a terminal, whatever the folder's name.
    expect(fallbackReason!.replace(path.resolve(cacheDir), '').length).toBeLessThan(400);
  });

  it('does not fall back when the model loads', async () => {
    const result = await createEmbedderWithFallback({ kind: 'transformers', model: TINY_MODEL_NAME, localModelPath: MODELS, allowRemoteModels: false });
    expect(result.embedder.id).toBe(`transformers:${TINY_MODEL_NAME}`);
    expect(result.fallbackReason).toBeUndefined();
    await result.embedder.dispose?.();
  });
});
