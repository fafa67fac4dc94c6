import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/**
 * kuromoji-ko ships its dictionary gzipped (28 MB → 113 MB) and inflates it with pako, in JavaScript, on
 * every process start: about 3 s of a 2-core machine's time before the first answer. Node's own zlib does
 * the same in about 0.5 s, and the loader reads uncompressed files as they are. So the first process
 * inflates the dictionary once into `data/cache/` (git-ignored, like the model cache) and every later
 * process loads that copy directly, in about 0.5 s.
 *
 * The copy is written to a temporary folder and renamed into place (concurrent first runs cannot see a
 * half-written copy), and checked against the recorded sizes before use. Anything unexpected — a
 * read-only project folder, a damaged copy — falls back to the package's own gzipped dictionary.
 */
const CACHE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'cache');
const MANIFEST = 'sizes.json';

export function inflatedDictionary(packagedDir: string): string {
  try {
    const files = readdirSync(packagedDir).filter((f) => f.endsWith('.dat.gz')).sort();
    if (files.length === 0) return packagedDir;
    // Keyed by the packaged files' names and sizes: a new dictionary version gets a new copy.
    const key = createHash('sha256')
      .update(files.map((f) => `${f}:${statSync(join(packagedDir, f)).size}`).join('\n'))
      .digest('hex')
      .slice(0, 16);
    const target = join(CACHE_ROOT, `kuromoji-ko-dict-${key}`);
    if (isComplete(target)) return target;
    const tmp = `${target}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
    mkdirSync(tmp, { recursive: true });
    try {
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
      rmSync(tmp, { recursive: true, force: true });
      // Another process finished first: its copy is as good as ours.
      if (isComplete(target)) return target;
      throw error;
    }
    return isComplete(target) ? target : packagedDir;
  } catch {
    return packagedDir;
  }
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
