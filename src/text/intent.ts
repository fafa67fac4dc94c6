import { splitParticle, stripParticle } from './particles.js';
import { normalize } from './analyzer.js';
import { hasHangul } from './hangul.js';

/**
 * What kind of answer a question asks for, decided from its wording (Korean and English). The type chooses
 * how the composer picks sentences; the subjects are the asked terms (for a comparison, its two sides).
 */
export type QuestionType = 'definition' | 'reason' | 'procedure' | 'comparison' | 'enumeration' | 'yesno' | 'lookup';

export interface QuestionIntent {
  type: QuestionType;
  /** Lower-cased, particles stripped: `['도커', 'vm']` for `도커랑 VM 차이가 뭐야?`. */
  subjects: string[];
}

/**
 * Words that only state the question's type or ask phrasing. Searching them as content finds notes that happen to
 * say `차이` or `방법`, not the asked topic. Words that decide the type but also head real sections (장점, 단점,
 * 조건, 종류, 특징, 역할) are deliberately absent: they stay searchable.
 */
const INTENT_STEMS = new Set([
  '차이', '차이점', '다른점', '비교', '대조', 'vs', 'versus', '왜', '이유', '원인', '어떻게', '어떡', '방법', '과정', '절차',
  '뭐', '뭐야', '뭐예요', '뭐에요', '뭔가요', '뭔데', '뭔지', '뭘', '무엇', '무엇인가요', '무엇인지', '뭐지', '뭐였지',
  '알려줘', '알려주세요', '알려줄래', '설명', '설명해줘', '설명해주세요', '설명해줄래', '정리', '정리좀', '궁금',
  '달라', '달라요', '다른가요', '다른가', '다를까', '다르죠', '다름',
  'what', 'why', 'how', 'difference', 'differences', 'differ', 'compare', 'comparison', 'between', 'reason', 'explain',
  'describe', 'tell', 'versus',
]);

/** Prefixes of ask phrasing, whatever ending follows (`설명해주실`, `알려주실래요`, `무엇인지요`). */
const INTENT_PREFIXES = ['설명해', '알려주', '알려줘', '가르쳐', '무엇인', '뭔가', '뭐였', '궁금', '비교해'];

/** The particles that join the two sides of a comparison (`A랑 B`, `A와 B`, `A vs B`). */
const JOINERS = new Set(['이랑', '하고', '랑', '와', '과']);
const LATIN_JOINERS = new Set(['vs', 'vs.', 'versus', 'and', 'or']);

const ARTICLES = new Set(['a', 'an', 'the']);
const ENGLISH_FILLER = new Set(
  ('a an the is are was were be do does did can could should would will what why how when where which who whom ' +
    'of in on at to for from with by about between and or vs versus difference differences compare comparison ' +
    'explain tell me describe define definition mean meaning please it its this that these those there their ' +
    'work works working use used using')
    .split(' '),
);

/** Casual stand-ins for the topic (`뭐 하는 애야`, `재개하는 거랑`, `두 개로`): they name nothing the notes say. */
const STAND_INS = new Set(['거', '것', '게', '건', '걸', '애', '애들', '개', '녀석', '이것저것']);

/** Whether `word` (particles attached) is a casual stand-in for the topic: never searched as content. */
export function isStandIn(word: string): boolean {
  // `뭐 하는 애들임`, `그런 거고`: the casual copula 임 or a connective 고 after it, as a particle would be.
  return STAND_INS.has(word) || STAND_INS.has(stripParticle(word)) || (/[임고]$/u.test(word) && STAND_INS.has(word.slice(0, -1)));
}

