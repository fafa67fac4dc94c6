import type { Block, Section, SectionRole } from '../types.js';

const REFERENCE_HEADING = /^(?:\d+[.)]?\s*)?(?:references?|reference\s+links?|links?|see also|further reading|sources?|참고(?:\s*(?:자료|문헌|링크|사이트))?|참조|출처|관련\s*(?:링크|자료|글))\s*[:：]?$/i;
const QUESTION_LINE = /[?？]\s*$/;

/**
 * What a section is for. The two kinds that only look like answers share the topic's words, so without a role
 * they outrank the section that explains it.
 */
export function sectionRole(section: Pick<Section, 'path' | 'blocks' | 'pointer'>): SectionRole {
  const heading = section.path[section.path.length - 1] ?? '';
  if (REFERENCE_HEADING.test(heading.trim())) return 'references';
  const prose = section.blocks.filter((b) => b.kind !== 'code' && b.kind !== 'table');
  // Code or a table is the section's own content, whatever its prose links to (`위 코드 실행 : LinkedListExample.java`).
  if (prose.length === section.blocks.length && pointsElsewhere(section, prose)) return 'references';
  // Several lines, nearly all of them questions: a question list, not an explanation.
  const lines = prose.flatMap((b) => b.text.split('\n')).filter((l) => l.trim());
  if (lines.length >= 2 && lines.filter((l) => QUESTION_LINE.test(l)).length >= 0.8 * lines.length) return 'questions';
  return 'content';
}

/** Below this much prose a section that is mostly links is a pointer to material elsewhere, not an explanation. */
const POINTER_MAX_CHARS = 400;
const LINK_SHARE = 0.4;
/** What a pointer section may say besides its linked bullets: one short line announcing them. */
const POINTER_INTRO_CHARS = 80;
/** A bare list entry (`- Linked List`): a topic's name, not something said about it. */
const BARE_ITEM_CHARS = 40;
/** Ends like a sentence (`…이다`, `…합니다.`, `?`): a line that says something, not a label or a bare name. */
export const SENTENCE_END = /[.!?。]$|[다요죠]\.?$/;

/**
 * Sections that point to where a topic is explained instead of explaining it: a short section whose text is mostly
 * links (`아래의 자료에서… - 작성자 … | [Agile Software Development](…)`), or bare topic names under a heading that
 * links to another page (a README's chapter list). They share the topic's words and would outrank the explanation.
 */
function pointsElsewhere(section: Pick<Section, 'pointer'>, prose: Block[]): boolean {
  if (prose.length === 0) return false;
  const chars = prose.reduce((n, b) => n + b.text.length, 0);
  const links = prose.reduce((n, b) => n + (b.linkChars ?? 0), 0);
  if (chars <= POINTER_MAX_CHARS && links >= LINK_SHARE * chars) return true;
  // `아래의 자료에서 자세한 설명을 볼 수 있다.` over bullets that each name a link (`작성자 권혁진 | [HTTP와 HTTPS](…)`).
  const items = prose.filter((b) => b.kind === 'list-item');
  const rest = chars - items.reduce((n, b) => n + b.text.length, 0);
  if (chars <= POINTER_MAX_CHARS && items.length > 0 && items.every((b) => (b.linkChars ?? 0) > 0) && rest <= POINTER_INTRO_CHARS) return true;
  return section.pointer === true && prose.every((b) => b.kind === 'list-item' && b.text.length <= BARE_ITEM_CHARS && !SENTENCE_END.test(b.text));
}
