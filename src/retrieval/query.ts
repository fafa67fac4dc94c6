import type { FieldQuery, FieldTerms } from '../index/fields.js';
import type { WeightedTerm } from '../index/lexical.js';
import { ENGLISH_STOP_WORDS, ngramAnalyzer, normalize, normalizeForTerms, type Analyzer } from '../text/analyzer.js';
import { containsTerm, expandQuery, type Glossary } from '../text/glossary.js';
import { isIntentWord, isStandIn } from '../text/intent.js';
import { stripParticle } from '../text/particles.js';
import type { Chunk } from '../types.js';
import type { SpellingIndex } from './spelling.js';
import { FINAL, finalConsonant, hasHangul } from '../text/hangul.js';

/** One content word of the question, with the terms it analyzes to and its glossary counterparts. */
export interface TermGroup {
  word: string;
  terms: string[];
  /** Each alternative (a glossary counterpart or a spelling fix of the word) analyzed into its own terms. */
  alternatives: string[][];
  /**
   * Counterparts that are phrases (`옵저버` → observer pattern), and those of a glossary phrase the word is one word
   * of (`옵저버` in `옵저버 패턴`): they stand for a whole phrase, so they cover the word only when all their terms
   * are there (`pattern` alone is not 옵저버, nor `머신` VM).
   */
  phrases: string[][];
  /** Hangul bigrams of the word without its particle: matches typos and other spacings of it. */
  grams: string[];
  /** A verb or adjective (`먹는`, `빠른`): weaker evidence than a noun when judging coverage. */
  predicate: boolean;
  /**
   * A word that says what kind of answer is wanted (`차이`, `이유`, `방법`): searched at a low weight, since
   * headings do use them (`…하는 이유`), but not counted when judging whether a passage covers the question.
   */
  intent: boolean;
}

export interface AnalyzedQuery {
  question: string;
  groups: TermGroup[];
  /** BM25 query: the question's own terms at full weight, glossary counterparts at less. */
  terms: WeightedTerm[];
  /** The query per lexical field. */
  fields: FieldQuery;
  /** The question followed by its glossary counterparts: what the dense side embeds. */
  expandedText: string;
}

/**
 * Korean question words and request phrasing (`무엇인가요`, `설명해줘`, `말하는건가요`), and the words that
 * only say what kind of answer is wanted (`차이`, `비교`, `이유`, `방법`): they say how to answer, not what
 * about, and searched as content they dominate BM25 (`차이` is rarer in notes than the topic itself).
 * Matched as word prefixes: only stems whose every continuation is an ending (`설명해…`, not `설명`: 설명서). 장점, 단점,
 * 종류, 조건 and 과정 are not here: notes use them as headings.
 */
const KOREAN_QUESTION_WORDS = [
  '무엇', '뭐', '뭔', '뭘', '무슨', '어떤', '어떻', '어떠', '어느', '어디', '왜', '언제', '누가', '누구',
  '설명해', '설명좀', '알려', '말하', '말해', '가르쳐', '궁금', '대해', '대한', '관해', '관한', '있나', '있어', '있는지',
  '하나요', '되나요', '되는', '하는', '해줘', '해주', '주세요', '그럼', '정리해', '정리좀',
  '그러면', '그리고', '머야', '머임', '뭐임', '알고싶', '싶', '부탁', '혹시', '어케', '어캐',
];

/**
 * Question words that are only whole words, since longer words start with them: 좀 (좀비 프로세스), 알고 (알고리즘),
 * 정리 (마스터 정리가), 설명 (설명서); and 인가 is no question word at all (인증과 인가).
 */
const KOREAN_WHOLE_QUESTION_WORDS = new Set(['좀', '알고', '인가요', '인지', '건가', '건가요', '건지', '정리', '설명', '이란', '란', '둘다']);
/** …and those asked with a particle (`의미가 뭐야`, `뜻이 뭐야`, `둘이 각각`: both of the things asked about). */
const KOREAN_QUESTION_STEMS = new Set(['의미', '뜻', '둘']);

/**
 * How much or how often, or how the answer should be put, not what about (`트랜잭션 범위를 최대한 좁게`, `굳이 반씩`,
 * `usually faster`, `한마디로`): a word the notes lack would otherwise weigh most and make a covered question look
 * uncovered. Whole words (항상성 is a term).
 */
