import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import matter from 'gray-matter';
import type { Code, Heading, Html, List, ListItem, Nodes, Paragraph, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Block, LineRange, Note, Section } from '../types.js';
import { SENTENCE_END } from './role.js';
import { createSlugger } from './slug.js';

/**
 * A bullet whose first line is a short label followed by nested content reads as a sub-heading
 * (`* 도커에서의 커널` + nested bullets). Longer first lines, or ones that end like a sentence, are content.
 */
const LABEL_MAX_CHARS = 50;
/**
 * Lists and quotes nested deeper than this are flattened into blocks of the section they are in. Real notes
 * never come close; walking thousands of levels recursively (a few KB of `- - - - …`) would overflow the stack.
 */
const MAX_NESTING = 32;
/**
 * Headings become section paths, which every chunk of the section carries (and embeds, and stores): a heading
 * line of megabytes (a paste gone wrong) would be copied into thousands of chunks. Longer titles are cut.
 */
const MAX_TITLE_CHARS = 200;
const SUMMARY = /<summary[^>]*>([\s\S]*?)<\/summary>/i;
const CLOSE_DETAILS = /<\/details\s*>/i;

/**
 * Parses one markdown note into its section tree. `file` is relative to the knowledge folder. `warn` hears what was
 * passed over without losing the note (front matter that is not valid YAML).
 */
export function parseNote(file: string, source: string, warn: (message: string) => void = () => {}): Note {
  const hash = createHash('sha256').update(source).digest('hex');
  const { body, data } = splitFrontMatter(source, warn);
  const tree = parseMarkdown(body);
  const title = findTitle(tree) ?? frontMatterTitle(data) ?? posix.basename(file).replace(/\.md$/i, '');
  return { file, title, hash, sections: new SectionBuilder(file, title).build(tree) };
}

function parseMarkdown(body: string): Root {
  try {
    return fromMarkdown(body, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  } catch (error) {
    // The markdown library recurses per nesting level: thousands of nested lists or quotes overflow its stack.
    if (error instanceof RangeError) throw new Error(`markdown nested too deeply to parse (${error.message})`);
    throw error;
  }
}

/** Front matter is replaced by blank lines so that markdown positions stay file line numbers. */
function splitFrontMatter(source: string, warn: (message: string) => void): { body: string; data: Record<string, unknown> } {
  const text = source.replace(/^\uFEFF/, '');
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/.exec(text);
  if (!match) return { body: text, data: {} };
  let data: Record<string, unknown> = {};
  try {
    data = matter(match[0]).data as Record<string, unknown>;
  } catch (error) {
    // Broken YAML is not worth losing the note over: the body is still indexed, and the author is told.
    warn(`front matter is not valid YAML (${firstLineOf(error)}): its title is not used; the note is indexed`);
  }
  // As many line endings as the front matter had (a lone CR counts, as it does for the markdown positions).
  const blank = '\n'.repeat(match[0].split(/\r\n|\r|\n/).length - 1);
  return { body: blank + text.slice(match[0].length), data };
}

function firstLineOf(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).split('\n')[0]!.trim();
}

function findTitle(tree: Root): string | undefined {
  const h1 = tree.children.find((node): node is Heading => node.type === 'heading' && node.depth === 1);
  const text = h1 ? titleText(h1) : '';
  return text || undefined;
}

function frontMatterTitle(data: Record<string, unknown>): string | undefined {
  for (const key of ['title', 'description']) {
    const value = data[key];
    if (typeof value === 'string' && value.trim()) return clipTitle(value.trim());
  }
  return undefined;
}

interface OpenSection {
  section: Section;
  /** Heading depth 1–6 for real headings; list labels sit just below their parent. */
  level: number;
}

class SectionBuilder {
  private readonly sections: Section[] = [];
  private readonly stack: OpenSection[] = [];
  private readonly slugger = createSlugger();
  /** Bullet labels are not headings in the rendered note: they must not shift the heading anchors' `-1` counters. */
  private readonly labelSlugger = createSlugger();
  private titleConsumed = false;
  /** Lists and quotes the visitor is inside of right now. */
  private nesting = 0;
  /** Open `<details>` sections, innermost last. */
  private readonly details: OpenSection[] = [];

  constructor(
    private readonly file: string,
    private readonly title: string,
  ) {}

