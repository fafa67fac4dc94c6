import type { Manifest } from '../index/store.js';
import type { Stats } from '../store/index.js';
import { aligned, type CliMessages } from './messages.js';

/** Unanswered questions are cut to this many characters, one a line. */
const MAX_QUESTION_CHARS = 90;

/** What `/stats` shows admins, for a terminal: the question log, votes, what the notes could not answer, the index. */
export function renderStats(stats: Stats, manifest: Manifest | undefined, where: { databasePath: string; indexDir: string }, m: CliMessages): string {
  const said = m.stats;
  const top = stats.topUnanswered.map((q, i) => {
    const text = q.question.replace(/\s+/gu, ' ');
    return `  ${i + 1}. ${text.length > MAX_QUESTION_CHARS ? `${text.slice(0, MAX_QUESTION_CHARS - 1)}…` : text} ×${q.count}`;
  });
  const index = manifest
    ? said.index(manifest.noteCount, manifest.chunkCount, manifest.builtAt) + (manifest.embedder !== manifest.requestedEmbedder ? said.fallback(manifest.embedder) : '')
    : said.noIndex(where.indexDir);
  // Aligned together, so the values line up across the list of questions printed under "not found".
  const lines = aligned([
    [said.labels.database, where.databasePath],
    [said.labels.questions, said.questions(stats.asked, stats.answered, stats.unanswered)],
    [said.labels.feedback, `${stats.up} 👍, ${stats.down} 👎`],
    [said.labels.notFound, top.length ? said.mostAskedFirst : said.noneYet],
    [said.labels.index, index],
  ]).split('\n');
  return [...lines.slice(0, -1), ...top, ...lines.slice(-1)].join('\n');
}
