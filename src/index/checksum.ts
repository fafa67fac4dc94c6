import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Completes "Index file X is …" when a file's bytes are not the ones its checksum was taken of. */
export const CHECKSUM_MISMATCH = 'damaged (checksum mismatch)';

/** The index files' checksums (the manifest's `checksums`, CURRENT's for the manifest): sha256, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** sha256 of a file read in 4 MB pieces (undefined when it cannot be read). */
export async function sha256OfFile(path: string): Promise<string | undefined> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