  build(tree: Root): Section[] {
    const root = this.open([this.title], '', 0, 1);
    this.stack.push({ section: root, level: 0 });
    this.visitAll(tree.children);
    // A heading with nothing under it but sub-headings lives on in its children's paths.
    return this.sections.filter((s) => s.blocks.length > 0);
  }

  private get current(): OpenSection {
    return this.stack[this.stack.length - 1]!;
  }

  private open(path: string[], anchor: string, depth: number, line: number, key = anchor): Section {
    const section: Section = { id: `${this.file}#${key}`, file: this.file, path, anchor, depth, lines: [line, line], blocks: [] };
    // Everything under a heading that links elsewhere points there too (a README's nested chapter list).
    if (this.stack.length > 0 && this.current.section.pointer) section.pointer = true;
    this.sections.push(section);
    return section;
  }

  private visitAll(nodes: RootContent[]): void {
    for (const node of nodes) this.visit(node);
  }

  private visit(node: RootContent): void {
    switch (node.type) {
      case 'heading':
        return this.heading(node);
      case 'paragraph':
        if (isLinksOnly(node)) return;
        return this.addBlock('paragraph', node, inlineText(node), emphasisOf(node));
      case 'code':
        return this.code(node);
      case 'table':
        return this.addBlock('table', node, tableText(node), emphasisOf(node));
      case 'blockquote':
        return this.nested(node, () => this.visitAll(node.children));
      case 'list':
        return this.nested(node, () => this.list(node));
      case 'html':
        return this.html(node);
      default:
        // html, images, thematic breaks, definitions and footnotes carry no prose worth indexing.
        return;
    }
  }

  private nested(node: Nodes, visit: () => void): void {
    if (this.nesting >= MAX_NESTING) return this.flatten(node);
    this.nesting++;
    try {
      visit();
    } finally {
      this.nesting--;
    }
  }

  /** Everything under an over-deep list or quote, in document order, as blocks of the current section (no recursion). */
  private flatten(root: Nodes): void {
    const pending: Nodes[] = [root];
    while (pending.length > 0) {
      const node = pending.pop()!;
      switch (node.type) {
        case 'paragraph':
          if (!isLinksOnly(node)) this.addBlock('paragraph', node, inlineText(node), emphasisOf(node));
          break;
        case 'heading':
          this.addBlock('paragraph', node, inlineText(node), emphasisOf(node));
          break;
        case 'code':
          this.code(node);
          break;
        case 'table':
          this.addBlock('table', node, tableText(node), emphasisOf(node));
          break;
        case 'list':
          if (!isTableOfContents(node)) pushReversed(pending, node.children);
          break;
        case 'listItem':
        case 'blockquote':
          pushReversed(pending, node.children);
          break;
        default:
          break;
      }
    }
  }

  private heading(node: Heading): void {
    const text = titleText(node);
    if (!text) return;
    if (node.depth === 1 && !this.titleConsumed && text === this.title) {
      // The note's own title is the root of every path, not a section of its own.
      this.titleConsumed = true;
      return;
    }
    while (this.stack.length > 1 && this.current.level >= node.depth) this.stack.pop();
    const parent = this.current.section;
    const anchor = this.slugger.slug(text);
    const section = this.open([...parent.path, text], anchor, parent.depth + 1, line(node, 'start'));
    if (isPageLink(node)) section.pointer = true;
    this.stack.push({ section, level: node.depth });
  }

  private code(node: Code): void {
    // Line endings are not content: a CRLF note yields the same code text as its LF twin.
    if (node.value.trim()) this.addBlock('code', node, node.value.replace(/\r\n?/g, '\n'), emphasisOf(node));
  }

  private list(node: List): void {
    // A table of contents repeats the headings as links; indexing it would shadow the real sections.
    if (isTableOfContents(node)) return;
    const answered = isAnsweredQuestions(node);
    for (const item of node.children) this.listItem(item, answered);
  }

  /** `answered`: the list's questions are headings of the answers nested under them (see isAnsweredQuestions). */
  private listItem(item: ListItem, answered: boolean): void {
    const [first, ...rest] = item.children;
    if (!first) return;
    if (first.type === 'heading') {
      // GitBook writes headings inside bullets (`*   #### 베어메탈 하이퍼바이저`); they are headings all the same.
      this.visitAll(item.children);
      return;
    }
    const label = first.type === 'paragraph' ? inlineText(first).trim() : '';
    if (label && rest.length > 0 && (isLabel(label) || (answered && isQuestionLabel(label)))) {
      this.labelledItem(label, first as Paragraph, rest);
      return;
    }
    if (first.type === 'paragraph') {
      if (!isLinksOnly(first)) this.addBlock('list-item', first, inlineText(first), emphasisOf(first));
    }
    else this.visit(first);
    this.visitAll(rest);
  }

