/** The gap list in the database: which questions become gaps, who counts as an asker, and what a member's forgetting takes. */
import { describe, expect, it } from 'vitest';
import { Store } from '../src/store/index.js';

const now = () => new Date('2025-03-01T12:00:00Z');
const admin = { userId: 'admin', name: 'Admin' };

function open(): Store {
  return Store.open({ path: ':memory:', now });
}

describe('gap list', () => {
  it('gathers unanswered guild questions by their normalized text, counting each asker once; answered and DM questions stay out', () => {
    const store = open();
    store.questions.log({ guildId: 'g1', channelId: 'c1', userId: 'u1', question: '파이썬 리스트 컴프리헨션은?', answered: false });
    store.questions.log({ guildId: 'g1', channelId: 'c2', userId: 'u2', question: '  파이썬  리스트 컴프리헨션은? ', answered: false });
    store.questions.log({ guildId: 'g1', channelId: 'c1', userId: 'u1', question: '파이썬 리스트 컴프리헨션은?', answered: false });
    store.questions.log({ guildId: 'g2', userId: 'u1', question: '파이썬 리스트 컴프리헨션은?', answered: false });
    store.questions.log({ guildId: 'g1', userId: 'u3', question: '컨테이너란?', answered: true });
    store.questions.log({ guildId: null, userId: 'u3', question: 'DM 질문', answered: false });
    const [gap, ...rest] = store.gaps.open('g1', 10);
    expect(rest).toEqual([]);
    expect(gap).toMatchObject({ question: '파이썬 리스트 컴프리헨션은?', askers: 2, status: 'open' });
    expect(store.gaps.askers(gap!.id).map((a) => [a.userId, a.channelId])).toEqual([['u1', 'c1'], ['u2', 'c2']]);
    expect(store.gaps.openCount('g2')).toBe(1);
  });

  it('a note request joins the gap and remembers the "not found" reply to answer under', () => {
    const store = open();
    const q = store.questions.log({ guildId: 'g1', channelId: 'c1', userId: 'u1', question: '레이어 캐시는?', answered: false });
    expect(store.questions.requestNote(q, 'u2', 'g1', { channelId: 'c1', messageId: 'm1' })).toBe(true);
    const gap = store.gaps.open('g1', 10)[0]!;
    expect(gap.askers).toBe(2);
    expect(store.gaps.askers(gap.id)).toContainEqual({ userId: 'u2', channelId: 'c1', messageId: 'm1' });
  });

  it('approval is recorded once, closes the gap and fixes the note file; a rejected answer stays proposed-for-nothing in the database', () => {
    const store = open();
    store.questions.log({ guildId: 'g1', userId: 'u1', question: '레이어 캐시는?', answered: false });
    const gap = store.gaps.open('g1', 10)[0]!;
    const bad = store.gaps.propose(gap.id, { userId: 'u2', name: 'Two' }, '모르겠어요')!;
    const good = store.gaps.propose(gap.id, { userId: 'u3', name: 'Three' }, '바뀐 층부터 다시 빌드해요.')!;
    expect(store.gaps.proposalCount('g1')).toBe(2);
    expect(store.gaps.reject(bad.id, admin)).toBe(true);
    expect(store.gaps.reject(bad.id, admin)).toBe(false);
    const approved = store.gaps.approve(good.id, admin, (a) => `community/x-${a.id}.md`, '바뀐 레이어부터 다시 빌드해요.');
    expect(approved).toMatchObject({ status: 'approved', approvedText: '바뀐 레이어부터 다시 빌드해요.', answer: '바뀐 층부터 다시 빌드해요.', noteFile: `community/x-${good.id}.md`, writtenAt: null });
    expect(store.gaps.approve(good.id, admin, () => 'other.md')).toBeUndefined();
    expect(store.gaps.open('g1', 10)).toEqual([]);
    expect(store.gaps.answer(bad.id)?.status).toBe('rejected');
    expect(store.gaps.unfinished().map((a) => a.id)).toEqual([good.id]);
    store.gaps.markWritten(good.id, `community/x-${good.id}.md`);
    store.gaps.markNotified(good.id);
    expect(store.gaps.unfinished()).toEqual([]);
    // An answered gap takes no more proposals.
    expect(store.gaps.propose(gap.id, { userId: 'u2', name: 'Two' }, '또')).toBeUndefined();
  });
});

describe('member data', () => {
  it('exports one member\'s rows from one guild and forgets them everywhere, leaving other members alone', () => {
    const store = open();
    const mine = store.questions.log({ guildId: 'g1', channelId: 'c1', userId: 'me', question: '레이어 캐시는?', answered: false });
    store.questions.log({ guildId: 'g1', channelId: 'c1', userId: 'other', question: '레이어 캐시는?', answered: false });
    store.questions.log({ guildId: 'g2', userId: 'me', question: '혼자만 물은 질문', answered: false });
    store.feedback.vote({ messageId: 'a1', userId: 'me', guildId: 'g1', vote: 'down', questionId: mine });
    store.feedback.vote({ messageId: 'a1', userId: 'other', guildId: 'g1', vote: 'up', questionId: mine });
    store.questions.requestNote(mine, 'me', 'g1');
    const quizId = store.quizzes.create({ guildId: 'g1', channelId: 'c1', localDate: '2025-03-01', kind: 'manual', quiz: { sectionId: 's' } as never });
    store.quizzes.answer({ quizId, userId: 'me', choice: 1, correct: true });
    const card = store.reviews.meet('me', 's', { q: 1 }, { fsrs: { due: 1 }, due: now() });
    store.reviews.record(card.id, { fsrs: {}, due: now(), rating: 3, log: {}, kind: 'review', guildId: 'g1' });
    store.reviews.markActive('me', '2025-03-01');
    const gap = store.gaps.open('g1', 10)[0]!;
    const proposal = store.gaps.propose(gap.id, { userId: 'me', name: 'Me' }, '제 답')!;

    const exported = store.members.export('me', 'g1');
    expect(exported.questions?.map((q) => q.question)).toEqual(['레이어 캐시는?']);
    expect(exported.feedback).toHaveLength(1);
    expect(exported.note_requests).toHaveLength(1);
    expect(exported.quiz_attempts).toHaveLength(1);
    expect(exported.review_cards).toHaveLength(1);
    expect(exported.review_log).toHaveLength(1);
    expect(exported.activity_days).toEqual([{ local_date: '2025-03-01' }]);
    expect(exported.gaps_asked?.map((g) => g.question)).toEqual(['레이어 캐시는?']);
    expect(exported.answers_proposed?.map((a) => a.id)).toEqual([proposal.id]);

    store.members.forget('me');
    expect(Object.values(store.members.export('me', 'g1')).flat()).toEqual([]);
    expect(Object.values(store.members.export('me', 'g2')).flat()).toEqual([]);
    // The other member's question, vote and gap stay; the gap only the member asked in g2 is gone with its text.
    expect(store.members.export('other', 'g1').questions).toHaveLength(1);
    expect(store.feedback.tally('a1')).toEqual({ up: 1, down: 0 });
    expect(store.gaps.open('g1', 10).map((g) => g.askers)).toEqual([1]);
    expect(store.gaps.openCount('g2')).toBe(0);
  });
});
