// Runs an entry point (`cli`, `bot`) from the build in dist/ when there is one made from the current sources
// (`npm run build`), else from the TypeScript sources through tsx. Built, a start skips tsx's loader: about half a
// second of every `study-notes ask` on a 2-core machine. A build older than any file under src/ is never run, so an
// edited source is what runs, built or not.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Written by scripts/build.mjs, dated when that build began reading the sources. */
const STAMP = join(ROOT, 'dist', '.built-from-sources');

export async function launch(entry) {
  if (builtFromCurrentSources()) {
    await import(new URL(`../dist/${entry}.js`, import.meta.url).href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL(`../src/${entry}.ts`, import.meta.url).href);
}

function builtFromCurrentSources() {
  let builtAt;
  try {
    builtAt = statSync(STAMP).mtimeMs;
  } catch {
    return false;
  }
  return newestIn(join(ROOT, 'src')) <= builtAt;
}

function newestIn(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}