  /**
   * `<details><summary>질문</summary> … </details>`: notes fold an interview question's answer this way. The
   * summary is the answer's heading (a sub-section scoped to the details element); without it the answers of a
   * whole Q&A chapter would run together under one heading and the questions they answer would be lost.
   */
  private html(node: Html): void {
    if (CLOSE_DETAILS.test(node.value)) {
      const entry = this.details.pop();
      const at = entry ? this.stack.indexOf(entry) : -1;
      if (at >= 0) this.stack.length = at;
    }
    const summary = SUMMARY.exec(node.value);
    const label = summary ? clipTitle(collapseSpaces(summary[1]!.replace(/<[^>]*>/g, ' ')).replace(/\n/g, ' ')) : '';
    if (!label) return;
    const parent = this.current;
    const key = `${parent.section.anchor}/${this.labelSlugger.slug(label)}`;
    const section = this.open([...parent.section.path, label], parent.section.anchor, parent.section.depth + 1, line(node, 'start'), key);
    const entry: OpenSection = { section, level: parent.level + 0.5 };
    this.stack.push(entry);
    this.details.push(entry);
  }

  /** A bullet label with nested content becomes a sub-section scoped to the bullet. */
  private labelledItem(label: string, first: Paragraph, rest: RootContent[]): void {
    const parent = this.current;
    const key = `${parent.section.anchor}/${this.labelSlugger.slug(label)}`;
    const section = this.open([...parent.section.path, label], parent.section.anchor, parent.section.depth + 1, line(first, 'start'), key);
    const entry: OpenSection = { section, level: parent.level + 0.5 };
    this.stack.push(entry);
    this.visitAll(rest);
    // The bullet's scope ends here, unless a heading inside it already closed the label (and opened its own section).
    const at = this.stack.indexOf(entry);
    if (at >= 0) this.stack.length = at;
  }

  private addBlock(kind: Block['kind'], node: Nodes, rawText: string, emphasis: string[]): void {
    const text = kind === 'code' ? rawText.replace(/\s+$/, '') : collapseSpaces(rawText);
    if (!text) return;
    const lines: LineRange = [line(node, 'start'), line(node, 'end')];
    const section = this.current.section;
    const linkChars = kind === 'paragraph' || kind === 'list-item' ? linkTextLength(node) : 0;
    section.blocks.push({ kind, text, lines, emphasis, ...(linkChars > 0 ? { linkChars } : {}) });
    section.lines[1] = Math.max(section.lines[1], lines[1]);
    if (section.blocks.length === 1 && section.depth === 0) section.lines[0] = lines[0];
  }
}

/**
 * A table of contents: most entries open with nothing but a link to a heading (`* [멀티스레드](#멀티스레드)`),
 * perhaps with plain sub-entries under them.
 */
function isTableOfContents(list: List): boolean {
  return isAnchorList(list) || isOutline(list);
}

/**
 * An outline of topics (a README listing what each chapter covers): a long nested list of bare short phrases,
 * no item saying anything. Indexed, it matches every keyword question and answers none.
 */
function isOutline(list: List): boolean {
  let items = 0;
  let nested = false;
  const bare = (l: List): boolean =>
    l.children.every((item) => {
      items++;
      const [first, ...rest] = item.children;
      if (first && first.type !== 'paragraph') return false;
      const text = first ? inlineText(first).trim() : '';
      if (text.length > OUTLINE_ITEM_CHARS || /[:：]/.test(text) || SENTENCE_END.test(text)) return false;
      return rest.every((child) => child.type === 'list' && (nested = true) && bare(child));
    });
  return bare(list) && nested && items >= OUTLINE_MIN_ITEMS;
}

const OUTLINE_ITEM_CHARS = 40;
const OUTLINE_MIN_ITEMS = 10;

function isAnchorList(list: List): boolean {
  const anchorOnly = (item: ListItem): boolean => {
    const first = item.children[0];
    if (first?.type !== 'paragraph') return false;
    const parts = first.children.filter((n) => !(n.type === 'text' && !n.value.trim()));
    return parts.length === 1 && parts[0]!.type === 'link' && parts[0]!.url.startsWith('#');
  };
  const count = list.children.filter(anchorOnly).length;
  return count >= 2 && count >= list.children.length / 2;
}

