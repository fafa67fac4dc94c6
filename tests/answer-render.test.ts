/**
 * Per-quote citations as the member sees them: the terminal and Discord both name the lines each section was
 * quoted from (`docker-and-vm.md:75, 77-78`), and Discord's limits hold however many quotes an answer has.
 */
import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { citationLine, quotedLocationLabel } from '../src/answer/format.js';
import { embedLength, LIMITS } from '../src/discord/limits.js';
import { renderAnswer } from '../src/discord/render.js';
import type { Answer, Citation } from '../src/types.js';

const cited: Citation = {
  n: 1, file: 'docker-and-vm.md', section: ['Docker and VM', '컨테이너의 장점'], anchor: 'x', lines: [72, 80], score: 1,
  quotes: [{ lines: [77, 77], text: '격리성: …' }, { lines: [75, 75], text: '효율성: …' }, { lines: [74, 74], text: '이식성: …' }, { lines: [79, 80], text: '…' }],
};

describe('quoted lines', () => {
  it('are listed in line order, adjacent lines merged', () => {
    expect(quotedLocationLabel(cited)).toBe('docker-and-vm.md:74-75, 77, 79-80');
    expect(citationLine(cited)).toBe('[1] Docker and VM › 컨테이너의 장점 — docker-and-vm.md:74-75, 77, 79-80');
  });

  it('name at most six ranges, then …', () => {
    const many = { ...cited, quotes: Array.from({ length: 9 }, (_, q) => ({ lines: [q * 3 + 1, q * 3 + 1] as [number, number], text: '문장.' })) };
    expect(quotedLocationLabel(many)).toBe('docker-and-vm.md:1, 4, 7, 10, 13, 16 …');
  });

  it('fall back to the section range when nothing was quoted (related sections)', () => {
    const { quotes: _, ...related } = cited;
    expect(quotedLocationLabel(related)).toBe('docker-and-vm.md:72-80');
  });

  it('show in Discord, which keeps its limits with hundreds of scattered quotes', () => {
    const citations: Citation[] = Array.from({ length: 12 }, (_, i) => ({
      ...cited, n: i + 1, file: `notes/${'깊은-폴더/'.repeat(8)}f${i}.md`,
      quotes: Array.from({ length: 300 }, (_, q) => ({ lines: [q * 3 + 1, q * 3 + 1] as [number, number], text: '문장.' })),
    }));
    const answer: Answer = { question: '컨테이너 장점', answered: true, text: `${'- **이식성**: 문장입니다.\n'.repeat(400)}[1]`, citations, related: [], passages: [], embedder: 'hashing', confidence: 1 };
    const replies = renderAnswer(answer, 1, { locale: 'ko' });
    for (const reply of replies) {
      const embeds = (reply.embeds ?? []) as APIEmbed[];
      expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
      for (const e of embeds) {
        expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
        expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFields);
        for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      }
    }
    const small = renderAnswer({ ...answer, text: '- **이식성**: 문장입니다. [1]', citations: [cited] }, 1, { locale: 'ko' });
    const sources = ((small.at(-1)!.embeds ?? []) as APIEmbed[]).flatMap((e) => e.fields ?? []).map((f) => f.value).join('\n');
    expect(sources).toContain('docker-and-vm.md:74-75, 77, 79-80');
  });
});

describe('an answer the notes do not cover', () => {
  it('names in Discord the words of the question no note mentions, as code', () => {
    const answer: Answer = { question: '파이썬 weakref로 약한 참조 쓰는 방법', answered: false, text: '', citations: [], related: [], passages: [], embedder: 'hashing', confidence: 0.8, absentNames: ['weakref'] };
    const [reply] = renderAnswer(answer, 1, { locale: 'ko' });
    const description = ((reply!.embeds ?? []) as APIEmbed[])[0]!.description!;
    expect(description.split('\n')).toEqual(['노트에서 이 질문에 대한 내용을 찾지 못했어요.', '노트에 나오지 않는 말: `weakref`', expect.stringContaining('지어내지 않아요')]);
    const { absentNames: _, ...plain } = answer;
    expect(((renderAnswer(plain, 1, { locale: 'ko' })[0]!.embeds ?? []) as APIEmbed[])[0]!.description).not.toContain('나오지 않는 말');
  });
});
