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

/** A section of a made-up note `n.md`. */
function section(title: string, text: string, keyTerms: string[] = []): Concept {
  return { sectionId: `n.md#${title}`, title, path: ['노트', title], file: 'n.md', anchor: title, lines: [1, 2], text, keyTerms };
}

/** Blanks a member would find unfair (read in 50-quiz samples of both corpora, scripts/quiz-sample.ts), one rule each. */
describe('blanks that give nothing away and test the notes', () => {
  it('hides the gloss written after the blanked term: "＿＿＿(Caller)" would translate it', () => {
    const yieldKeyword = section('yield란?', 'C#의 yield 키워드는 호출자(Caller)에게 컬렉션 데이터를 하나씩 리턴할 때 사용한다.', ['호출자']);
    const q = composeQuiz(yieldKeyword, [yieldKeyword], { seed: 's' }).question;
    expect(q).toMatchObject({ kind: 'cloze', answer: '호출자', prompt: `C#의 yield 키워드는 ${CLOZE_BLANK}에게 컬렉션 데이터를 하나씩 리턴할 때 사용한다.` });
  });

  it('does not blank a term written as the gloss of the words before it: "추상 클래스(＿＿＿)"', () => {
    const hook = section('후크', '후크는 추상 클래스(AbstractClass)에 정의되는 메소드로, 서브클래스가 알고리즘 중간 단계를 제어하게 해준다.', ['AbstractClass']);
    const quiz = composeQuiz(hook, [hook], { seed: 's' });
    expect(quizAnswer(quiz.question)).not.toBe('AbstractClass');
    expect(quizProblems({ ...quiz, question: { kind: 'cloze', answer: 'AbstractClass', sentence: hook.text, prompt: hook.text.replace('AbstractClass', CLOZE_BLANK) } }, hook, [hook])).toContain(
      'the answer is a gloss of the words before the blank',
    );
  });

  it('does not ask for a several-word answer whose words the prompt still shows beside options without them', () => {
    const engine = section('컨테이너 엔진', '컨테이너 이미지 생성: 애플리케이션과 그 종속성을 포함하는 컨테이너 이미지를 생성합니다.', ['컨테이너 이미지 생성']);
    const others = [section('장점', '이식성과 효율성이 높습니다.', ['빠른 배포 및 시작']), section('VM', 'VM은 게스트 운영체제를 띄웁니다.', ['게스트 운영체제']), section('격리', '격리는 자원을 나눕니다.', ['자원 관리 도구'])];
    const quiz = composeQuiz(engine, [engine, ...others], { seed: 's' });
    expect(quizAnswer(quiz.question)).not.toBe('컨테이너 이미지 생성');
  });

  it('does not blank a term when the prompt keeps too little to answer from: "＿＿＿를 사용합니다."', () => {
    const linux = section('리눅스의 페이지 교체', 'LRU(Least Recently Used Algorithm)를 사용합니다. 이론상 최적인 OPR은 현실에서 쓸 수 없기 때문이다.', ['LRU']);
    const quiz = composeQuiz(linux, [linux], { seed: 's' });
    expect(quiz.question.kind).toBe('recall');
    expect(quizProblems({ ...quiz, question: { kind: 'cloze', answer: 'LRU', sentence: 'LRU를 사용합니다.', prompt: `${CLOZE_BLANK}를 사용합니다.` } }, { ...linux, text: 'LRU를 사용합니다.' }, [linux])).toContain(
      'the prompt is too short to answer',
    );
  });

  it('recalls a sentence about the subject, not one about the text, under a heading that says which section', () => {
    const when = { ...section('언제 쓰이는데?', '직접 누구나 이해할 수 있는 코드로 예시를 들어보겠다. 동시에 일어나는 것처럼 프로그램을 구현하고 싶을 때 코루틴을 사용한다.'), path: ['노트', 'Coroutine', '언제 쓰이는데?'] };
    expect(composeQuiz(when, [when], { seed: 's' }).question).toEqual({
      kind: 'recall',
      topic: 'Coroutine › 언제 쓰이는데?',
      answer: '동시에 일어나는 것처럼 프로그램을 구현하고 싶을 때 코루틴을 사용한다.',
    });
  });

  it('recalls a short first sentence together with the next one of its paragraph', () => {
    const text = '가장 기본적으로 생각하는 Sync 이다. 함수를 호출하면 호출 받은 쪽에서 제어권을 가지고 있어 결과값이 반환될 때까지 다음 동작을 하지 않는다.';
    const blocking = { ...section('Sync & Blocking', `${text}\n\n- 다른 문단의 문장은 따로 읽힌다고 봅니다.`), path: ['노트', '동기와 비동기', 'Sync & Blocking'] };
    expect(composeQuiz(blocking, [blocking], { seed: 's' }).question).toMatchObject({ kind: 'recall', answer: text });
  });

  it('offers only options the particle after the blank fits: "＿＿＿를" rules out 통신 (통신를)', () => {
    const body = section('클래스 몸체', '변수와 메서드를 하나의 클래스로 묶음으로서 캡슐화를 구현한다.', ['캡슐화']);
    const siblings = ['통신', '상속', '추상화', '인터페이스', '오버라이드'].map((term) => section(term, `${term}에 관한 절입니다.`, [term]));
    const quiz = composeQuiz(body, [body, ...siblings], { seed: 's' });
    expect(quiz.question.kind === 'choice' && [...quiz.question.options].sort()).toEqual(['오버라이드', '인터페이스', '추상화', '캡슐화']);
    expect(quizProblems(quiz, body, [body, ...siblings])).toEqual([]);
    if (quiz.question.kind !== 'choice') return;
    const ungrammatical = { ...quiz, question: { ...quiz.question, options: quiz.question.options.map((o) => (o === '추상화' ? '통신' : o)) } };
    expect(quizProblems(ungrammatical, body, [body, ...siblings])).toContain('distractor "통신" does not fit the particle after the blank');
  });

  it('does not blank a word common across the notes (함수 in every other section)', () => {
    const async = section('Async & Non-blocking', '함수를 호출하면 제어권을 바로 돌려주고, 호출 받은 쪽에서 알아서 콜백 함수의 결과를 리턴하여준다.');
    const elsewhere = Array.from({ length: 20 }, (_, i) => ({ ...section(`s${i}`, `${i}번째 함수는 값을 돌려준다.`), file: `other${i}.md` }));
    const quiz = composeQuiz(async, [async, ...elsewhere], { seed: 's' });
    expect(quiz.question.kind).toBe('recall');
    // The same section alone in its notes: 함수 is then its own word.
    expect(composeQuiz(async, [async], { seed: 's' }).question).toMatchObject({ kind: 'cloze', answer: '함수' });
  });

  it('does not blank half of an English name ("Context ＿＿＿") or a verb form ("글이 ＿＿＿ 말이 ＿＿＿")', () => {
    const switching = section('멀티 프로세스의 단점', '독립된 메모리 영역 때문에 Context Switching을 위한 오버헤드가 발생한다. Context Switching이 잦으면 성능이 떨어진다.');
    expect(composeQuiz(switching, [switching], { seed: 's' }).question.kind).toBe('recall');
    const output = section('배출의 경험', '글이 되었든 말이 되었든 배출하는 경험이 필요하다.');
    expect(composeQuiz(output, [output], { seed: 's' }).question.kind).toBe('recall');
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
