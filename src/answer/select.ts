import { namesWord, termsWithCounterparts, type AnalyzedQuery, type TermGroup } from '../retrieval/query.js';
import { parentOf } from '../retrieval/search.js';
import { normalize, type Analyzer } from '../text/analyzer.js';
import { asksForCount, asksForQuestions, isIntentWord, type QuestionIntent, type QuestionType } from '../text/intent.js';
import type { Passage } from '../types.js';
import type { Quote, Segment } from './render.js';
import { isQuotable, unitsOf, type Unit } from './units.js';
import { splitSentences } from '../text/sentences.js';
import { FINAL, finalConsonant, hasHangul } from '../text/hangul.js';

/** What the composer reads of the analyzed question. */
export interface QueryTerms {
  question: string;
  groups: Pick<TermGroup, 'word' | 'terms' | 'alternatives' | 'phrases'>[];
  terms: AnalyzedQuery['terms'];
}

export interface SelectOptions {
  analyzer: Analyzer;
  idf: (term: string) => number;
  maxChars: number;
}

/** Passages quoted from for most types; a comparison looks a little further for its second side. */
const QUOTED_PASSAGES = 3;
const COMPARED_PASSAGES = 5;
/** A list item longer than this is shown to its first sentence (or cut) so that all items fit. */
const ITEM_CHARS = 180;
/** A heading longer than this is a sentence or a paragraph, not a subject to lead quotes with. */
const SUBJECT_CHARS = 40;
/** Sentences scoring below this share of the best one are not worth the reader's time. */
const RELATIVE_FLOOR = 0.5;
/** Two sentences sharing this much of their terms say the same thing: the second is left out (MMR). */
const NEAR_DUPLICATE = 0.6;
/** Beyond this many sentences an answer is a section dump, whatever the budget allows. */
const MAX_SENTENCES = 5;

/** Causal markers; `…하기 위해서는` (what one needs in order to do something) gives no reason for it. */
const CAUSAL = /때문|위함|[으]?므로|[아어여해]서(?:\s|,|$)|위해(?!서는)|위하여|이유[는가로]|덕분|인해|인한|원인|따라서|그래서|그러므로|because|since|so that|due to|therefore|thus|in order to/u;
const CONTRAST = /반면|달리|비해|보다|차이|대신|whereas|unlike|while|instead|compared|rather than/u;
const STEP = /먼저|우선|다음[으에]|그 ?후|이후|마지막|단계|순서|first|then|next|finally|after/u;
const DEFINING_END = /(?:이다|입니다|[을를] (?:말한다|말합니다|뜻한다|뜻합니다|의미한다|의미합니다|가리킨다|일컫는다)|(?:이)?라고 (?:한다|합니다|부른다|하며|하고|부르며)|(?:이)?라 (?:한다|하며|하고)|것이다|것입니다|\bis an?\b|\brefers to\b|\bmeans\b)/u;
/** Connectives that turn to something else (`하지만 현실에서는…`): they need what came before, but do not elaborate it. */
const TURN = /^(?:그러나|하지만|반면|그런데|but|however)(?=[\s,])/iu;
const LIST_NOUNS = ['장단점', '장점', '단점', '조건', '종류', '특징', '원칙', '유형', '요소', '역할', '한계', '문제점', '이점', 'advantage', 'disadvantage', 'downside', 'benefit', 'drawback'];
/** Opens with a word pointing back at what came before: the quote needs its antecedent or its section named. */
const ANAPHOR = /^(?:이는|이것[은이을]|이를|이러한|이런|이럴|그럴|이와|이렇게|이처럼|이렇듯|이|그|그는|그것[은이을]|그러한|그런|그렇기|그렇게|그러면|그러다가|그러다|그래도|그러니까|그런데|그래서|따라서|그러므로|그러나|하지만|또한|또|그리고|게다가|더구나|아울러|즉|반면|this|it|these|they|that|thus|therefore|so)(?=[\s,])/iu;

/** A question line quoted as what it is: an item or a sentence of the note. */
function asStatement(unit: Unit): Unit {
  return unit.role === 'question' ? { ...unit, role: unit.kind === 'list-item' ? 'item' : 'sentence' } : unit;
}

/** Everything selection needs about the question and the passages, computed once. */
class Context {
  readonly weights = new Map<string, number>();
  readonly total: number;
  readonly units: Unit[][] = [];
  /** The question's `장점`, `단점`, `조건`…: a sentence saying it (`한 가지 단점이 존재하는데…`) is the list's answer. */
  readonly listNouns: string[];
  private readonly headingTerms: Set<string>[] = [];
  private readonly ownHeadingTerms: Set<string>[] = [];

  constructor(
    readonly query: QueryTerms,
    readonly passages: Passage[],
    readonly intent: QuestionIntent,
    readonly options: SelectOptions,
  ) {
    // The words that only say what kind of answer is wanted (차이, 이유) are no evidence of the topic.
    const asking = new Set(query.groups.filter((g) => isIntentWord(g.word)).flatMap((g) => g.terms));
    const content = new Set(query.groups.filter((g) => !isIntentWord(g.word)).flatMap(termsWithCounterparts));
    const premise = premiseTerms(query.groups);
    for (const { term, weight } of query.terms) {
      if (asking.has(term) && !content.has(term)) continue;
      this.weights.set(term, Math.max(this.weights.get(term) ?? 0, options.idf(term) * weight * (premise.has(term) ? PREMISE_WEIGHT : 1)));
    }
    this.total = [...this.weights.values()].reduce((a, b) => a + b, 0);
    this.listNouns = LIST_NOUNS.filter((noun) => normalize(query.question).includes(noun));
    const shown = Math.min(passages.length, intent.type === 'comparison' ? COMPARED_PASSAGES : QUOTED_PASSAGES);
    // Asked for questions to ask (`역면접 때 물어볼 만한 거`), the notes' question lines are the answer, not framing.
    const questionsWanted = asksForQuestions(query.question);
    for (let p = 0; p < shown; p++) {
      // A section pointing to material elsewhere (`아래의 자료에서 자세한 설명을 볼 수 있다.`) answers nothing itself.
      const units = passages[p]!.role === 'references' ? [] : unitsOf(passages[p]!, p, options.analyzer);
      this.units.push(questionsWanted ? units.map(asStatement) : units);
      this.headingTerms.push(new Set(options.analyzer.analyze(passages[p]!.section.slice(1).join(' '))));
      this.ownHeadingTerms.push(new Set(options.analyzer.analyze(passages[p]!.section.at(-1)!)));
    }
  }

  /** Share of the question's weight (idf) the terms contain, 0..1; `except` terms count for nothing. */
  match(terms: ReadonlySet<string>, except?: ReadonlySet<string>): number {
    if (this.total === 0) return 0;
    let sum = 0;
    for (const [term, weight] of this.weights) if (terms.has(term) && !except?.has(term)) sum += weight;
    return sum / this.total;
  }

