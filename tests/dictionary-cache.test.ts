/**
 * The inflated dictionary copy goes to the configured folder, is reused once complete, and a copy that cannot be
 * written is a warning (naming the folder and DICTIONARY_CACHE_DIR) with the packaged dictionary still usable,
 * never a silent fallback or a half-written copy. A small stand-in dictionary, not the real 28 MB one.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { dictionaryCache, loadEngineConfig } from '../src/config.js';
import { inflatedDictionary, PROJECT_DICTIONARY_CACHE_DIR } from '../src/text/dictionary-cache.js';

const scratch = mkdtempSync(join(tmpdir(), 'dictionary-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function packagedDictionary(): string {
  const dir = join(scratch, 'packaged');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'base.dat.gz'), gzipSync(Buffer.from('base entries')));
  writeFileSync(join(dir, 'cc.dat.gz'), gzipSync(Buffer.from('connection costs')));
  return dir;
}

describe('the inflated dictionary cache', () => {
  it('inflates into the configured folder once and reuses the copy', () => {
    const packaged = packagedDictionary();
    const warnings: string[] = [];
    const cache = { dir: join(scratch, 'cache'), warn: (message: string) => warnings.push(message) };
    const copy = inflatedDictionary(packaged, cache);
    expect(copy.startsWith(join(scratch, 'cache', 'kuromoji-ko-dict-'))).toBe(true);
    expect(readFileSync(join(copy, 'base.dat'), 'utf8')).toBe('base entries');
    expect(readFileSync(join(copy, 'cc.dat'), 'utf8')).toBe('connection costs');
    expect(inflatedDictionary(packaged, cache)).toBe(copy);
    expect(readdirSync(join(scratch, 'cache'))).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('warns, naming the folder and the setting, and loads the packaged copy when the folder cannot be written', () => {
    const packaged = packagedDictionary();
    // A file where the folder should be: nothing can be created under it (whoever runs the test, root included).
    const blocked = join(scratch, 'blocked');
    writeFileSync(blocked, 'not a folder');
    const warnings: string[] = [];
    expect(inflatedDictionary(packaged, { dir: join(blocked, 'cache'), warn: (message) => warnings.push(message) })).toBe(packaged);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not be cached in .*blocked\/cache \(ENOTDIR\).*DICTIONARY_CACHE_DIR/);
    expect(readFileSync(blocked, 'utf8')).toBe('not a folder');
  });

  it('takes its folder from DICTIONARY_CACHE_DIR, the project\'s data/cache when unset', () => {
    const warn = () => undefined;
    expect(dictionaryCache(loadEngineConfig({ DICTIONARY_CACHE_DIR: '/srv/cache' }), warn).dir).toBe('/srv/cache');
    expect(dictionaryCache(loadEngineConfig({}), warn).dir).toBe(PROJECT_DICTIONARY_CACHE_DIR);
    expect(PROJECT_DICTIONARY_CACHE_DIR.endsWith(join('data', 'cache'))).toBe(true);
  });
});
