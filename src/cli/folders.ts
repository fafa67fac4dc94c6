import { stat } from 'node:fs/promises';
import { UserError } from '../types.js';
import type { CliMessages } from './messages.js';

/**
 * A folder setting that names a file (or a path through one) fails deep inside with ENOTDIR/EEXIST; this says
 * so first, in one line naming both ways to set it. A folder that does not exist yet is fine: it is created.
 */
export async function checkFolder(path: string, variable: string, flag: string, m: CliMessages): Promise<void> {
  const problem = await stat(path).then(
    (info) => (info.isDirectory() ? undefined : 'file'),
    (error: NodeJS.ErrnoException) => (error.code === 'ENOTDIR' ? 'through' : undefined),
  );
  if (problem) throw new UserError('BAD_ARGUMENT', m.errors.notAFolder(path, variable, flag, problem === 'through'));
}
