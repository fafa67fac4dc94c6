import type { Concept } from '../types.js';
import {
  cleanTerms,
  cloze,
  CLOZE_BLANK,
  composeConceptCard,
  containsTerm,
  MAX_BLANK_LENGTH,
  MIN_CONTEXT,
  revealedByTitle,
  type CardSource,
  type SelfCheck,
} from './card.js';
import { stripParticle } from '../text/particles.js';
import { FINAL, finalConsonant } from '../text/hangul.js';
import { proseSentences, type ProseSentence } from './prose.js';
import { fnv1a } from './rotation.js';

/**
 * The daily quiz: one question made from one section of the notes. Preferably a multiple choice — a
 * key term blanked out of a defining sentence, the wrong options being key terms of other sections
 * of the same note (a member has met them, so they are plausible, and none of them occurs in the
 * blanked section, so none is also right). Without three such terms it is a cloze (or, for a section
 * without a usable term, a recall question) that the member checks with "정답 보기".
 * Pure: the same concepts and seed give the same quiz.
 */
export interface DailyQuiz {
  sectionId: string;
  /** The section's own heading (for admins' confirmations, never in the public post). */
  title: string;
  /** The note's title, shown as the quiz's topic when it does not give the answer away. */
  noteTitle: string | null;
  question: QuizQuestion;
  source: CardSource;
}

export type QuizQuestion =
  /** `prompt` is `sentence` with every occurrence of `options[answer]` replaced by `CLOZE_BLANK`. */
  | { kind: 'choice'; prompt: string; options: string[]; answer: number; sentence: string }
  | SelfCheck;

export const CHOICE_COUNT = 4;

/** Options and letters as the buttons show them. */
export const CHOICE_LETTERS = ['A', 'B', 'C', 'D'] as const;

export interface QuizOptions {
  /** Orders the options (use guild id and date): the right answer is not always in the same place. */
  seed: string;
}

/** Builds the quiz for `concept`; `concepts` are the knowledge base's concepts (the same note's supply distractors). */
export function composeQuiz(concept: Concept, concepts: readonly Concept[], options: QuizOptions): DailyQuiz {
  const card = composeConceptCard(concept);
  const base = { sectionId: concept.sectionId, title: concept.title, source: card.source };
  const distractorPool = siblingTerms(concept, concepts);
  for (const { term, sentence } of blankCandidates(concept)) {
    const blanked = cloze(sentence.text, term);
    // Options that share the words of the answer the prompt still shows (`운영체제` of `게스트 운영체제`) first: those words then point at none of them.
    const shown = answerWordsShown(blanked.prompt, term).shown;
    const sharing = (d: string) => shown.length > 0 && shown.every((w) => containsWord(d, w));
    const fitting = distractorPool.filter((d) => !overlaps(d, term) && sameShape(d, term) && fitsParticles(blanked.prompt, d));
    const distractors = [...fitting.filter(sharing), ...fitting.filter((d) => !sharing(d))].slice(0, CHOICE_COUNT - 1);
    if (distractors.length < CHOICE_COUNT - 1 || givenAway(blanked.prompt, term, distractors).length > 0) continue;
    const ordered = [term, ...distractors]
      .map((option) => ({ option, key: fnv1a(`${options.seed}\u0000${option}`) }))
      .sort((a, b) => a.key - b.key)
      .map((entry) => entry.option);
    const question: QuizQuestion = { kind: 'choice', prompt: blanked.prompt, options: ordered, answer: ordered.indexOf(term), sentence: sentence.text };
    return { ...base, noteTitle: topicOf(concept, term), question };
  }
  const cardCloze = card.question?.kind === 'cloze' && fairWordBlank(concept, card.question, concepts) ? card.question : undefined;
  // A section without prose (code, a diagram) is recalled from its first line.
  const lead = recallAnswer(concept) ?? card.summary[0] ?? concept.text.trim().split('\n')[0] ?? concept.title;
  const fallback: SelfCheck = bestCloze(concept) ?? cardCloze ?? { kind: 'recall', topic: recallTopic(concept, concepts), answer: lead };
  return { ...base, noteTitle: topicOf(concept, fallback.answer), question: fallback };
}

