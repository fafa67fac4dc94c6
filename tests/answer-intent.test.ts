import { describe, expect, it } from 'vitest';
import { isIntentWord, questionIntent, setsSideBySide } from '../src/text/intent.js';

describe('questionIntent', () => {
  const cases: [string, ReturnType<typeof questionIntent>['type']][] = [
    ['트랜잭션이란?', 'definition'],
    ['타입 1 하이퍼바이저가 뭔가요?', 'definition'],
    ['정규화가 뭐야', 'definition'],
    ['컨테이너엔진이 뭔지 설명해주세여', 'definition'],
    ['What is a bare metal hypervisor', 'definition'],
    ["What's a mutex?", 'definition'],
    ['컨테이너가 VM보다 자원을 덜 먹는 이유는?', 'reason'],
    ['VM은 왜 컨테이너보다 무거운거야? 커널떄문?', 'reason'],
    ['Why is a container lighter than a VM?', 'reason'],
    ['3 way handshake 과정 설명해줘', 'procedure'],
    ['vm 메모리 가상화는 어떻게 돼?', 'procedure'],
    ['도커 이미지를 윈도우용으로 만드는 법 알려주세요', 'procedure'],
    ['how to prevent deadlock', 'procedure'],
    ['도커랑 VM 차이가 뭐야?', 'comparison'],
    ['스택과 큐의 차이점은?', 'comparison'],
    ['TCP와 UDP 비교', 'comparison'],
    ['컨테이너 이미지랑 실제로 돌아가는 컨테이너는 뭐가 달라요?', 'comparison'],
    ['프로세스랑 쓰레드 차이뭐임', 'comparison'],
    ['mutex vs semaphore', 'comparison'],
    ['What is the difference between a process and a thread?', 'comparison'],
    // `뭐가 다름`, `뭐가 다른 건데`: the casual ways of asking what differs.
    ['SRP랑 ISP는 둘다 책임 하나만 지라는 얘기 같은데 뭐가 다름?', 'comparison'],
    ['프로그램이랑 프로세스는 뭐가 다른 건데?', 'comparison'],
    ['스택이랑 큐 뭐 다름?', 'comparison'],
    ['데드락 걸리는 조건', 'enumeration'],
    ['SRTF 문제점 뭐 있어', 'enumeration'],
    ['큐는 실제로 어디어디 쓰이나요?', 'enumeration'],
    ['컨테이너 장점', 'enumeration'],
    ['하이퍼바이저 종류에는 뭐가 있어?', 'enumeration'],
    ['컨테이너 쓰면 뭐가 좋은데?', 'enumeration'],
    ['도커에서 커널은 정확히 무슨 일을 해?', 'enumeration'],
    ['advantages of containers', 'enumeration'],
    ['What downsides of containers do the notes mention?', 'enumeration'],
    ['What does the kernel do in a VM?', 'enumeration'],
    // A count of the things asked for is a list; a count that is the means (`스택 두 개로`) is not.
    ['교착상태 회복할 때 프로세스를 종료하는 방법 두 가지가 뭔가요?', 'enumeration'],
    ['탐욕법 쓸 때 확인하는 속성 두개 뭐였지', 'enumeration'],
    ['스택 두 개로 큐 만들 수 있어? 어떻게 해?', 'procedure'],
    ['멀티스테이지 빌드로 os별 이미지를 만들 수 있나요', 'yesno'],
    ['컨테이너 격리성 덕분에 앱끼리 충돌이 안 나는 거야?', 'yesno'],
    ['Does a container have its own kernel?', 'yesno'],
    // 무조건 (always) holds 조건 (condition) and asks for no list.
    ['컨테이너면 무조건 격리가 보장돼?', 'yesno'],
    // The same thing asked of each of two is a comparison: both sides are answered.
    ['도커랑 VM은 각각 커널을 어떻게 써?', 'comparison'],
    ['What kernel do a container and a VM each use?', 'comparison'],
    ['베어메탈 하이퍼바이저는 주로 어디서 쓰여?', 'lookup'],
    ['vm에서 페이지테이블 관리는 누가해?', 'lookup'],
  ];
  it.each(cases)('%s → %s', (question, type) => {
    expect(questionIntent(question).type).toBe(type);
  });

  it('does not take `뭐 다른` (any other) for a comparison', () => {
    expect(questionIntent('혹시 뭐 다른 방법 있어?').type).not.toBe('comparison');
  });

  it('splits a comparison into its two sides, as the member named them', () => {
    expect(questionIntent('도커랑 VM 차이가 뭐야?').subjects).toEqual(['도커', 'vm']);
    expect(questionIntent('프로세스와 스레드의 차이').subjects).toEqual(['프로세스', '스레드']);
    expect(questionIntent('도커 컨테이너랑 가상 머신은 하드웨어 자원 쓰는 방식이 어떻게 달라요?').subjects).toEqual(['도커 컨테이너', '가상 머신']);
    expect(questionIntent('TCP와 UDP 비교').subjects).toEqual(['tcp', 'udp']);
    // A name glued on in brackets is the side's gloss, not another side word.
    expect(questionIntent('모니터(Monitor)는 세마포어랑 어떻게 다르게 동작해?').subjects).toEqual(['모니터', '세마포어']);
    expect(questionIntent('compare how the kernel is used in docker vs a vm').subjects).toEqual(['docker', 'vm']);
    expect(questionIntent('difference between the docker host OS and a VM guest OS').subjects).toEqual(['docker host os', 'vm guest os']);
    // The topic of `A는 B랑 뭐가 달라` is a side; a clause before the pair (`동기화할 때`) is not.
    expect(questionIntent('선택 정렬은 버블 정렬이랑 동작이 뭐가 달라?').subjects).toEqual(['선택 정렬', '버블 정렬']);
    expect(questionIntent('NoSQL 노드끼리 동기화할 때 동기식이랑 비동기식 장단점 비교해줘').subjects).toEqual(['동기식', '비동기식']);
    // The joiner typed without spaces still parts the sides; a word that merely holds 랑 is one subject.
    expect(questionIntent('프로세스랑스레드 차이 뭐임?').subjects).toEqual(['프로세스', '스레드']);
    expect(questionIntent('GET이랑POST 차이').subjects).toEqual(['get', 'post']);
    expect(questionIntent('자랑스러운 순간 차이').subjects).toEqual(['자랑스러운 순간']);
    // A verb's adnominal 는 before the pair (`쓰는`, `사용하는`) is no topic: it names no side.
    expect(questionIntent('스타일 맞출 때 쓰는 reset이랑 normalize 차이가 머임').subjects).toEqual(['reset', 'normalize']);
    expect(questionIntent('격리할 때 사용하는 도커랑 VM 차이').subjects).toEqual(['도커', 'vm']);
    // `둘 다` (both), `맨날` (always), `그니까` end a side, they are not part of it.
    expect(questionIntent('분할정복이랑 DP 둘 다 문제 쪼개서 푸는 건데 뭐가 달라?').subjects).toEqual(['분할정복', 'dp']);
    expect(questionIntent('바벨이랑 폴리필 맨날 헷갈리는데 차이가 뭐야').subjects).toEqual(['바벨', '폴리필']);
    // Two clauses set side by side: the sides are what each does it with, not the clauses' `할 때`.
    expect(questionIntent('iOS에서 델리게이트로 할 때랑 블록으로 할 때 나누는 기준이 뭐야?')).toEqual({ type: 'comparison', subjects: ['델리게이트', '블록'] });
    expect(questionIntent('리스트를 쓰는 경우와 배열을 쓰는 경우').subjects).toEqual(['리스트', '배열']);
    expect(questionIntent('그니까 프로그램이랑 프로세스는 뭐가 다른 건데?').subjects).toEqual(['프로그램', '프로세스']);
  });

  it('names the asked term of other questions without particles or question words', () => {
    expect(questionIntent('타입 1 하이퍼바이저가 뭔가요?').subjects).toEqual(['타입 1 하이퍼바이저']);
    expect(questionIntent('트랜잭션이란?').subjects).toEqual(['트랜잭션']);
    expect(questionIntent('what is docker containerization?').subjects).toEqual(['docker containerization']);
  });

  it('keeps words ending like particles whole (효과, 속도, 차이)', () => {
    expect(questionIntent('캐시 효과가 뭐야?').subjects).toEqual(['캐시 효과']);
    expect(questionIntent('메모리 속도는 뭐야').subjects).toEqual(['메모리 속도']);
  });
});

