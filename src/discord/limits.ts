import type { APIEmbed, MessageMentionOptions } from 'discord.js';

/**
 * Discord's hard limits (a payload over any of them is rejected with 400 / 50035) and the text
 * helpers that keep every message inside them. Lengths are measured in UTF-16 code units, which is
 * never less than the code points Discord counts, so a text that fits here fits there.
 */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  threadName: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** Sent with every message: nobody is ever pinged, whatever the notes or the question contain. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [], repliedUser: false };

/** Cuts `text` to at most `max` code units, ending with `…` when cut (never inside a surrogate pair). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/u.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Like `truncate`, and closes a code fence the cut left open. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const fence = '\n```';
  const cut = truncate(text, max - fence.length);
  return (cut.match(/```/gu)?.length ?? 0) % 2 === 1 ? `${cut}${fence}` : cut;
}

/** Coarse to fine: paragraphs, lines, sentences, words. A piece still too long is cut hard. */
const BOUNDARIES: [RegExp, string][] = [
  [/\n{2,}/u, '\n\n'],
  [/\n/u, '\n'],
  [/(?<=[.!?。？！])\s+/u, ' '],
  [/\s+/u, ' '],
];

/**
 * Splits `text` into pieces of at most `max` code units, preferring paragraph boundaries, then
 * line, sentence and word boundaries; consecutive units are packed together while they fit.
 */
export function splitText(text: string, max: number, level = 0): string[] {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed ? [trimmed] : [];
  const boundary = BOUNDARIES[level];
  if (!boundary) return hardCut(trimmed, max);
  const [separator, joiner] = boundary;
  const pieces: string[] = [];
  let current = '';
  for (const unit of trimmed.split(separator)) {
    for (const part of splitText(unit, max, level + 1)) {
      const joined = current ? `${current}${joiner}${part}` : part;
      if (joined.length <= max) {
        current = joined;
      } else {
        if (current) pieces.push(current);
        current = part;
      }
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

function hardCut(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const char of text) {
    if (current.length + char.length > max) {
      pieces.push(current);
      current = '';
    }
    current += char;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** The characters Discord counts towards the 6000 per message: title, description, fields, footer, author. */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((n, field) => n + field.name.length + field.value.length, 0);
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + fields + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
}

/**
 * Note text and user text shown as written but inert: `@everyone`, `@here`, `<@id>`, `<@&id>` and
 * `<#id>` get a zero-width space so Discord renders them as plain text instead of mentions.
 */
export function inert(text: string): string {
  return text.replace(/@(everyone|here)/giu, '@\u200b$1').replace(/<(@[!&]?|#)(\d+)>/gu, '<$1\u200b$2>');
}

/** User or note text on one line (whitespace collapsed), inert, cut to `max`: a question in a list. */
export function inertLine(text: string, max: number): string {
  return truncate(inert(text.replace(/\s+/gu, ' ').trim()), max);
}

/** Text for a link label `[label](url)`: brackets escaped so the label cannot end the link early. */
export function linkLabel(text: string): string {
  return text.replace(/[[\]\\]/gu, (c) => `\\${c}`);
}

/** Packs lines into embed fields (each ≤ 1024); the first is named `name`, the rest `name (2)`, … */
export function linesToFields(name: string, lines: string[]): { name: string; value: string }[] {
  return splitText(lines.join('\n'), LIMITS.fieldValue)
    .slice(0, LIMITS.embedFields)
    .map((value, i) => ({ name: truncate(i === 0 ? name : `${name} (${i + 1})`, LIMITS.fieldName), value }));
}
