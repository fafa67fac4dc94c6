import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import kuromoji from 'kuromoji-ko';
import { inflatedDictionary, PROJECT_DICTIONARY_CACHE_DIR, type DictionaryCache } from './dictionary-cache.js';
import { baseGlossaryText, parseGlossaryFile } from './glossary.js';
import { splitParticle } from './particles.js';
import { FINAL, finalConsonant } from './hangul.js';

/**
 * Lexical analysis for BM25: text → index terms. Two analyzers are offered and measured
 * (see README "Retrieval quality"):
 * - `ngram`: Hangul runs become character bigrams (Lucene's cjk_bigram idea): no dictionary,
 *   robust to spacing and particles (`컨테이너의` and `컨테이너` share most bigrams).
 * - `morph`: mecab-ko-dic morphological analysis via kuromoji-ko, keeping content morphemes and
 *   dropping particles/endings by part of speech, as Elasticsearch's nori does.
 * Latin words are lower-cased, lightly stemmed and stop-word filtered by both.
 */
/** The analyzers there are: what ANALYZER, --analyzer and an index's manifest may name. */
export const ANALYZER_NAMES = ['ngram', 'morph'] as const;
export type AnalyzerName = (typeof ANALYZER_NAMES)[number];

export function isAnalyzerName(name: string): name is AnalyzerName {
  return (ANALYZER_NAMES as readonly string[]).includes(name);
}

export interface Analyzer {
  readonly name: AnalyzerName;
  /** Index terms in text order; repeats are kept because term frequency matters. */
  analyze(text: string): string[];
  /**
   * Whether a term it made is the stem of a verb or adjective (`먹`, `빠르`): paraphrase changes those first,
   * so they count less than nouns when judging whether a passage covers a question.
   */
  isPredicate(term: string): boolean;
}

export async function createAnalyzer(name: AnalyzerName): Promise<Analyzer> {
  return name === 'morph' ? createMorphAnalyzer() : ngramAnalyzer;
}

const HANGUL = /[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]/;
/** Runs of one script: Hangul syllables, or Latin letters and digits (other characters separate terms). */
const RUNS = /[\uAC00-\uD7A3]+|(?:(?![\uAC00-\uD7A3])[\p{L}\p{N}])+/gu;

export const ngramAnalyzer: Analyzer = {
  name: 'ngram',
  isPredicate: () => false,
  analyze(text: string): string[] {
    const terms: string[] = [];
    let latinEnd = -1;
    for (const match of normalizeForTerms(text).matchAll(RUNS)) {
      const run = match[0];
      if (!HANGUL.test(run)) {
        pushLatin(run, terms);
        latinEnd = match.index + run.length;
      } else if (!(run.length === 1 && match.index === latinEnd)) {
        // A lone syllable glued to a Latin word is its particle (`VM의`, `GIL이`): no term of its own.
        pushBigrams(run, terms);
      }
    }
    return terms;
  },
};

function pushBigrams(run: string, into: string[]): void {
  // Bigrams of code points: a run with jamo may also hold astral letters (`ㅋㅋ𝐀`, Hanja `𠀀`), and a bigram cut
  // through a surrogate pair is not text (it cannot be stored in the index file and read back).
  const chars = SURROGATE.test(run) ? Array.from(run) : run;
  if (chars.length === 1) {
    into.push(run);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) into.push(typeof chars === 'string' ? chars.slice(i, i + 2) : `${chars[i]}${chars[i + 1]}`);
}

const SURROGATE = /[\uD800-\uDFFF]/;
/** A surrogate code unit without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function pushLatin(word: string, into: string[]): void {
  if (ENGLISH_STOP_WORDS.has(word)) return;
  into.push(NUMBER_WORDS.get(word) ?? stemEnglish(word));
}

/**
 * Counts written out (`three ways to represent a graph`) are the digits Korean notes write (`3가지 방식`). `one` is
 * left alone: it is more often a pronoun (`which one`) than a count.
 */
