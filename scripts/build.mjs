// `npm run build [-- --out DIR]`: compiles src/ to plain JavaScript (default dist/), which `study-notes`, `npm start`
// and worker threads then run without tsx's loader: about half a second less at every start. Files the code
// reads beside itself (the base glossary) are copied. The stamp written last tells the launcher (bin/launch.js)
// which sources the build was made from: a build older than any source is not run.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = join(ROOT, 'src');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'dist') } } });
const out = resolve(values.out);
const STAMP = '.built-from-sources';

// Dated when the sources are first read: a source saved while tsc runs is newer than the build.
const began = new Date();
rmSync(out, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out], { stdio: 'inherit' });
if (tsc.status !== 0) {
  rmSync(out, { recursive: true, force: true });
  process.stderr.write('build failed: the type errors above must be fixed first (nothing was written)\n');
  process.exit(tsc.status ?? 1);
}
for (const file of walk(SOURCES)) {
  if (!/\.txt$/u.test(file)) continue;
  const target = join(out, relative(SOURCES, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}
writeFileSync(join(out, STAMP), `${began.toISOString()}\n`);
utimesSync(join(out, STAMP), began, began);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
