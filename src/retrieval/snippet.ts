import { normalize } from '../text/analyzer.js';
import { stripParticle } from '../text/particles.js';
import type { PassageBlock } from '../types.js';
import { termsWithCounterparts, type AnalyzedQuery } from './query.js';

/** One line of a passage shown under a search result, with the note line it comes from. */
export interface Snippet {
  text: string;
  line: number;
}

/** A snippet longer than this is cut to a window around the first word it matches. */
export const SNIPPET_CHARS = 120;

/**
 * The passage's line that holds the most of the query's content words (each weighted by its rarity), so a
 * result shows why it matched; on a tie prose before code, then the first line (so the first prose line when
 * nothing matches). Words are found as text (the word without its particle, or one of its analyzed terms): a handful of
 * lines per result is not worth a morphological analysis.
 */
export function bestMatchingLine(blocks: PassageBlock[], query: Pick<AnalyzedQuery, 'groups'>, idf: (term: string) => number): Snippet {
  const needles = query.groups
    .filter((group) => !group.intent)
    .map((group) => ({
      weight: Math.max(...group.terms.map(idf), 0.1),
      forms: [...new Set([stripParticle(group.word), ...termsWithCounterparts(group)].map(normalize).filter((form) => form.length >= 2 || /[a-z0-9]/.test(form)))],
    }));
  let best: { snippet: Snippet; score: number; at: number; code: boolean } | undefined;
  for (const block of blocks) {
    const lines = block.text.split('\n');
    // A block's text keeps the note's line breaks when it spans as many lines as it has; otherwise (a wrapped
    // paragraph joined) every line is credited to the block's first.
    const exact = lines.length === block.lines[1] - block.lines[0] + 1;
    lines.forEach((raw, i) => {
      const text = raw.trim();
      if (!text || /^```/.test(text)) return;
      const lower = normalize(text);
      let score = 0;
      let at = -1;
      for (const { weight, forms } of needles) {
        const positions = forms.map((form) => lower.indexOf(form)).filter((p) => p >= 0);
        if (positions.length === 0) continue;
        score += weight;
        const first = Math.min(...positions);
        if (at < 0 || first < at) at = first;
      }
      const code = block.kind === 'code';
      if (!best || score > best.score || (score === best.score && best.code && !code)) best = { snippet: { text, line: block.lines[0] + (exact ? i : 0) }, score, at, code };
    });
  }
  if (!best) return { text: '', line: blocks[0]?.lines[0] ?? 0 };
  return { text: cut(best.snippet.text, best.at), line: best.snippet.line };
}

/** At most SNIPPET_CHARS, keeping the matched word in view: `…` marks what was left out on either side. */
function cut(text: string, at: number): string {
  if (text.length <= SNIPPET_CHARS) return text;
  const start = at <= SNIPPET_CHARS / 3 ? 0 : Math.min(at - Math.floor(SNIPPET_CHARS / 3), text.length - (SNIPPET_CHARS - 1));
  const end = start + SNIPPET_CHARS - (start > 0 ? 2 : 1);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trimEnd()}${end < text.length ? '…' : ''}`;
}
