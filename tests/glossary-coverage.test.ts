import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTE_DIRS, glossaryCoverage, readNotes, sharedTerms } from '../scripts/check-glossary.js';
import { baseGlossaryText, parseGlossaryFile } from '../src/text/glossary.js';

const { glossary, invalidLines } = parseGlossaryFile(baseGlossaryText());

describe('built-in glossary', () => {
  it('bridges at least 1,000 English ↔ Korean groups, every line usable', () => {
    expect(invalidLines).toEqual([]);
    expect(glossary.groups.length).toBeGreaterThanOrEqual(1000);
  });

  it('puts no term in two groups (a question would be widened towards both)', () => {
    const shared = Object.fromEntries([...sharedTerms(glossary)].map(([term, groups]) => [term, groups.map((g) => g.join(', '))]));
    expect(shared).toEqual({});
  });
});

describe('glossaryCoverage', () => {
  const groups = [
    ['deadlock', '교착 상태'],
    ['tcp', '전송 제어 프로토콜'],
    ['page', '페이지'],
    ['mutex', '뮤텍스'],
  ];
  const notes = ['교착상태란 두 프로세스가 서로를 기다리는 것이다.', 'TCP의 흐름 제어', 'Web Pages are cached.'];

  it('finds Korean terms regardless of spacing, Latin words regardless of case, particles and plurals', () => {
    const coverage = glossaryCoverage({ groups }, notes);
    expect(coverage.missing).toEqual([['mutex', '뮤텍스']]);
    expect(coverage).toMatchObject({ groups: 4, terms: 8, found: 3, koreanFound: 1 });
    expect(coverage.englishOnly).toEqual([['tcp', '전송 제어 프로토콜'], ['page', '페이지']]);
  });

  it('does not count a Latin term found only inside a longer word', () => {
    expect(glossaryCoverage({ groups: [['ram', '램']] }, ['a program, RAMs aside']).found).toBe(1);
    expect(glossaryCoverage({ groups: [['ram', '램']] }, ['a program in rambling prose']).missing).toHaveLength(1);
  });
});

describe.skipIf(!existsSync(DEFAULT_NOTE_DIRS[0]!))('built-in glossary against the development corpora', () => {
  it('has every group in the real notes, most of them through their Korean terms', async () => {
    const coverage = glossaryCoverage(glossary, await readNotes(DEFAULT_NOTE_DIRS.filter((dir) => existsSync(dir))));
    expect(coverage.missing.map((g) => g.join(', '))).toEqual([]);
    expect(coverage.koreanFound / coverage.groups).toBeGreaterThan(0.8);
  });
});
