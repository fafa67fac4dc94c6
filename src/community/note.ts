import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import matter from 'gray-matter';
import { createSlugger } from '../notes/slug.js';

/**
 * Notes the group writes itself: an answer a member left on a question the notes could not answer, approved by
 * an admin, as a markdown note under `community/` in the knowledge folder. Pure rendering here, and one careful
 * write that never replaces a file.
 */

/** The folder, inside the knowledge folder, that approved answers go to. */
export const COMMUNITY_FOLDER = 'community';

/** Longest answer a member may leave (a short note; Discord's modal field allows 4000). */
export const MAX_COMMUNITY_ANSWER_CHARS = 1500;

export type AnswerCheck = { ok: true; answer: string } | { ok: false; code: 'ANSWER_EMPTY' | 'ANSWER_TOO_LONG' };

/** Trimmed, with Windows line endings made plain; empty (only spaces) or too long is refused with a code. */
export function checkCommunityAnswer(text: string): AnswerCheck {
  const answer = text.replace(/\r\n?/gu, '\n').trim();
  if (!answer) return { ok: false, code: 'ANSWER_EMPTY' };
  if ([...answer].length > MAX_COMMUNITY_ANSWER_CHARS) return { ok: false, code: 'ANSWER_TOO_LONG' };
  return { ok: true, answer };
}

export interface CommunityNote {
  question: string;
  answer: string;
  /** Display name of the member who wrote it; null once they asked to be forgotten. */
  answeredBy: string | null;
  approvedBy: string;
  /** Local calendar date of the approval, YYYY-MM-DD. */
  date: string;
}

/** Front matter (question, answered_by, approved_by, date), the question as the note's title, the answer as its body. */
export function renderCommunityNote(note: CommunityNote): string {
  const title = oneLine(note.question);
  return matter.stringify(`# ${title}\n\n${note.answer.trim()}\n`, {
    question: title,
    answered_by: note.answeredBy ?? '',
    approved_by: note.approvedBy,
    date: note.date,
  });
}

/** `community/<slug of the question>-<answer id>.md`; the id keeps two answers to look-alike questions apart. */
export function communityNoteFile(question: string, answerId: number): string {
  const slug = [...createSlugger().slug(oneLine(question))].slice(0, 50).join('').replace(/-+$/u, '');
  return posix.join(COMMUNITY_FOLDER, `${slug || 'question'}-${answerId}.md`);
}

/**
 * Writes `content` as `file` (relative to `knowledgeDir`) all at once: to a temp file first, then linked into
 * place, which fails rather than replaces when the name is taken. A taken name holding this very content is
 * the same note written before a crash (done); one holding another note keeps it, and this one gets `-2`, `-3`, ….
 * @returns the file the note is in.
 */
export async function writeNoteOnce(knowledgeDir: string, file: string, content: string): Promise<string> {
  const target = join(knowledgeDir, file);
  await mkdir(dirname(target), { recursive: true });
  // Not `.md`: the notes loader and watcher never read a half-written temp file as a note.
  const temp = join(dirname(target), `.community-${randomUUID()}.tmp`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    for (let n = 1; n < 1000; n++) {
      const candidate = n === 1 ? file : file.replace(/\.md$/u, `-${n}.md`);
      try {
        await link(temp, join(knowledgeDir, candidate));
        return candidate;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if ((await readFile(join(knowledgeDir, candidate), 'utf8')) === content) return candidate;
      }
    }
    throw new Error(`no free name for ${file} in ${knowledgeDir}`);
  } finally {
    await unlink(temp);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
