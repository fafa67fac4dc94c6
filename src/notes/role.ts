import type { Section, SectionRole } from '../types.js';

const REFERENCE_HEADING = /^(?:\d+[.)]?\s*)?(?:references?|reference\s+links?|links?|see also|further reading|sources?|참고(?:\s*(?:자료|문헌|링크|사이트))?|참조|출처|관련\s*(?:링크|자료|글))\s*[:：]?$/i;
const QUESTION_LINE = /[?？]\s*$/;

/**
 * What a section is for. The two kinds that only look like answers share the topic's words, so without a role
 * they outrank the section that explains it.
 */
export function sectionRole(section: Pick<Section, 'path' | 'blocks'>): SectionRole {
  const heading = section.path[section.path.length - 1] ?? '';
  if (REFERENCE_HEADING.test(heading.trim())) return 'references';
  const prose = section.blocks.filter((b) => b.kind !== 'code' && b.kind !== 'table');
  // Several lines, nearly all of them questions: a question list, not an explanation.
  const lines = prose.flatMap((b) => b.text.split('\n')).filter((l) => l.trim());
  if (lines.length >= 2 && lines.filter((l) => QUESTION_LINE.test(l)).length >= 0.8 * lines.length) return 'questions';
  return 'content';
}
