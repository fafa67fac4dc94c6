import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/**
 * kuromoji-ko ships its dictionary gzipped (28 MB → 113 MB) and inflates it with pako, in JavaScript, on
 * every process start: about 3 s of a 2-core machine's time before the first answer. Node's own zlib does
 * the same in about 0.5 s, and the loader reads uncompressed files as they are. So the first process
 * inflates the dictionary once into the cache folder (DICTIONARY_CACHE_DIR; by default the project's
 * git-ignored `data/cache/`, like the model cache) and every later process loads that copy directly.
 *
 * The copy is written to a temporary folder and renamed into place (concurrent first runs cannot see a
 * half-written copy), and checked against the recorded sizes before use. A copy that cannot be made — a
 * read-only folder, a full disk — is reported through `warn` and the package's own gzipped dictionary is used.
 */
export interface DictionaryCache {
  dir: string;
  /** Told, in one sentence, when no copy could be kept (the dictionary still loads, only slower). */
  warn(message: string): void;
}

/** The default cache folder: the project's `data/cache`, wherever the process was started. */
export const PROJECT_DICTIONARY_CACHE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'cache');
const MANIFEST = 'sizes.json';

/** The folder to load the dictionary from: an inflated copy in `cache.dir` when one is or can be kept, else `packagedDir`. */
export function inflatedDictionary(packagedDir: string, cache: DictionaryCache): string {
  const files = readdirSync(packagedDir).filter((f) => f.endsWith('.dat.gz')).sort();
  if (files.length === 0) return packagedDir;
  // Keyed by the packaged files' names and sizes: a new dictionary version gets a new copy.
  const key = createHash('sha256')
    .update(files.map((f) => `${f}:${statSync(join(packagedDir, f)).size}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const target = join(cache.dir, `kuromoji-ko-dict-${key}`);
  if (isComplete(target)) return target;
  const tmp = `${target}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
  let made = false;
  try {
    mkdirSync(tmp, { recursive: true });
    made = true;
    const sizes: Record<string, number> = {};
    for (const file of files) {
      const raw = gunzipSync(readFileSync(join(packagedDir, file)));
      const name = file.replace(/\.gz$/, '');
      writeFileSync(join(tmp, name), raw);
      sizes[name] = raw.length;
    }
    writeFileSync(join(tmp, MANIFEST), JSON.stringify(sizes));
    renameSync(tmp, target);
  } catch (error) {
    if (made) rmSync(tmp, { recursive: true, force: true });
    // Another process finished first: its copy is as good as ours.
    if (isComplete(target)) return target;
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    cache.warn(`The Korean dictionary could not be cached in ${cache.dir} (${why}): loading the packaged copy, about 3 s slower at every start. Point DICTIONARY_CACHE_DIR at a writable folder.`);
    return packagedDir;
  }
  return target;
}

function isComplete(dir: string): boolean {
  try {
    const sizes = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Record<string, number>;
    const names = Object.keys(sizes);
    return names.length > 0 && names.every((name) => statSync(join(dir, name)).size === sizes[name]);
  } catch {
    return false;
  }
}
