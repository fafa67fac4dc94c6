import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Note } from '../types.js';
import { normalize } from './analyzer.js';
import { stripParticle } from './particles.js';
import { hasHangul } from './hangul.js';

/**
 * English ↔ Korean term bridging without a neural model. Notes already pair terms, as in
 * `네임스페이스(namespace)` or `요구 페이징(Demand Paging)`; those pairs are harvested, and a
 * hand-kept `glossary.txt` in the knowledge folder adds the everyday vocabulary
 * (`environment = 환경`). A question is expanded with the counterparts of the terms it contains.
 */
export interface Glossary {
  /** Each entry is a set of equivalent terms, normalised (NFC, lower case). */
  groups: string[][];
}

export interface Expansion {
  /** The glossary term found in the question. */
  matched: string;
  /** Its counterparts, to be searched as well. */
  alternatives: string[];
}

export const GLOSSARY_FILE = 'glossary.txt';

let baseText: string | undefined;

/**
 * General CS vocabulary shipped with the bot; a group's own terms go in the knowledge folder's glossary.txt.
 * Read on first use, not at import.
 */
export function baseGlossaryText(): string {
  return (baseText ??= readFileSync(new URL('./base-glossary.txt', import.meta.url), 'utf8'));
}

/** What an index records of the glossaries it was built with: the built-in one and the folder's own, hashed together. */
export function glossaryFingerprint(folderGlossaryText: string): string {
  return createHash('sha256').update(baseGlossaryText() + folderGlossaryText).digest('hex');
}