/** The answer a quiz expects, as text. */
export function quizAnswer(question: QuizQuestion): string {
  return question.kind === 'choice' ? question.options[question.answer]! : question.answer;
}

/** The sentence of the note that holds the answer (quoted back to the member). */
export function quizSentence(question: QuizQuestion): string {
  return question.kind === 'recall' ? question.answer : question.sentence;
}

/**
 * What is wrong with a quiz, if anything: the checks every generated quiz must pass (and the tests
 * run over real notes). Empty when the quiz is sound.
 */
export function quizProblems(quiz: DailyQuiz, concept: Concept, concepts: readonly Concept[]): string[] {
  const problems: string[] = [];
  const q = quiz.question;
  const sentence = quizSentence(q);
  if (!concept.text.includes(sentence)) problems.push('the quoted sentence is not in the section');
  if (q.kind === 'recall') return problems;
  const answer = quizAnswer(q);
  if (!containsTerm(q.sentence, answer)) problems.push('the answer is not in the sentence');
  if (!q.prompt.includes(CLOZE_BLANK)) problems.push('the prompt has no blank');
  if (fold(q.prompt).includes(fold(answer))) problems.push('the prompt gives the answer away');
  if (quiz.noteTitle && fold(quiz.noteTitle).includes(fold(answer))) problems.push('the topic gives the answer away');
  for (const word of givenAway(q.prompt, answer, q.kind === 'choice' ? q.options : null)) problems.push(`the prompt still shows "${word}" of the answer`);
  if (!enoughContext(q.prompt)) problems.push('the prompt is too short to answer');
  if (glossOfWordsBefore(q.sentence, answer)) problems.push('the answer is a gloss of the words before the blank');
  if (q.kind !== 'choice') return problems;
  if (q.options.length !== CHOICE_COUNT) problems.push(`${q.options.length} options instead of ${CHOICE_COUNT}`);
  if (new Set(q.options.map(fold)).size !== q.options.length) problems.push('an option appears twice');
  const sameNote = new Set(concepts.filter((c) => c.file === concept.file && c.sectionId !== concept.sectionId).flatMap((c) => c.keyTerms.map(fold)));
  q.options.forEach((option, i) => {
    if (i === q.answer) return;
    if (overlaps(option, answer)) problems.push(`distractor "${option}" is (part of) the answer`);
    if (fold(concept.text).includes(fold(option))) problems.push(`distractor "${option}" occurs in the blanked section, so it may be right too`);
    if (!sameNote.has(fold(option))) problems.push(`distractor "${option}" is not a key term of another section of the note`);
    if (!isTermShaped(option)) problems.push(`distractor "${option}" is a clause, not a term`);
    if (!fitsParticles(q.prompt, option)) problems.push(`distractor "${option}" does not fit the particle after the blank`);
  });
  return problems;
}

/**
 * (key term, sentence) pairs to blank, best first: defining sentences ("X는 …입니다", "X란 …") before
 * sentences that merely mention the term, more salient terms first.
 */
function blankCandidates(concept: Concept): { term: string; sentence: ProseSentence }[] {
  const prose = proseSentences(concept.text);
  const scored: { term: string; sentence: ProseSentence; score: number }[] = [];
  cleanTerms(concept.keyTerms).forEach((term, rank) => {
    if (!isTermShaped(term) || revealedByTitle(concept, term)) return;
    for (const sentence of prose) {
      if (!containsTerm(sentence.text, term) || sentence.text.length < term.length + MIN_CONTEXT) continue;
      // Blanking is case-sensitive and whole-word; a `Non-blocking` or `java.util` left in the prompt would still say `Blocking`.
      const { prompt } = cloze(sentence.text, term);
      if (fold(prompt).includes(fold(term)) || glossOfWordsBefore(sentence.text, term) || !enoughContext(prompt)) continue;
      scored.push({ term, sentence, score: definitionScore(sentence.text, term) * 10 + rank });
    }
  });
  return scored.sort((a, b) => a.score - b.score || a.sentence.index - b.sentence.index);
}