const DEGREE_ADVERBS = new Set([
  '최대한', '굳이', '애초에', '제일', '일반적으로', '항상', '자주', '도대체', '정확히', '너무', '보통', '대개', '흔히',
  // How the answer should be put (`한마디로`, `간단히`), not what it is about.
  '한마디로', '간단히', '간단하게', '짧게', '자세히', '자세하게', '쉽게', '대충', '대략',
  // How gradually or when, told of what happened (`조금씩 줄였는데`, `나중에 다시`), not what about.
  '조금', '조금씩', '서서히', '점점', '나중에', '한방에', '단번에', '한꺼번에',
  'usually', 'often', 'always', 'typically', 'generally', 'actually', 'really', 'exactly', 'basically', 'commonly', 'mostly',
  'briefly', 'simply',
]);


/** English words that only ask (the question's type), on top of the English stop words. */
const ENGLISH_QUESTION_WORDS = new Set([
  'different', 'work', 'works', 'used', 'use', 'please', 'some', 'any', 'should', 'happen', 'happens', 'have', 'has', 'had',
  // Contractions of question words ("what's", "how's"), and asking for something ("can you give some examples").
  "what's", "how's", "who's", "where's", "when's", "why's", "it's", "that's", "there's", 'give',
  // "What do the notes say about …", "which … do the notes mention": the group's notes, not a `Note` section.
  'notes', 'mention', 'mentions', 'mentioned', 'say', 'says',
]);

/** Punctuation around a word (`뭐야?`, `(docker)`), but not what belongs to a name (`c++`, `c#`, `node.js`). */
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}+#]+$/gu;
/**
 * Question words are split where the notes' words are (whitespace), and also at an opening bracket: in
 * `DDD(도메인` the two names are two words, each to be found, or `도메인` alone would cover the unknown `DDD`. A
 * closing bracket keeps its particle (`설계)가` is 설계가). The terms are the same either way: the analyzer splits
 * at brackets too.
 */
const WORD_BREAK = /[\s(（]+/u;
const CLOSING_BRACKET = /[)）]/gu;

export interface QueryWeights {
  /** Glossary counterparts of a word count this much of the word. */
  alternativeWeight: number;
  /** Words that name the kind of answer (`TermGroup.intent`) count this much of a content word. */
  intentWeight: number;
}

export function analyzeQuery(question: string, analyzer: Analyzer, glossary: Glossary, weights: QueryWeights, spelling?: SpellingIndex): AnalyzedQuery {
  const groups: TermGroup[] = [];
  // Words are split and analyzed exactly as the notes' words are (analyzer.analyze splits on whitespace), so a
  // word of the question makes the terms the same word makes in a note; punctuation is trimmed only to
  // recognise question words.
  const raws = normalizeForTerms(question).replace(CLOSING_BRACKET, '').split(WORD_BREAK);
  const words = raws.map((raw) => raw.replace(EDGE_PUNCTUATION, ''));
  let last = words.length - 1;
  while (last > 0 && !words[last]) last--;
  raws.forEach((raw, i) => {
    const word = words[i]!;
    const previous = words[i - 1];
    if (!word || isQuestionWord(word) || isAskedCounter(previous, word, analyzer) || isAuxiliaryVerb(previous, word) || isAnswerForm(previous, word) || isNaming(previous, word)) return;
    const terms = analyzer.analyze(raw);
    const intent = isIntentWord(word);
    const predicate = terms.every((t) => analyzer.isPredicate(t)) || (i === last && isCasualEnding(word));
    if (terms.length > 0) groups.push({ word, terms, alternatives: [], phrases: [], grams: intent ? [] : wordGrams(word), predicate, intent });
  });
  // A misspelt word reaches the note word it meant as a counterpart (only words no note contains are corrected).
  // The word without its particle is tried too: the dictionary may not even see a misspelt word as one noun.
  if (spelling) {
    for (const group of groups) {
      const stem = stripParticle(group.word);
      const fixes = new Set([stem, ...group.terms].flatMap((term) => spelling.corrections(term)));
      for (const fix of fixes) {
        group.alternatives.push(analyzer.analyze(fix));
        // A word corrected to a glossary term (`데드럭` → 데드락) reaches what the notes call it (교착 상태), and so does
        // one corrected to a word of a glossary phrase, read with its neighbours (`리엑티브 프로그래밍` → 리액티브
        // 프로그래밍 → reactive programming, 반응형 프로그래밍).
        for (const { alternatives } of expandQuery(fix, glossary)) addCounterparts(group, alternatives, analyzer);
        const corrected = normalize(question).replace(stem, fix);
        for (const { matched, alternatives } of expandQuery(corrected, glossary)) {
          if (matched !== fix && matched.split(/\s+/u).includes(fix)) addCounterparts(group, alternatives, analyzer);
        }
      }
    }
  }
  const expansions = expandQuery(question, glossary);
  for (const { matched, alternatives } of expansions) {
    for (const group of groups) {
      // The term as the word, or the word with a particle (`도커랑`), not inside another name (`string` of
      // StringBuilder, `docker` of docker-compose.yml).
      if (isTermWord(group, matched)) addCounterparts(group, alternatives, analyzer);
      else if (isPhraseWord(matched, group)) group.phrases.push(...analyzeAll(alternatives, analyzer));
    }
  }
  const terms: WeightedTerm[] = groups.flatMap((g) => {
    const weight = g.intent ? weights.intentWeight : 1;
    return [...g.terms.map((term) => ({ term, weight })), ...counterparts(g).flat().map((term) => ({ term, weight: weight * weights.alternativeWeight }))];
  });
  const grams = groups.flatMap((g) => g.grams.map((term) => ({ term, weight: 1 / Math.max(1, g.grams.length) })));
  const extra = [...new Set(expansions.flatMap((e) => e.alternatives))];
  return {
    question,
    groups,
    terms,
    fields: { body: terms, heading: terms, path: terms, title: terms, grams },
    expandedText: extra.length ? `${question} (${extra.join(', ')})` : question,
  };
}

