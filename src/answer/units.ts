import type { Analyzer } from '../text/analyzer.js';
import { splitSentences } from '../text/sentences.js';
import type { LineRange, Passage, PassageBlock } from '../types.js';

/**
 * What the composer can quote: one sentence of a paragraph, one list item, one code block. Each keeps the
 * line(s) it came from, so every quote in an answer cites its own lines.
 */
export interface Unit {
  /** Index of the passage in the retrieved list. */
  passage: number;
  /** Index of the block among the passage's distinct blocks, and of the unit in the passage (reading order). */
  block: number;
  order: number;
  kind: PassageBlock['kind'];
  /** Verbatim from the block (a multi-line list item or sentence keeps its line breaks). */
  text: string;
  lines: LineRange;
  /**
   * - sentence / item: quotable content
   * - intro: a line ending with `:` that only announces a list
   * - fragment: a heading-like line (no predicate, short), a bold label, a caption
   * - question: a line asking a question (interview-style notes)
   */
  role: 'sentence' | 'item' | 'intro' | 'fragment' | 'question' | 'code' | 'table';
  /** A list item's `label:` prefix (`이식성` of `이식성: 컨테이너 이미지를…`), set in bold when quoted. */
  label?: string;
  /** The subsection of the passage the unit comes from (`단점`), shown above its quotes. */
  under?: string;
  terms: ReadonlySet<string>;
}

/** A list item's label is short: `이식성`, `상호배제(Mutual Exclusion)`, `SRP(단일 책임의 원칙 : Single Responsibility Principle)`. */
const LABEL_MAX_CHARS = 60;
/** A Korean or English predicate or a full stop (`…할 것` is the notes' imperative): the line says something rather than naming something. */
const PREDICATE = /(?:[.!。]|[다요죠음함됨임짐봄능것])["')\]]*$/u;

/** The passage's blocks as quotable units, each sentence analyzed once. */
export function unitsOf(passage: Passage, p: number, analyzer: Analyzer): Unit[] {
  const units: Unit[] = [];
  // Consecutive chunks of a section repeat a sentence as overlap: a block seen before is not quoted twice.
  const seen = new Set<string>();
  let b = -1;
  for (const block of passage.blocks) {
    const key = `${block.lines[0]}-${block.lines[1]}:${block.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    b++;
    // Notes written in a code fence (`1. 은행원 알고리즘은 …` in a ```bash block) are read as the list they are.
    const prose = block.kind === 'code' && isProseInCode(block.text);
    for (const piece of prose ? linesOfCode(block) : piecesOf(block)) {
      const kind = prose ? 'list-item' : block.kind;
      if (prose && units.length > 0 && units[units.length - 1]!.kind === 'list-item') b++;
      const unit: Unit = { passage: p, block: b, order: units.length, kind, text: piece.text, lines: piece.lines, role: roleOf(kind, piece.text), terms: new Set(analyzer.analyze(piece.text)) };
      if (kind === 'list-item') {
        const label = labelOf(piece.text);
        if (label) unit.label = label;
      }
      if (block.under) unit.under = block.under;
      units.push(unit);
    }
  }
  return units;
}

/**
 * The `label` of `label: 설명` (or `label : 설명`): the text before the first colon outside parentheses, when it is
 * short and not a sentence. A colon inside `(…)` belongs to the label; `http:` is a link, not a label.
 */
function labelOf(text: string): string | undefined {
  let depth = 0;
  for (let i = 0; i < Math.min(text.length, LABEL_MAX_CHARS + 1); i++) {
    const c = text[i]!;
    if (c === '(' || c === '（') depth++;
    else if (c === ')' || c === '）') depth = Math.max(0, depth - 1);
    else if ((c === ':' || c === '：') && depth === 0) {
      const label = text.slice(0, i).trim();
      if (!label || /[.?!]/u.test(label) || /^https?$/iu.test(label) || !/^\s/u.test(text.slice(i + 1))) return undefined;
      return label;
    }
  }
  return undefined;
}

