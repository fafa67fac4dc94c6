import { DateTime } from 'luxon';
import type { WeeklyDigest } from '../daily/index.js';
import type { UnansweredQuestion } from '../store/index.js';
import type { Messages } from './i18n.js';
import { inert, LIMITS, NO_MENTIONS, truncate } from './limits.js';
import type { Reply } from './render.js';
import { leaderboardLines, windowDates } from './social.js';

/**
 * The weekly digest post: the week it covers, then one field each for the most asked questions, the notes
 * added or changed, the week's ranking (names as text, mentions off) and "노트에 없던 질문".
 */
export function renderDigest(digest: WeeklyDigest, names: ReadonlyMap<string, string>, zone: string, m: Messages): Reply {
  const questions = (list: UnansweredQuestion[]) =>
    list.length ? list.map((q, i) => `${i + 1}. ${truncate(inert(q.question.replace(/\s+/gu, ' ')), 90)} · ${m.timesAsked(q.count)}`).join('\n') : m.nothingYet;
  const { added, changed, since } = digest.notes;
  const noteLines = [
    `${m.digestNotesLine(added.length, changed.length)} (${m.digestNotesSince(DateTime.fromJSDate(since, { zone }).toFormat('yyyy-MM-dd HH:mm'))})`,
    ...added.map((note) => `• ${m.digestAdded}: ${inert(note.title)} (\`${note.file}\`)`),
    ...changed.map((note) => `• ${m.digestChanged}: ${inert(note.title)} (\`${note.file}\`)`),
  ];
  const ranking = leaderboardLines(digest.leaderboard, names, m);
  const field = (name: string, value: string) => ({ name, value: truncate(value, LIMITS.fieldValue) });
  return {
    embeds: [
      {
        title: m.digestTitle,
        color: 0x56ccf2,
        description: windowDates(digest.covers, zone, m.digestWeek),
        fields: [
          field(m.digestTopQuestions, questions(digest.topQuestions)),
          field(m.digestNotes, noteLines.join('\n')),
          field(m.digestLeaderboard, ranking.length ? ranking.join('\n') : m.nothingYet),
          field(m.digestUnanswered, questions(digest.unanswered)),
        ],
        footer: { text: m.leaderboardRule },
      },
    ],
    allowedMentions: NO_MENTIONS,
  };
}
