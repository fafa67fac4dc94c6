import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTinyModel, TINY_MODEL_NAME, tinyVocabulary } from '../scripts/make-model.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'models', TINY_MODEL_NAME);

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

describe('tiny fixture model (scripts/make-model.ts)', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'tiny-model-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('regenerates byte-identically to the committed fixture', () => {
    const written = generateTinyModel(out);
    expect(written.sort()).toEqual(listFiles(FIXTURE).sort());
    for (const file of written) {
      const fresh = readFileSync(path.join(out, TINY_MODEL_NAME, file));
      const committed = readFileSync(path.join(FIXTURE, file));
      expect(fresh.equals(committed), `${file} differs: run npx tsx scripts/make-model.ts`).toBe(true);
    }
  });

  it('stays small', () => {
    const total = listFiles(FIXTURE).reduce((sum, f) => sum + statSync(path.join(FIXTURE, f)).size, 0);
    expect(total).toBeLessThan(2.5 * 1024 * 1024);
  });

  it('covers every Hangul syllable, alone and as a continuation, with Hangul kept composed', () => {
    const vocab = new Set(tinyVocabulary());
    for (const syllable of ['가', '힣', '컨', '똠', '뷁']) {
      expect(vocab.has(syllable)).toBe(true);
      expect(vocab.has(`##${syllable}`)).toBe(true);
    }
    expect(vocab.size).toBe(tinyVocabulary().length);
    const tokenizer = JSON.parse(readFileSync(path.join(FIXTURE, 'tokenizer.json'), 'utf8')) as {
      normalizer: { strip_accents: boolean; lowercase: boolean };
    };
    expect(tokenizer.normalizer).toMatchObject({ strip_accents: false, lowercase: true });
  });
});
