import { ActionRowBuilder, ButtonBuilder, ButtonStyle, StringSelectMenuBuilder, type APIEmbed, type BaseMessageOptions } from 'discord.js';
import { sourceUrl } from '../answer/compose.js';
import { locationLabel, quotedLocationLabel, sectionLabel, snippet } from '../answer/format.js';
import type { ConceptCard } from '../daily/index.js';
import { DOWN_REASONS } from '../store/feedback.js';
import type { Answer, Citation, LineRange, Passage, SearchHit } from '../types.js';
import { messages, type Locale } from './i18n.js';
import { clip, embedLength, inert, LIMITS, linesToFields, linkLabel, NO_MENTIONS, splitText, truncate } from './limits.js';

/**
 * Engine results → Discord messages. Every function returns payloads that are within Discord's
 * limits whatever the notes contain, with mentions disabled and note text made inert.
 */
export interface RenderOptions {
  locale: Locale;
  /** Links citations to the notes (`NOTES_BASE_URL`). */
  notesBaseUrl?: string | undefined;
}

export type Reply = BaseMessageOptions;

const COLORS = { answer: 0x2f80ed, notFound: 0x9b9b9b, search: 0x27ae60, card: 0xf2994a } as const;

/**
 * Custom ids of the buttons under an answer: `answer:<action>:<question log id>` — 👍 / 👎 / sources under
 * an answer, "노트에 추가 요청" (`note`), "🔎 검색해 보기" (`search`) and "✍️ 답 남기기" (`propose`) under a "not found".
 */
export const ANSWER_BUTTON = /^answer:(up|down|sources|note|search|propose):(-?\d+)$/u;
export type AnswerAction = 'up' | 'down' | 'sources' | 'note' | 'search' | 'propose';

/** The select under a 👎's thanks: `downreason:<answer message id>`; its values are `DOWN_REASONS`. */
export const DOWN_REASON_SELECT = /^downreason:(\d+)$/u;

/** The button under a private `/search` result that posts it in the channel. */
export const SHARE_SEARCH_BUTTON = 'search:share';

/** Where a source sits: `docker-and-vm.md:97-122`, linked when a notes base URL is set. */
export interface SourceRef {
  file: string;
  section: string[];
  lines: LineRange;
  url?: string | undefined;
  quotes?: Citation['quotes'];
}

/** `\[1\] 컨테이너의 장점 — [docker-and-vm.md:75, 77](url)`: the section, then the lines the answer quotes. */
function citationLine(citation: Citation): string {
  return `\\[${citation.n}\\] ${sourceText(citation)}`;
}

/**
 * One line: the leaf heading (the note's title, repeated on every source of a note, is left out), then
 * file and lines as the link.
 */
export function sourceText(source: SourceRef): string {
  // A file name can read as a mention (`@here-notice.md`): inert like the heading.
  const location = inert(quotedLocationLabel(source));
  const place = source.url ? `[${linkLabel(location)}](${source.url})` : location;
  return `${inert(leafHeading(source.section))} — ${place}`;
}

/** Longer leaf headings (a whole question used as a heading) are shortened from the front. */
const MAX_LEAF_CHARS = 48;

/**
 * `…다른 환경은 어떤 환경을 말하는건가요?`: a long heading loses its beginning, not its end, where a Korean
 * heading names its topic; it is cut after a clause (a comma) when the last clause fits, else between words.
 */
export function leafHeading(section: string[]): string {
  const leaf = (section.at(-1) ?? '').replace(/\s+/gu, ' ').trim();
  if (leaf.length <= MAX_LEAF_CHARS) return leaf;
  const room = MAX_LEAF_CHARS - 1;
  const clause = leaf.slice(leaf.lastIndexOf(',') + 1).trim();
  if (leaf.includes(',') && clause.length > 0 && clause.length <= room) return `…${clause}`;
  const words = leaf.split(' ');
  let tail = words.pop()!;
  while (words.length && tail.length + 1 + words.at(-1)!.length <= room) tail = `${words.pop()!} ${tail}`;
  return `…${tail.length <= room ? tail : tail.slice(-room)}`;
}

/**
 * A section as a choice in autocomplete: its leaf heading first (what the member is looking for), then where it
 * is — the headings above it without the note's title, or the title alone for a section right under it.
 */
export function choiceLabel(section: string[]): string {
  const above = section.length > 2 ? section.slice(1, -1) : section.slice(0, -1);
  const leaf = leafHeading(section);
  return above.length ? `${leaf} — ${above.join(' › ')}` : leaf;
}