/** Question words and adverbs that never name the topic. Matched as whole stems. */
const KOREAN_FILLER = new Set([
  '뭐', '뭔', '뭘', '무엇', '무슨', '어떤', '어떻게', '어떡', '어느', '어디', '언제', '누가', '누구', '몇', '왜', '좀', '정확히',
  '그냥', '보통', '주로', '때', '실제로', '서로', '따로', '정말', '진짜', '많이', '잘', '더', '덜', '훨씬', '가장', '제일', '혹시', '먼저', '같은', '대해', '대한', '관해', '관한', '하나씩', '각각', '그럼', '그러면', '그리고',
  '있어', '있나요', '있을까', '있는지', '있어요', '해', '해요', '돼', '되나요', '하나요', '거야', '건가요', '건지', '하는', '되는',
  // `A랑 B 둘 다 …`, `맨날 헷갈리는데`: both, always; they end a side, they are not part of it.
  '둘', '둘다', '둘이', '둘은', '모두', '다', '맨날', '항상', '그니까', '그러니까',
  ...STAND_INS,
]);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}+#.'-]*/gu;

/** Whether `word` (as the user wrote it, particles attached) only states the question's type or ask phrasing. */
export function isIntentWord(word: string): boolean {
  const w = normalize(word).replace(/[?!.,~]+$/u, '');
  if (!w) return false;
  if (INTENT_STEMS.has(w) || INTENT_STEMS.has(stripParticle(w))) return true;
  return INTENT_PREFIXES.some((prefix) => w.startsWith(prefix));
}

/** `면접 때 물어볼 만한 거`, `질문 예시 알려줘`, "questions to ask": the answer is a list of questions. */
const ASKS_FOR_QUESTIONS = /물어[보볼봐]|질문[^\s]{0,3}\s*(?:예시|목록|리스트|추천)|questions? (?:to ask|list)/u;

export function asksForQuestions(question: string): boolean {
  return ASKS_FOR_QUESTIONS.test(normalize(question));
}

/** Another name glued on in brackets (`모니터(Monitor)는`, `DDD(도메인 주도 설계)가`): the word's gloss, not more words. */
const GLOSS = /([\p{L}\p{N}]{2,})\s?\(([^()]*\p{L}[^()]*)\)/gu;

/** A count of the things asked for (`방법 두 가지`, `조건 3개`), not an instrument (`스택 두 개로`): a list is wanted. */
export function asksForCount(question: string): boolean {
  return /(?:두|세|네|다섯|여섯|일곱|몇|\d+) ?(?:개|가지)(?![로으])/u.test(normalize(question));
}

/**
 * Whether the question sets two things side by side: a comparison, or one thing measured against another
 * (`체이닝보다 나은 점`, "faster than", `각각 어디 사이를 담당해`) that other types of question also do.
 */
export function setsSideBySide(question: string): boolean {
  const text = normalize(question);
  return questionIntent(text).type === 'comparison' || /[\p{L}\p{N}]보다(?:\s|$)|[\p{L}\p{N}]보다(?:는|도|더)|\bthan\b|각각/u.test(text);
}

