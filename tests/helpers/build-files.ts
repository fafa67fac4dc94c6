import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentBuildDir } from '../../src/index/store.js';

/**
 * Every file of an index folder's live build, byte for byte (base64), the manifest without the time it was built:
 * what two builds must share to be the same index.
 */
export async function buildFiles(indexDir: string): Promise<Record<string, string>> {
  const dir = (await currentBuildDir(indexDir))!;
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((file) => {
        const bytes = readFileSync(join(dir, file));
        if (file !== 'manifest.json') return [file, bytes.toString('base64')];
        const { builtAt: _builtAt, ...manifest } = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
        return [file, JSON.stringify(manifest)];
      }),
  );
}
