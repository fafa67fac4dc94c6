import { describe, expect, it } from 'vitest';
import { CLOZE_BLANK, composeConceptCard, type ConceptCard } from '../src/daily/index.js';
import type { Concept } from '../src/types.js';
import { SEED_TEXT as NOTE } from './helpers/knowledge.js';

/**
 * Concepts built by hand from the seed note: the lines of a section with list bullets, heading
 * marks and `**` removed (as the parser's plain text would have them), bold spans as key terms.
 * Code fences keep their content verbatim, like `Block.text` for code.
 */
const NOTE_LINES = NOTE.split('\n');
const NOTE_PLAIN = NOTE.replaceAll('**', '');

function fromSeed(path: string[], anchor: string, lines: [number, number]): Concept {
  const text: string[] = [];
  const keyTerms: string[] = [];
  let code = false;
  // lines[0] is the heading line; its content starts on the next line.
  for (const raw of NOTE_LINES.slice(lines[0], lines[1])) {
    const line = raw.trim();
    if (line.startsWith('```')) {
      code = !code;
      continue;
    }
    if (!line) continue;
    if (code) {
      text.push(line);
      continue;
    }
    for (const match of line.matchAll(/\*\*(.+?)\*\*/gu)) keyTerms.push(match[1]!);
    text.push(line.replace(/^[*-]\s+/u, '').replace(/^#+\s+/u, '').replaceAll('**', ''));
  }
  return {
    sectionId: `docker-and-vm.md#${anchor}`,
    title: path.at(-1)!,
    path,
    file: 'docker-and-vm.md',
    anchor,
    lines,
    text: text.join('\n'),
    keyTerms,
  };
}

const N = 'Docker and VM';
const kernel = fromSeed([N, '도커와 VM에서 커널의 역할'], '도커와-vm에서-커널의-역할', [7, 16]);
const bareMetal = fromSeed([N, 'VM의 하이퍼바이저 종류', '베어메탈 하이퍼바이저'], '베어메탈-하이퍼바이저', [22, 40]);
const hosted = fromSeed([N, '호스트 하이퍼바이저'], '호스트-하이퍼바이저', [42, 58]);
const engine = fromSeed([N, '컨테이너 엔진이란?'], '컨테이너-엔진이란', [62, 68]);
const benefits = fromSeed([N, '컨테이너의 장점'], '컨테이너의-장점', [72, 77]);
const hostOs = fromSeed([N, '도커 호스트 운영체제와 VM 운영체제'], '도커-호스트-운영체제와-vm-운영체제', [81, 85]);
const containerize = fromSeed([N, '도커 컨테이너화'], '도커-컨테이너화', [89, 91]);
const seedConcepts = [kernel, bareMetal, hosted, engine, benefits, hostOs, containerize];

function expectSound(card: ConceptCard, concept: Concept): void {
  for (const sentence of card.summary) {
    expect(concept.text).toContain(sentence);
    expect(NOTE_PLAIN).toContain(sentence);
  }
  const q = card.question;
  if (q?.kind === 'cloze') {
    expect(q.sentence).toContain(q.answer);
    expect(concept.text).toContain(q.sentence);
    expect(q.prompt).toContain(CLOZE_BLANK);
    expect(q.prompt).not.toContain(q.answer);
    expect(q.prompt.split(CLOZE_BLANK).join(q.answer)).toBe(q.sentence);
  }
}

describe('concept card composer on the seed note', () => {
  it('quotes a short summary verbatim from the section, lead sentence first', () => {
    const card = composeConceptCard(engine);
    expect(card.summary[0]).toBe('컨테이너 엔진은 애플리케이션을 컨테이너로 패키징하고 실행하며 관리하는 소프트웨어입니다.');
    expect(card.summary.length).toBeGreaterThanOrEqual(2);
    expect(card.summary.length).toBeLessThanOrEqual(3);
    expectSound(card, engine);
  });

  it('prefers sentences that carry the bold key terms', () => {
    const card = composeConceptCard(kernel);
    // The plain second sentence of the first bullet loses to sentences with cgroups / CPU 가상화.
    expect(card.summary).not.toContain('하나의 컨테이너가 자원을 독점하지 못하도록 합니다.');
    expect(card.summary.slice(1).every((s) => kernel.keyTerms.some((t) => s.includes(t)))).toBe(true);
    expectSound(card, kernel);
  });

  it('asks a cloze question whose hidden key term really occurs in the sentence', () => {
    for (const concept of seedConcepts) {
      const card = composeConceptCard(concept);
      expect(card.question?.kind, concept.title).toBe('cloze');
      expectSound(card, concept);
    }
    const q = composeConceptCard(benefits).question!;
    expect(q.kind === 'cloze' && benefits.keyTerms.includes(q.answer)).toBe(true);
  });

  it('does not hide a term the title already shows', () => {
    const q = composeConceptCard(containerize).question;
    expect(q).toMatchObject({ kind: 'cloze', answer: '패키지' });
  });

  it('prefers a cloze sentence that is not already in the summary', () => {
    const card = composeConceptCard(benefits);
    expect(card.question?.kind).toBe('cloze');
    if (card.question?.kind === 'cloze') expect(card.summary).not.toContain(card.question.sentence);
  });

  it('falls back to a salient word when the bold text is a whole sentence or absent', () => {
    // 호스트 하이퍼바이저: the only bold span is a full sentence, too long to be a blank.
    const card = composeConceptCard(hosted);
    expect(card.question?.kind).toBe('cloze');
    if (card.question?.kind === 'cloze') expect(hosted.title).not.toContain(card.question.answer);
    expectSound(card, hosted);

    const noBold = { ...engine, keyTerms: [] };
    const plain = composeConceptCard(noBold);
    expect(plain.keyTerms).toEqual([]);
    expect(plain.question?.kind).toBe('cloze');
    expectSound(plain, noBold);
  });

  it('does not blank a Latin term inside a longer word, and blanks the gloss written right after the term', () => {
    const sentence = 'CPU 가상화: VM의 가상 CPU(vCPU)를 실제 물리적 CPU에 매핑하여 실행합니다.';
    expect(kernel.text).toContain(sentence);
    const q = composeConceptCard({ ...kernel, keyTerms: ['CPU'], text: sentence }).question;
    expect(q).toMatchObject({ kind: 'cloze', answer: 'CPU', sentence });
    // `(vCPU)` left beside the blank would spell it out.
    if (q?.kind === 'cloze') expect(q.prompt).toBe(`${CLOZE_BLANK} 가상화: VM의 가상 ${CLOZE_BLANK}를 실제 물리적 ${CLOZE_BLANK}에 매핑하여 실행합니다.`);
    const inside = 'vCPU는 하이퍼바이저가 VM에 나누어 주는 가상의 CPU입니다.';
    const check = composeConceptCard({ ...kernel, keyTerms: ['CPU'], text: inside }).question;
    expect(check).toMatchObject({ kind: 'cloze', prompt: `vCPU는 하이퍼바이저가 VM에 나누어 주는 가상의 ${CLOZE_BLANK}입니다.` });
  });

  it('keeps code and tree diagrams out of the summary', () => {
    const card = composeConceptCard(bareMetal);
    expect(card.summary.join(' ')).not.toMatch(/[└├]/u);
    expect(card.excerpt).toBeNull();
    expectSound(card, bareMetal);
  });

  it('shows the first lines of a code-only section and asks nothing', () => {
    const dockerfile = fromSeed([N, '도커 멀티 스테이지 빌드 예시'], 'example', [109, 118]);
    expect(dockerfile.text).toContain('FROM ubuntu:20.04');
    const card = composeConceptCard(dockerfile);
    expect(card.summary).toEqual([]);
    expect(card.excerpt).toBe(dockerfile.text.split('\n').slice(0, 8).join('\n'));
    expect(card.question).toBeNull();
  });

  it('asks a recall question when nothing can be blanked', () => {
    const concept: Concept = { ...containerize, title: 'Docker runs containers quickly', keyTerms: [], text: 'Docker runs containers quickly.' };
    expect(composeConceptCard(concept).question).toEqual({
      kind: 'recall',
      topic: 'Docker runs containers quickly',
      answer: 'Docker runs containers quickly.',
    });
  });

  it('carries the citation and key terms, deduplicated, and is deterministic', () => {
    const card = composeConceptCard(containerize);
    expect(card.source).toEqual({
      sectionId: 'docker-and-vm.md#도커-컨테이너화',
      file: 'docker-and-vm.md',
      section: [N, '도커 컨테이너화'],
      anchor: '도커-컨테이너화',
      lines: [89, 91],
    });
    expect(card.path).toEqual([N, '도커 컨테이너화']);
    expect(card.keyTerms).toEqual(['도커 컨테이너화', '패키지']);
    expect(composeConceptCard(containerize)).toEqual(card);
  });

  it('respects the summary budget but always keeps the lead sentence', () => {
    const card = composeConceptCard(hostOs, { maxSummaryChars: 10 });
    expect(card.summary).toHaveLength(1);
    expect(card.summary[0]).toMatch(/^도커 호스트 운영체제는/u);
    expect(composeConceptCard(hostOs, { maxSentences: 2 }).summary).toHaveLength(2);
  });
});