describe('isIntentWord', () => {
  it('drops the words that only say what kind of answer is wanted, particles attached', () => {
    for (const word of ['차이', '차이가', '차이는', '차이점은', '비교', 'vs', '왜', '이유는', '어떻게', '방법은', '과정', '뭐야', '뭔가요', '알려줘', '설명해주세요', 'what', 'Why', 'how', 'difference']) {
      expect(isIntentWord(word), word).toBe(true);
    }
  });

  it('keeps the words notes use as headings, and content words', () => {
    for (const word of ['장점', '단점', '조건', '종류', '장단점', '특징', '컨테이너의', '다른', '효과', '속도', '도커', 'kernel']) {
      expect(isIntentWord(word), word).toBe(false);
    }
  });
});

describe('setsSideBySide', () => {
  it('is true of a comparison and of one thing measured against another, not of a question about one thing', () => {
    for (const q of ['DFS랑 BFS 차이', '개방주소법이 체이닝보다 나은 점도 있어?', 'Why is PreparedStatement usually faster than Statement?', '장기 스케줄러랑 단기 스케줄러는 각각 어디 사이를 담당해?']) {
      expect(setsSideBySide(q), q).toBe(true);
    }
    // The 보다 of a verb (`살펴보다가`) measures nothing against anything.
    for (const q of ['What is a semaphore?', '퀵소트 피벗은 어떻게 잡아야 성능이 좋아지나요?', '로그를 살펴보다가 궁금해졌는데 데드락이 뭐야?']) {
      expect(setsSideBySide(q), q).toBe(false);
    }
  });
});
