/**
 * Questions the notes could not answer become notes, end to end through the real client and the fake Discord:
 * the gap list, a member's answer in a modal, an admin's review, the community note written atomically and
 * re-indexed, the askers told without a ping, the next answer citing the note; a crash between approval and
 * write; /forget-me and /export-member.
 */
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buttonIds, expectWellBehaved, startHarness, visibleText, type Harness } from './discord-harness.js';
import type { StoredMessage } from './fake-discord/index.js';

const QUESTION = '파이썬 리스트 컴프리헨션 문법은?';
const ANSWER = '리스트 컴프리헨션은 [식 for 항목 in 반복 가능한 객체] 형태로 새 리스트를 만드는 파이썬 문법이다. 조건을 붙이면 [식 for 항목 in 객체 if 조건] 처럼 쓴다.';
const CRASH_QUESTION = '쿠버네티스 파드는 무엇인가?';
const CRASH_ANSWER = '파드는 쿠버네티스가 배포하고 관리하는 가장 작은 단위로, 컨테이너 하나 이상을 묶은 것이다.';

let h: Harness;
/** Set by the crash test: the bot "dies" right after recording an approval, before writing its note. */
let crashBeforeWrite = false;
/** A second member who asked the same question. */
let otherId = '';

beforeAll(async () => {
  h = await startHarness({
    beforeNoteWrite: () => {
      if (crashBeforeWrite) throw new Error('simulated crash between approval and write');
    },
  });
});

afterAll(async () => {
  await h?.stop();
});

beforeEach(() => h.clock.advance(61_000));

function ask(question: string, user = h.fake.users.member) {
  return h.fake.sendSlashCommand({ name: 'ask', options: { question }, user, locale: 'ko' }).waitForReply();
}

function gapsAsAdmin() {
  const handle = h.fake.sendSlashCommand({ name: 'gaps', user: h.fake.users.admin, locale: 'ko' });
  return handle.waitForReply();
}

/** The name Discord shows for a user: what the note's front matter records. */
function displayName(user: { username: string; globalName?: string | null }): string {
  return user.globalName ?? user.username;
}