const NUMBER_WORDS = new Map(['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].map((word, i) => [word, String(i + 2)]));

/** Unicode-normalises (NFC, so decomposed Hangul matches) and lower-cases. */
export function normalize(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/**
 * Complexity as notes and questions write it, one term each: `O(log n)`, `O(logN)`, `log(n)` and a question's `logn`
 * are `logn`; `n log n` is `nlogn`; `n^2` and `n²` are `n2`. A member who types `logn이` finds the note's
 * `O(log n)의 시간복잡도`. The variable is one letter other than the English words a and i (`log a message`).
 */
function joinNotation(text: string): string {
  return text
    .replace(/\b(?:log|lg)\s*(?:\(\s*([b-hj-z])\s*\)|([b-hj-z])\b)/gu, 'log$1$2')
    .replace(/\b([b-hj-z])\s*(log[b-hj-z])\b/gu, '$1$2')
    .replace(/\b([b-hj-z])\s*(?:\^|\*\*)\s*(\d)\b/gu, '$1$2')
    .replace(/\b([b-hj-z])([²³])/gu, (_, v: string, power: string) => `${v}${power === '²' ? 2 : 3}`);
}

/**
 * The text every analyzer reads: normalised, with complexity notation joined (see `joinNotation`). The question side
 * splits its words from this same text, so `log n` is one word there as it is one term in a note.
 */
export function normalizeForTerms(text: string): string {
  return joinNotation(normalize(text.replace(ACRONYM_PLURAL, '$1')));
}

/**
 * An acronym's plural (`APIs`, `VMs`, `CPUs`) is the acronym: lower-cased, `apis` would keep its `is` from the stemmer
 * (which must leave `analysis` alone). Told apart by its capitals, before they are lost.
 */
const ACRONYM_PLURAL = /\b([A-Z]{2,})s\b/gu;

/**
 * A light plural/inflection stemmer: enough to make "environments" match "environment". Kept by hand rather than a
 * Porter/Snowball package: those change the index's terms ("containers" → "contain"), and retrieval is tuned on these.
 */
export function stemEnglish(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(sh|ch|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

export const ENGLISH_STOP_WORDS = new Set(
  ('a an and are as at be by can could do does did for from how i in into is it its me my of on or our so such ' +
    'than that the their them then there these they this those to was we were what when where which who whom why ' +
    'will with would you your about explain tell difference between mean means meant')
    .split(' '),
);

/** Parts of speech that carry content (nouns, verb/adjective stems, roots, foreign words, numbers, hanja). */
const CONTENT_TAGS = new Set(['NNG', 'NNP', 'NR', 'VV', 'VA', 'XR', 'SL', 'SH', 'SN']);

interface MorphToken {
  surface_form: string;
  pos: string;
  expression: string;
}

let morphTokenizer: Promise<{ tokenize(text: string): MorphToken[] }> | undefined;

/** Until a front door says otherwise (`useDictionaryCache`): the project's folder, warnings as process warnings. */
let dictionaryCache: DictionaryCache = { dir: PROJECT_DICTIONARY_CACHE_DIR, warn: (message) => process.emitWarning(message) };

/**
 * Where the inflated dictionary is kept and who hears when it cannot be: set once by each entry point from
 * its configuration (DICTIONARY_CACHE_DIR) and its logger, before the first morph analyzer loads.
 */
export function useDictionaryCache(cache: DictionaryCache): void {
  dictionaryCache = cache;
}

/** The folder in use, for threads that load their own analyzer (they report through process warnings). */
export function dictionaryCacheDir(): string {
  return dictionaryCache.dir;
}

/** The dictionary (~28 MB) is loaded once per process and shared. */
function loadMorphTokenizer(): Promise<{ tokenize(text: string): MorphToken[] }> {
  if (!morphTokenizer) {
    // The package exports only its entry point (dist/index.js); the dictionary sits beside dist/.
    const entry = createRequire(import.meta.url).resolve('kuromoji-ko');
    // Loaded from an uncompressed copy when one can be kept (see dictionary-cache.ts): ~0.5 s instead of ~3 s.
    const dicPath = inflatedDictionary(join(dirname(entry), '..', 'dict'), dictionaryCache);
    const loading = kuromoji.builder({ dicPath }).build() as Promise<{ tokenize(text: string): MorphToken[] }>;
    // A failed load is not kept: the next analyzer tries again (the dictionary copy may have been repaired since).
    morphTokenizer = loading.catch((error: unknown) => {
      morphTokenizer = undefined;
      throw error;
    });
  }
  return morphTokenizer;
}

/**
 * A word's tokens as the word reads inside a sentence: followed by another word, not by the end of the text, where
 * the dictionary's costs make `함수의` a 함 and a 수의 (a genitive cannot end a sentence) though `함수의 정의` is
 * 함수 + 의; read alone, 41 % of the corpora's `…의` words lost their noun so. The following word is a fixed one, and
 * its tokens are dropped: the analysis stays a function of the word.
 */
function inContext(tokenizer: { tokenize(text: string): MorphToken[] }, word: string): MorphToken[] {
  const tokens: MorphToken[] = [];
  let at = 0;
  for (const token of tokenizer.tokenize(word + RIGHT_CONTEXT)) {
    if (at >= word.length) break;
    tokens.push(token);
    at += token.surface_form.length;
  }
  return tokens;
}

/** What follows each word while it is analyzed: a space (a token boundary) and a common noun. */
const RIGHT_CONTEXT = ' 것';

/**
 * Words analyzed on their own, memoized. Run over running text, the tokenizer lets context change a word's
 * analysis (`도커는 …` can come out as 도/JX + 커/VA while the question's `도커` stays 도커), so a question word
 * would miss the very chunk that contains it. Analyzing each whitespace-separated word alone makes the note
 * side and the question side the same function of the same word, by construction; and notes repeat their
 * words, so the cache makes ingest faster too.
 */
async function createMorphAnalyzer(): Promise<Analyzer> {
  const tokenizer = await loadMorphTokenizer();
  const cache = new Map<string, string[]>();
  const predicates = new Set<string>();
  const tokenTerms = (word: string): string[] => {
    const terms: string[] = [];
    let run: string[] = [];
    const closeRun = (): void => {
      if (run.length >= 2) terms.push(run.join(''));
      run = [];
    };
    // Both readings: inside a sentence (`함수의` is 함수 + 의) and alone (`훅` is the noun, not the adverb it becomes
    // before another word). A term either finds is the word's.
    for (const reading of [inContext(tokenizer, word), tokenizer.tokenize(word)]) {
      for (const token of reading) {
        if (NOUN_RUN_TAGS.has(token.pos) && HANGUL_ONLY.test(token.surface_form) && !KOREAN_STOP_TERMS.has(token.surface_form) && (run.length > 0 || token.pos !== 'XSN')) run.push(token.surface_form);
        else closeRun();
        if (!token.pos.includes('+')) {
          pushMorpheme(token.surface_form, token.pos, terms, predicates);
          continue;
        }
        // Compound/inflected tokens (`다른` = 다르/VA + ㄴ/ETM): keep their content parts.
        for (const part of token.expression.split('+')) {
          const [morpheme, pos] = part.split('/');
          if (morpheme && pos) pushMorpheme(morpheme, pos, terms, predicates);
        }
      }
      closeRun();
    }
    return [...new Set(terms)];
  };
  // Whether a glossary term is one the dictionary shreds is asked when the term is first met, not for every term at
  // start-up (a thousand analyses would add to every cold start).
  const glossaryWords = wholeWordCandidates();
  const shredded = new Map<string, boolean>();
  const keptWhole = (run: string): boolean => {
    if (!glossaryWords.has(run)) return false;
    let whole = shredded.get(run);
    if (whole === undefined) shredded.set(run, (whole = !tokenTerms(run).includes(run)));
    return whole;
  };
  const analyzeWord = (word: string): string[] => {
    let terms = cache.get(word);
    if (terms) return terms;
    terms = HANGUL.test(word) ? withWholeWords(word, keptWhole, tokenTerms) : tokenTerms(word);
    terms = withLettersAndDigits(word, terms);
    // Bounded: a pathological note of unique words must not grow the cache without end.
    if (cache.size >= WORD_CACHE_SIZE) cache.clear();
    cache.set(word, terms);
    return terms;
  };
  return {
    name: 'morph',
    isPredicate: (term) => predicates.has(term),
    analyze(text: string): string[] {
      const terms: string[] = [];
      for (const word of normalizeForTerms(text).split(WHITESPACE)) if (word) terms.push(...analyzeWord(word));
      return terms;
    },
  };
}

/**
 * `1NF`, `L7`, `IPv4`, `2PC`: letters and digits written together are one name, though the dictionary reads a number
 * and a word (1 + nf); the digit alone tells 1NF from 5NF only by a term every note holds. The whole is a term too.
 */
function withLettersAndDigits(word: string, terms: string[]): string[] {
  const names = (word.match(/[a-z0-9]+/gu) ?? []).filter((run) => /[a-z]/u.test(run) && /\d/u.test(run) && !terms.includes(run));
  return names.length > 0 ? [...terms, ...names] : terms;
}

/**
 * The built-in glossary's Korean terms: those the dictionary does not keep whole (`비연결형` → 연결형, `다형성` →
 * 형성, `저장점` → 장점, `메모이제이션` → 메모 + 이제) are one term of their own, their parts none, wherever they appear
 * (particles after them dropped), in notes and questions alike. Parts are not kept because they often say the
 * opposite or something else. The glossary's ask phrasings (`좋은`, `좋은점`, `쓰여요`: inflected words) are left to
 * the dictionary, which reads their stems (좋, 쓰이) as the notes' own inflections.
 */
function wholeWordCandidates(): Set<string> {
  return new Set(parseGlossaryFile(baseGlossaryText()).glossary.groups.flat().filter((term) => /^[\uAC00-\uD7A3]{2,}$/u.test(term) && !isInflected(term)));
}

/** An inflected word, not a noun: an adjective or verb ending (`좋은`, `좋음`, `좋은데`, `쓰여요`, `다른`), or `…ㄴ 점` (`좋은점`, not `저장점`). */
function isInflected(word: string): boolean {
  if (/[은는음데요른]$/u.test(word)) return true;
  return word.length >= 2 && word.endsWith('점') && finalConsonant(word, word.length - 2) === FINAL.nieun;
}

/** A word holding a whole-kept term (`메모이제이션이`, `(비연결형)`): that term, and the rest analyzed as usual. */
function withWholeWords(word: string, keptWhole: (run: string) => boolean, tokenTerms: (word: string) => string[]): string[] {
  const terms: string[] = [];
  let rest = '';
  let at = 0;
  for (const run of word.matchAll(/[\uAC00-\uD7A3]+/gu)) {
    const stem = keptWhole(run[0]) ? run[0] : splitParticle(run[0])[0];
    if (!keptWhole(stem)) continue;
    rest += word.slice(at, run.index);
    if (rest) terms.push(...tokenTerms(rest));
    rest = '';
    terms.push(stem);
    at = run.index + run[0].length;
  }
  rest += word.slice(at);
  if (rest) terms.push(...tokenTerms(rest));
  return terms;
}

const WHITESPACE = /\s+/u;
/**
 * A word's run of nouns (and a noun suffix: 정규+화) is also kept whole: the dictionary shreds words it lacks
 * into syllables (`샤딩` → 샤 + 딩, `쿠버네티스` → 쿠 + 버네 + 티스), which would match any note holding those
 * syllables, while the whole stem matches only itself. Compounds keep their parts too (`교착상태` → 교착, 상태,
 * 교착상태), so a note that spaces them (`교착 상태`) still matches.
 */
const NOUN_RUN_TAGS = new Set(['NNG', 'NNP', 'NR', 'XR', 'XSN']);
const HANGUL_ONLY = /^[\uAC00-\uD7A3]+$/;
const WORD_CACHE_SIZE = 200_000;

/**
 * Content-tagged morphemes that say nothing on their own: light verbs (하다, 되다, 있다, 없다), bound nouns
 * (것, 수, 등, 때), and what a particle becomes when typed apart from its word (`&& 랑` → 랑) or
 * when its word is analyzed alone (`도커에서의` → 의/NNG).
 */
const KOREAN_STOP_TERMS = new Set(['의', '것', '수', '등', '및', '때', '하', '되', '있', '없', '않', '이', '그', '저', '더', '잘', '같', '랑']);

/**
 * Determiners that carry meaning, as the adjective stem they come from: alone, `다른` is tagged a determiner
 * (MM), while in `다르다`/`달라` it is 다르/VA; both must give the same term (`다른 환경은 어떤 환경?`).
 */
const DETERMINER_STEMS: Record<string, string> = { 다른: '다르', 새: '새롭' };

/** Operators are what a question about code asks about (`&&랑 & 차이`, `==와 ===`), so they are terms. */
const OPERATOR = /^(?:&&|\|\||==|===|!=|!==|<=|>=|\+\+|--|->|=>|<<|>>|\+=|-=|\*=|\/=|::)$/;

function pushMorpheme(surface: string, pos: string, into: string[], predicates: Set<string>): void {
  if (pos === 'MM' && DETERMINER_STEMS[surface]) return pushMorpheme(DETERMINER_STEMS[surface], 'VA', into, predicates);
  if (pos === 'SY' && OPERATOR.test(surface)) {
    into.push(surface);
    return;
  }
  if (!CONTENT_TAGS.has(pos) || KOREAN_STOP_TERMS.has(surface)) return;
  if (pos === 'VV' || pos === 'VA') predicates.add(surface);
  // The tokenizer works on UTF-16 code units; a morpheme holding half a surrogate pair is not a term.
  if (SURROGATE.test(surface) && LONE_SURROGATE.test(surface)) return;
  if (pos === 'SL') pushLatin(surface, into);
  else into.push(surface);
}
