/**
 * The quiz messages stay within Discord's limits whatever the notes hold, never ping, and the public post
 * of a cloze or recall question never contains its answer or the sentence it comes from.
 */
import type { APIEmbed, BaseMessageOptions } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { DailyQuiz, QuizQuestion } from '../src/daily/index.js';
import { embedLength, LIMITS } from '../src/discord/limits.js';
import { renderQuizFeedback, renderQuizPost } from '../src/discord/quiz.js';

const HUGE = `아주 긴 문장 @everyone <@123456789012345678> ${'가나다라 '.repeat(1500)}`;
const source = { sectionId: 's', file: 'a.md', section: ['노트', '섹션 '.repeat(200)], anchor: 's', lines: [3, 9] as [number, number] };
const quizOf = (question: QuizQuestion): DailyQuiz => ({ sectionId: 's', title: '섹션', noteTitle: `노트 @here ${'제목 '.repeat(300)}`, question, source });
const tally = { participants: 31, graded: 30, correct: 20 };

const QUESTIONS: QuizQuestion[] = [
  { kind: 'choice', prompt: `${HUGE} ＿＿＿`, options: ['정답 '.repeat(300), '오답1', '오답2', '오답3'], answer: 0, sentence: `${HUGE} 정답` },
  { kind: 'cloze', prompt: `${HUGE} ＿＿＿ 끝`, answer: '비밀답안', sentence: `${HUGE} 비밀답안 끝` },
  { kind: 'recall', topic: `주제 ${'길다 '.repeat(500)}`, answer: '비밀 문장입니다.' },
];

function expectWithinLimits(reply: BaseMessageOptions): void {
  expect((reply.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
  const embeds = (reply.embeds ?? []) as APIEmbed[];
  expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const embed of embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
  }
  expect(reply.allowedMentions).toEqual({ parse: [], repliedUser: false });
  const text = JSON.stringify(reply.embeds);
  expect(text).not.toMatch(/@(everyone|here)|<@\d/u);
}

describe('quiz messages', () => {
  it('fit Discord whatever the notes hold, in both languages', () => {
    for (const question of QUESTIONS) {
      for (const locale of ['ko', 'en'] as const) {
        expectWithinLimits(renderQuizPost({ id: 7, quiz: quizOf(question) }, tally, { locale }));
        for (const correct of [true, false, null]) {
          const attempt = { quizId: 7, userId: 'u', choice: question.kind === 'choice' ? (correct ? 0 : 2) : null, correct, answeredAt: new Date(0) };
          expectWithinLimits(renderQuizFeedback(quizOf(question), attempt, { first: true, streakDays: 3 }, { locale, notesBaseUrl: 'https://notes.example/' }));
        }
      }
    }
  });

  it('show a cloze or recall question with one reveal button and without its answer', () => {
    for (const question of QUESTIONS.slice(1)) {
      const post = renderQuizPost({ id: 7, quiz: quizOf(question) }, tally, { locale: 'ko' });
      const text = JSON.stringify(post.embeds);
      expect(text).not.toContain('비밀');
      const [row] = (post.components ?? []).map((c) => ('toJSON' in c ? c.toJSON() : c)) as { components: { custom_id: string; label: string }[] }[];
      expect(row?.components.map((b) => [b.custom_id, b.label])).toEqual([['quiz:7:reveal', '정답 보기']]);
      // No share of right answers for a question nobody is graded on.
      expect((post.embeds as APIEmbed[])[0]?.footer?.text).toBe('오늘 31명 참여');
    }
  });

  it('tells the participation and the share of right answers on a multiple choice', () => {
    const post = renderQuizPost({ id: 7, quiz: quizOf(QUESTIONS[0]!) }, tally, { locale: 'ko' });
    expect((post.embeds as APIEmbed[])[0]?.footer?.text).toBe('오늘 31명 참여 · 정답률 67%');
    const en = renderQuizPost({ id: 7, quiz: quizOf(QUESTIONS[0]!) }, { participants: 1, graded: 1, correct: 1 }, { locale: 'en' });
    expect((en.embeds as APIEmbed[])[0]?.footer?.text).toBe('1 member today · 100% right');
  });
});