function communityFiles(): string[] {
  const dir = path.join(h.knowledgeDir, 'community');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** A member fills in the answer modal behind `customId` on `message`. */
async function leaveAnswer(message: StoredMessage, customId: string, text: string, user = h.fake.users.member): Promise<StoredMessage> {
  const click = h.fake.clickButton({ customId, message, user, locale: 'ko' });
  await h.fake.waitForInteractionResponse(click.id);
  expect(click.record.response?.type).toBe(9);
  return h.fake.submitModal({ from: click, fields: { answer: text }, user, locale: 'ko' }).waitForReply();
}

describe('gap → answer → approve → note → cited', () => {
  let notFound: StoredMessage;

  it('gathers the unanswered question and the note request into one gap, listed by /gaps for admins only', async () => {
    notFound = await ask(QUESTION);
    expect(buttonIds(notFound)).toEqual(expect.arrayContaining([expect.stringMatching(/^answer:propose:\d+$/)]));
    const other = h.fake.addMember({ username: 'jimin', locale: 'ko' });
    otherId = other.id;
    await ask(`  ${QUESTION}  `, other);
    await h.fake.clickButton({ customId: buttonIds(notFound)[0]!, message: notFound, locale: 'ko' }).waitForReply();

    const list = await gapsAsAdmin();
    expect(list.ephemeral).toBe(true);
    expect(list.embeds[0]?.description).toContain(`**1.** ${QUESTION} · 물어본 사람 2명`);
    expect(buttonIds(list)[0]).toMatch(/^gap:answer:\d+$/);
    expect(list.components[0]?.components?.[0]?.label).toBe('1번 답 남기기');

    const refused = await h.fake.sendSlashCommand({ name: 'gaps', locale: 'ko' }).waitForReply();
    expect(refused.content).toBe('이 명령은 서버 관리(Manage Server) 권한이 있는 사람만 쓸 수 있어요.');
  });

  it('a member answers from the "not found" reply; an empty or too long answer is refused and nothing is kept', async () => {
    const propose = buttonIds(notFound).find((id) => id.startsWith('answer:propose:'))!;
    expect((await leaveAnswer(notFound, propose, '   \n ')).content).toBe('답이 비어 있어요. 노트에 들어갈 내용을 적어 주세요.');
    expect((await leaveAnswer(notFound, propose, '가'.repeat(1501))).content).toBe('답이 너무 길어요. 1500자 이내로 줄여 주세요.');
    expect(h.store.gaps.proposalCount(h.fake.guild.id)).toBe(0);

    const thanks = await leaveAnswer(notFound, propose, ANSWER);
    expect(thanks.ephemeral).toBe(true);
    expect(thanks.content).toBe('답을 남겼어요. 관리자가 확인하고 승인하면 노트에 추가돼요.');
    expect(communityFiles()).toEqual([]);
  });

  it('/gaps shows the answer with ✅ / ✏️ / ❌; ❌ keeps a rejected answer out of the notes', async () => {
    const gapButton = buttonIds(await gapsAsAdmin()).find((id) => id.startsWith('gap:answer:'))!;
    await leaveAnswer(await gapsAsAdmin(), gapButton, '모르겠지만 파이썬에 있다.', h.fake.users.admin);
    const list = await gapsAsAdmin();
    expect(list.embeds[1]?.title).toBe('📝 검토 대기 중인 답 2개');
    expect(visibleText(list)).toContain(ANSWER);
    const [first, second] = list.components.slice(0, 2).map((row) => row.components?.map((c) => c.custom_id));
    expect(first).toEqual([expect.stringMatching(/^gap:approve:\d+$/), expect.stringMatching(/^gap:edit:\d+$/), expect.stringMatching(/^gap:reject:\d+$/)]);

    // Review buttons are for admins, whoever clicks them.
    const byMember = await h.fake.clickButton({ customId: second![2]!, message: list, locale: 'ko' }).waitForReply();
    expect(byMember.content).toBe('이 명령은 서버 관리(Manage Server) 권한이 있는 사람만 쓸 수 있어요.');
    const rejected = await h.fake.clickButton({ customId: second![2]!, message: list, user: h.fake.users.admin, locale: 'ko' }).waitForReply();
    expect(rejected.content).toBe('❌ 거절했어요. 이 답은 노트에 들어가지 않고 기록으로만 남아요.');
    expect(h.store.gaps.answer(Number(second![2]!.split(':')[2]))?.status).toBe('rejected');
    expect(communityFiles()).toEqual([]);
  });

  it('✏️ edits and approves: the note is written with its front matter, indexed, the askers told in their channel, and the next answer cites it', async () => {
    const list = await gapsAsAdmin();
    const edit = buttonIds(list).find((id) => id.startsWith('gap:edit:'))!;
    const answerId = Number(edit.split(':')[2]);
    const click = h.fake.clickButton({ customId: edit, message: list, user: h.fake.users.admin, locale: 'ko' });
    await h.fake.waitForInteractionResponse(click.id);
    const modal = click.record.modal as { components: { components: { value?: string }[] }[] };
    expect(modal.components[0]?.components[0]?.value).toBe(ANSWER);
    const edited = `${ANSWER}\n\n예: [x * 2 for x in range(3)] 는 [0, 2, 4] 를 만든다.`;
    const done = await h.fake.submitModal({ from: click, fields: { answer: edited }, user: h.fake.users.admin, locale: 'ko' }).waitForReply((m) => !m.loading);
    const file = `community/파이썬-리스트-컴프리헨션-문법은-${answerId}.md`;
    expect(done.content).toBe(`✅ 승인했어요. \`${file}\` 노트로 추가했고, 이제 이 질문에 이 노트로 답해요. 물어본 2명에게 알렸어요.`);

    const note = matter(fs.readFileSync(path.join(h.knowledgeDir, file), 'utf8'));
    expect(note.data).toEqual({ question: QUESTION, answered_by: displayName(h.fake.users.member), approved_by: displayName(h.fake.users.admin), date: '2025-03-01' });
    expect(note.content.trim()).toBe(`# ${QUESTION}\n\n${edited}`);
    expect(communityFiles()).toEqual([path.basename(file)]);

    // One notice in #general, under the "not found" reply, naming both askers and pinging neither.
    const notice = h.fake.botMessages.find((m) => m.content.startsWith('💡'))!;
    expect(notice.channelId).toBe(notFound.channelId);
    expect((notice.raw.message_reference as { message_id?: string } | undefined)?.message_id).toBe(notFound.id);
    expect(notice.content).toContain(`<@${h.fake.users.member.id}>`);
    expect(notice.content).toContain(QUESTION);
    expect(h.fake.outgoing.find((o) => o.messageId === notice.id)?.pings).toEqual({ everyone: false, users: [], roles: [], repliedUser: false });

    const again = await ask(QUESTION);
    expect(again.embeds[0]?.description).toContain('리스트 컴프리헨션은');
    expect(visibleText(again)).toContain(file);
    expect(h.store.gaps.openCount(h.fake.guild.id)).toBe(0);
  });
});

describe('a crash between approval and write', () => {
  it('keeps the approval, writes no half note, and the restarted bot writes, indexes and announces it once', async () => {
    await ask(CRASH_QUESTION);
    const list = await gapsAsAdmin();
    await leaveAnswer(list, buttonIds(list).find((id) => id.startsWith('gap:answer:'))!, CRASH_ANSWER);
    const review = await gapsAsAdmin();
    const approve = buttonIds(review).find((id) => id.startsWith('gap:approve:'))!;
    const answerId = Number(approve.split(':')[2]);

    crashBeforeWrite = true;
    const failed = await h.fake.clickButton({ customId: approve, message: review, user: h.fake.users.admin, locale: 'ko' }).waitForReply((m) => !m.loading);
    expect(failed.content).toBe('문제가 생겨서 처리하지 못했어요. 잠시 후 다시 시도해 주세요.');
    expect(h.store.gaps.answer(answerId)).toMatchObject({ status: 'approved', writtenAt: null, notifiedAt: null });
    // Nothing half-written: no note and no temp file in the folder.
    const before = communityFiles();
    expect(before.some((f) => f.includes(String(answerId)) || f.endsWith('.tmp'))).toBe(false);
    // Approving again is refused: the approval is already recorded.
    const again = await h.fake.clickButton({ customId: approve, message: review, user: h.fake.users.admin, locale: 'ko' }).waitForReply();
    expect(again.content).toBe('이미 처리된 답이에요. `/gaps` 로 목록을 다시 열어 보세요.');

    crashBeforeWrite = false;
    const notices = () => h.fake.botMessages.filter((m) => m.content.includes(CRASH_QUESTION) && m.content.startsWith('💡')).length;
    await h.restartBot();
    const written = h.store.gaps.answer(answerId)!;
    expect(written.writtenAt).not.toBeNull();
    expect(communityFiles()).toEqual([...before, path.basename(written.noteFile!)].sort());
    expect(matter(fs.readFileSync(path.join(h.knowledgeDir, written.noteFile!), 'utf8')).content).toContain(CRASH_ANSWER);
    expect(notices()).toBe(1);
    // A second restart finds nothing left to do.
    await h.restartBot();
    expect(notices()).toBe(1);
    const cited = await ask(CRASH_QUESTION);
    expect(visibleText(cited)).toContain(written.noteFile!);
  });
});

describe('member data', () => {
  it('/export-member gives an admin the member\'s data as a JSON file; members cannot use it', async () => {
    const refused = await h.fake.sendSlashCommand({ name: 'export-member', options: { user: h.fake.users.admin.id }, locale: 'ko' }).waitForReply();
    expect(refused.content).toBe('이 명령은 서버 관리(Manage Server) 권한이 있는 사람만 쓸 수 있어요.');
    const handle = h.fake.sendSlashCommand({ name: 'export-member', options: { user: h.fake.users.member.id }, user: h.fake.users.admin, locale: 'ko' });
    const reply = await handle.waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.attachments.map((a) => a.filename)).toEqual([`member-${h.fake.users.member.id}.json`]);
    const sent = h.fake.requests.find((r) => r.path.includes(handle.id) && r.files.length > 0)!;
    const data = JSON.parse(sent.files[0]!.text) as Record<string, { question?: string; answer?: string }[]>;
    expect(data.questions?.map((q) => q.question)).toContain(QUESTION);
    expect(data.answers_proposed?.map((a) => a.answer)).toContain(CRASH_ANSWER);
    expect(data.gaps_asked?.length).toBeGreaterThan(0);
  });

  it('/forget-me asks first; cancel keeps everything, confirm deletes the member\'s data and leaves others\' alone', async () => {
    const member = h.fake.users.member.id;
    const prompt = await h.fake.sendSlashCommand({ name: 'forget-me', locale: 'ko' }).waitForReply();
    expect(prompt.ephemeral).toBe(true);
    expect(buttonIds(prompt)).toEqual([`forget:confirm:${member}`, `forget:cancel:${member}`]);
    await h.fake.clickButton({ customId: `forget:cancel:${member}`, message: prompt, locale: 'ko' }).response();
    expect(h.fake.message(prompt.id)?.content).toBe('지우지 않았어요. 기록은 그대로예요.');
    expect(h.store.members.export(member, h.fake.guild.id).questions?.length).toBeGreaterThan(0);

    const second = await h.fake.sendSlashCommand({ name: 'forget-me', locale: 'ko' }).waitForReply();
    await h.fake.clickButton({ customId: `forget:confirm:${member}`, message: second, locale: 'ko' }).response();
    expect(h.fake.message(second.id)?.content).toMatch(/^내 기록을 모두 지웠어요 \(\d+건\)\.$/u);
    expect(Object.values(h.store.members.export(member, h.fake.guild.id)).flat()).toEqual([]);
    expect(h.store.members.export(otherId, h.fake.guild.id).questions?.length).toBe(1);
    // The approved note stays in the notes; the answer's author is no longer recorded.
    expect(h.store.gaps.unfinished()).toEqual([]);
  });
});

it('never had a payload rejected, never pinged, never logged the token', () => {
  expectWellBehaved(h);
});