const LATIN_TERM = /^[a-z0-9]/u;

/** The term opens the word, or closes it before a particle (`웹서버가` › 서버); spaces in the term are optional. */
function startsOrEnds(word: string, term: string): boolean {
  const stem = stripParticle(word);
  return [term, term.replace(/\s+/gu, '')].some((t) => word.startsWith(t) || stem.endsWith(t));
}

/** Whether a question word is the glossary term: a Latin term whole (a plural or a particle after it), Korean inside it as below. */
function isTermWord(group: Pick<TermGroup, 'word' | 'terms'>, term: string): boolean {
  const { word } = group;
  // Inside a Korean word, a term that starts or ends it (`데드락이`, `웹서버`), or that the analyzer found in it
  // (`주소` of 개방주소법): not a run of syllables that happens to spell it (`로그` of 프로그래밍).
  if (!LATIN_TERM.test(term)) return containsTerm(word, term) && (startsOrEnds(word, term) || group.terms.includes(term));
  const bare = word.replace(/[\uAC00-\uD7A3]+$/u, '');
  return bare === term || bare === `${term}s` || bare === `${term}es`;
}

/**
 * The counter of `몇 주`, `몇주`, `몇 초`: the notes write the amount (`2주`), which the analyzer reads as the number
 * alone, so searched as a word the counter would be one the notes never hold. Told by analysis, not a list: a counter is
 * what a number before it leaves out (`2주` → 2), unlike a noun counted in it (`3계층` → 3, 계층, searched).
 */
function isAskedCounter(previous: string | undefined, word: string, analyzer: Analyzer): boolean {
  const counter = previous === '몇' ? word : word.startsWith('몇') ? word.slice(1) : undefined;
  if (!counter) return false;
  const own = analyzer.analyze(counter);
  const counted = new Set(analyzer.analyze(`2${counter}`));
  return own.length > 0 && !own.some((term) => counted.has(term));
}

/**
 * `설명해 주실 수 있어요`, `알려 줄래`, `비교해 줄 수 있어?`, `찾아 봐도 돼?`: 주다 and 보다 after a verb's -아/-어 form,
 * written apart, only ask a favour or an attempt. Read alone, the dictionary makes nouns of them (주실, 줄: a line)
 * that the notes lack, and a question about what the notes hold would look uncovered.
 */
function isAuxiliaryVerb(previous: string | undefined, word: string): boolean {
  return previous !== undefined && /[아어여해워와려쳐봐줘]$/u.test(previous) && AUXILIARY_FORM.test(word);
}