/** Without options to share them, no word of the answer may stay in the prompt. */
function bestCloze(concept: Concept): SelfCheck | undefined {
  return blankCandidates(concept)
    .map(({ term, sentence }) => cloze(sentence.text, term))
    .find((check) => givenAway(check.prompt, check.answer, null).length === 0);
}

/** Words any section could be about: blanking them tests nothing. */
const GENERIC_WORDS = new Set(['문제', '방식', '방법', '알고리즘', '자료구조', '데이터', '솔루션', '아무것', '경우', '과정', '결과', '내용', '부분']);
/**
 * Verb forms (`측정하기`, `생각하십시오`, `되었든`), and short words ending in a particle or adjective ending
 * (`답을`, `개의`, `좋은`, `보는`): a blank of one tests grammar, not the notes.
 */
const GRAMMAR_FORM = /(?:하기|하는|하다|하고|하며|십시오|세요|든)$|^\p{Script=Hangul}{1,2}$(?<=[은는을를의이가])/u;
/**
 * A word found in this share of the knowledge base's sections (`함수`, `상태`, `시스템`, `노드`) names no
 * section's concept: a member fills its blank from the sentence alone, or cannot tell it from its neighbours.
 */
const COMMON_WORD_SHARE = 0.02;

/**
 * The card's fallback cloze blanks the section's most frequent noun-like word, not a term the author
 * marked. As a quiz that is fair only when the word carries the section: it occurs more than once, is
 * not a general word, a word common across the notes or a verb form, is not half of an English name
 * (`Context ＿＿＿`), its gloss does not stand beside the blank, and the prompt does not still show it.
 */