  heading(p: number): ReadonlySet<string> {
    return this.headingTerms[p]!;
  }

  /** Terms of the section's own heading (the last of its path). */
  ownHeading(p: number): ReadonlySet<string> {
    return this.ownHeadingTerms[p]!;
  }

  /** The section's own heading, when it reads as a subject (not a whole question, not a paragraph). */
  subjectOf(p: number): string | undefined {
    const path = this.passages[p]!.section;
    const whole = path[path.length - 1]!.replace(/^\[\s*\d+\s*\]\s*/u, '').replace(/^\[\s*|\s*\]$/gu, '').replace(/^\d+(?:\.\d+)*[.)]?\s+/u, '');
    // A long heading naming its term first (`TCL (Transaction Control Language) : 트랜잭션 제어어`) is that term.
    const heading = whole.length > SUBJECT_CHARS ? whole.split(/\s+[:：]\s+|\s+[-–—]\s+/u)[0]!.replace(/\s*\([^()]*\)$/u, '') : whole;
    // A heading that is a question or a sentence (`…무엇을 의미하는가.`) names no subject.
    if (path.length < 2 || heading.length > SUBJECT_CHARS || /[.?？]$|(?:는가|인가|니다|이다)$/u.test(heading)) return undefined;
    return heading;
  }

  /** Passages close enough to the best to be quoted beside it. */
  allowed(p: number): boolean {
    if (p === 0) return true;
    return this.passages[p]!.coverage >= 0.75 * this.passages[0]!.coverage;
  }
}

export function selectSegments(query: QueryTerms, passages: Passage[], intent: QuestionIntent, options: SelectOptions): Segment[] {
  const ctx = new Context(query, passages, intent, options);
  const focused = intent.type === 'enumeration' ? subsectionKinds(ctx) ?? namedItem(ctx) : undefined;
  if (focused) return focused;
  const segments = byType(ctx);
  // Quotes that answer both sides at once are the comparison's answer as they stand, not a pointer to their section.
  if (segments.some((s) => s.kind === 'prose' && s.bothSides)) return segments;
  if (segments.length > 0) return wholeSection(ctx, segments) ?? withWholeLists(ctx, segments);
  // No sentence to quote (the sections hold only short names, `- BFS`, `- 프린터 버퍼`): their list is the answer.
  const run = listRuns(ctx).filter((r) => r.fit > 0).sort((a, b) => b.score - a.score)[0];
  return run ? [listSegment(ctx, run)] : [];
}

/**
 * `하이퍼바이저 종류에는 뭐가 있어?` under `### VM의 하이퍼바이저 종류` › `#### 베어메탈 하이퍼바이저`, `#### 호스트
 * 하이퍼바이저`, or `페이지 교체 알고리즘 종류` under `페이지 교체 알고리즘` › `FIFO 페이지 교체`, `LRU 페이지 교체`…: the
 * kinds asked for are the subsections of one heading. Each found among the passages is one item, its heading first,
 * its opening sentences after, in the notes' order. Undefined when the best section's own heading names the list noun
 * (it is the list), when the question names one subsection more than the others (`VM에서는 커널이 어떤 역할을
 * 하나요?` under `커널의 역할` › `도커에서의 커널`, `VM에서의 커널`), or when fewer than two were found.
 */
function subsectionKinds(ctx: Context): Segment[] | undefined {
  const best = ctx.passages[0];
  const question = normalize(ctx.query.question);
  const kindNouns = KIND_NOUNS.filter((noun) => question.includes(noun));
  if (!best || kindNouns.length === 0 || best.section.length < 3) return undefined;
  if (kindNouns.some((noun) => normalize(best.section.at(-1)!).includes(noun))) return undefined;
  const parent = parentOf(best);
  // `### VM의 하이퍼바이저 종류` › `#### 베어메탈 하이퍼바이저`, then `### 호스트 하이퍼바이저` a level up: a note that
  // slips a level still names each kind after what the kinds are of (the word before 종류).
  const kindsOf = headWordBefore(best.section.at(-2)!, kindNouns);
  const namesKind = (passage: Passage) =>
    kindsOf !== undefined && passage.file === best.file && passage.section.length >= best.section.length - 1 && passage.section.at(-1)!.split(/\s+/u).at(-1) === kindsOf && passage.section.at(-1) !== best.section.at(-2);
  const kinds = ctx.passages
    .map((passage, p) => ({ p, passage, subject: ctx.subjectOf(p) }))
    .filter(({ passage, subject }) => (parentOf(passage) === parent || namesKind(passage)) && passage.role === undefined && subject !== undefined)
    .map((kind) => ({ ...kind, units: (ctx.units[kind.p] ?? unitsOf(kind.passage, kind.p, ctx.options.analyzer)).filter(isQuotable), named: namedWords(ctx, kind.passage.section.at(-1)!) }))
    .filter(({ units }) => units.length > 0)
    .sort((a, b) => a.passage.lines[0] - b.passage.lines[0]);
  if (kinds.length < 2 || kinds.some((kind) => kind.named !== kinds[0]!.named)) return undefined;
  const share = Math.floor(ctx.options.maxChars / kinds.length);
  return kinds.map(({ p, subject, units }) => {
    const quotes: Quote[] = [cut(units[0]!, Math.max(ITEM_CHARS, share))];
    let room = share - quotes[0]!.text.length;
    for (const unit of units.slice(1)) {
      if (unit.text.length > room || unit.block !== units[0]!.block) break;
      quotes.push({ unit, text: unit.text, cut: false });
      room -= unit.text.length;
    }
    return { kind: 'prose', passage: p, subject: subject!, quotes };
  });
}

/**
 * `LSP가 무슨 원칙이었지` over the SOLID list: a question read as asking for a list (원칙) that names one item's label
 * (`**LSP(리스코브 치환의 원칙…)**`) asks for that item, not the list.
 */
function namedItem(ctx: Context): Segment[] | undefined {
  const units = ctx.units[0] ?? [];
  if (asksForCount(ctx.query.question)) return undefined;
  // The label must name the question's rarest word (`LSP`), not a common one it shares (`속성` of `탐욕적 선택 속성`
  // for `탐욕법 … 속성 두개`, which asks for both).
  const rarity = (g: QueryTerms['groups'][number]) => (isIntentWord(g.word) || LIST_NOUNS.some((noun) => normalize(g.word).includes(noun)) ? -1 : Math.max(...g.terms.map(ctx.options.idf)));
  const rarest = ctx.query.groups.reduce((best, g, i) => (rarity(g) > rarity(ctx.query.groups[best]!) ? i : best), 0);
  if (rarity(ctx.query.groups[rarest]!) < 0) return undefined;
  const names = (terms: ReadonlySet<string>) => namedGroups(ctx, terms).includes(rarest);
  const named = units.filter((u) => u.kind === 'list-item' && isQuotable(u) && u.label !== undefined && names(new Set(ctx.options.analyzer.analyze(u.label))));
  const item = named[0];
  // Nothing else in the section speaks of it: the item is all the section says about the term.
  if (named.length !== 1 || !item || units.some((u) => u !== item && names(u.terms))) return undefined;
  return proseSegments(ctx, [{ unit: item, score: 1 }], false);
}