/** The forms of 주다 and 보다 that follow a -아/-어 verb (not 주기, 주소, 보관, 보안: they are nouns). */
const AUXILIARY_FORM = /^(?:(?:주|보)(?:[시실세셔겠고면는라니]|다|$)|줘|줄|줬|봐|볼|봤)[\uAC00-\uD7A3]{0,4}$/u;

/** `뭐라고 불러요`, `뭐라 해요`: what something is called, asked; and `그럴 때`, `이런 경우`: pointing back, not what about. */
function isNaming(previous: string | undefined, word: string): boolean {
  return (previous !== undefined && /^(?:뭐|무엇이|머)라(?:고|구)?$/u.test(previous)) || /^(?:그럴|이럴|저럴|그런|이런|저런)$/u.test(word);
}

/** `한 줄로`, `두 문장으로`, `한줄로`: how long the answer should be, as 간단히 says it, not what about. */
function isAnswerForm(previous: string | undefined, word: string): boolean {
  const form = /^(한|두|세)?(?:줄|문장|마디|단어)(?:로|으로)?$/u.exec(word);
  return form !== null && (form[1] !== undefined || (previous !== undefined && /^(?:한|두|세)$/u.test(previous)));
}

/**
 * `왜 따로 줌?`, `이거 됨?`, `어떻게 씀`: a casual question ends on a verb nominalised to one syllable ending in ㅁ,
 * which the dictionary may read as a noun (줌, zoom) the notes lack; it is weighed as the verb it is.
 */
function isCasualEnding(word: string): boolean {
  return word.length === 1 && finalConsonant(word, 0) === FINAL.mieum;
}

/**
 * Whether the group's word is one of the words of the glossary phrase `matched` found in the question: one of them as
 * written, or the predicate that ends it, inflected (`좋아` of `뭐가 좋`, which the question holds as `뭐가 좋아?`).
 */
function isPhraseWord(matched: string, group: Pick<TermGroup, 'word' | 'predicate'>): boolean {
  const words = matched.split(/\s+/u);
  return words.includes(group.word) || (group.predicate && words.length > 1 && group.word.startsWith(words[words.length - 1]!));
}

/** Glossary counterparts of a word: one-word ones as alternatives, phrases (`observer pattern`) as phrases. */
function addCounterparts(group: TermGroup, counterparts: string[], analyzer: Analyzer): void {
  group.alternatives.push(...analyzeAll(counterparts.filter((c) => !/\s/u.test(c)), analyzer));
  group.phrases.push(...analyzeAll(counterparts.filter((c) => /\s/u.test(c)), analyzer));
}

function analyzeAll(texts: string[], analyzer: Analyzer): string[][] {
  return texts.map((text) => analyzer.analyze(text)).filter((terms) => terms.length > 0);
}

/** Every counterpart of a question word: its alternatives and the phrases it is part of. */
export function counterparts(group: Pick<TermGroup, 'alternatives' | 'phrases'>): string[][] {
  return [...group.alternatives, ...group.phrases];
}

/** A question word's own terms and every counterpart's, in one list. */
export function termsWithCounterparts(group: Pick<TermGroup, 'terms' | 'alternatives' | 'phrases'>): string[] {
  return [...group.terms, ...counterparts(group).flat()];
}

function isQuestionWord(word: string): boolean {
  if (ENGLISH_STOP_WORDS.has(word) || ENGLISH_QUESTION_WORDS.has(word) || DEGREE_ADVERBS.has(word)) return true;
  if (KOREAN_WHOLE_QUESTION_WORDS.has(word) || KOREAN_QUESTION_STEMS.has(stripParticle(word))) return true;
  return KOREAN_QUESTION_WORDS.some((prefix) => word.startsWith(prefix)) || isStandIn(word);
}

function wordGrams(word: string): string[] {
  if (!hasHangul(word)) return [];
  // Without its particle (`트랜잭선이` → 트랜, 랜잭, 잭선).
  const stem = stripParticle(word);
  return hangulBigrams(stem.length >= 2 ? stem : word);
}

/** Hangul character bigrams: the `grams` field's terms, for notes and questions alike. */
export function hangulBigrams(text: string): string[] {
  return ngramAnalyzer.analyze(text).filter((term) => term.length === 2 && hasHangul(term));
}

/**
 * A chunk's terms per lexical field, with the same analyzer the question goes through: the note side and the
 * question side are one function of the same words.
 */
