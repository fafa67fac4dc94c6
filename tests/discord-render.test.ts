/**
 * The Discord renderers on their own: whatever the notes contain, every message stays within
 * Discord's limits, long text is split on paragraph boundaries, and note text never pings.
 */
import type { APIEmbed, BaseMessageOptions } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { ConceptCard } from '../src/daily/index.js';
import { clip, embedLength, inert, LIMITS, splitText } from '../src/discord/limits.js';
import { leafHeading, renderAnswer, renderConceptCard, renderSearch, renderSources } from '../src/discord/render.js';
import type { Answer, Citation, Passage } from '../src/types.js';

const HUGE_HEADING = '아주 긴 제목 '.repeat(40);

function citation(n: number): Citation {
  return { n, file: `notes/${'깊은-폴더/'.repeat(10)}file-${n}.md`, section: ['노트', HUGE_HEADING, `섹션 ${n}`], anchor: `a${n}`, lines: [n, n + 500], score: 1, url: `https://notes.example/${'x'.repeat(200)}/${n}#L1-L500` };
}

function passage(c: Citation, text: string): Passage {
  return { sectionId: `${c.file}#${c.anchor}`, file: c.file, section: c.section, anchor: c.anchor, lines: c.lines, text, blocks: [{ kind: 'paragraph', text, lines: c.lines }], score: 1, similarity: 1, coverage: 1 };
}

function expectWithinLimits(reply: BaseMessageOptions): void {
  expect((reply.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
  const embeds = (reply.embeds ?? []) as APIEmbed[];
  expect(embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const embed of embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFields);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      expect(field.value.length).toBeGreaterThan(0);
    }
  }
  expect(reply.allowedMentions).toEqual({ parse: [], repliedUser: false });
}