/** Words asking for the kinds of something (not its 장점 or 특징, which one subsection may hold). */
const KIND_NOUNS = ['종류', '유형', 'types of', 'kinds of'];

/** The word a heading names kinds of: `하이퍼바이저` of `VM의 하이퍼바이저 종류`; undefined when it names none. */
function headWordBefore(heading: string, kindNouns: string[]): string | undefined {
  const words = heading.split(/\s+/u);
  const at = words.findIndex((w) => kindNouns.some((noun) => normalize(w).startsWith(noun)));
  return at > 0 ? words[at - 1]!.replace(/(?:의|에)$/u, '') : undefined;
}

/**
 * Which of the question's words the text names, as retrieval's coverage judges it (a compound whole or all its
 * parts: `웹 서버` names 웹서버, not 캐시서버), as a key (`0,2`).
 */
function namedWords(ctx: Context, text: string): string {
  return namedGroups(ctx, new Set(ctx.options.analyzer.analyze(text))).join(',');
}

/** The indices of the question's words these terms name (see `namedWords`). */
function namedGroups(ctx: Context, terms: ReadonlySet<string>): number[] {
  return ctx.query.groups.flatMap((group, i) => (namesWord(group, terms) ? [i] : []));
}

/**
 * A quoted item of a list of bare names (`- 키보드 버퍼`, `- 프린터의 출력 처리`) means little alone: the whole list
 * is shown instead, whatever the type of question.
 */
function withWholeLists(ctx: Context, segments: Segment[]): Segment[] {
  return segments.map((segment) => {
    if (segment.kind !== 'prose') return segment;
    const item = segment.quotes[0]!.unit;
    const run = listRuns(ctx).find((r) => r.items.includes(item));
    if (!run || run.items.length < 3 || run.items.filter((u) => u.role === 'fragment').length * 2 < run.items.length) return segment;
    return listSegment(ctx, { ...run, intro: undefined });
  });
}

/**
 * When the answer leads with the best section and that section is short enough to read whole, the section is
 * quoted whole: the note's own explanation in its order (intro lines, both halves of a contrast, every item), rather
 * than the few sentences that share the question's words (a reason or a step often shares none). Quotes from other
 * sections follow while they fit; a comparison keeps its sides when they come from different sections.
 */
function wholeSection(ctx: Context, segments: Segment[]): Segment[] | undefined {
  const fromBest = (s: Segment): boolean => s.kind !== 'missing' && s.passage === 0;
  if (!fromBest(segments[0]!) || (ctx.intent.type === 'comparison' && !segments.every(fromBest))) return undefined;
  const korean = hasHangul(ctx.query.question);
  const inOrder: Unit[] = [];
  // A list's bare names (`- 키보드 버퍼`) and labels belong to it here, as in a list shown whole.
  // A subsection's units (`* 단점`, numbered steps) belong to the whole for a why or how question, or when the
  // subsection is named by the question (`장점` of `장점이 뭐야`); otherwise the section's own text is the answer
  // and they would only lengthen it (a long elaboration bullet under a definition).
  const asked = (under: string): boolean => ctx.options.analyzer.analyze(under).some((t) => ctx.weights.has(t));
  const shown = (u: Unit): boolean =>
    (u.under === undefined || SUBSECTION_TYPES.has(ctx.intent.type) || asked(u.under)) &&
    (isQuotable(u) || u.role === 'intro' || (u.kind === 'list-item' && u.role === 'fragment'));
  // A sentence the note repeats in other words is shown once; list items are the list's own and all stay. A line
  // announcing a list (`참고자료:`) goes only with its list.
  const units0 = ctx.units[0]!;
  for (const [i, unit] of units0.entries()) {
    if (!shown(unit) || (unit.role === 'intro' && units0[i + 1]?.kind !== 'list-item')) continue;
    if (unit.kind === 'list-item' || !inOrder.some((u) => similar(u, unit))) inOrder.push(unit);
  }
  // `LRU LFU 차이` over a list labelled FIFO, OPR, LRU, LFU, MFU: the two sides' items, not the others.
  const sideItems = ctx.intent.type === 'comparison' ? labelledSides(ctx, inOrder) : undefined;
  if (sideItems) inOrder.splice(0, inOrder.length, ...inOrder.filter((u) => u.label === undefined || sideItems.includes(u)));
  let room = ctx.options.maxChars - inOrder.reduce((n, u) => n + u.text.length, 0);
  if (inOrder.length < 2 || room < 0 || (korean && !inOrder.some((u) => hasHangul(u.text)))) return undefined;
  // The sentence chosen as the answer leads (the definition, the cause), unless it needs what comes before it; a
  // list keeps its order.
  const lead = quotesOf(segments[0]!)[0]?.unit;
  // `리스코프 치환 원칙 뭐임`, `온보딩이 뭐예요?`: the term is one item of the section's list, which defines it.
  if (lead && ctx.intent.type === 'definition' && lead.kind === 'list-item' && inOrder.every((u) => u === lead || ctx.match(u.terms) < 0.5 * ctx.match(lead.terms))) return undefined;
  // Steps keep their order, and a sentence of a subsection stays under its name.
  const leads = lead && lead.kind !== 'list-item' && inOrder.includes(lead) && !ANAPHOR.test(lead.text) && ctx.intent.type !== 'procedure' && lead.under === undefined;
  // A lead quoted as the antecedent of the next quote (`… 경우가 있다.` for `이럴 경우 …`) leads with it.
  const chosen = quotesOf(segments[0]!).map((q) => q.unit);
  const leadGroup = lead ? [lead] : [];
  for (let i = 1; i < chosen.length && ANAPHOR.test(chosen[i]!.text) && previousOf(ctx, chosen[i]!) === chosen[i - 1] && inOrder.includes(chosen[i]!); i++) leadGroup.push(chosen[i]!);
  const units = leads ? [...leadGroup, ...inOrder.filter((u) => !leadGroup.includes(u))] : inOrder;
  // A list with nothing introducing it stands under its heading, as a list answer does.
  const subject = units[0]!.kind === 'list-item' ? ctx.subjectOf(0) : subjectFor(ctx, 0, units).subject;
  const whole: Segment = { kind: 'prose', passage: 0, quotes: units.map((unit) => ({ unit, text: unit.text, cut: false })), ...(subject ? { subject } : {}) };
  const others: Segment[] = [];
  for (const segment of segments.filter((s) => !fromBest(s))) {
    const chars = quotesOf(segment).reduce((n, q) => n + q.text.length, 0);
    if (chars > room) break;
    others.push(segment);
    room -= chars;
  }
  return [whole, ...others];
}