/** `Korean(English, ABBR)`: the Korean word right before the parenthesis, English terms inside. */
const KOREAN_THEN_ENGLISH = /([\p{L}\p{N}]*[\uAC00-\uD7A3][\p{L}\p{N}]*)\s?\(([A-Za-z][A-Za-z0-9 .,+/#&'-]{0,60})\)/gu;
/** `English Words(한국어 용어)`: up to four Latin words right before the parenthesis, Korean inside. */
const ENGLISH_THEN_KOREAN = /((?:[A-Za-z][A-Za-z0-9+#.-]*\s){0,3}[A-Za-z][A-Za-z0-9+#.-]*)\s?\(([\uAC00-\uD7A3][\uAC00-\uD7A3\s]{0,20})\)/gu;

export function harvestGlossary(notes: Note[]): Glossary {
  const groups: string[][] = [];
  for (const note of notes) {
    for (const section of note.sections) {
      const heading = section.path[section.path.length - 1] ?? '';
      // A whole heading like `프로세스 제어 블록(Process Control Block, PCB)` pairs the full Korean phrase.
      const whole = /^([^()]*[\uAC00-\uD7A3][^()]*?)\s?\(([A-Za-z][^()]{0,60})\)$/.exec(heading);
      if (whole) addPair(groups, whole[1]!, whole[2]!);
      for (const block of section.blocks) {
        if (block.kind === 'code') continue;
        for (const match of block.text.matchAll(KOREAN_THEN_ENGLISH)) addPair(groups, stripParticle(match[1]!), match[2]!);
        for (const match of block.text.matchAll(ENGLISH_THEN_KOREAN)) addPair(groups, match[2]!, match[1]!);
      }
    }
  }
  return { groups: dedupe(unambiguous(groups)) };
}

/** A parenthesis that gives examples (`객체(e.g. tuple, list)`) or lists things rather than naming the word. */
const NOT_A_NAME = /^\s*(?:e\.?g\.?|ex\)?\.?|i\.?e\.?|예)(?:\s|:|\.|$)/iu;
/** More names than this in one parenthesis is a list of things (`(tuple, list, set, dict)`), not the word's names. */
const MAX_NAMES = 3;
/** A word the notes pair with more English terms than this is a common word (`객체`), not a term with a translation. */
const MAX_PARTNERS = 3;

function addPair(groups: string[][], korean: string, english: string): void {
  const ko = normalize(korean.trim());
  if (NOT_A_NAME.test(english)) return;
  const names = english.split(',');
  if (names.length > MAX_NAMES) return;
  const en = names.map((term) => normalize(term.trim())).filter((term) => term.length >= 2 && term.length <= 40 && !/^(os|etc|e\.g|i\.e|ex)$/.test(term));
  if (ko.length < 2 || en.length === 0) return;
  groups.push([ko, ...en]);
}

/**
 * Harvested pairs without the words paired with too many different partners across the notes, or with partners
 * that have nothing in common: `방식(linked list)` in one note and `방식(red-black tree)` in another make 방식 a
 * common word before a parenthesis, not a translation (`스레드(thread)`, `스레드(Threads)` agree).
 */
function unambiguous(groups: string[][]): string[][] {
  // Each term's partners, one list per distinct pairing: names given together (`(Process Control Block, PCB)`) agree.
  // A pairing met again adds nothing (whether a term is ambiguous depends on which pairings there are, not how
  // often), and a large folder repeats its pairs thousands of times.
  const pairings = new Map<string, Map<string, string[]>>();
  const pair = (term: string, partners: string[]) => {
    const of = pairings.get(term) ?? pairings.set(term, new Map()).get(term)!;
    of.set(partners.join('\0'), partners);
  };
  for (const [ko, ...en] of groups) {
    pair(ko!, en);
    for (const term of en) pair(term, [ko!]);
  }
  const verdicts = new Map<string, boolean>();
  const ambiguous = (term: string) => {
    let verdict = verdicts.get(term);
    if (verdict !== undefined) return verdict;
    const all = [...(pairings.get(term)?.values() ?? [])];
    verdict =
      new Set(all.flat()).size > MAX_PARTNERS ||
      // Only a Korean word is tested for agreement: an English term is often paired with spelling variants that
      // share nothing (`스레드`, `쓰레드`).
      (hasHangul(term) && all.some((a, i) => all.slice(i + 1).some((b) => !a.some((x) => b.some((y) => related(x, y))))));
    verdicts.set(term, verdict);
    return verdict;
  };
  return groups.flatMap(([ko, ...en]) => {
    if (ambiguous(ko!)) return [];
    const kept = en.filter((term) => !ambiguous(term));
    return kept.length > 0 ? [[ko!, ...kept]] : [];
  });
}

/**
 * Two names of one thing share a word's stem (`heap` · `heaps`, `context switch` · `context switching`), or one is
 * the other's initials (`vm` · `virtual memory`).
 */
function related(a: string, b: string): boolean {
  const words = (name: string) => name.split(/[\s-]+/u).filter(Boolean);
  const stems = (name: string) => new Set(words(name).map((word) => word.slice(0, 4)));
  const initials = (name: string) => words(name).map((word) => word[0]).join('');
  const of = stems(a);
  return [...stems(b)].some((stem) => of.has(stem)) || a === initials(b) || b === initials(a);
}

/**
 * Parses the hand-kept glossary: one group of equivalent terms a line, separated by `=` or `,`;
 * `#` at the start of a line or after a space starts a comment. Returns the groups and the lines it could not use.
 */
export function parseGlossaryFile(text: string): { glossary: Glossary; invalidLines: number[] } {
  const groups: string[][] = [];
  const invalidLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    // `#` starts a comment at the line start or after a space, so terms like `C#` survive.
    const line = raw.replace(/(^|\s)#.*/, '').trim();
    if (!line) return;
    const terms = line.split(/[=,]/).map((t) => normalize(t.trim())).filter(Boolean);
    if (terms.length < 2) invalidLines.push(index + 1);
    else groups.push(terms);
  });
  return { glossary: { groups }, invalidLines };
}

export function mergeGlossaries(...glossaries: Glossary[]): Glossary {
  return { groups: dedupe(glossaries.flatMap((g) => g.groups)) };
}

function dedupe(groups: string[][]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const group of groups) {
    const unique = [...new Set(group)];
    const key = unique.join('\u0000');
    if (unique.length > 1 && !seen.has(key)) {
      seen.add(key);
      out.push(unique);
    }
  }
  return out;
}

/**
 * Finds glossary terms in a question. Latin terms match whole words (with a plural `s`);
 * Korean terms match anywhere, since particles attach to them (`환경은`).
 */
export function expandQuery(question: string, glossary: Glossary): Expansion[] {
  const text = normalize(question);
  const found = new Map<string, Set<string>>();
  for (const group of glossary.groups) {
    for (const term of group) {
      if (!containsTerm(text, term)) continue;
      const alternatives = found.get(term) ?? new Set<string>();
      // Both ways: notes write many terms only in English (`Mutex`, `Semaphore`) that members ask in Korean
      // (뮤텍스, 세마포어). Korean → English once pulled questions to an English copy of a note; with fields and
      // coverage deciding the ranking it no longer does (calibration halves: cs-study hit@3 +2.5, answered +4).
      for (const other of group) if (other !== term) alternatives.add(other);
      found.set(term, alternatives);
    }
  }
  return [...found].map(([matched, alternatives]) => ({ matched, alternatives: [...alternatives] }));
}

const HANGUL_SYLLABLE = /[\uAC00-\uD7A3]/;

/**
 * Whether `text` holds `term`: Hangul anywhere, with or without its spaces (`라운드로빈` is 라운드 로빈), a Latin
 * term as a whole word (a plural or a glued particle allowed).
 */
export function containsTerm(text: string, term: string): boolean {
  if (term.length === 1 && HANGUL_SYLLABLE.test(term)) return holdsSyllableWord(text, term);
  if (HANGUL_SYLLABLE.test(term)) return text.includes(term) || (term.includes(' ') && text.includes(term.replace(/\s+/gu, '')));
  if (!term) return false;
  // A whole word, optionally with a plural `s`/`es`: scanned by hand, since compiling a Unicode regular
  // expression per glossary term costs a fresh process ~1 ms per term on its first question.
  // A Korean particle glued to the term (`DB에서`, `TCP는`) ends it like a space does.
  const ends = (at: number): boolean => !isWordChar(text, at) || HANGUL_SYLLABLE.test(text[at]!);
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    if (at > 0 && isWordChar(text, at - 1, true) && !HANGUL_SYLLABLE.test(text[at - 1]!)) continue;
    const end = at + term.length;
    if (ends(end) || (text[end] === 's' && ends(end + 1)) || (text.startsWith('es', end) && ends(end + 2))) return true;
  }
  return false;
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** A one-syllable term (`락`, `앱`) only where a word starts (`락은`, `앱끼리`): not the end of 데드락 or 클락. */
function holdsSyllableWord(text: string, syllable: string): boolean {
  return text.split(/[^\p{L}\p{N}]+/u).some((word) => word.startsWith(syllable));
}

/** Whether the code point starting at (or, looking back, ending at) `index` is a letter or digit. */
function isWordChar(text: string, index: number, backwards = false): boolean {
  if (index < 0 || index >= text.length) return false;
  let start = index;
  if (backwards && index > 0 && /[\uDC00-\uDFFF]/.test(text[index]!) && /[\uD800-\uDBFF]/.test(text[index - 1]!)) start = index - 1;
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(start)!));
}
