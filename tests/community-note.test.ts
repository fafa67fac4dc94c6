/** Community notes on disk: what a note says, its name, and a write that never replaces another note. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import matter from 'gray-matter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCommunityAnswer, communityNoteFile, renderCommunityNote, writeNoteOnce } from '../src/community/note.js';
import { parseNote } from '../src/notes/parse.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'community-note-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const NOTE = { question: '도커: "레이어"\n캐시는?', answer: '  바뀐 레이어부터 다시 빌드한다.\n', answeredBy: '지민', approvedBy: '관리자', date: '2025-03-01' };

describe('community notes', () => {
  it('front matter survives quotes, colons and line breaks in the question; the question is the title, the answer the body', () => {
    const text = renderCommunityNote(NOTE);
    const parsed = matter(text);
    expect(parsed.data).toEqual({ question: '도커: "레이어" 캐시는?', answered_by: '지민', approved_by: '관리자', date: '2025-03-01' });
    expect(parsed.content).toBe('# 도커: "레이어" 캐시는?\n\n바뀐 레이어부터 다시 빌드한다.\n');
    const note = parseNote('community/x.md', text);
    expect(note.title).toBe('도커: "레이어" 캐시는?');
  });

  it('names the file from the question and the answer id, Hangul kept', () => {
    expect(communityNoteFile('파이썬 리스트 컴프리헨션 문법은?', 7)).toBe('community/파이썬-리스트-컴프리헨션-문법은-7.md');
    expect(communityNoteFile('???', 8)).toBe('community/question-8.md');
  });

  it('checks answers: blank and over-long are refused by code', () => {
    expect(checkCommunityAnswer(' \r\n ')).toEqual({ ok: false, code: 'ANSWER_EMPTY' });
    expect(checkCommunityAnswer('가'.repeat(1501))).toEqual({ ok: false, code: 'ANSWER_TOO_LONG' });
    expect(checkCommunityAnswer(' 답\r\n둘 ')).toEqual({ ok: true, answer: '답\n둘' });
  });

  it('writes once: the same note again is a no-op, another note under the name is kept and this one goes beside it', async () => {
    expect(await writeNoteOnce(dir, 'community/a-1.md', 'one')).toBe('community/a-1.md');
    expect(await writeNoteOnce(dir, 'community/a-1.md', 'one')).toBe('community/a-1.md');
    expect(await writeNoteOnce(dir, 'community/a-1.md', 'two')).toBe('community/a-1-2.md');
    expect(fs.readFileSync(path.join(dir, 'community/a-1.md'), 'utf8')).toBe('one');
    expect(fs.readFileSync(path.join(dir, 'community/a-1-2.md'), 'utf8')).toBe('two');
    expect(fs.readdirSync(path.join(dir, 'community')).sort()).toEqual(['a-1-2.md', 'a-1.md']);
  });
});