describe('splitText', () => {
  it('keeps paragraphs whole and packs them while they fit', () => {
    const paragraphs = ['가'.repeat(40), '나'.repeat(40), '다'.repeat(40)];
    expect(splitText(paragraphs.join('\n\n'), 90)).toEqual([`${paragraphs[0]}\n\n${paragraphs[1]}`, paragraphs[2]]);
  });

  it('falls back to lines, sentences, words and finally hard cuts without breaking surrogate pairs', () => {
    expect(splitText('첫 문장입니다. 둘째 문장입니다. 셋째 문장입니다.', 12)).toEqual(['첫 문장입니다.', '둘째 문장입니다.', '셋째 문장입니다.']);
    const emoji = '😀'.repeat(30);
    const pieces = splitText(emoji, 15);
    expect(pieces.join('')).toBe(emoji);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(15);
      expect(piece).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/u);
    }
  });

  it('clip closes a code fence it cut open', () => {
    const clipped = clip(`설명\n\`\`\`\n${'code line\n'.repeat(100)}\`\`\``, 120);
    expect(clipped.length).toBeLessThanOrEqual(120);
    expect(clipped.endsWith('\n```')).toBe(true);
    expect(clipped.match(/```/gu)).toHaveLength(2);
  });
});

describe('inert', () => {
  it('defuses @everyone, @here, user, role and channel mentions and leaves other text alone', () => {
    expect(inert('@everyone @here <@123456789012345678> <@!123456789012345678> <@&123456789012345678> <#123456789012345678> a@b.c')).toBe(
      '@\u200beveryone @\u200bhere <@\u200b123456789012345678> <@!\u200b123456789012345678> <@&\u200b123456789012345678> <#\u200b123456789012345678> a@b.c',
    );
  });
});

describe('citation lines', () => {
  const cited = (section: string[], url?: string): Citation => ({
    n: 1,
    file: 'docker-and-vm.md',
    section,
    anchor: 'a',
    lines: [97, 122],
    score: 1,
    quotes: [{ lines: [97, 97], text: 'a' }, { lines: [99, 99], text: 'b' }],
    ...(url ? { url } : {}),
  });
  const sourcesOf = (answer: Answer, locale: 'ko' | 'en' = 'ko') => {
    const embed = (renderAnswer(answer, 7, { locale }).at(-1)!.embeds as APIEmbed[])[0]!;
    return { embed, sources: embed.fields!.find((f) => f.name === (locale === 'ko' ? '출처' : 'Sources'))!.value };
  };
  const base: Answer = { question: '컨테이너의 장점은?', answered: true, confidence: 1, text: '답. [1]', citations: [], related: [], passages: [], embedder: 'transformers:Xenova/multilingual-e5-small' };

  it('name the leaf heading, then file:lines as the link — one line each, without the note title', () => {
    const answer = { ...base, citations: [cited(['Docker and VM', '컨테이너', '컨테이너의 장점'], 'https://notes.example/d.md#L97-L99'), { ...cited(['Docker and VM', 'VM'], undefined), n: 2 }] };
    expect(sourcesOf(answer).sources.split('\n')).toEqual([
      '\\[1\\] 컨테이너의 장점 — [docker-and-vm.md:97, 99](https://notes.example/d.md#L97-L99)',
      '\\[2\\] VM — docker-and-vm.md:97, 99',
    ]);
  });

  it('shorten a long heading from the front, keeping the clause or words that name the topic', () => {
    expect(leafHeading(['Docker and VM', '도커 이미지는 다른 환경에서도 동일하게 실행된다고 했는데, 다른 환경은 어떤 환경을 말하는건가요?'])).toBe('…다른 환경은 어떤 환경을 말하는건가요?');
    const long = `${'아주 긴 머리말 '.repeat(10)}멀티 스테이지 빌드`;
    const shortened = leafHeading([long]);
    expect(shortened.length).toBeLessThanOrEqual(48);
    expect(shortened).toMatch(/^…\S.* 멀티 스테이지 빌드$/u);
    expect(leafHeading(['한 줄에\n걸친  제목'])).toBe('한 줄에 걸친 제목');
  });

  it('never show the embedder to a member, answered or not, in either language', () => {
    for (const locale of ['ko', 'en'] as const) {
      for (const answer of [{ ...base, citations: [cited(['N', 'S'])] }, { ...base, answered: false, related: [cited(['N', 'S'])] }]) {
        const rendered = JSON.stringify(renderAnswer(answer, 7, { locale }));
        expect(rendered).not.toMatch(/transformers|e5-small|hashing|embedder/iu);
      }
    }
    expect(sourcesOf({ ...base, citations: [cited(['N', 'S'])] }).embed.footer?.text).toBe('노트에서 그대로 인용한 답변');
  });
});

describe('renderers stay within limits for extreme notes', () => {
  const citations = Array.from({ length: 12 }, (_, i) => citation(i + 1));
  const text = Array.from({ length: 30 }, (_, i) => `문단 ${i} @everyone ${'아주 긴 문장입니다. '.repeat(60).trim()}`).join('\n\n');
  const answer: Answer = {
    question: `${'질문 '.repeat(300)}<@123456789012345678>`,
    answered: true,
    confidence: 1,
    text,
    citations,
    related: citations,
    passages: citations.map((c) => passage(c, `\`\`\`\n${'x = 1\n'.repeat(2000)}\`\`\``)),
    embedder: 'hashing',
  };

  it('a long answer becomes several messages, split at paragraphs, all within limits', () => {
    const replies = renderAnswer(answer, 1, { locale: 'ko' });
    expect(replies.length).toBeGreaterThan(3);
    replies.forEach(expectWithinLimits);
    const descriptions = replies.map((r) => (r.embeds as APIEmbed[])[0]?.description ?? '');
    expect(descriptions.join('\n\n')).toBe(inert(text));
    for (const d of descriptions) expect(d).toMatch(/^문단 \d+ @\u200beveryone/u);
    expect(replies.slice(0, -1).every((r) => r.components === undefined)).toBe(true);
    expect(replies.at(-1)?.components).toHaveLength(1);
  });

  it('a not-answered reply, the sources view, search results and a concept card too', () => {
    const notAnswered = renderAnswer({ ...answer, answered: false }, 1, { locale: 'en' });
    expect(notAnswered).toHaveLength(1);
    notAnswered.forEach(expectWithinLimits);
    const sources = renderSources(answer);
    expectWithinLimits(sources);
    expect(sources.embeds).toHaveLength(LIMITS.embeds);
    for (const embed of sources.embeds as APIEmbed[]) expect(embed.description?.endsWith('\n```')).toBe(true);
    const hits = answer.passages.map((p) => ({ ...p, snippet: { text: p.text, line: p.lines[0] } }));
    expectWithinLimits(renderSearch('검색 '.repeat(200), hits, { locale: 'ko', notesBaseUrl: 'https://notes.example/' }));

    const card: ConceptCard = {
      sectionId: 's',
      title: HUGE_HEADING,
      path: ['노트', HUGE_HEADING],
      summary: Array.from({ length: 50 }, () => '긴 요약 문장입니다 @here. '.repeat(10)),
      keyTerms: Array.from({ length: 300 }, (_, i) => `용어${i}`),
      excerpt: null,
      source: { sectionId: 's', file: 'a.md', section: ['노트', HUGE_HEADING], anchor: 's', lines: [1, 2] },
      question: { kind: 'cloze', prompt: `${'빈칸 ＿＿＿ 문장 '.repeat(200)}`, answer: `정|답 ${'x'.repeat(900)}`, sentence: '' },
    };
    const rendered = renderConceptCard(card, { locale: 'ko', notesBaseUrl: 'https://notes.example/' });
    expectWithinLimits(rendered);
    const check = (rendered.embeds as APIEmbed[])[0]?.fields?.find((f) => f.name === '스스로 확인')?.value ?? '';
    expect(check).toMatch(/\n정답: \|\|정\\\|답 x+…\|\|$/u);
    expect((rendered.embeds as APIEmbed[])[0]?.description).not.toContain('@here');
  });
});
