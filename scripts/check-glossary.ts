/**
 * Checks the built-in glossary (src/text/base-glossary.txt) against real notes: a group none of whose
 * terms any note contains can only pull questions towards nothing, or towards the wrong section.
 * Lists such groups, terms that sit in two groups, and unparsable lines; exits 1 when there are any.
 *
 *   npx tsx scripts/check-glossary.ts [DIR…] [--verbose]   (default: ../shared/corpus ../shared/notes)
 *
 * --verbose also lists the groups found only through their English terms (the notes never write the Korean).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadNoteFiles } from '../src/notes/load.js';
import { normalize } from '../src/text/analyzer.js';
import { baseGlossaryText, parseGlossaryFile, type Glossary } from '../src/text/glossary.js';

const REPO = join(import.meta.dirname, '..');
/** The development corpora and the seed note, next to the repository (see ../shared/corpus/README.md). */
export const DEFAULT_NOTE_DIRS = [join(REPO, '..', 'shared', 'corpus'), join(REPO, '..', 'shared', 'notes')];

export interface GlossaryCoverage {
  groups: number;
  terms: number;
  /** Groups with at least one term in some note. */
  found: number;
  /** Groups with at least one Korean term in some note. */
  koreanFound: number;
  /** Groups no note contains in either language. */
  missing: string[][];
  /** Groups found only through their English (Latin) terms. */
  englishOnly: string[][];
}

const HANGUL = /[\uAC00-\uD7A3]/;
const LATIN_WORD_CHAR = /[a-z0-9]/;

/**
 * Which glossary groups occur in the notes. Korean terms are matched ignoring spaces (`교착 상태` finds
 * `교착상태`), anywhere in a word since particles attach to them; Latin terms case-insensitively as whole
 * words (a Korean particle right after `TCP의` does not break the word), with a plural `s`/`es`.
 */
export function glossaryCoverage(glossary: Glossary, notes: string[]): GlossaryCoverage {
  const text = normalize(notes.join('\n')).replace(/\s+/g, ' ');
  const compact = text.replace(/ /g, '');
  const seen = new Map<string, boolean>();
  const occurs = (term: string): boolean => {
    let hit = seen.get(term);
    if (hit === undefined) {
      hit = HANGUL.test(term) ? compact.includes(term.replace(/\s+/g, '')) : containsLatinWord(text, term.replace(/\s+/g, ' '));
      seen.set(term, hit);
    }
    return hit;
  };
  const missing: string[][] = [];
  const englishOnly: string[][] = [];
  let found = 0;
  let koreanFound = 0;
  for (const group of glossary.groups) {
    const korean = group.filter((term) => HANGUL.test(term)).some(occurs);
    if (korean) koreanFound++;
    const english = !korean && group.some(occurs);
    if (korean || english) found++;
    else missing.push(group);
    if (english) englishOnly.push(group);
  }
  return { groups: glossary.groups.length, terms: glossary.groups.reduce((n, g) => n + g.length, 0), found, koreanFound, missing, englishOnly };
}

function containsLatinWord(text: string, term: string): boolean {
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    if (at > 0 && LATIN_WORD_CHAR.test(text[at - 1]!)) continue;
    const end = at + term.length;
    const wordEndsAt = (offset: number) => !LATIN_WORD_CHAR.test(text[end + offset] ?? ' ');
    if (wordEndsAt(0) || (text[end] === 's' && wordEndsAt(1)) || (text.startsWith('es', end) && wordEndsAt(2))) return true;
  }
  return false;
}

/**
 * Terms listed in more than one group, with those groups: a question containing the term is widened
 * towards both, which is right only if the groups are the same concept (and then they should be one line).
 */
export function sharedTerms(glossary: Glossary): Map<string, string[][]> {
  const groupsOf = new Map<string, string[][]>();
  for (const group of glossary.groups) {
    for (const term of new Set(group)) groupsOf.set(term, [...(groupsOf.get(term) ?? []), group]);
  }
  return new Map([...groupsOf].filter(([, groups]) => groups.length > 1));
}

/** The markdown sources under the folders (recursively). */
export async function readNotes(dirs: string[]): Promise<string[]> {
  const sources: string[] = [];
  for (const dir of dirs) sources.push(...(await loadNoteFiles(dir)).files.map((f) => f.source));
  return sources;
}

async function main(args: string[]): Promise<number> {
  const verbose = args.includes('--verbose');
  const dirs = args.filter((a) => !a.startsWith('--'));
  const noteDirs = dirs.length > 0 ? dirs : DEFAULT_NOTE_DIRS.filter((dir) => existsSync(dir));
  if (noteDirs.length === 0) {
    console.error(`No notes to check against: pass the folders, or put the corpora in ${DEFAULT_NOTE_DIRS.join(' and ')}.`);
    return 2;
  }
  const notes = await readNotes(noteDirs);
  const { glossary, invalidLines } = parseGlossaryFile(baseGlossaryText());
  const coverage = glossaryCoverage(glossary, notes);
  const shared = sharedTerms(glossary);

  for (const line of invalidLines) console.log(`invalid line ${line}: needs two or more terms`);
  for (const [term, groups] of shared) console.log(`"${term}" is in ${groups.length} groups: ${groups.map((g) => g.join(', ')).join(' | ')}`);
  for (const group of coverage.missing) console.log(`not in any note: ${group.join(', ')}`);
  if (verbose) for (const group of coverage.englishOnly) console.log(`English only: ${group.join(', ')}`);
  console.log(
    `${notes.length} notes; ${coverage.groups} groups, ${coverage.terms} terms; ${coverage.found} groups found ` +
      `(${coverage.koreanFound} by a Korean term), ${coverage.missing.length} missing, ${shared.size} shared terms, ${invalidLines.length} invalid lines`,
  );
  return coverage.missing.length > 0 || shared.size > 0 || invalidLines.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  });
}