/** Navigation (`[뒤로](#…)`) and bare reference links say nothing a question could be answered with. */
function isLinksOnly(paragraph: Paragraph): boolean {
  // Text between the links that is only separators (`[뒤로](…)/[위로](…)`) does not count.
  const parts = paragraph.children.filter((n) => !(n.type === 'text' && !/[\p{L}\p{N}]/u.test(n.value)) && n.type !== 'break');
  return parts.length > 0 && parts.every((n) => n.type === 'link' || n.type === 'image' || n.type === 'html');
}

/** A heading that is nothing but a link to another file or site (`### [📖 정리노트](./contents/…)`). */
function isPageLink(heading: Heading): boolean {
  const parts = heading.children.filter((n) => !(n.type === 'text' && !n.value.trim()));
  return parts.length === 1 && parts[0]!.type === 'link' && !parts[0]!.url.startsWith('#');
}

/** Visible characters inside links, whitespace collapsed as the block's text is. */
function linkTextLength(node: Nodes): number {
  if (node.type === 'link' || node.type === 'linkReference') return collapseSpaces(inlineText(node)).trim().length;
  return 'children' in node ? (node.children as Nodes[]).reduce((n, child) => n + linkTextLength(child), 0) : 0;
}

function isLabel(text: string): boolean {
  return text.length <= LABEL_MAX_CHARS && !text.includes('\n') && !SENTENCE_END.test(text);
}

function isQuestionLabel(text: string): boolean {
  return text.length <= LABEL_MAX_CHARS && !text.includes('\n') && /[?？]$/u.test(text);
}

/**
 * A list of interview questions, most of them answered by what is nested under them (`- Init 메소드에서 .연산자를 써도
 * 될까요?` + `* 불가능 합니다. …`): each question is the heading of its answer, as a `<details>` summary is. A list of
 * questions to ask, a few with a note under them (`- FOSS 프로젝트에 기여할 수 있나요?` + `- FOSS란 …`), stays one list.
 */
function isAnsweredQuestions(list: List): boolean {
  const questions = list.children.filter((item) => item.children[0]?.type === 'paragraph' && isQuestionLabel(inlineText(item.children[0]).trim()));
  return questions.length > 0 && questions.filter((item) => item.children.length > 1).length * 2 > questions.length;
}

function line(node: Nodes, edge: 'start' | 'end'): number {
  return node.position?.[edge].line ?? 1;
}

/** Plain text of inline content: emphasis markers, link syntax and HTML dropped; images dropped. */
export function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return '\n';
    case 'html':
      return /^<br\s*\/?>$/i.test(node.value.trim()) ? '\n' : '';
    case 'image':
    case 'imageReference':
    case 'footnoteReference':
      return '';
    default:
      return 'children' in node ? (node.children as Nodes[]).map(inlineText).join('') : '';
  }
}

/** Children go on the work stack last first, so they are popped in document order. */
function pushReversed(stack: Nodes[], children: readonly Nodes[]): void {
  for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
}

function titleText(heading: Heading): string {
  return clipTitle(inlineText(heading).trim());
}

function clipTitle(text: string): string {
  if (text.length <= MAX_TITLE_CHARS) return text;
  let cut = text.slice(0, MAX_TITLE_CHARS - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function tableText(table: Table): string {
  return table.children
    // One line per row, as in the source (a `<br>` inside a cell is a space here), so rows keep their line numbers.
    .map((row) => row.children.map((cell) => collapseSpaces(inlineText(cell)).replace(/\n/g, ' ')).join(' | '))
    .join('\n');
}

/** Bold and inline-code terms: what the author marked as key vocabulary. */
function emphasisOf(node: Nodes): string[] {
  const terms: string[] = [];
  const walk = (n: Nodes): void => {
    if (n.type === 'strong' || n.type === 'inlineCode') {
      const term = collapseSpaces(inlineText(n)).replace(/[:：]$/, '').trim();
      if (term && !terms.includes(term)) terms.push(term);
      return;
    }
    if ('children' in n) for (const child of n.children as Nodes[]) walk(child);
  };
  walk(node);
  return terms;
}

function collapseSpaces(text: string): string {
  return text
    // A lone CR ends a line too (the markdown positions count it), not only LF and CRLF.
    .split(/\r\n?|\n/)
    .map((l) => l.replace(/[ \t\u00A0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}