const SUBSECTION_TYPES: ReadonlySet<QuestionType> = new Set(['reason', 'procedure']);

/** The items of a labelled list that name a side of the comparison, when each side names its own and others remain. */
function labelledSides(ctx: Context, units: Unit[]): Unit[] | undefined {
  const labelled = units.filter((u) => u.kind === 'list-item' && u.label !== undefined);
  const sides = sidesOf(ctx).map((side) => ctx.options.analyzer.analyze(side));
  if (sides.length !== 2 || sides.some((terms) => terms.length === 0)) return undefined;
  const sideOf = (u: Unit) => {
    const label = new Set(ctx.options.analyzer.analyze(u.label!));
    const named = sides.flatMap((terms, i) => (terms.every((t) => label.has(t)) ? [i] : []));
    return named.length === 1 ? named[0] : undefined;
  };
  const items = labelled.filter((u) => sideOf(u) !== undefined);
  const bothSides = new Set(items.map(sideOf)).size === 2;
  return bothSides && items.length < labelled.length ? items : undefined;
}

function quotesOf(segment: Segment): Quote[] {
  if (segment.kind === 'prose') return segment.quotes;
  if (segment.kind === 'list') return segment.intro ? [segment.intro, ...segment.items] : segment.items;
  return [];
}

function byType(ctx: Context): Segment[] {
  switch (ctx.intent.type) {
    case 'comparison': {
      const sides = comparison(ctx);
      // Neither side found: the notes may still compare them in words the sides do not share.
      return sides?.some((s) => s.kind !== 'missing') ? sides : ranked(ctx);
    }
    case 'enumeration':
    case 'procedure':
      return list(ctx) ?? ranked(ctx);
    case 'definition':
      return definition(ctx);
    default:
      return ranked(ctx);
  }
}

/** The bonus a sentence earns for saying what this type of question asks for. */
function typeBonus(ctx: Context, unit: Unit, type: QuestionType): number {
  const text = normalize(unit.text);
  switch (type) {
    case 'definition':
      return definitionBonus(ctx, unit, text);
    case 'reason':
      return CAUSAL.test(text) ? 0.4 : 0;
    case 'enumeration':
      return ctx.listNouns.some((noun) => text.includes(noun)) ? 0.35 : 0;
    case 'procedure':
      return (STEP.test(text) ? 0.15 : 0) + (unit.kind === 'list-item' ? 0.1 : 0);
    case 'comparison':
      return CONTRAST.test(text) ? 0.2 : 0;
    default:
      return 0;
  }
}

/** `X란 …`, `X는 …이다`, `… X를 말한다`: the sentence defines the asked term. */
function definitionBonus(ctx: Context, unit: Unit, text: string): number {
  const compact = text.replace(/\s+/gu, '');
  const names = ctx.intent.subjects.some((s) => {
    const subject = s.replace(/\s+/gu, '');
    return subject.length > 0 && compact.startsWith(subject);
  });
  const opening = names || (unit.order === 0 && ctx.match(ctx.heading(unit.passage)) > 0);
  return (names ? 0.3 : 0) + (DEFINING_END.test(text) ? 0.2 : 0) + (opening && /^[^,]{1,40}?(?:이란|란|이라는 것은|은|는)[\s,]/u.test(text) ? 0.1 : 0);
}

/**
 * How much of the question (`about`) a sentence must hold for its type's bonus to count in full; less earns a share
 * of it. A `때문` sentence about something else (`이는 … 혼동을 줄이기 위함이다` for why a heap's removal is log n) is no
 * reason. 0.1 on the calibration halves: answers lose such sentences and no answer@must changes; 0.2 lost one.
 */
const TYPE_BONUS_RELEVANCE = 0.1;

function score(ctx: Context, unit: Unit): number {
  const prior = 0.1 / (unit.passage + 1) + (unit.order === 0 ? 0.05 : 0) + 0.2 * ctx.match(ctx.heading(unit.passage));
  const relevance = about(ctx, unit);
  return relevance + typeBonus(ctx, unit, ctx.intent.type) * Math.min(1, relevance / TYPE_BONUS_RELEVANCE) + prior;
}

/**
 * How much the sentence is about the question: its own words, or, under a heading naming the asked term, half the
 * heading's (`## Generic` › `컴파일 시에 타입을 체크하기 때문에…` never repeats `제네릭`).
 */
function about(ctx: Context, unit: Unit): number {
  return Math.max(ctx.match(unit.terms), 0.5 * ctx.match(ctx.ownHeading(unit.passage)));
}

interface Scored {
  unit: Unit;
  score: number;
}

/**
 * The best sentences of the top passages for the question: idf-weighted term match plus the type's bonus,
 * near-duplicates left out, until the character budget is spent; grouped by section, in retrieval's order.
 */
