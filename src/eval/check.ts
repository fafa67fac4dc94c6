import type { Note, Section } from '../types.js';
import { normalizeForMatch } from './judge.js';
import type { EvalCase } from './schema.js';

export interface Problem {
  id: string;
  message: string;
}

/**
 * Labels that cannot be right whatever the bot does: an expected heading the parser never makes, or a must
 * string the expected sections do not contain (so no extractive answer could ever contain it).
 */
export function checkCases(cases: EvalCase[], notes: Note[]): Problem[] {
  const byFile = new Map(notes.map((n) => [n.file, n.sections]));
  const problems: Problem[] = [];
  for (const c of cases) {
    const expected: Section[] = [];
    for (const e of c.expect) {
      const sections = byFile.get(e.file);
      if (!sections) {
        problems.push({ id: c.id, message: `file ${e.file} is not in the knowledge folder` });
        continue;
      }
      const matching = sections.filter((s) => s.path.includes(e.heading));
      if (!matching.length) problems.push({ id: c.id, message: `heading "${e.heading}" is not a section of ${e.file}` });
      expected.push(...matching);
    }
    if (!expected.length) continue;
    const texts = expected.map((s) => normalizeForMatch(s.blocks.map((b) => b.text).join('\n')));
    for (const alt of c.must.flat()) {
      if (!texts.some((t) => t.includes(normalizeForMatch(alt)))) problems.push({ id: c.id, message: `must "${alt}" occurs in none of the expected sections` });
    }
  }
  return problems;
}
