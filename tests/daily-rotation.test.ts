import { describe, expect, it } from 'vitest';
import { chooseNextConcept, eligibleConcepts, rotationOrder } from '../src/daily/index.js';
import { Store, type RotationState } from '../src/store/index.js';
import type { Concept } from '../src/types.js';

const PROSE = [
  '도커는 호스트 운영체제의 커널을 공유하여 실행되며, cgroups와 네임스페이스 같은 리눅스 커널 기능으로 자원을 격리합니다.',
  '타입 1 하이퍼바이저는 하드웨어 위에서 직접 실행됩니다. 이 하이퍼바이저는 가상 머신을 할당하고 제어하는 주체입니다.',
  '컨테이너 엔진은 애플리케이션을 컨테이너로 패키징하고 실행하며 관리하는 소프트웨어입니다. 컨테이너 이미지를 생성하고 실행합니다.',
  '컨테이너는 호스트 운영체제의 커널을 공유하므로, VM에 비해 더 적은 자원을 사용합니다. 그래서 빠르게 시작하고 중지할 수 있습니다.',
  'VM 운영체제는 하이퍼바이저 위에서 실행되는 게스트 운영체제입니다. 각 VM은 독립된 커널을 포함하며, 하드웨어 자원을 가상화합니다.',
  '도커 컨테이너화는 애플리케이션과 그 종속성(라이브러리, 설정 파일 등)을 하나의 패키지로 묶어 일관된 환경에서 실행할 수 있도록 합니다.',
];

function concept(id: string, text: string): Concept {
  return { sectionId: `n.md#${id}`, title: id, path: ['Note', id], file: 'n.md', anchor: id, lines: [1, 2], text, keyTerms: [] };
}

const rich = PROSE.map((text, i) => concept(`s${i + 1}`, text));
const stub = concept('stub', '도커 멀티 스테이지 빌드');
const code = concept('code', 'FROM ubuntu:20.04 as linuxbuild\n└── 가상 환경 1 (OS)');
/** Note order, with sections too thin to teach in between. */
const notes = [rich[0]!, stub, rich[1]!, code, ...rich.slice(2)];

/** Runs the chooser `days` times, feeding its picks back like the store does. */
function simulate(concepts: () => Concept[], days: number, seed = 'guild-1', start: RotationState = { round: 1, posted: [] }) {
  let state = start;
  const picks: { id: string; round: number }[] = [];
  for (let day = 0; day < days; day += 1) {
    const choice = chooseNextConcept(concepts(), state, { seed })!;
    picks.push({ id: choice.concept.sectionId, round: choice.round });
    state = choice.round === state.round
      ? { round: state.round, posted: [...state.posted, choice.concept.sectionId] }
      : { round: choice.round, posted: [choice.concept.sectionId] };
  }
  return { picks, state };
}

describe('eligible sections', () => {
  it('leaves out sections without enough prose, unless none has enough', () => {
    expect(eligibleConcepts(notes).map((c) => c.anchor)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
    expect(eligibleConcepts([stub, code]).map((c) => c.anchor)).toEqual(['stub', 'code']);
    expect(eligibleConcepts([])).toEqual([]);
    expect(chooseNextConcept([], { round: 1, posted: [] }, { seed: 'g' })).toBeUndefined();
  });
});

describe('rotation chooser', () => {
  it('goes through every eligible section once, in note order, then starts round 2', () => {
    const { picks } = simulate(() => notes, 12);
    const round1 = picks.slice(0, 6);
    const round2 = picks.slice(6);
    expect(round1.map((p) => p.id)).toEqual(rich.map((c) => c.sectionId));
    expect(round1.every((p) => p.round === 1)).toBe(true);
    expect(round2.every((p) => p.round === 2)).toBe(true);
    expect(new Set(round2.map((p) => p.id))).toEqual(new Set(rich.map((c) => c.sectionId)));
    // Round 2 is a reshuffle, and does not open with the section shown the day before.
    expect(round2.map((p) => p.id)).not.toEqual(round1.map((p) => p.id));
    expect(round2[0]!.id).not.toBe(round1[5]!.id);
    expect(picks[12 - 1]!.round).toBe(2);
    expect(simulate(() => notes, 13).picks[12]!.round).toBe(3);
  });

  it('is deterministic per guild and round, and differs between guilds', () => {
    expect(rotationOrder(rich, 2, 'guild-a')).toEqual(rotationOrder(rich, 2, 'guild-a'));
    expect(rotationOrder(rich, 2, 'guild-a').map((c) => c.anchor)).not.toEqual(rotationOrder(rich, 2, 'guild-b').map((c) => c.anchor));
    expect(rotationOrder(rich, 2, 'guild-a').map((c) => c.anchor)).not.toEqual(rotationOrder(rich, 3, 'guild-a').map((c) => c.anchor));
    expect(rotationOrder(rich, 1, 'guild-a')).toEqual(rich);
  });

  it('lets a section added by a re-index join the current round, and ignores removed ones', () => {
    let current = rich.slice(0, 4);
    const added = concept('new', '호스트 하이퍼바이저는 기존 운영체제 위에서 실행됩니다. 이 하이퍼바이저는 운영체제를 통해 자원을 할당받습니다.');
    const first = simulate(() => current, 2);
    expect(first.picks.map((p) => p.id)).toEqual(['n.md#s1', 'n.md#s2']);

    // Re-index: s3 removed, a new section appears.
    current = [rich[0]!, rich[1]!, added, rich[3]!];
    const rest = simulate(() => current, 3, 'guild-1', first.state);
    expect(rest.picks).toEqual([
      { id: 'n.md#new', round: 1 },
      { id: 'n.md#s4', round: 1 },
      { id: expect.any(String), round: 2 },
    ]);
  });

  it('drives the store rotation: posted ids are kept per round and reset when a round ends', () => {
    const store = Store.open({ path: ':memory:' });
    store.settings.configureDaily('g', { channelId: 'c', time: '09:00', configuredBy: 'u' });
    const seen: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const pick = store.daily.pickManual('g', (rotation) => {
        const choice = chooseNextConcept(notes, rotation, { seed: 'g' });
        return choice && { sectionId: choice.concept.sectionId, round: choice.round };
      })!;
      seen.push(pick.sectionId);
    }
    expect(new Set(seen.slice(0, 6)).size).toBe(6);
    expect(store.daily.rotation('g')).toEqual({ round: 2, posted: [seen[6]] });
    store.close();
  });
});