function ranked(ctx: Context): Segment[] {
  const candidates: Scored[] = [];
  // A Korean question is not answered from the English copy of a note beside the Korean one.
  const korean = hasHangul(ctx.query.question);
  ctx.units.forEach((units, p) => {
    if (!ctx.allowed(p)) return;
    for (const unit of units) {
      if (!isQuotable(unit) || (korean && p > 0 && !hasHangul(unit.text))) continue;
      if (about(ctx, unit) === 0 && !(p === 0 && unit === units.find(isQuotable))) continue;
      candidates.push({ unit, score: score(ctx, unit) });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.unit.passage - b.unit.passage || a.unit.order - b.unit.order);
  const chosen: Scored[] = [];
  let budget = ctx.options.maxChars;
  for (const candidate of candidates) {
    if (chosen.length >= MAX_SENTENCES || candidate.score < RELATIVE_FLOOR * candidates[0]!.score) break;
    if (chosen.some((c) => similar(c.unit, candidate.unit))) continue;
    if (chosen.length > 0 && candidate.unit.text.length > budget) continue;
    chosen.push(candidate);
    budget -= candidate.unit.text.length;
  }
  return proseSegments(ctx, chosen, ctx.intent.type === 'procedure');
}

/** Groups chosen sentences by passage (retrieval's best first), each led by its antecedent or its subject when needed. */
function proseSegments(ctx: Context, chosen: Scored[], inNoteOrder: boolean): Segment[] {
  const byPassage = new Map<number, Scored[]>();
  for (const c of chosen) byPassage.set(c.unit.passage, [...(byPassage.get(c.unit.passage) ?? []), c]);
  let budget = ctx.options.maxChars;
  const segments: Segment[] = [];
  // In retrieval's order: the section it found best leads, though a lesser one may hold the single best-matching
  // sentence (`양의 정수 N이 소수인지…` for why Integer wraps an int, above the Wrapper class section's own).
  for (const [p, group] of [...byPassage].sort((a, b) => a[0] - b[0])) {
    const [best, ...rest] = group;
    // Quotes from the passage's subsections (`장점`, `단점`) keep the note's order, so each stands under its name once.
    const noteOrder = inNoteOrder || group.some((c) => c.unit.under !== undefined);
    const ordered = noteOrder ? [...group].sort((a, b) => a.unit.order - b.unit.order) : [best!, ...rest.sort((a, b) => a.unit.order - b.unit.order)];
    const linked = withAntecedents(ctx, ordered.map((c) => c.unit));
    const units = withFollowers(ctx, linked, budget - linked.reduce((n, u) => n + u.text.length, 0));
    const quotes = units.map((unit) => {
      const quote = cut(unit, Math.max(budget, 120));
      budget -= quote.text.length;
      return quote;
    });
    segments.push({ kind: 'prose', passage: p, quotes, ...subjectFor(ctx, p, units) });
  }
  return segments;
}

/**
 * A sentence opening with `이는`, `이 하이퍼바이저는`, `따라서` is preceded by the sentence it points back to, unless
 * the answer already quotes that one just before (`shown`: the other side of a comparison, `큐 는 …` before `반면 덱 은 …`).
 */
function withAntecedents(ctx: Context, units: Unit[], shown: ReadonlySet<Unit> = new Set()): Unit[] {
  const out: Unit[] = [];
  for (const unit of units) {
    const previous = ANAPHOR.test(unit.text) ? previousOf(ctx, unit) : undefined;
    // The antecedent goes right before the sentence pointing at it, even when it was chosen for a later place.
    if (previous && isQuotable(previous) && !out.includes(previous) && !shown.has(previous)) out.push(previous);
    if (!out.includes(unit)) out.push(unit);
  }
  return out;
}

/**
 * Sentences of its paragraph an exception quoted for a yes/no question reads on into. 2 on the calibration halves:
 * one answer@must gained (the second sentence states the cost), none lost; 1 gains nothing, 3 changes nothing more.
 */
const EXCEPTION_SENTENCES = 2;

/** A quoted sentence keeps the next one of its paragraph when that one refers back to it (`이 범위는 …`) and fits. */
function withFollowers(ctx: Context, units: Unit[], room: number): Unit[] {
  const out: Unit[] = [];
  for (const unit of units) {
    out.push(unit);
    // A definition reads on into its paragraph's next sentence (`…이라 한다. 불러오는 과정을 swap-in…`).
    const continues = ctx.intent.type === 'definition' && unit === units[0];
    // Asked whether something always holds, the answer is the exception a `하지만` sentence opens and what follows it
    // (`하지만 … Skewed Tree가 될 수 있다. … 때문이다. 이럴 경우 … O(n)이 된다.`).
    const exception = ctx.intent.type === 'yesno' && TURN.test(unit.text);
    const reads = exception ? EXCEPTION_SENTENCES : 1;
    for (let n = 1; n <= reads; n++) {
      const next = ctx.units[unit.passage]![unit.order + n];
      if (!next || next.block !== unit.block || !isQuotable(next) || !(ANAPHOR.test(next.text) || continues || exception) || TURN.test(next.text) || units.includes(next) || out.includes(next)) break;
      if (next.text.length > room) break;
      out.push(next);
      room -= next.text.length;
    }
  }
  return out;
}

function previousOf(ctx: Context, unit: Unit): Unit | undefined {
  return ctx.units[unit.passage]![unit.order - 1];
}

/**
 * The section heading leads the quotes when they do not name what was asked (`**READ COMMITTED** — 가장 많이…`)
 * or when the first quote still points back at something (`이 하이퍼바이저는…` with nothing before it).
 */
function subjectFor(ctx: Context, p: number, units: Unit[]): { subject?: string } {
  const subject = ctx.subjectOf(p);
  if (!subject) return {};
  const heading = ctx.heading(p);
  const asked = [...ctx.weights.keys()].filter((t) => heading.has(t));
  const named = asked.some((t) => units.some((u) => u.terms.has(t)));
  const dangling = ANAPHOR.test(units[0]!.text);
  return (asked.length > 0 && !named) || dangling ? { subject } : {};
}

function similar(a: Unit, b: Unit): boolean {
  if (a.text.includes(b.text) || b.text.includes(a.text)) return true;
  let shared = 0;
  for (const t of a.terms) if (b.terms.has(t)) shared++;
  const union = a.terms.size + b.terms.size - shared;
  return union > 0 && shared / union >= NEAR_DUPLICATE;
}

/** The unit shown whole when it fits, else to its last clause or word boundary that fits, then `…`. */
function cut(unit: Unit, max: number): Quote {
  if (unit.text.length <= max) return { unit, text: unit.text, cut: false };
  const head = unit.text.slice(0, max);
  const sentence = /^[\s\S]*[.!?](?=\s)/u.exec(head)?.[0];
  const clause = /^[\s\S]*[,，](?=\s)/u.exec(head)?.[0];
  const word = /^[\s\S]*\S(?=\s)/u.exec(head)?.[0];
  const text = [sentence, clause, word].find((t) => t && t.length >= max / 3) ?? head;
  return { unit, text: text.replace(/[,，\s]+$/u, ''), cut: true };
}

interface Run {
  passage: number;
  items: Unit[];
  intro?: Unit | undefined;
  /** How well the list (its heading, intro or items) matches the question, and its rank among runs. */
  fit: number;
  score: number;
}

/**
 * The list the question asks for, all its items with their bold labels (`외 N개` when they do not fit), in the
 * note's order (steps stay in order). Taken from the best passage, or from a later one only when the best has no
 * list and the later one's heading fits the question better. Undefined when no such list is about the question.
 */
function list(ctx: Context): Segment[] | undefined {
  const runs = listRuns(ctx).filter((r) => r.fit > 0);
  const inBest = runs.filter((r) => r.passage === 0);
  const candidates = inBest.length > 0 ? inBest : runs.filter((r) => ctx.match(ctx.heading(r.passage)) > ctx.match(ctx.heading(0)));
  const run = candidates.sort((a, b) => b.score - a.score)[0];
  return run ? [listSegment(ctx, run)] : undefined;
}

/** Every run of two or more consecutive list items in the quoted passages, with the sentence introducing it. */
function listRuns(ctx: Context): Run[] {
  const runs: Run[] = [];
  const top = ctx.passages[0]?.score ?? 0;
  ctx.units.forEach((units, p) => {
    // A list further down the results is the answer only when retrieval nearly tied it with the first passage, or
    // when it is a subsection of the first named by what was asked (`RESTful API › 단점은 뭐가 있을까?` for `REST API
    // 단점`: the topic's words fill the parent's text, the aspect only the subsection's heading).
    if (!ctx.allowed(p) || (p > 0 && ctx.passages[p]!.score < LIST_TIE * top && !asksForSubsection(ctx, p))) return;
    const headingFit = ctx.match(ctx.heading(p));
    let start = 0;
    while (start < units.length) {
      if (!isListItem(units[start]!)) {
        start++;
        continue;
      }
      let end = start;
      while (end + 1 < units.length && isListItem(units[end + 1]!) && units[end + 1]!.block === units[end]!.block + 1) end++;
      const items = units.slice(start, end + 1);
      const before = units[start - 1];
      const intro = before && (before.role === 'intro' || before.role === 'sentence') && before.block === items[0]!.block - 1 && before.text.length >= MIN_INTRO_CHARS ? before : undefined;
      if (items.length >= 2) {
        const matches = items.map((u) => ctx.match(u.terms));
        const fit = Math.max(headingFit, intro ? ctx.match(intro.terms) : 0, ...matches);
        const score = fit + 0.5 * headingFit + mean(matches) * 0.5 + Math.min(items.length, 6) * 0.02;
        runs.push({ passage: p, items, ...(intro ? { intro } : {}), fit, score });
      }
      start = end + 1;
    }
  });
  return runs;
}

/** Passage `p` is a subsection of the first passage, and its own heading holds a question term the first never says. */
function asksForSubsection(ctx: Context, p: number): boolean {
  const best = ctx.passages[0]!;
  const passage = ctx.passages[p]!;
  const within = passage.file === best.file && passage.section.length > best.section.length && best.section.every((heading, i) => passage.section[i] === heading);
  if (!within) return false;
  const said = new Set([...ctx.heading(0), ...ctx.units[0]!.flatMap((unit) => [...unit.terms])]);
  return [...ctx.ownHeading(p)].some((term) => ctx.weights.has(term) && !said.has(term));
}

/** `X란?` answered by its defining sentence, followed by the list that sentence introduces (what X consists of or does). */
function definition(ctx: Context): Segment[] {
  const segments = ranked(ctx);
  const first = segments[0];
  if (first?.kind !== 'prose') return segments;
  const last = first.quotes[first.quotes.length - 1]!.unit;
  const run = listRuns(ctx).find((r) => r.passage === first.passage && r.items[0]!.block === last.block + 1);
  if (!run) return segments;
  const used = first.quotes.reduce((n, q) => n + q.text.length, 0);
  const listed = listSegment(ctx, { ...run, intro: undefined }, ctx.options.maxChars - used);
  return [first, { ...listed, subject: undefined }, ...segments.slice(1)];
}

/** How close (share of the first passage's score) a later passage must be for its list to be quoted. */
const LIST_TIE = 0.85;
/** A line before a list shorter than this (`BUT.`) does not introduce it. */
const MIN_INTRO_CHARS = 8;

function isListItem(unit: Unit): boolean {
  return unit.kind === 'list-item' && (unit.role === 'item' || unit.role === 'fragment');
}

function listSegment(ctx: Context, run: Run, chars = ctx.options.maxChars): Segment & { kind: 'list' } {
  let budget = chars;
  const intro = run.intro ? cut(run.intro, ITEM_CHARS) : undefined;
  if (intro) budget -= intro.text.length;
  const fill = (units: Unit[]): Quote[] => {
    const quotes: Quote[] = [];
    let room = budget;
    for (const unit of units) {
      const quote = itemQuote(ctx, unit);
      if (quotes.length >= 2 && quote.text.length > room) break;
      quotes.push(quote);
      room -= quote.text.length;
    }
    return quotes;
  };
  let items = fill(run.items);
  // A list too long to show whole whose item that answers comes after the cut (`Java의 10가지 특징` for `자바 코드는 어떤
  // 과정을 거쳐서 실행돼요?`: the 7th item compiles to bytecode): the items that answer best, in the note's order.
  const matches = new Map(run.items.map((unit) => [unit, ctx.match(unit.terms)]));
  const best = run.items.reduce((b, unit) => (matches.get(unit)! > matches.get(b)! ? unit : b), run.items[0]!);
  if (items.length < run.items.length && matches.get(best)! > 0 && !items.some((q) => q.unit === best)) {
    const chosen = new Set(fill([...run.items].sort((a, b) => matches.get(b)! - matches.get(a)!)).map((q) => q.unit));
    items = fill(run.items.filter((unit) => chosen.has(unit)));
  }
  const subject = intro && intro.unit.terms.size > 0 && [...ctx.weights.keys()].some((t) => intro.unit.terms.has(t)) ? undefined : ctx.subjectOf(run.passage);
  return { kind: 'list', passage: run.passage, items, more: run.items.length - items.length, ...(intro ? { intro } : {}), ...(subject ? { subject } : {}) };
}

/**
 * A long item is shown to the end of one sentence (or cut), so all items of the list fit: its first, or, when a later
 * one holds more of the question (`Map … key 에 대해서 순서를 보장하기 위해서는 LinkedHashMap을 사용한다.`), that one.
 */
function itemQuote(ctx: Context, unit: Unit): Quote {
  if (unit.text.length <= ITEM_CHARS) return { unit, text: unit.text, cut: false };
  const sentences = splitSentences(unit.text);
  const matches = sentences.map((sentence) => ctx.match(new Set(ctx.options.analyzer.analyze(sentence))));
  const best = matches.reduce((b, m, i) => (m > matches[b]! ? i : b), 0);
  if (best > 0 && sentences[best]!.length <= ITEM_CHARS) {
    // From that sentence on, as far as the item's room goes: the next sentence often completes it.
    const start = unit.text.indexOf(sentences[best]!);
    let end = start + sentences[best]!.length;
    for (const next of sentences.slice(best + 1)) {
      const at = unit.text.indexOf(next, end);
      if (at < 0 || at + next.length - start > ITEM_CHARS) break;
      end = at + next.length;
    }
    return { unit, text: unit.text.slice(start, end), cut: end < unit.text.length, from: 'middle' };
  }
  const first = /^[\s\S]*?[.!?](?=\s)/u.exec(unit.text)?.[0];
  if (first && first.length <= ITEM_CHARS && first.length >= 20) return { unit, text: first, cut: true };
  return cut(unit, ITEM_CHARS);
}

/**
 * What a term of the question's premise (`O(1)인데 …`) weighs in choosing sentences, against 1 for the asked part.
 * 0.25 on the calibration halves: two why-questions quote the sentence that answers (`heapify 과정을 거쳐`, `O(n)의
 * 시간이 추가적으로`) instead of one restating what they grant; 0.5 gained one, 0.1 cost a first citation.
 */
const PREMISE_WEIGHT = 0.25;

/**
 * The terms of what a question grants before it asks (`O(1)인데`, `삽입이 빠른데`, `부재율 제일 낮다면서`, `…지만`): the
 * member knows that part; the answer is about what follows. Terms the asked part repeats are not among them.
 */
function premiseTerms(groups: QueryTerms['groups']): Set<string> {
  let end = groups.length - 1;
  while (end >= 0 && !grants(groups[end]!.word)) end--;
  const asked = groups.slice(end + 1).filter((g) => !isIntentWord(g.word));
  if (end < 0 || asked.length === 0) return new Set();
  const later = new Set(asked.flatMap(termsWithCounterparts));
  return new Set(groups.slice(0, end + 1).flatMap(termsWithCounterparts).filter((t) => !later.has(t)));
}

/** `…인데`, `빠른데` (a 데 after ㄴ), `…면서`, `…지만`: a word closing a clause the question grants. */
function grants(word: string): boolean {
  return /(?:면서|지만)$/u.test(word) || (word.endsWith('데') && word.length >= 2 && finalConsonant(word, word.length - 2) === FINAL.nieun);
}

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * One block per side (`**도커** — …` / `**VM** — …`), each from the passage about that side (its heading or its
 * sentences name the side); a side no passage speaks of is said to be missing. Undefined when the question's
 * sides could not be told apart.
 */
function comparison(ctx: Context): Segment[] | undefined {
  const sides = sidesOf(ctx);
  if (sides.length !== 2 || sides.some((side) => GENERIC_SIDE.test(side))) return undefined;
  const korean = hasHangul(ctx.query.question);
  const wordsOf = sides.map((side, i) => sideWords(ctx, headOf(side, sides[1 - i]!), sides[1 - i]!));
  const termsOf = wordsOf.map((words) => new Set(words.flatMap((w) => [...w.terms, ...w.phrases.flat()])));
  // Each side by the words only it has (`정렬` of 선택 정렬 and 버블 정렬 tells neither apart).
  const own = wordsOf.map((words, i) => ownSide(words, termsOf[1 - i]!));
  if (own.some((side) => side.words.length === 0)) return undefined;
  const sidesTerms = new Set([...termsOf[0]!, ...termsOf[1]!]);
  const used = new Set<Unit>();
  const segments: Segment[] = [];
  let budget = ctx.options.maxChars;
  // Where the first side was found: notes compare in sibling sections (`DFS와 BFS › DFS`, `› BFS`).
  let firstParent: string | undefined;
  // A side named only in sections well below the best (`화살표 함수 표현식은…` under Arrow Function, for 함수 표현식 in
  // a question the Hoisting section answers): the sides are not apart in what answers it, and the comparison gives
  // way to the best sections' own sentences.
  let namedOnlyFarther = false;
  sides.forEach((side, i) => {
    const mine = own[i]!;
    const theirs = own[1 - i]!;
    const compact = side.replace(/\s+/gu, '');
    const candidates: Scored[] = [];
    const headedBy = new Set<number>();
    let namedFarther = false;
    // `DFS와 BFS › BFS(…)`: the section's own heading says which side it is about. Only when no section does, a
    // parent heading may (`SJF(…) › 특징`, `SRTF(…) › 특징`), and then the section's bare list items speak for it.
    const collect = (byPath: boolean) => ctx.units.forEach((units, p) => {
      const heading = ctx.heading(p);
      const own = ctx.ownHeading(p);
      const headed = byPath ? mine.namedIn(heading) && !theirs.namedIn(heading) : mine.namedIn(own) && !theirs.namedIn(own);
      if (headed) headedBy.add(p);
      const sibling = firstParent !== undefined && parentOf(ctx.passages[p]!) === firstParent ? 0.3 : 0;
      // The section that compares the two (its heading names both) speaks for either side.
      const comparing = mine.namedIn(heading) && theirs.namedIn(heading);
      const relevance = 0.3 * ctx.passages[p]!.coverage + 0.25 / (p + 1);
      // A section speaks for a side when it is close to the best one, or headed by that side (sides often live in
      // sections of their own, each covering half the question: `베어메탈 하이퍼바이저`, `호스트 하이퍼바이저`) and
      // covering at least half what the best covers (`트랜잭션의 특성` for `@property 선언` does not).
      const near = ctx.allowed(p) || (headed && ctx.passages[p]!.coverage >= HEADED_SIDE_COVERAGE * ctx.passages[0]!.coverage);
      for (const unit of units) {
        const quotable = isQuotable(unit) || (byPath && headed && unit.kind === 'list-item' && unit.role === 'fragment');
        // A Korean question is not answered from the English copy of a note beside the Korean one.
        if (!quotable || used.has(unit) || (korean && p > 0 && !hasHangul(unit.text))) continue;
        const names = mine.namedIn(unit.terms);
        const namesTheirs = theirs.namedIn(unit.terms);
        if (!names && !headed) continue;
        // A sentence about the other side is not this side's answer, even in a section that names both: one naming
        // only the other, or the other wholly and this side in part (`Double hashing probing …` for linear probing).
        if (namesTheirs && (!names || (theirs.share(unit.terms) >= WHOLLY && mine.share(unit.terms) < WHOLLY))) continue;
        if (!near) {
          namedFarther = true;
          continue;
        }
        const s =
          (names ? 0.5 : 0) + (opensWith(ctx, unit, compact, mine) ? 0.3 : 0) + (headed ? 0.4 : 0) + (comparing ? 0.5 : 0) -
          (namesTheirs ? 0.3 : 0) + sibling + ctx.match(unit.terms, sidesTerms) + typeBonus(ctx, unit, 'comparison') + relevance + (unit.order === 0 ? 0.05 : 0);
        candidates.push({ unit, score: s });
      }
    });
    collect(false);
    if (candidates.length === 0) collect(true);
    candidates.sort((a, b) => b.score - a.score || a.unit.passage - b.unit.passage || a.unit.order - b.unit.order);
    const best = candidates[0];
    if (!best) {
      namedOnlyFarther ||= namedFarther;
      // The other side's quotes already name all of this one (`약한 참조는 옵셔널일 때, 미소유 참조는 …`): the block
      // is both sides', not this side missing (`동적 타입 언어` does not name 정적 타입 언어 방식).
      const shared = segments.find((s) => s.kind === 'prose' && s.quotes.some((q) => mine.share(q.unit.terms) >= WHOLLY));
      if (shared?.kind === 'prose') {
        shared.subject = `${shared.subject} · ${displayed(ctx, side)}`;
        shared.bothSides = true;
        return;
      }
      segments.push({ kind: 'missing', subject: displayed(ctx, side) });
      return;
    }
    // The side's block: its best sentence, then what else its section says of it that fits the side's half of the
    // budget; a few sentences, or all of a section that is about this side alone (`BFS(…)`: how it works, what it uses).
    const share = Math.floor(budget / (sides.length - i));
    const most = headedBy.has(best.unit.passage) ? Infinity : SIDE_QUOTES;
    const chosen = [best];
    let room = share - best.unit.text.length;
    // In note order: a side's list (`- 재귀함수, Stack을 이용해 구현`) reads as the note has it.
    const others = candidates.filter((c) => c !== best && c.unit.passage === best.unit.passage && c.score >= 0.6 * best.score).sort((a, b) => a.unit.order - b.unit.order);
    for (const c of others) {
      if (chosen.length >= most) break;
      if (c.unit.text.length > room || chosen.some((x) => similar(x.unit, c.unit))) continue;
      chosen.push(c);
      room -= c.unit.text.length;
    }
    // A list of the side's own section reads in the note's order; otherwise its best sentence leads.
    const inOrder = headedBy.has(best.unit.passage) && best.unit.kind === 'list-item';
    const rest = chosen.slice(1).map((c) => c.unit).sort((a, b) => a.order - b.order);
    const units = withAntecedents(ctx, inOrder ? [best.unit, ...rest].sort((a, b) => a.order - b.order) : [best.unit, ...rest], used);
    for (const unit of units) used.add(unit);
    const quotes = units.map((unit) => {
      const quote = cut(unit, Math.max(120, share));
      budget -= quote.text.length;
      return quote;
    });
    segments.push({ kind: 'prose', passage: best.unit.passage, subject: displayed(ctx, side), quotes });
    firstParent ??= parentOf(ctx.passages[best.unit.passage]!);
  });
  return namedOnlyFarther ? undefined : segments;
}

/**
 * The two sides asked about. With no joiner, a two-word subject is the two sides (`DFS BFS 차이`); a three-word one is
 * two modifiers of a shared head when the best section's heading names all three (`명령형 선언형 프로그래밍 차이`
 * under `명령형 프로그래밍 vs 선언형 프로그래밍`).
 */
function sidesOf(ctx: Context): string[] {
  const { subjects } = ctx.intent;
  const words = subjects.length === 1 ? subjects[0]!.split(' ') : [];
  if (words.length === 2) return words;
  if (words.length === 3) {
    const heading = ctx.ownHeading(0);
    const named = (word: string) => ctx.options.analyzer.analyze(word).every((t) => heading.has(t));
    if (words.every(named)) return [`${words[0]} ${words[2]}`, `${words[1]} ${words[2]}`];
  }
  return subjects;
}

/**
 * A side that is only a generic head (`null 체크해서 생성하는 방식이랑 static 블록에서 생성하는 방식`: the clause before
 * 방식 is what tells it apart, and sides are words, not clauses): the sides cannot be told apart by their words, and
 * the answer is the best sections' sentences, not a block labelled 방식.
 */
const GENERIC_SIDE = /^(?:방식|방법|경우|것|거|때|쪽|부분)$/u;

/**
 * A section headed by a side speaks for it only when it covers this share of what the best passage covers. 0.5 on
 * the calibration halves: one answer@must gained (iv-199, whose `property` side took `트랜잭션의 특성`), none lost;
 * 0.4 the same.
 */
const HEADED_SIDE_COVERAGE = 0.5;

/** Sentences quoted for one side of a comparison from a section not about that side alone. */
const SIDE_QUOTES = 3;

/** The unit is about the side: it opens with it as its topic (`도커는 …`, `VM의 …`) or its label names it. */
function opensWith(ctx: Context, unit: Unit, compactSide: string, mine: Side): boolean {
  if (unit.label !== undefined) return mine.namedIn(new Set(ctx.options.analyzer.analyze(unit.label)));
  const text = normalize(unit.text).replace(/\s+/gu, '');
  return text.startsWith(compactSide) && /^(?:은|는|이|가|란|이란|의|에서|[:(（]|$)/u.test(text.slice(compactSide.length));
}

/**
 * `교착상태 예방이랑 회피`: when one side is a single word, the other's leading words are the shared topic and only
 * its last word (the head of a Korean noun phrase) tells it apart.
 */
function headOf(side: string, other: string): string {
  const words = side.split(' ');
  return other.split(' ').length === 1 && words.length > 1 ? words[words.length - 1]! : side;
}

/**
 * One word of a comparison's side: its terms with the one-word glossary counterparts the question carried, the
 * phrases it stands for (`너비 우선 탐색` of BFS: they name it only whole), and its rarity.
 */
interface SideWord {
  terms: Set<string>;
  phrases: string[][];
  weight: number;
}

/**
 * A side's words, as analyzed, each with the glossary counterparts the question carried for it; a word both sides
 * share (`프로그래밍` of 명령형 / 선언형 프로그래밍) keeps only its own terms: its counterparts (the glossary phrase
 * 선언형 프로그래밍 it is part of) would name one side for the other.
 */
function sideWords(ctx: Context, side: string, other: string): SideWord[] {
  const shared = new Set(other.split(' '));
  return side.split(' ').flatMap((word) => {
    const own = ctx.options.analyzer.analyze(word);
    if (own.length === 0) return [];
    const terms = new Set(own);
    const phrases: string[][] = [];
    // The word's own groups, matched on its own terms.
    for (const group of shared.has(word) ? [] : ctx.query.groups.filter((g) => g.terms.some((t) => own.includes(t)))) {
      for (const alt of group.alternatives) for (const t of alt) terms.add(t);
      phrases.push(...group.phrases);
    }
    return [{ terms, phrases, weight: Math.max(...own.map(ctx.options.idf)) }];
  });
}

/** A share of a side's rarity that names all of it (the sum of all its words, give or take rounding). */
const WHOLLY = 1 - 1e-9;

/** A side told apart from the other: its words the other does not share. */
interface Side {
  words: SideWord[];
  /**
   * Whether text with these terms names the side: words holding a third of the side's rarity or more (`정적 타입`
   * of `정적 타입 언어 방식`, `컨테이너` of `도커 컨테이너`; the common `방식` alone does not).
   */
  namedIn(terms: ReadonlySet<string>): boolean;
  /** The share of the side's rarity that text with these terms names, 0..1. */
  share(terms: ReadonlySet<string>): number;
}

function ownSide(words: SideWord[], others: ReadonlySet<string>): Side {
  const own = words
    .map((w) => ({ ...w, terms: new Set([...w.terms].filter((t) => !others.has(t))) }))
    // A word left with no term of its own (`clustered` of clustered / non-clustered) tells nothing apart, phrases or not.
    .filter((w) => w.terms.size > 0);
  const total = own.reduce((sum, w) => sum + w.weight, 0);
  const names = (word: SideWord, terms: ReadonlySet<string>): boolean =>
    [...word.terms].some((t) => terms.has(t)) || word.phrases.some((phrase) => phrase.every((t) => terms.has(t)));
  const share = (terms: ReadonlySet<string>): number => {
    let named = 0;
    for (const word of own) if (names(word, terms)) named += word.weight;
    return total > 0 ? named / total : 0;
  };
  return {
    words: own,
    namedIn: (terms) => {
      const named = share(terms);
      return named > 0 && named >= 1 / 3;
    },
    share,
  };
}

/** The side as the member wrote it (`VM`, not `vm`). */
function displayed(ctx: Context, side: string): string {
  const question = ctx.query.question.normalize('NFC');
  const at = question.toLowerCase().indexOf(side);
  return at >= 0 ? question.slice(at, at + side.length) : side;
}