function piecesOf(block: PassageBlock): { text: string; lines: LineRange }[] {
  if (block.kind !== 'paragraph' && block.kind !== 'quote') return [{ text: block.text, lines: block.lines }];
  const sentences = splitSentences(block.text);
  // Block text keeps one line per source line (blank lines are never inside a block), so a sentence's line is
  // the block's first line plus the line breaks before it; when the counts disagree only the block is known.
  const textLines = block.text.split('\n').length;
  const exact = textLines === block.lines[1] - block.lines[0] + 1;
  const pieces: { text: string; lines: LineRange }[] = [];
  let from = 0;
  for (const sentence of sentences) {
    const at = block.text.indexOf(sentence, from);
    if (!exact || at < 0) {
      pieces.push({ text: sentence, lines: block.lines });
      continue;
    }
    const start = block.lines[0] + newlines(block.text, 0, at);
    pieces.push({ text: sentence, lines: [start, start + newlines(sentence, 0, sentence.length)] });
    from = at + sentence.length;
  }
  return pieces;
}

const FENCE = /^\s*(?:`{3,}|~{3,})/u;

/**
 * Mostly Hangul lines of sentence length, hardly any code punctuation and no box drawing (a `└──` tree is a
 * diagram): prose someone put in a code fence for its layout.
 */
function isProseInCode(text: string): boolean {
  const letters = text.match(/[A-Za-z\uAC00-\uD7A3]/gu)?.length ?? 0;
  const hangul = text.match(/[\uAC00-\uD7A3]/gu)?.length ?? 0;
  const code = text.match(/[;{}=<>[\]]/gu)?.length ?? 0;
  const lines = text.split('\n').filter((l) => l.trim() && !FENCE.test(l));
  const long = lines.filter((l) => l.trim().length >= 15).length;
  return letters > 0 && hangul >= 0.6 * letters && code * 50 < text.length && !/[\u2500-\u257F]/u.test(text) && long * 2 >= lines.length;
}

/** A prose code block's lines, each with its source line (a fence line above the text, when the block spans one). */
function linesOfCode(block: PassageBlock): { text: string; lines: LineRange }[] {
  const lines = block.text.split('\n');
  const fenced = block.lines[1] - block.lines[0] + 1 >= lines.length + 2;
  const first = block.lines[0] + (fenced ? 1 : 0);
  return lines.flatMap((line, i) => (line.trim() && !FENCE.test(line) ? [{ text: line.trim(), lines: [first + i, first + i] as LineRange }] : []));
}

function newlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function roleOf(kind: PassageBlock['kind'], text: string): Unit['role'] {
  if (kind === 'code') return 'code';
  if (kind === 'table') return 'table';
  const line = text.trim();
  if (/[?？]["')\]]*$/u.test(line) || /^Q\s*[.:]/u.test(line)) return 'question';
  if (/[:：]$/u.test(line)) return 'intro';
  // Bylines and pointers to elsewhere (`참고 : [Network] …`, `작성자 권혁진 | …`) say nothing about the topic.
  if (/^(?:참고|출처|작성자|스터디 자료|reference|source)s?\s*[:：|-]?/iu.test(line)) return 'fragment';
  // A list item of a few words says something in the notes' clipped style (`Queue를 이용해 구현`); a name alone does not.
  if (isFragment(line) && !(kind === 'list-item' && ITEM_PHRASE.test(line))) return 'fragment';
  return kind === 'list-item' ? 'item' : 'sentence';
}

/**
 * A heading-like line: a bracketed caption (`[ Banker algorithm (은행원 알고리즘) ]`), or a short line with no
 * predicate (`HTTP 의 문제점들`, `프로세스와 스레드의 차이`). List items may be short names: they stay items.
 */
function isFragment(line: string): boolean {
  // A whole sentence in parentheses (`(call stack에서의 stack overflow에 유의해야 한다.)`) is an aside, not a caption.
  if (/^[[(【<].*[\])】>]$/u.test(line)) return !/[.!。]$/u.test(line.slice(1, -1).trim());
  if (PREDICATE.test(line)) return false;
  return line.length < 40 && !/[,，]/u.test(line);
}

/** Three words or more: a phrase, not a name (`Queue를 이용해 구현`, not `프린터 버퍼`). */
const ITEM_PHRASE = /^\S+\s+\S+\s+\S+/u;

/** Whether the unit's own words can stand as (part of) an answer. */
export function isQuotable(unit: Unit): boolean {
  return unit.role === 'sentence' || unit.role === 'item';
}
