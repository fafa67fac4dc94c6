import type { Citation, LineRange, Passage } from '../types.js';
import { sourceUrl } from './compose.js';
import type { Unit } from './units.js';

/** A quoted unit as shown: its text, perhaps cut short (then shown with `…`). */
export interface Quote {
  unit: Unit;
  /** The verbatim part of the unit that is shown. */
  text: string;
  cut: boolean;
  /** A sentence from the middle of the unit: shown after the unit's label, if any, and `…`. */
  from?: 'middle';
}

/** One block of an answer; each quoting segment cites one passage. */
export type Segment =
  /**
   * Sentences of one section, led by the subject when the sentences do not name it (`**READ COMMITTED** — …`);
   * `bothSides` when they answer both sides of a comparison at once (the subject names both).
   */
  | { kind: 'prose'; passage: number; subject?: string; quotes: Quote[]; bothSides?: true }
  /** A list as the note has it: items in note order with bold labels, `외 N개` for the items left out. */
  | { kind: 'list'; passage: number; subject?: string; intro?: Quote; items: Quote[]; more: number }
  /** A part of the question the notes do not cover (one side of a comparison). */
  | { kind: 'missing'; subject: string };

/** The answer text (each segment ending with its citation number) and the citations with their quoted lines. */
export function renderSegments(segments: Segment[], passages: Passage[], options: { notesBaseUrl?: string | undefined; english: boolean }): { text: string; citations: Citation[] } {
  const numbers = new Map<number, number>();
  const citations: Citation[] = [];
  const cite = (p: number, quotes: Quote[]): number => {
    let n = numbers.get(p);
    if (n === undefined) {
      const passage = passages[p]!;
      n = citations.length + 1;
      numbers.set(p, n);
      citations.push({ n, file: passage.file, section: passage.section, anchor: passage.anchor, lines: passage.lines, score: passage.score, quotes: [] });
    }
    citations[n - 1]!.quotes!.push(...quotes.map((q) => ({ lines: q.unit.lines, text: q.text })));
    return n;
  };
  const blocks = segments.map((segment) => {
    switch (segment.kind) {
      case 'missing':
        return options.english ? `The notes do not cover "${segment.subject}".` : `노트에서 "${segment.subject}"에 대한 내용은 찾지 못했습니다.`;
      case 'prose': {
        const n = cite(segment.passage, segment.quotes);
        // Sentences run on in one paragraph; a list item stays a list item, on its own line.
        const lines: string[] = [];
        let open = false;
        let under: string | undefined;
        for (const quote of segment.quotes) {
          const item = quote.unit.kind === 'list-item';
          // Quotes from a subsection of the passage (`단점`) stand under its name, as in the note.
          if (quote.unit.under !== under) {
            under = quote.unit.under;
            // A subsection the segment's subject already names (a comparison's side, `명령형 프로그래밍 :`) is not named twice.
            if (under && !(segment.subject && under.toLowerCase().includes(segment.subject.toLowerCase()))) {
              lines.push(`**${under}**`);
              open = false;
            }
          }
          if (item || !open) lines.push(item ? `- ${shown(quote)}` : shown(quote));
          else lines[lines.length - 1] += ` ${shown(quote)}`;
          open = !item;
        }
        // A subject leads a sentence (`**X** — …`), or stands above a list.
        if (segment.subject && segment.quotes[0]!.unit.kind === 'list-item') lines.unshift(`**${segment.subject}**`);
        else lines[0] = `${lead(segment.subject)}${lines[0]}`;
        lines[lines.length - 1] += ` [${n}]`;
        return lines.join('\n');
      }
      case 'list': {
        const quoted = segment.intro ? [segment.intro, ...segment.items] : segment.items;
        const n = cite(segment.passage, quoted);
        const head = segment.intro ? `${lead(segment.subject)}${shown(segment.intro)}` : segment.subject ? `**${segment.subject}**` : '';
        // Bulleted: whether the note numbered the list is not known here, and a number would claim an order.
        // Items from the passage's subsections (`A → B : SYN(a)` of a step) stand under their names, as in the note.
        const items: string[] = [];
        let under: string | undefined;
        for (const item of segment.items) {
          if (item.unit.under !== under && (under = item.unit.under)) items.push(`**${under}**`);
          items.push(`- ${shown(item)}`);
        }
        const more = segment.more > 0 ? (options.english ? `(and ${segment.more} more)` : `외 ${segment.more}개`) : '';
        const lines = [...(head ? [head] : []), ...items, ...(more ? [more] : [])];
        lines[lines.length - 1] += ` [${n}]`;
        return lines.join('\n');
      }
    }
  });
  for (const c of citations) {
    if (options.notesBaseUrl) c.url = sourceUrl(options.notesBaseUrl, c.file, span(c.quotes!.map((q) => q.lines)));
  }
  return { text: blocks.join('\n'), citations };
}

function lead(subject: string | undefined): string {
  return subject ? `**${subject}** — ` : '';
}

/** A quote as shown: one line, its label in bold, `…` where it was cut. */
function shown(quote: Quote): string {
  const { unit } = quote;
  const flat = quote.text.replace(/\s*\n\s*/gu, ' ');
  if (quote.from === 'middle') {
    // What the item is about, verbatim: its label, or a short first line naming it (`- Map` over its description).
    const firstLine = unit.text.split('\n')[0]!.trim();
    const head = unit.label ?? (firstLine.length <= 30 && firstLine !== unit.text.trim() ? firstLine : undefined);
    return `${head ? `**${head}** ` : ''}… ${flat}${quote.cut ? '…' : ''}`;
  }
  const text = quote.cut ? `${flat}…` : flat;
  if (!unit.label || !quote.text.startsWith(unit.label)) return text;
  return `**${unit.label}**${text.slice(unit.label.length)}`;
}

function span(ranges: LineRange[]): LineRange {
  return [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
}
