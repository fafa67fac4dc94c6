import { stat } from 'node:fs/promises';
import { UserError } from '../types.js';

/**
 * A folder setting that names a file (or a path through one) fails deep inside with ENOTDIR/EEXIST; this says
 * so first, in one line naming both ways to set it. A folder that does not exist yet is fine: it is created.
 */
export async function checkFolder(path: string, variable: string, flag: string): Promise<void> {
  const problem = await stat(path).then(
    (info) => (info.isDirectory() ? undefined : 'is a file, not a folder'),
    (error: NodeJS.ErrnoException) => (error.code === 'ENOTDIR' ? 'goes through a file, not a folder' : undefined),
  );
  if (problem) throw new UserError('BAD_ARGUMENT', `${path} (${variable} or ${flag}) ${problem}: point ${variable} or ${flag} at a folder (it is created if missing).`);
}