function fairWordBlank(concept: Concept, check: SelfCheck & { kind: 'cloze' }, concepts: readonly Concept[]): boolean {
  const word = check.answer;
  if (GENERIC_WORDS.has(word) || GRAMMAR_FORM.test(word)) return false;
  if (fold(check.prompt).includes(fold(word)) || glossOfWordsBefore(check.sentence, word) || givenAway(check.prompt, word, null).length > 0) return false;
  if (!enoughContext(check.prompt)) return false;
  if (halfOfLatinName(check.sentence, word)) return false;
  const elsewhere = concepts.filter((c) => c.sectionId !== concept.sectionId && c.text.includes(word)).length;
  if (elsewhere >= Math.max(2, COMMON_WORD_SHARE * concepts.length)) return false;
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  // Whole words only: `보는` inside `바라보는` does not count.
  return (concept.text.match(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}`, 'gu'))?.length ?? 0) >= 2;
}

const TOPIC_MARK = '(?:은|는|이란|란|이라는|라는|이라고|라고|:)';
const DEFINING_END = /(?:입니다|의미합니다|말합니다|뜻합니다|가리킵니다|이다|한다)[.!]?$/u;

/** 0 = "X는 …입니다" at the start, 1 = "X는" later in the sentence, 2 = other defining endings, 3 = a mention. */
function definitionScore(sentence: string, term: string): number {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const defines = DEFINING_END.test(sentence.trim());
  if (new RegExp(`^\\s*${escaped}\\s*${TOPIC_MARK}`, 'u').test(sentence)) return defines ? 0 : 1;
  if (new RegExp(`${escaped}\\s*${TOPIC_MARK}`, 'u').test(sentence)) return defines ? 1 : 2;
  return defines ? 2 : 3;
}

/**
 * Key terms of the other sections of the same note that could stand in for this section's answer:
 * term-shaped, absent from this section's text (so never also correct), distinct, siblings under the
 * same parent heading first, then the nearest sections in note order.
 */
function siblingTerms(concept: Concept, concepts: readonly Concept[]): string[] {
  const sameNote = concepts.filter((c) => c.file === concept.file);
  const at = sameNote.findIndex((c) => c.sectionId === concept.sectionId);
  const parent = concept.path.slice(0, -1).join('\u0000');
  const text = fold(concept.text);
  const ranked = sameNote
    .map((c, i) => ({ c, rank: (c.path.slice(0, -1).join('\u0000') === parent ? 0 : 1000) + Math.abs(i - at) }))
    .filter(({ c }) => c.sectionId !== concept.sectionId)
    .sort((a, b) => a.rank - b.rank);
  const picked: string[] = [];
  for (const { c } of ranked) {
    for (const term of cleanTerms(c.keyTerms)) {
      if (!isTermShaped(term) || text.includes(fold(term))) continue;
      if (picked.some((p) => overlaps(p, term) || nearlySame(p, term))) continue;
      picked.push(term);
    }
  }
  return picked;
}

/**
 * A term, not a bold clause: short, at most five words, no sentence ending, no comma, and no word but
 * the last carrying a subject or object particle (`하이퍼바이저가 자원 할당을 직접 제어` is a clause).
 */
function isTermShaped(term: string): boolean {
  if (term.length < 2 || term.length > MAX_BLANK_LENGTH || /[.!?。,\n]|다$/u.test(term)) return false;
  const words = term.split(/\s+/u);
  return words.length <= 5 && !words.slice(0, -1).some((w) => /\p{Script=Hangul}[을를이가은는]$/u.test(w));
}

type Shape = 'big-o' | 'code' | 'latin' | 'words';

/** Complexities (`O(V^2)`), other code and formulas (`fail[j-1]`), Latin words, or words with Hangul: an option of another shape stands out. */
function shapeOf(term: string): Shape {
  if (/^O\(.*\)$/u.test(term)) return 'big-o';
  if (/[=()[\]{};^*<>]|^\d/u.test(term) && !/^[^()]*\p{Script=Hangul}[^()]*\([A-Za-z ]+\)$/u.test(term)) return 'code';
  return /\p{Script=Hangul}/u.test(term) ? 'words' : 'latin';
}

/** Options a member cannot tell apart by their look: same shape, neither more than three times longer. */
function sameShape(a: string, b: string): boolean {
  return shapeOf(a) === shapeOf(b) && Math.max(a.length, b.length) <= 3 * Math.min(a.length, b.length);
}

/**
 * Korean particles after the blank say whether the answer ends in a consonant (`＿＿＿를` after a vowel, `＿＿＿을`
 * after a consonant, `로` after a vowel or ㄹ): an option that would need the other form (`통신를`) is ruled out by
 * grammar alone. Options not ending in Hangul (`pivot`, `페이저(pager)`) are read either way.
 */
function fitsParticles(prompt: string, option: string): boolean {
  const final = finalConsonant(option, option.length - 1);
  if (final === undefined) return true;
  return [...prompt.matchAll(new RegExp(`${CLOZE_BLANK}(으로|로|은|는|이|가|을|를|과|와)(?!\\p{Script=Hangul})`, 'gu'))].every(([, particle]) => {
    if (particle === '로') return final === FINAL.none || final === FINAL.rieul;
    if (particle === '으로') return final !== FINAL.none && final !== FINAL.rieul;
    return ['은', '이', '을', '과'].includes(particle!) ? final !== FINAL.none : final === FINAL.none;
  });
}

/** One contains the other (ignoring case and spaces): as options they would be confusing or both right. */
function overlaps(a: string, b: string): boolean {
  const x = fold(a);
  const y = fold(b);
  return x.includes(y) || y.includes(x);
}

/** Spelling variants (`isPromising`, `isPromissing`): at most one edit apart. */
function nearlySame(a: string, b: string): boolean {
  const x = fold(a);
  const y = fold(b);
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && x[i] === y[i]) i += 1;
  const rest = (p: number, q: number) => x.slice(p) === y.slice(q);
  return rest(i + 1, i + 1) || rest(i + 1, i) || rest(i, i + 1);
}

/**
 * The words of a several-word answer, and those of them the prompt still shows. Korean words are compared
 * without their particle; one-syllable Korean and short Latin words (`의`, `of`) say nothing.
 */
function answerWordsShown(prompt: string, answer: string): { words: string[]; shown: string[] } {
  const words = answer.split(/[\s()[\],/]+/u).map((w) => stripParticle(w)).filter((w) => /^\p{Script=Hangul}{2,}$|^[A-Za-z][A-Za-z0-9+#-]{2,}$/u.test(w));
  if (words.length < 2) return { words, shown: [] };
  const text = fold(prompt);
  return { words, shown: words.filter((w) => text.includes(fold(w))) };
}

/**
 * Shown words that point at the answer. Without options (a cloze), any: the member reads half the answer.
 * Among options, when the prompt shows most of the answer's words (`컨테이너 이미지 생성` blanked from
 * "…컨테이너 이미지를 생성합니다") and an option lacks them — one shared word (`모순` of `Belady의 모순`) is
 * often the sentence explaining the term, and is left alone.
 */
function givenAway(prompt: string, answer: string, options: readonly string[] | null): string[] {
  const { words, shown } = answerWordsShown(prompt, answer);
  if (options === null) return shown;
  if (2 * shown.length <= words.length) return [];
  return shown.filter((w) => options.some((option) => !containsWord(option, w)));
}

/** Letters a prompt keeps besides its blanks: "＿＿＿를 사용합니다." asks nothing. */
function enoughContext(prompt: string): boolean {
  return (prompt.replaceAll(CLOZE_BLANK, '').match(/\p{L}/gu)?.length ?? 0) >= MIN_CONTEXT;
}

/** A sentence about the text rather than its subject (`…예시를 들어보겠다`, `…정리했습니다`, `…에 관한 내용이다`), or a question. */
const ABOUT_THE_TEXT = /(?:보겠다|보자|봅시다|정리했습니다|정리하였다|정리했다|내용이다|내용입니다|질문이다|질문입니다|[?？])[.!]?$/u;

/** A recall answer shorter than this (`가장 기본적으로 생각하는 Sync 이다.`) rarely explains a heading on its own. */
const SHORT_ANSWER = 40;

/**
 * The answer to a recall question, verbatim: the first sentence about the subject, and the sentence right after it
 * in the same paragraph when the first is short.
 */
function recallAnswer(concept: Concept): string | undefined {
  const [first, second] = proseSentences(concept.text).filter((s) => !ABOUT_THE_TEXT.test(s.text.trim()));
  if (!first) return undefined;
  if (first.text.length >= SHORT_ANSWER || !second || second.index !== first.index + 1) return first.text;
  const start = concept.text.indexOf(first.text);
  const end = concept.text.indexOf(second.text, start + first.text.length);
  const between = concept.text.slice(start + first.text.length, end);
  return end > start && /^[ \t]*$/u.test(between) ? concept.text.slice(start, end + second.text.length) : first.text;
}

/**
 * What a recall question names: the section's heading, with its parent's when the heading alone could be
 * any section's (`단점`, `Cons`, `아이디어`: short, or the heading of another section too).
 */
function recallTopic(concept: Concept, concepts: readonly Concept[]): string {
  const parent = concept.path.length >= 3 ? concept.path.at(-2) : undefined;
  const shared = concepts.some((c) => c.sectionId !== concept.sectionId && fold(c.title) === fold(concept.title));
  return parent && (shared || concept.title.length <= 10) ? `${parent} › ${concept.title}` : concept.title;
}

function containsWord(term: string, word: string): boolean {
  return fold(term).includes(fold(word));
}

/** The term stands in parentheses right after other words (`추상 클래스(AbstractClass)`): those words translate the blank. */
function glossOfWordsBefore(sentence: string, term: string): boolean {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  return new RegExp(`[\\p{L}\\p{N}]\\s?\\(\\s*${escaped}\\s*\\)`, 'u').test(sentence);
}

/** A Latin word next to another capitalised one (`Context Switching`, `Critical Section`): half of a name, guessed from the other half. */
function halfOfLatinName(sentence: string, word: string): boolean {
  if (!/^[A-Za-z]/u.test(word)) return false;
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  return new RegExp(`(?:\\b[A-Z][A-Za-z]+ ${escaped}\\b|\\b${escaped} [A-Z][A-Za-z]+\\b)`, 'u').test(sentence);
}

function topicOf(concept: Concept, answer: string): string | null {
  const note = concept.path[0];
  return note && !fold(note).includes(fold(answer)) && note !== concept.title ? note : null;
}

function fold(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/gu, '');
}
