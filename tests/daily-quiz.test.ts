/**
 * The daily quiz made from real notes (the seed note, and the two development corpora when present): every
 * quiz is sound by `quizProblems`, distractors are key terms of other sections of the same note that do
 * not occur in the blanked section, the answer is in the cited lines, and `quizProblems` does catch a
 * broken quiz.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngineConfig } from '../src/config.js';
import { CLOZE_BLANK, composeQuiz, eligibleConcepts, quizAnswer, quizProblems, type DailyQuiz } from '../src/daily/index.js';
import { indexSource } from '../src/discord/knowledge.js';
import { silentLogger } from '../src/log/logger.js';
import type { Concept } from '../src/types.js';
import { scratchKnowledge } from './helpers/knowledge.js';

const CORPUS_ROOT = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus');
const scratch: string[] = [];

/** The knowledge base's concepts for a notes folder, as the bot gets them (hashing embedder: no model). */
async function conceptsOf(knowledgeDir: string): Promise<Concept[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'quiz-'));
  scratch.push(dir);
  const source = indexSource(loadEngineConfig({ KNOWLEDGE_DIR: knowledgeDir, INDEX_DIR: path.join(dir, 'index'), EMBEDDER: 'hashing', ANALYZER: 'morph' }), silentLogger);
  await source.ingest();
  const kb = await source.open();
  const concepts = kb.concepts();
  await kb.dispose();
  return concepts;
}

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** The cited lines of the note as a member reading the file sees them: markup marks dropped, whitespace collapsed. */
function citedText(knowledgeDir: string, quiz: DailyQuiz): string {
  const lines = readFileSync(path.join(knowledgeDir, quiz.source.file), 'utf8').split('\n');
  return flat(lines.slice(quiz.source.lines[0] - 1, quiz.source.lines[1]).join(' ').replace(/\*\*|`/gu, ''));
}

const flat = (text: string) => text.replace(/\s+/gu, ' ');

describe('quizzes from the seed note', () => {
  let knowledge: string;
  let concepts: Concept[];
  let quizzes: { concept: Concept; quiz: DailyQuiz }[];

  beforeAll(async () => {
    const s = scratchKnowledge('quiz-seed-');
    scratch.push(s.dir);
    knowledge = s.knowledge;
    concepts = await conceptsOf(knowledge);
    quizzes = eligibleConcepts(concepts).map((concept) => ({ concept, quiz: composeQuiz(concept, concepts, { seed: 'guild:2025-03-02' }) }));
  }, 60_000);

  it('gives every section a sound quiz, most of them multiple choice', () => {
    expect(quizzes.length).toBeGreaterThanOrEqual(8);
    for (const { concept, quiz } of quizzes) expect({ section: concept.title, problems: quizProblems(quiz, concept, concepts) }).toEqual({ section: concept.title, problems: [] });
    expect(quizzes.filter(({ quiz }) => quiz.question.kind === 'choice').length).toBeGreaterThanOrEqual(6);
  });

  it('takes distractors from the key terms of other sections of the same note, never from the blanked section', () => {
    for (const { concept, quiz } of quizzes) {
      const q = quiz.question;
      if (q.kind !== 'choice') continue;
      const others = concepts.filter((c) => c.file === concept.file && c.sectionId !== concept.sectionId).flatMap((c) => c.keyTerms);
      expect(q.options).toHaveLength(4);
      expect(new Set(q.options).size).toBe(4);
      q.options.forEach((option, i) => {
        if (i === q.answer) return;
        expect(others).toContain(option);
        expect(concept.text.toLowerCase()).not.toContain(option.toLowerCase());
      });
    }
  });

  it('asks about a sentence that is in the cited lines, with the answer blanked out of the prompt', () => {
    for (const { quiz } of quizzes) {
      const q = quiz.question;
      const cited = citedText(knowledge, quiz);
      expect(cited).toContain(quizAnswer(q));
      if (q.kind === 'recall') continue;
      expect(cited).toContain(flat(q.sentence));
      expect(q.prompt).toContain(CLOZE_BLANK);
      expect(q.prompt).not.toContain(quizAnswer(q));
    }
  });

  it('blanks a key term in a defining sentence', () => {
    const hosts = quizzes.find(({ concept }) => concept.title === '도커 호스트 운영체제와 VM 운영체제')!.quiz.question;
    expect(hosts).toMatchObject({ kind: 'choice', prompt: `VM 운영체제는 하이퍼바이저 위에서 실행되는 ${CLOZE_BLANK}입니다.` });
    expect(quizAnswer(hosts)).toBe('게스트 운영체제');
  });

  it('places the answer by the seed, and is otherwise the same for the same section', () => {
    const concept = quizzes.find(({ quiz }) => quiz.question.kind === 'choice')!.concept;
    const bySeed = Array.from({ length: 12 }, (_, day) => composeQuiz(concept, concepts, { seed: `guild:2025-03-${day + 1}` }));
    const positions = new Set(bySeed.map((quiz) => (quiz.question.kind === 'choice' ? quiz.question.answer : -1)));
    expect(positions.size).toBeGreaterThan(1);
    expect(new Set(bySeed.map((quiz) => quizAnswer(quiz.question))).size).toBe(1);
    expect(composeQuiz(concept, concepts, { seed: 's' })).toEqual(composeQuiz(concept, concepts, { seed: 's' }));
  });

  it('falls back to a cloze when the note has too few other key terms', () => {
    const [concept] = quizzes.filter(({ quiz }) => quiz.question.kind === 'choice').map((q) => q.concept);
    const alone = composeQuiz(concept!, [concept!], { seed: 's' });
    expect(alone.question.kind).toBe('cloze');
    expect(quizProblems(alone, concept!, [concept!])).toEqual([]);
  });

  it('catches a broken quiz: the answer twice, a distractor that is also right, a prompt that tells', () => {
    const { concept, quiz } = quizzes.find(({ quiz }) => quiz.question.kind === 'choice')!;
    const q = quiz.question;
    if (q.kind !== 'choice') throw new Error('unreachable');
    const wrong = (q.answer + 1) % 4;
    const withOption = (option: string): DailyQuiz => ({ ...quiz, question: { ...q, options: q.options.map((o, i) => (i === wrong ? option : o)) } });
    expect(quizProblems(withOption(q.options[q.answer]!), concept, concepts)).toEqual(
      expect.arrayContaining(['an option appears twice', expect.stringContaining('is (part of) the answer')]),
    );
    const inSection = concept.keyTerms.find((t) => t !== q.options[q.answer])!;
    expect(quizProblems(withOption(inSection), concept, concepts)).toContain(`distractor "${inSection}" occurs in the blanked section, so it may be right too`);
    expect(quizProblems(withOption('무관한 용어'), concept, concepts)).toContain('distractor "무관한 용어" is not a key term of another section of the note');
    // A bold clause of another section is a key term, but as an option it reads as a giveaway.
    const clause = concepts.flatMap((c) => c.keyTerms).find((t) => t === '하이퍼바이저가 자원 할당을 직접 제어')!;
    expect(quizProblems(withOption(clause), concept, concepts)).toContain(`distractor "${clause}" is a clause, not a term`);
    const telling: DailyQuiz = { ...quiz, question: { ...q, prompt: q.sentence } };
    expect(quizProblems(telling, concept, concepts)).toEqual(expect.arrayContaining(['the prompt has no blank', 'the prompt gives the answer away']));
  });
});

// Floors of multiple-choice quizzes per 50: the rest are clozes or recall questions (see the README for how many read as fair).
for (const [name, minChoices] of [['cs-study', 8], ['interview-question-for-beginner', 15]] as const) {
  const corpus = path.join(CORPUS_ROOT, name);
  describe.skipIf(!existsSync(corpus))(`quizzes from the ${name} corpus`, () => {
    it('makes 50 sound quizzes from the first 50 sections of the rotation', async () => {
      const concepts = await conceptsOf(corpus);
      const sample = eligibleConcepts(concepts).slice(0, 50);
      expect(sample).toHaveLength(50);
      const quizzes = sample.map((concept) => ({ concept, quiz: composeQuiz(concept, concepts, { seed: 'g' }) }));
      expect(quizzes.flatMap(({ concept, quiz }) => quizProblems(quiz, concept, concepts).map((p) => `${concept.sectionId}: ${p}`))).toEqual([]);
      expect(quizzes.filter(({ quiz }) => quiz.question.kind === 'choice').length).toBeGreaterThanOrEqual(minChoices);
    }, 120_000);
  });
}