export function urlOf(options: RenderOptions, file: string, lines: LineRange): string | undefined {
  return options.notesBaseUrl ? sourceUrl(options.notesBaseUrl, file, lines) : undefined;
}

function questionTitle(question: string): string {
  return truncate(`❓ ${inert(question.replace(/\s+/gu, ' '))}`, LIMITS.embedTitle);
}

/**
 * An answer as one or more messages. Answered: the quoted text (split on paragraph boundaries when
 * long), then the numbered sources, the footer and the 👍 / 👎 / sources buttons on the last message.
 * Not answered: says so plainly and lists the nearest sections.
 */
export function renderAnswer(answer: Answer, questionId: number, options: RenderOptions): Reply[] {
  const m = messages(options.locale);
  const title = questionTitle(answer.question);
  if (!answer.answered || !answer.text.trim()) {
    const absent = answer.absentNames?.length ? `\n${m.notInNotes(answer.absentNames.map((name) => `\`${name}\``).join(', '))}` : '';
    const description = `${m.notFound}${absent}\n${m.notFoundHint}`;
    const fields = answer.related.length ? linesToFields(m.related, answer.related.map(citationLine)) : [];
    return [{ embeds: [{ title, color: COLORS.notFound, description, fields }], components: [notFoundButtons(questionId, options.locale)], allowedMentions: NO_MENTIONS }];
  }
  const fields = linesToFields(m.sources, answer.citations.map(citationLine));
  const footer = answer.generatedBy ? m.generatedFooter : m.answerFooter;
  const widestPageLabel = ' · 99/99'; // room for "n/m" in the footer of split answers
  const budget = Math.min(LIMITS.embedDescription, LIMITS.embedTotal - embedLength({ title, fields, footer: { text: footer + widestPageLabel } }));
  const parts = splitText(inert(answer.text), budget);
  return parts.map((description, i): Reply => {
    const last = i === parts.length - 1;
    const page = parts.length > 1 ? `${i + 1}/${parts.length}` : '';
    const footerText = [last ? footer : '', page].filter(Boolean).join(' · ');
    const embed: APIEmbed = {
      color: COLORS.answer,
      ...(i === 0 ? { title } : {}),
      description,
      ...(last ? { fields } : {}),
      footer: { text: footerText },
    };
    return { embeds: [embed], ...(last ? { components: [answerButtons(questionId, options.locale)] } : {}), allowedMentions: NO_MENTIONS };
  });
}

/** An answer while a model writes it: the sentences checked so far, no sources or buttons yet (the final edit adds them). */
export function renderDraft(question: string, text: string, options: RenderOptions): Reply {
  const title = questionTitle(question);
  const footer = messages(options.locale).draftFooter;
  const budget = Math.min(LIMITS.embedDescription, LIMITS.embedTotal - embedLength({ title, footer: { text: footer } }));
  return { embeds: [{ title, color: COLORS.answer, description: clip(inert(text), budget) || '…', footer: { text: footer } }], components: [], allowedMentions: NO_MENTIONS };
}

function answerButton(questionId: number, action: AnswerAction, style: ButtonStyle, label: string, emoji?: string): ButtonBuilder {
  const built = new ButtonBuilder().setCustomId(`answer:${action}:${questionId}`).setStyle(style).setLabel(label);
  return emoji ? built.setEmoji(emoji) : built;
}

function answerButtons(questionId: number, locale: Locale): ActionRowBuilder<ButtonBuilder> {
  const m = messages(locale);
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    answerButton(questionId, 'up', ButtonStyle.Secondary, m.feedbackUp, '👍'),
    answerButton(questionId, 'down', ButtonStyle.Secondary, m.feedbackDown, '👎'),
    answerButton(questionId, 'sources', ButtonStyle.Primary, m.showSources),
  );
}

function notFoundButtons(questionId: number, locale: Locale): ActionRowBuilder<ButtonBuilder> {
  const m = messages(locale);
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    answerButton(questionId, 'note', ButtonStyle.Primary, m.requestNote, '📝'),
    answerButton(questionId, 'search', ButtonStyle.Secondary, m.searchInstead, '🔎'),
    answerButton(questionId, 'propose', ButtonStyle.Secondary, m.answerModalTitle, '✍️'),
  );
}

/** The select a 👎 is answered with: why the answer fell short (only the voter sees it). */
export function renderDownReasonPrompt(content: string, answerMessageId: string, locale: Locale): Reply {
  const m = messages(locale);
  const select = new StringSelectMenuBuilder()
    .setCustomId(`downreason:${answerMessageId}`)
    .setPlaceholder(m.downReasonPrompt)
    .addOptions(DOWN_REASONS.map((reason) => ({ label: m.downReasons[reason], value: reason })));
  return { content, components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(select)], allowedMentions: NO_MENTIONS };
}

/**
 * "출처 전체 보기": one embed per cited section with the passage the answer quoted from, each cut
 * to an equal share of the message's 6000 characters.
 */
export function renderSources(answer: Answer): Reply {
  const cited = answer.citations.slice(0, LIMITS.embeds).map((citation) => ({
    citation,
    passage: answer.passages.find((p) => p.file === citation.file && p.anchor === citation.anchor),
  }));
  const heads = cited.map(({ citation }) => ({
    title: truncate(inert(`[${citation.n}] ${sectionLabel(citation.section)}`), LIMITS.embedTitle),
    footer: locationLabel(citation),
  }));
  const fixed = heads.reduce((n, head) => n + head.title.length + head.footer.length, 0);
  const share = Math.min(LIMITS.embedDescription, Math.floor((LIMITS.embedTotal - fixed) / Math.max(1, cited.length)));
  const embeds = cited.map(({ citation, passage }, i): APIEmbed => ({
    color: COLORS.answer,
    title: heads[i]!.title,
    ...(citation.url ? { url: citation.url } : {}),
    description: clip(inert(passage?.text ?? ''), share) || '…',
    footer: { text: heads[i]!.footer },
  }));
  return { embeds, allowedMentions: NO_MENTIONS };
}

/**
 * `/search`: the top sections as a compact list — title path (linked), file:lines, one-line snippet. Shown
 * privately, with a button that posts it in the channel.
 */
export function renderSearch(query: string, hits: SearchHit[], options: RenderOptions): Reply {
  const m = messages(options.locale);
  // Each section with the line that matches the query best, not the section's first line.
  const lines = hits.map((p, i) => {
    const label = inert(sectionLabel(p.section));
    const url = urlOf(options, p.file, p.lines);
    const head = url ? `[${linkLabel(label)}](${url})` : `**${label}**`;
    return `**${i + 1}.** ${head} — \`${locationLabel(p)}\`\n${inert(snippet(p.snippet.text))}`;
  });
  return {
    embeds: [
      {
        title: truncate(m.searchTitle(inert(query.replace(/\s+/gu, ' '))), LIMITS.embedTitle),
        color: COLORS.search,
        description: truncate(lines.length ? lines.join('\n\n') : m.noResults, LIMITS.embedDescription),
      },
    ],
    ...(lines.length
      ? { components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(SHARE_SEARCH_BUTTON).setStyle(ButtonStyle.Secondary).setLabel(m.shareToChannel))] }
      : {}),
    allowedMentions: NO_MENTIONS,
  };
}