export function chunkFieldTerms(chunk: Pick<Chunk, 'section' | 'text'>, analyzer: Analyzer): FieldTerms {
  const [title = '', ...below] = chunk.section;
  // The text before a note's first heading is about the note's title: the title is its heading.
  const heading = below[below.length - 1] ?? title;
  return {
    body: analyzer.analyze(chunk.text),
    heading: analyzer.analyze(heading),
    path: analyzer.analyze(below.slice(0, -1).join('\n')),
    title: analyzer.analyze(title),
    grams: hangulBigrams(`${heading}\n${chunk.text}`),
  };
}

/** A passage's terms, as the lexical index answers for the passage's chunks. */
export interface PassageTerms {
  /** In any word field (body, headings, title). */
  has(term: string): boolean;
  /** In the bigram field. */
  hasGram(term: string): boolean;
}

/**
 * A word whose bigrams the passage mostly holds is there, misspelt or spaced differently; unless the passage holds
 * the word without its first syllable (`반정규화` in a section about 정규화, `비선점형` in one about 선점형): a prefix
 * (반-, 비-, 무-, 역-) makes another word of the one it leans on, and its bigrams there are that word's.
 */
const GRAM_MATCH = 2 / 3;

/**
 * How much of the question a passage covers, 0..1: each content word counts by its rarity (idf; a word the
 * notes never contain is the rarest), and is covered when at least half of its terms — or of one glossary
 * counterpart's — occur in the passage, or, for a Korean word of three or more syllables, most of its bigrams.
 * A verb or adjective no note uses (`햇갈리는데`, `뺏기도`, `긁어다`) counts for nothing: it is how the member put
 * the question, and no section could hold it; the nouns say what it is about (`데코레이터`, `은행원`, absent, still
 * count most). `inNotes` tells whether the notes hold a term anywhere.
 */
export function coverage(query: AnalyzedQuery, passage: PassageTerms, idf: (term: string) => number, predicateWeight: number, inNotes: (term: string) => boolean = () => true): number {
  let total = 0;
  let covered = 0;
  for (const group of query.groups) {
    if (group.intent || (group.predicate && !termsWithCounterparts(group).some(inNotes))) continue;
    const weight = Math.max(...group.terms.map(idf), 0.1) * (group.predicate ? predicateWeight : 1);
    total += weight;
    if (groupCovered(group, passage)) covered += weight;
  }
  return total === 0 ? 0 : covered / total;
}

function groupCovered(group: TermGroup, passage: PassageTerms): boolean {
  if (namesWord(group, passage)) return true;
  if (group.grams.length < 2 || passage.has(stripParticle(group.word).slice(1))) return false;
  return share(group.grams, (t) => passage.hasGram(t)) >= GRAM_MATCH;
}

/** Whether the terms name a question word: its own terms or one counterpart's (see `termsPresent`), or a phrase whole. */
export function namesWord(group: Pick<TermGroup, 'terms' | 'alternatives' | 'phrases'>, passage: Pick<PassageTerms, 'has'>): boolean {
  return [group.terms, ...group.alternatives].some((terms) => termsPresent(terms, passage)) || group.phrases.some((terms) => terms.every((t) => passage.has(t)));
}

/**
 * Whether a word's terms are in the passage: a compound the analyzer also splits (`웹소켓` → 웹, 소켓, 웹소켓) is
 * there as itself or as all its parts (`소켓` alone is not 웹소켓); any other word when half its terms are.
 */
function termsPresent(terms: string[], passage: Pick<PassageTerms, 'has'>): boolean {
  const compound = terms.reduce((a, b) => (b.length > a.length ? b : a), '');
  const parts = terms.filter((t) => t !== compound);
  if (parts.length >= 2 && parts.every((part) => compound.includes(part))) return passage.has(compound) || parts.every((part) => passage.has(part));
  return share(evidence(terms), (t) => passage.has(t)) >= 0.5;
}

/** A lone syllable (`샤` of 샤딩) proves nothing when the word has longer terms. */
function evidence(terms: string[]): string[] {
  const long = terms.filter((t) => t.length >= 2);
  return long.length > 0 ? long : terms;
}

function share(terms: string[], present: (term: string) => boolean): number {
  if (terms.length === 0) return 0;
  let found = 0;
  for (const term of terms) if (present(term)) found++;
  return found / terms.length;
}
