import { sourceUrl } from '../answer/compose.js';
import { locationLabel, sectionLabel } from '../answer/format.js';
import { composeConceptCard, type ConceptCard } from '../daily/index.js';
import { matchConcepts } from '../engine/concepts.js';
import { UserError, type Concept } from '../types.js';
import type { CliMessages } from './messages.js';

/** Other matches named after the card, so a partial name that hit the wrong section can be refined. */
const MAX_ALSO = 5;

export interface ConceptLookup {
  card: ConceptCard;
  url?: string;
  /** Titles of the other concepts the name matched, best first. */
  also: string[];
}

/** The card for `name`, as `/concept` picks it (the best title match); a name nothing matches is a UserError. */
export function lookUpConcept(concepts: Concept[], name: string, notesBaseUrl: string | undefined, m: CliMessages): ConceptLookup {
  const [best, ...rest] = matchConcepts(concepts, name);
  if (!best) throw new UserError('BAD_ARGUMENT', m.errors.noConcept(name.trim()));
  const card = composeConceptCard(best);
  return { card, ...(notesBaseUrl ? { url: sourceUrl(notesBaseUrl, best.file, best.lines) } : {}), also: rest.slice(0, MAX_ALSO).map((c) => sectionLabel(c.path)) };
}

/** The card in a terminal: heading path and location, the summary (or excerpt), key terms, then the self-check with its answer. */
export function renderConceptLookup({ card, url, also }: ConceptLookup): string {
  const body = card.summary.length ? card.summary.join('\n') : (card.excerpt ?? '');
  const check = card.question
    ? [
        '',
        `확인 문제 (self-check): ${card.question.kind === 'cloze' ? card.question.prompt : `“${card.question.topic}”을(를) 한 문장으로 설명해 보세요. (Explain it in one sentence.)`}`,
        `  답 (answer): ${card.question.answer}`,
      ]
    : [];
  return [
    `${sectionLabel(card.path)} — ${locationLabel(card.source)}`,
    ...(url ? [url] : []),
    '',
    body,
    ...(card.keyTerms.length ? ['', `핵심 용어 (key terms): ${card.keyTerms.join(', ')}`] : []),
    ...check,
    ...(also.length ? ['', `비슷한 개념 (also matching): ${also.join(' · ')}`] : []),
  ].join('\n');
}

/** `concept` with no name: every concept, one a line, with where it is. */
export function renderConceptList(concepts: Concept[]): string {
  if (concepts.length === 0) return '노트에 개념 카드로 만들 만한 섹션이 없습니다. (No section has enough prose for a concept card.)';
  return concepts.map((c) => `${sectionLabel(c.path)} — ${locationLabel(c)}`).join('\n');
}