export function questionIntent(question: string): QuestionIntent {
  const text = normalize(question).replace(GLOSS, '$1').replace(/\s+/gu, ' ').trim();
  const words = [...text.matchAll(WORD)].map((m) => m[0].replace(/[.'-]+$/u, ''));
  const type = typeOf(text, words);
  const sides = type === 'comparison' ? (comparisonSides(words) ?? gluedSides(words)) : undefined;
  return { type, subjects: sides ?? subjectPhrases(words) };
}

function typeOf(text: string, words: string[]): QuestionType {
  const english = !hasHangul(text);
  // `델리게이트로 할 때랑 블록으로 할 때 나누는 기준`: two clauses set side by side.
  if (/(?:때|경우)(?:이랑|랑|와|과|하고)\s\S+\s\S+\s?(?:때|경우)/u.test(text)) return 'comparison';
  if (/차이|다른\s?점|비교|대조|달라|다른가|다를까|다르(?:죠|게|지)|어떻게 다[르른를]|(?:뭐가|머가|무엇이) ?다[르른름]|뭐 ?다름|\bvs\b|versus|differ|compar|\bbetter\b|더 나[아은]/u.test(text)) return 'comparison';
  // `DFS랑 BFS는 각각 무슨 자료구조 써?`: two things asked the same of each, both sides answered.
  if (/각각|\beach\b/u.test(text) && comparisonSides(words)) return 'comparison';
  if (/왜|이유|원인|어째서|\bwhy\b|how come|reason/u.test(text)) return 'reason';
  if (asksForCount(text)) return 'enumeration';
  if (/종류|장점|단점|장단점|(?<!무)조건|특징|원칙|유형|요소|문제점|한계|이점|뭐 ?있어|뭐뭐|어디어디|어디에 쓰|용도|활용|\bused for\b|use cases|하는 ?일|무슨 ?일|역할|좋은 ?점|뭐가 좋|기능들|뭐뭐|뭐가 있|무엇이 있|어떤 것들|어떤 게 있|\bwhat are\b|^what does .+ do\b|\btypes? of\b|\bkinds? of\b|advantage|disadvantage|downsides?|drawbacks?|weakness(?:es)?|limitations?|principles|components|\bpros\b|\bcons\b|benefits?|features|properties|conditions/u.test(text)) return 'enumeration';
  if (/어떻게|어떡|방법|과정|절차|순서|단계|하려면|\S+(?:하는|드는|는) ?법|\bhow\b|\bsteps?\b|process/u.test(text)) return 'procedure';
  if (/란(?:\?|$|\s)|뭐(?:야|예요|에요|지|였지|임|냐|니)|뭔(?:가요|데|지)|무엇(?:인가요|이에요|입니까|인지|이야)?|의미|\b뜻|what(?:'s| is| was)|\bdefine|definition|meaning of|\bwhat does .+ mean/u.test(text)) return 'definition';
  if (english ? /^(?:is|are|was|were|can|could|does|do|did|will|would|should|has|have)\b/u.test(text) : isKoreanYesNo(text, words)) return 'yesno';
  return 'lookup';
}

/** A Korean question with no question word that ends asking for a yes or no (`…있나요?`, `…되는 거야?`, `…돌아감?`). */
function isKoreanYesNo(text: string, words: string[]): boolean {
  if (words.some((w) => /^(?:뭐|뭔|뭘|무엇|무슨|어떤|어떻|어느|어디|언제|누가|누구|몇|왜)/u.test(w))) return false;
  return /\?$|(?:나요|까요|가요|니|냐|죠|지|음|감|함|ㅁ|어|아|야|요)\??$/u.test(text);
}

function hasParticle(word: string): boolean {
  return /[\uAC00-\uD7A3]$/u.test(word) && stripParticle(word) !== word;
}

function isFiller(word: string): boolean {
  if (ENGLISH_FILLER.has(word)) return true;
  const stem = stripParticle(word);
  return isIntentWord(word) || KOREAN_FILLER.has(word) || KOREAN_FILLER.has(stem) || /^(?:뭐|뭔|무엇|어떻|어떤|어떡)/u.test(word);
}

/** Runs of content words; a word carrying a particle ends its phrase (`도커에서 커널은` → 도커, 커널). */
function subjectPhrases(words: string[]): string[] {
  const phrases: string[] = [];
  let run: string[] = [];
  const close = () => {
    if (run.length) phrases.push(run.join(' '));
    run = [];
  };
  for (const word of words) {
    if (isFiller(word)) {
      close();
      continue;
    }
    run.push(stripParticle(word));
    if (hasParticle(word)) close();
  }
  close();
  return [...new Set(phrases)];
}

/**
 * The two sides of `A랑 B`, `A와 B의 차이`, `A vs B`, `between A and B`: the words before the joiner back to a word
 * carrying a particle (or filler), and after it up to a word carrying a particle or a question word.
 */
/** A side of a comparison is a short noun phrase (`도커`, `도커 컨테이너`, `docker host os`). */
const MAX_SIDE_WORDS = 3;

/** Scanning back from a joiner, this word is not part of the side: filler, a word with a particle, or a verb form (`동기화할`). */
function endsPhrase(word: string): boolean {
  return isFiller(word) || hasParticle(word) || /[\uAC00-\uD7A3][할한될된던]$/u.test(word);
}

/**
 * `프로세스랑스레드`, `GET이랑POST`: 랑 typed without spaces, two letters or syllables or more either side of it (`하고`
 * is left out: `생각하고있어` is no comparison).
 */
const GLUED_JOINER = /^([\p{L}\p{N}]{2,}?)(?:이랑|랑)([\p{L}\p{N}]{2,})$/u;

function gluedSides(words: string[]): string[] | undefined {
  for (const word of words) {
    const glued = GLUED_JOINER.exec(word);
    if (glued) return [glued[1]!, stripParticle(glued[2]!)];
  }
  return undefined;
}

/**
 * `쓰는`, `사용하는`, `되는`: a verb's adnominal 는, not the topic particle (`맞출 때 쓰는 reset이랑 normalize` names no
 * `쓰` side). A one-syllable stem or one ending in 하/되 is taken for a verb: few topics are one syllable.
 */
function isVerbStem(stem: string): boolean {
  return /^[\uAC00-\uD7A3]$|[\uAC00-\uD7A3](?:하|되|시키)$/u.test(stem);
}

/** The head of a clause (`할 때`, `쓰는 경우`) two sides may be asked as: `델리게이트로 할 때랑 블록으로 할 때`. */
const CLAUSE_HEADS = new Set(['때', '경우']);
/** How far from the joiner a clause's side may be (`델리게이트로 할 때랑`: one word between). */
const CLAUSE_SIDE_REACH = 2;

/**
 * `델리게이트로 할 때랑 블록으로 할 때`: the sides are what each clause does it with or to (the nearest word with a
 * particle before the joiner, and after it), not the clauses' `할 때`. Undefined when either is not there.
 */
function clauseSides(words: string[], joiner: number): string[] | undefined {
  const sideAt = (from: number, step: number): string | undefined => {
    for (let j = from; j >= 0 && j < words.length && Math.abs(j - from) < CLAUSE_SIDE_REACH; j += step) {
      if (isFiller(words[j]!)) return undefined;
      // `쓰는 경우`: a verb's adnominal 는 is no particle of a side.
      if (hasParticle(words[j]!) && !isVerbStem(stripParticle(words[j]!))) return stripParticle(words[j]!);
    }
    return undefined;
  };
  const left = sideAt(joiner - 1, -1);
  const right = sideAt(joiner + 1, 1);
  return left && right ? [left, right] : undefined;
}

function comparisonSides(words: string[]): string[] | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const latin = LATIN_JOINERS.has(word);
    const [stem, particle] = splitParticle(word);
    if (!latin && !JOINERS.has(particle)) continue;
    if (CLAUSE_HEADS.has(stem)) {
      const sides = clauseSides(words, i);
      if (sides) return sides;
    }
    const left: string[] = latin ? [] : [stem];
    let j = i - 1;
    for (; j >= 0 && left.length < MAX_SIDE_WORDS && !endsPhrase(words[j]!); j--) left.unshift(words[j]!);
    if (left.length === 0) continue;
    // `선택 정렬은 버블 정렬이랑 뭐가 달라?`: the topic (은/는) is one side, the word before the joiner the other.
    const topic = j >= 0 && !latin ? splitParticle(words[j]!) : undefined;
    if (topic && (topic[1] === '은' || topic[1] === '는') && !isFiller(words[j]!) && !isVerbStem(topic[0])) {
      const sideA = [topic[0]];
      for (let t = j - 1; t >= 0 && sideA.length < MAX_SIDE_WORDS && !endsPhrase(words[t]!); t--) sideA.unshift(words[t]!);
      return [sideA.join(' '), left.join(' ')];
    }
    const right: string[] = [];
    let closedByParticle = false;
    let start = i + 1;
    while (ARTICLES.has(words[start] ?? '')) start++;
    for (let j = start; j < words.length && !isFiller(words[j]!); j++) {
      right.push(stripParticle(words[j]!));
      if (hasParticle(words[j]!)) {
        closedByParticle = true;
        break;
      }
    }
    if (right.length === 0) continue;
    // `도커랑 VM 커널 역할 차이`: nothing marks where B ends; B is taken as long as A.
    const b = closedByParticle ? right : right.slice(0, Math.max(1, left.length));
    return [left.join(' '), b.join(' ')];
  }
  return undefined;
}
