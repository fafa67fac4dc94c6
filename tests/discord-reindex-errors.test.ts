/**
 * `/reindex` failures as an admin sees them: in their language, without server paths or command-line advice,
 * naming the files that were skipped (a bounded list), and with the current index still answering.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWellBehaved, startHarness, visibleText, type Harness } from './discord-harness.js';
import { SEED_NOTE } from './helpers/knowledge.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  if (h) expectWellBehaved(h);
  await h?.stop();
});

function reindex(locale: string) {
  return h.fake.sendSlashCommand({ name: 'reindex', user: h.fake.users.admin, locale }).waitForReply();
}

/** What the operator would see in a CLI error, and what an admin in Discord must not. */
function expectNoInternals(text: string): void {
  expect(text).not.toContain(h.knowledgeDir);
  expect(text).not.toMatch(/npm|ingest|--knowledge|MAX_NOTE_BYTES|NUL bytes/u);
}

describe('/reindex when it cannot re-index', () => {
  it('names the unreadable notes (at most 15, the rest counted) in Korean, and keeps answering from the index', async () => {
    const seed = path.join(h.knowledgeDir, SEED_NOTE);
    const original = fs.readFileSync(seed);
    const binary = Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02]);
    fs.writeFileSync(seed, binary);
    const extra = Array.from({ length: 20 }, (_, i) => `broken-${String(i).padStart(2, '0')}.md`);
    for (const name of extra) fs.writeFileSync(path.join(h.knowledgeDir, name), binary);
    try {
      const reply = await reindex('ko');
      expect(reply.ephemeral).toBe(true);
      const [embed] = reply.embeds;
      expect(embed?.description).toBe('읽을 수 있는 노트가 없어서 다시 색인하지 않았어요 (건너뛴 파일 21개, 아래 목록). 답변은 지금까지의 색인으로 계속해요.');
      const listed = embed?.fields?.find((f) => f.name === '건너뛴 파일')?.value.split('\n') ?? [];
      expect(listed).toHaveLength(16);
      expect(listed.slice(0, 15).every((line) => /^• (broken-\d\d|docker-and-vm)\.md$/u.test(line))).toBe(true);
      expect(listed[15]).toBe('외 6개');
      expectNoInternals(visibleText(reply));

      const english = await reindex('en-US');
      expect(english.embeds[0]?.description).toMatch(/^None of the notes could be read \(21 skipped, listed below\)/u);
      expectNoInternals(visibleText(english));
    } finally {
      fs.writeFileSync(seed, original);
      for (const name of extra) fs.rmSync(path.join(h.knowledgeDir, name));
    }
    const answer = await h.fake.sendSlashCommand({ name: 'ask', options: { question: '컨테이너의 장점은?' }, locale: 'ko' }).waitForReply();
    expect(answer.embeds[0]?.description).toContain('[1]');
  });

  it('says the notes folder is missing without saying where it is on the server', async () => {
    const aside = `${h.knowledgeDir}-aside`;
    fs.renameSync(h.knowledgeDir, aside);
    try {
      const reply = await reindex('ko');
      expect(reply.embeds[0]?.description).toBe('노트 폴더를 찾을 수 없어서 다시 색인하지 않았어요. 봇을 운영하는 분께 노트 폴더 설정을 확인해 달라고 해 주세요.');
      expectNoInternals(visibleText(reply));
    } finally {
      fs.renameSync(aside, h.knowledgeDir);
    }
    // The details are in the operator's log.
    expect(h.logs.some((line) => line.includes('reindex failed') && line.includes('Knowledge folder not found'))).toBe(true);
  });
});
