import type { Manifest } from '../index/store.js';
import type { Stats } from '../store/index.js';
import { count } from './commands.js';

/** Unanswered questions are cut to this many characters, one a line. */
const MAX_QUESTION_CHARS = 90;

/** What `/stats` shows admins, for a terminal: the question log, votes, what the notes could not answer, the index. */
export function renderStats(stats: Stats, manifest: Manifest | undefined, where: { databasePath: string; indexDir: string }): string {
  const top = stats.topUnanswered.map((q, i) => {
    const text = q.question.replace(/\s+/gu, ' ');
    return `  ${i + 1}. ${text.length > MAX_QUESTION_CHARS ? `${text.slice(0, MAX_QUESTION_CHARS - 1)}…` : text} ×${q.count}`;
  });
  const index = manifest
    ? `${count(manifest.noteCount, 'note')}, ${count(manifest.chunkCount, 'chunk')}, built ${manifest.builtAt}` +
      (manifest.embedder !== manifest.requestedEmbedder ? ` (fallback embedder ${manifest.embedder}: the model could not be loaded, see MODEL_CACHE_DIR)` : '')
    : `none yet in ${where.indexDir}`;
  return [
    `database   ${where.databasePath}`,
    `questions  ${stats.asked} asked, ${stats.answered} answered, ${stats.unanswered} not answered`,
    `feedback   ${stats.up} 👍, ${stats.down} 👎`,
    `not found  ${top.length ? 'most asked first' : 'none yet'}`,
    ...top,
    `index      ${index}`,
  ].join('\n');
}