/**
 * A concept card (`/concept`): title path, summary sentences quoted from the note,
 * key terms, a self-check question whose answer is hidden as a `||spoiler||`, and the source.
 */
export function renderConceptCard(card: ConceptCard, options: RenderOptions): Reply {
  const m = messages(options.locale);
  const url = urlOf(options, card.source.file, card.source.lines);
  const description = card.summary.length ? card.summary.join(' ') : card.excerpt ? `\`\`\`\n${card.excerpt}\n\`\`\`` : '';
  const fields: { name: string; value: string }[] = [];
  if (card.keyTerms.length) fields.push({ name: m.keyTerms, value: truncate(inert(card.keyTerms.join(', ')), LIMITS.fieldValue) });
  if (card.question) {
    const prompt = card.question.kind === 'cloze' ? inert(card.question.prompt) : m.recallPrompt(inert(card.question.topic));
    const answer = truncate(inert(card.question.answer), 300).replace(/\|/gu, '\\|');
    fields.push({ name: m.selfCheck, value: `${truncate(prompt, 650)}\n${m.answerLabel}: ||${answer}||` });
  }
  fields.push({ name: m.sources, value: truncate(sourceText({ ...card.source, url }), LIMITS.fieldValue) });
  const head: APIEmbed = {
    title: truncate(inert(sectionLabel(card.path)), LIMITS.embedTitle),
    ...(url ? { url } : {}),
    color: COLORS.card,
    fields,
  };
  const budget = Math.min(LIMITS.embedDescription, LIMITS.embedTotal - embedLength(head));
  return { embeds: [{ ...head, ...(description ? { description: clip(inert(description), budget) } : {}) }], allowedMentions: NO_MENTIONS };
}

/** A short text reply (errors, confirmations). */
export function textReply(content: string): Reply {
  return { content: truncate(content, LIMITS.content), allowedMentions: NO_MENTIONS };
}
