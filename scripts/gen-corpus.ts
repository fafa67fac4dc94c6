/**
 * Deterministic synthetic knowledge folders that look like a Korean study group's CS notes, for
 * `npm run bench`. Real-looking text, not random bytes: the lexical statistics (a Zipf-like spread of
 * shared vocabulary, a long tail of identifiers and rare terms, `한국어(English)` term pairs, question-like
 * headings) are what BM25 and the glossary see in real notes.
 *
 * Every note is a function of (seed, note number) only, so a smaller corpus is a prefix of a larger one.
 * Notes are generated until the real parser and chunker (src/notes, src/chunk) have produced the target
 * number of chunks, so "10k chunks" means what the index will hold, not an estimate.
 *
 * A note looks like the group's notes (see knowledge/docker-and-vm.md): front matter, an H1 title,
 * sometimes a table of contents and `[뒤로](…)` navigation (neither indexed), H2 concepts with H3/H4
 * aspects, bullet lists with **bold** labels, bullet labels with nested bullets, GitBook headings inside
 * list items (`*   #### …`), numbered lists, small tables, code blocks and reference links.
 *
 *   npx tsx scripts/gen-corpus.ts --chunks 10000 [--seed 42] [--out data/bench/corpus-10000-s42] [--questions 300]
 *
 * Writes the notes, `questions.jsonl` (generated questions, some out of scope) and `corpus.json`
 * (what was generated). An existing folder generated with the same settings is reused as is.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chunkNotes } from '../src/chunk/chunk.js';
import { parseNote } from '../src/notes/parse.js';
import { mulberry32 } from './prng.js';

/** Bump when the generated text changes, so cached corpora are regenerated. */
export const GENERATOR_VERSION = 2;
export const DEFAULT_SEED = 42;
export const DEFAULT_QUESTIONS = 300;

export interface CorpusOptions {
  targetChunks: number;
  seed?: number;
  outDir: string;
  questions?: number;
  /** Called every few hundred notes while generating. */
  onProgress?: (chunks: number, target: number) => void;
}

export interface BenchQuestion {
  question: string;
  lang: 'ko' | 'en';
  /** False for questions the notes do not cover (the engine should abstain). */
  inScope: boolean;
  /** The heading the question was made from (a hit is any passage under a heading with this text). */
  heading?: string;
  file?: string;
}

export interface CorpusInfo {
  generatorVersion: number;
  seed: number;
  targetChunks: number;
  notes: number;
  /** Chunks the project's own parser and chunker make of the notes. */
  chunks: number;
  bytes: number;
  sections: number;
  generateMs: number;
  dir: string;
}

// ─── Vocabulary (written for this generator) ──────────────────────────────────────────────────────────

interface Concept {
  ko: string;
  en: string;
}

interface Domain {
  slug: string;
  title: string;
  concepts: Concept[];
  /** Nouns that belong to the field; mixed with the shared nouns in sentences. */
  nouns: string[];
  code: CodeKind[];
}

type CodeKind = 'java' | 'python' | 'sql' | 'javascript' | 'bash' | 'tree' | 'c';

const pairs = (text: string): Concept[] =>
  text
    .trim()
    .split('\n')
    .map((line) => {
      const [ko, en] = line.split('|').map((s) => s.trim());
      return { ko: ko!, en: en! };
    });

const words = (text: string): string[] => text.trim().split(/\s*,\s*/);

const DOMAINS: Domain[] = [
  {
    slug: 'os',
    title: '운영체제',
    concepts: pairs(`
      프로세스|Process
      스레드|Thread
      스케줄러|Scheduler
      문맥 교환|Context Switch
      교착 상태|Deadlock
      세마포어|Semaphore
      뮤텍스|Mutex
      임계 구역|Critical Section
      가상 메모리|Virtual Memory
      페이징|Paging
      세그멘테이션|Segmentation
      페이지 교체 알고리즘|Page Replacement Algorithm
      인터럽트|Interrupt
      시스템 콜|System Call
      커널|Kernel
      파일 시스템|File System
      메모리 단편화|Memory Fragmentation
      스와핑|Swapping
      기아 상태|Starvation
      경쟁 상태|Race Condition
      프로세스 제어 블록|Process Control Block
      요구 페이징|Demand Paging
      스래싱|Thrashing
      모니터|Monitor
      캐시의 지역성|Locality of Cache`),
    nouns: words('커널 모드, 사용자 모드, 레지스터, 프로그램 카운터, 스택 영역, 힙 영역, 코드 영역, 데이터 영역, 주소 공간, 페이지 테이블, 프레임, 준비 큐, 대기 큐, 타임 슬라이스, 우선순위, 선점, 입출력 장치, 디스크 블록, 물리 메모리, 논리 주소, 물리 주소, 페이지 폴트, 실행 흐름, 자식 프로세스, 부모 프로세스'),
    code: ['c', 'tree', 'bash'],
  },
  {
    slug: 'network',
    title: '네트워크',
    concepts: pairs(`
      전송 계층|Transport Layer
      혼잡 제어|Congestion Control
      흐름 제어|Flow Control
      3-way 핸드셰이크|3-way Handshake
      라우팅|Routing
      서브넷 마스크|Subnet Mask
      로드 밸런서|Load Balancer
      프록시 서버|Proxy Server
      쿠키|Cookie
      세션|Session
      대칭키 암호화|Symmetric Key Encryption
      공개키 암호화|Public Key Encryption
      인증서|Certificate
      도메인 이름 시스템|Domain Name System
      소켓|Socket
      웹소켓|WebSocket
      멀티플렉싱|Multiplexing
      상태 코드|Status Code
      슬라이딩 윈도우|Sliding Window
      재전송 타이머|Retransmission Timer
      네트워크 주소 변환|Network Address Translation
      콘텐츠 전송 네트워크|Content Delivery Network`),
    nouns: words('패킷, 세그먼트, 헤더, 포트 번호, 아이피 주소, 라우터, 스위치, 대역폭, 왕복 시간, 수신 버퍼, 송신 버퍼, 윈도우 크기, 확인 응답, 시퀀스 번호, 연결 상태, 요청 헤더, 응답 본문, 프로토콜, 게이트웨이, 방화벽 규칙, 도메인, 캐시 서버, 브라우저, 암호 스위트, 핸드셰이크'),
    code: ['bash', 'javascript', 'tree'],
  },
  {
    slug: 'database',
    title: '데이터베이스',
    concepts: pairs(`
      트랜잭션|Transaction
      인덱스|Index
      정규화|Normalization
      반정규화|Denormalization
      격리 수준|Isolation Level
      조인|Join
      기본 키|Primary Key
      외래 키|Foreign Key
      실행 계획|Execution Plan
      복제|Replication
      샤딩|Sharding
      파티셔닝|Partitioning
      낙관적 락|Optimistic Lock
      비관적 락|Pessimistic Lock
      저장 프로시저|Stored Procedure
      옵티마이저|Optimizer
      커넥션 풀|Connection Pool
      키-값 저장소|Key-Value Store
      문서 데이터베이스|Document Database
      커버링 인덱스|Covering Index
      팬텀 리드|Phantom Read`),
    nouns: words('테이블, 레코드, 칼럼, 스키마, 쿼리, 튜플, 릴레이션, 속성, 무결성, 제약 조건, 로그 파일, 버퍼 풀, 데이터 페이지, 클러스터, 읽기 전용 복제본, 잠금, 커밋, 롤백, 스냅숏, 풀 스캔, 카디널리티, 선택도, 통계 정보, 마스터 노드, 레플리카'),
    code: ['sql', 'java', 'python'],
  },
  {
    slug: 'data-structure',
    title: '자료구조',
    concepts: pairs(`
      배열|Array
      연결 리스트|Linked List
      스택|Stack
      큐|Queue
      힙|Heap
      해시 테이블|Hash Table
      이진 탐색 트리|Binary Search Tree
      레드 블랙 트리|Red-Black Tree
      비 트리|B-Tree
      트라이|Trie
      그래프|Graph
      인접 리스트|Adjacency List
      우선순위 큐|Priority Queue
      덱|Deque
      해시 충돌|Hash Collision
      블룸 필터|Bloom Filter
      세그먼트 트리|Segment Tree
      유니온 파인드|Union Find`),
    nouns: words('노드, 간선, 정점, 루트 노드, 리프 노드, 자식 노드, 포인터, 인덱스 번호, 버킷, 해시 값, 체이닝, 개방 주소법, 회전 연산, 높이, 균형, 원소, 삽입 연산, 삭제 연산, 탐색 연산, 최댓값, 최솟값, 순회, 부모 노드, 키 값, 용량'),
    code: ['java', 'python', 'c'],
  },
  {
    slug: 'algorithm',
    title: '알고리즘',
    concepts: pairs(`
      퀵 정렬|Quick Sort
      병합 정렬|Merge Sort
      힙 정렬|Heap Sort
      삽입 정렬|Insertion Sort
      계수 정렬|Counting Sort
      이분 탐색|Binary Search
      동적 계획법|Dynamic Programming
      탐욕 알고리즘|Greedy Algorithm
      깊이 우선 탐색|Depth-First Search
      너비 우선 탐색|Breadth-First Search
      다익스트라 알고리즘|Dijkstra Algorithm
      위상 정렬|Topological Sort
      최소 신장 트리|Minimum Spanning Tree
      시간 복잡도|Time Complexity
      공간 복잡도|Space Complexity
      분할 정복|Divide and Conquer
      백트래킹|Backtracking
      투 포인터|Two Pointers
      비트마스크|Bitmask
      메모이제이션|Memoization`),
    nouns: words('피벗, 부분 문제, 점화식, 기저 사례, 재귀 호출, 반복문, 입력 크기, 최악의 경우, 평균적인 경우, 안정 정렬, 비교 횟수, 교환 횟수, 방문 배열, 가중치, 최단 거리, 진입 차수, 정답 배열, 탐색 범위, 중간값, 상태 공간, 경우의 수, 부분 배열, 누적 합, 경계 조건, 메모리 제한'),
    code: ['python', 'java', 'c'],
  },
  {
    slug: 'java',
    title: '자바',
    concepts: pairs(`
      가비지 컬렉션|Garbage Collection
      자바 가상 머신|Java Virtual Machine
      제네릭|Generics
      인터페이스|Interface
      추상 클래스|Abstract Class
      오버라이딩|Overriding
      오버로딩|Overloading
      접근 제어자|Access Modifier
      래퍼 클래스|Wrapper Class
      오토박싱|Autoboxing
      스트림|Stream
      람다 표현식|Lambda Expression
      예외 처리|Exception Handling
      직렬화|Serialization
      리플렉션|Reflection
      어노테이션|Annotation
      불변 객체|Immutable Object
      클래스 로더|Class Loader
      스레드 로컬|ThreadLocal`),
    nouns: words('힙 메모리, 스택 프레임, 바이트코드, 인스턴스, 메서드, 생성자, 필드, 상속, 다형성, 캡슐화, 컬렉션, 해시맵, 동시성, 가비지, 영 영역, 올드 영역, 참조 변수, 기본 자료형, 패키지, 예외, 런타임, 컴파일러, 타입 파라미터, 정적 메서드, 익명 클래스'),
    code: ['java'],
  },
  {
    slug: 'javascript',
    title: '자바스크립트',
    concepts: pairs(`
      클로저|Closure
      호이스팅|Hoisting
      이벤트 루프|Event Loop
      프로미스|Promise
      프로토타입|Prototype
      실행 컨텍스트|Execution Context
      스코프|Scope
      콜백 함수|Callback Function
      비동기 함수|Async Function
      이벤트 위임|Event Delegation
      모듈 시스템|Module System
      디바운스|Debounce
      스로틀|Throttle
      얕은 복사|Shallow Copy
      깊은 복사|Deep Copy
      화살표 함수|Arrow Function`),
    nouns: words('콜 스택, 태스크 큐, 마이크로태스크 큐, 전역 객체, 렉시컬 환경, 변수 선언, 함수 선언문, 함수 표현식, 객체 리터럴, 이벤트 핸들러, 이벤트 객체, 돔 요소, 타이머, 반환값, 매개변수, 인자, 원시 타입, 참조 타입, 프로퍼티, 생성자 함수, 엄격 모드, 스프레드 문법, 구조 분해, 템플릿 리터럴, 런타임 환경'),
    code: ['javascript'],
  },
  {
    slug: 'frontend',
    title: '프론트엔드',
    concepts: pairs(`
      브라우저 렌더링|Browser Rendering
      가상 돔|Virtual DOM
      상태 관리|State Management
      서버 사이드 렌더링|Server-Side Rendering
      번들러|Bundler
      트리 셰이킹|Tree Shaking
      지연 로딩|Lazy Loading
      웹 접근성|Web Accessibility
      반응형 웹|Responsive Web
      크로스 사이트 스크립팅|Cross-Site Scripting
      교차 출처 리소스 공유|Cross-Origin Resource Sharing
      웹 스토리지|Web Storage
      리플로우|Reflow
      리페인트|Repaint`),
    nouns: words('컴포넌트, 렌더 트리, 레이아웃, 스타일 시트, 자바스크립트 번들, 정적 자원, 이미지, 폰트, 첫 화면, 사용자 경험, 검색 엔진, 하이드레이션, 상태 값, 속성 값, 라우터, 뷰포트, 미디어 쿼리, 로컬 스토리지, 세션 스토리지, 요청 출처, 보안 정책, 스크린 리더, 마크업, 애니메이션, 프레임 속도'),
    code: ['javascript', 'bash'],
  },
  {
    slug: 'design-pattern',
    title: '디자인 패턴',
    concepts: pairs(`
      싱글톤 패턴|Singleton Pattern
      팩토리 메서드 패턴|Factory Method Pattern
      전략 패턴|Strategy Pattern
      옵저버 패턴|Observer Pattern
      데코레이터 패턴|Decorator Pattern
      어댑터 패턴|Adapter Pattern
      프록시 패턴|Proxy Pattern
      의존성 주입|Dependency Injection
      제어의 역전|Inversion of Control
      빌더 패턴|Builder Pattern
      템플릿 메서드 패턴|Template Method Pattern
      커맨드 패턴|Command Pattern
      단일 책임 원칙|Single Responsibility Principle
      개방 폐쇄 원칙|Open-Closed Principle`),
    nouns: words('객체, 클래스, 인터페이스, 구현체, 추상화, 결합도, 응집도, 책임, 협력, 의존성, 확장, 변경, 재사용, 생성 로직, 구독자, 발행자, 알림, 래퍼, 호출자, 수신자, 컨테이너, 빈, 설정 정보, 테스트 코드, 유지보수'),
    code: ['java', 'javascript'],
  },
  {
    slug: 'cloud',
    title: '클라우드와 인프라',
    concepts: pairs(`
      컨테이너|Container
      도커 이미지|Docker Image
      하이퍼바이저|Hypervisor
      가상 머신|Virtual Machine
      오케스트레이션|Orchestration
      쿠버네티스|Kubernetes
      서비스 메시|Service Mesh
      오토스케일링|Autoscaling
      무중단 배포|Zero-Downtime Deployment
      블루 그린 배포|Blue-Green Deployment
      지속적 통합|Continuous Integration
      로그 수집|Log Aggregation
      서버리스|Serverless
      네임스페이스|Namespace
      볼륨|Volume
      컨테이너 엔진|Container Engine`),
    nouns: words('호스트 운영체제, 게스트 운영체제, 이미지 레이어, 레지스트리, 파드, 노드 풀, 클러스터, 배포 파이프라인, 헬스 체크, 롤링 업데이트, 트래픽, 인스턴스 그룹, 리전, 가용 영역, 설정 파일, 환경 변수, 시크릿, 사이드카, 네트워크 정책, 스토리지, 모니터링 대시보드, 알림 규칙, 비용, 빌드 캐시, 베이스 이미지'),
    code: ['bash', 'tree'],
  },
  {
    slug: 'machine-learning',
    title: '머신러닝',
    concepts: pairs(`
      과적합|Overfitting
      규제|Regularization
      경사 하강법|Gradient Descent
      손실 함수|Loss Function
      교차 검증|Cross Validation
      결정 트리|Decision Tree
      랜덤 포레스트|Random Forest
      서포트 벡터 머신|Support Vector Machine
      신경망|Neural Network
      역전파|Backpropagation
      활성화 함수|Activation Function
      임베딩|Embedding
      차원 축소|Dimensionality Reduction
      군집화|Clustering
      정밀도|Precision
      재현율|Recall
      학습률|Learning Rate`),
    nouns: words('학습 데이터, 검증 데이터, 테스트 데이터, 특성, 레이블, 가중치, 편향, 기울기, 배치 크기, 에폭, 모델, 예측값, 오차, 분산, 하이퍼파라미터, 은닉층, 출력층, 확률 분포, 벡터, 행렬, 정확도, 데이터셋, 이상치, 샘플, 추론'),
    code: ['python'],
  },
  {
    slug: 'security',
    title: '보안',
    concepts: pairs(`
      인증|Authentication
      인가|Authorization
      해시 함수|Hash Function
      솔트|Salt
      액세스 토큰|Access Token
      세션 고정 공격|Session Fixation
      SQL 인젝션|SQL Injection
      사이트 간 요청 위조|Cross-Site Request Forgery
      방화벽|Firewall
      전자 서명|Digital Signature
      접근 제어|Access Control
      다중 인증|Multi-Factor Authentication`),
    nouns: words('비밀번호, 평문, 암호문, 키 쌍, 개인 키, 서명 값, 공격자, 취약점, 입력 검증, 권한, 계정, 로그인 요청, 만료 시간, 갱신 토큰, 세션 식별자, 감사 로그, 보안 헤더, 접근 목록, 위험, 정책, 서버 설정, 요청 위조, 쿠키 속성, 인증 서버, 사용자 정보'),
    code: ['javascript', 'python', 'bash'],
  },
];

/** Nouns every field shares, roughly most common first (each field reorders the tail). */
const SHARED_NOUNS = words(`
  데이터, 메모리, 자원, 성능, 요청, 응답, 구조, 방식, 상태, 값, 시간, 비용, 공간, 사용자, 서버, 클라이언트, 함수, 변수,
  객체, 결과, 문제, 작업, 오류, 설정, 환경, 시스템, 프로그램, 애플리케이션, 코드, 기능, 정보, 영역, 크기, 순서, 위치,
  범위, 조건, 규칙, 목록, 단위, 계층, 연결, 입력, 출력, 파일, 디스크, 장치, 하드웨어, 운영체제, 라이브러리, 프레임워크,
  인스턴스, 테이블, 로그, 이벤트, 메시지, 버퍼, 참조, 복사본, 저장소, 서비스, 트래픽, 부하, 병목, 일관성, 가용성,
  안정성, 확장성, 효율성, 정확성, 복잡도, 흐름, 경로, 신호, 권한, 원리, 개념, 특징, 장점, 단점, 차이, 예시, 역할,
  목적, 원인, 해결책, 기준, 전략, 구현, 명령어, 식별자, 속성, 타입, 형식, 테스트, 운영, 비율, 평균, 임계값, 개발자,
  처리량, 지연 시간, 동시 접속, 네트워크, 컴퓨터, 주소, 블록, 인덱스, 캐시, 세부 동작, 내부 구조, 외부 요청, 호출 횟수,
  반환값, 초기값, 기본값, 최대 크기, 제한 시간, 우선순위, 대기 시간, 실행 시간, 사용량, 변경 사항, 의존 관계, 호환성,
  재사용성, 가독성, 유지보수성, 보안성, 장애, 복구, 백업, 버전, 배포, 빌드, 모듈, 패키지, 인터페이스, 프로토콜, 알고리즘,
  페이지, 프로세스, 스레드, 트리, 노드, 키, 레코드, 필드, 쿼리, 토큰, 세션, 이미지, 컨테이너, 클러스터, 인증서,
  사이클, 카운터, 플래그, 큐, 스택, 배열, 리스트, 맵, 집합, 문자열, 정수, 실수, 포인터, 핸들, 스냅숏, 체크섬, 해시값`);

/** 하다-verbs: the noun part (관리 → 관리한다, 관리하는, 관리할 수 있다). */
const VERBS = words(`
  관리, 할당, 처리, 저장, 전송, 요청, 비교, 검색, 정렬, 실행, 호출, 생성, 삭제, 갱신, 공유, 격리, 제어, 보장, 유지, 변환,
  분리, 확장, 구현, 설계, 배포, 측정, 감소, 증가, 최적화, 반환, 참조, 수정, 검증, 계산, 전달, 분산, 복제, 동기화, 차단,
  허용, 제한, 감지, 기록, 해제, 예약, 교체, 선택, 결정, 추가, 제거, 조회, 탐색, 압축, 암호화, 해석, 컴파일, 초기화, 등록,
  연결, 캐싱, 병합, 분할, 집계, 변경, 재시도, 대기, 종료, 시작, 수집, 분석, 모니터링, 정의, 선언, 상속, 구독, 발행,
  직렬화, 인코딩, 디코딩, 재배치, 정규화, 인증, 승인, 예측, 학습, 평가, 추적, 보호, 복구, 백업, 이동, 복사, 순회`);

const ADJECTIVES = words(`
  빠른, 느린, 작은, 큰, 복잡한, 단순한, 안전한, 효율적인, 일관된, 독립적인, 중요한, 새로운, 기존의, 여러, 다양한, 동일한,
  특정한, 일반적인, 불필요한, 적절한, 가벼운, 무거운, 제한된, 공유된, 격리된, 비동기적인, 동기적인, 물리적인, 논리적인,
  내부의, 외부의, 임시, 영구적인, 정적인, 동적인, 순차적인, 병렬적인, 추상적인, 구체적인, 예측 가능한, 안정적인`);

/** English words for identifiers in code and for the long tail of rare lexical terms. */
const ENGLISH = words(`
  user, order, cache, item, node, queue, buffer, session, token, request, response, config, manager, handler, service,
  repository, factory, builder, worker, task, event, message, stream, reader, writer, parser, index, key, value, count,
  size, limit, offset, page, record, table, row, column, file, path, lock, pool, thread, process, memory, timer, retry,
  policy, strategy, listener, observer, adapter, proxy, client, server, packet, socket, route, graph, tree, heap, stack,
  list, map, set, hash, entry, batch, job, schedule, state, context, result, error, status, log, metric, trace, span,
  window, frame, view, model, store, action, payload, header, body, query, filter, sort, merge, split, load, save, fetch,
  update, remove, create, build, parse, render, encode, decode, compress, validate, resolve, dispatch, account, member,
  product, payment, cart, ticket, seat, room, score, rank, level, vertex, edge, weight, distance, visit, parent, child,
  left, right, root, leaf, pivot, bucket, slot, shard, replica, leader, follower, term, vote, epoch, batch, shadow, delta`);

/**
 * Tools, libraries and products the notes mention by name: the long tail of rare terms a real corpus has
 * (real notes name hundreds of them). Names are made from syllables by rank, so each rank has its own
 * name, and ranks are drawn Zipf-like: a few names are everywhere, most appear once or twice.
 */
const NAME_SYLLABLES = words('ka, zo, ri, mex, tal, vin, dor, qua, len, sy, bra, tek, nu, mo, pix, ral, ven, cor, dex, lu, fi, gan, hol, jet, kin, mar, nor, pol, ros, sen, tur, vox, wyn, xel, yor, zen');
const NAME_SUFFIXES = ['', '', '', '', 'DB', 'MQ', 'js', 'Hub', 'OS', 'Kit'];
const PRODUCT_RANKS = 200_000;

function productName(rank: number): string {
  let r = rank;
  let name = '';
  do {
    name += NAME_SYLLABLES[r % NAME_SYLLABLES.length];
    r = Math.floor(r / NAME_SYLLABLES.length);
  } while (r > 0);
  return name[0]!.toUpperCase() + name.slice(1) + NAME_SUFFIXES[mixSeed(rank) % NAME_SUFFIXES.length]!;
}

let productRanks: Zipf<number> | undefined;
function sampleProduct(rng: Rng): string {
  productRanks ??= new Zipf(Array.from({ length: PRODUCT_RANKS }, (_, i) => i), 0.95);
  return productName(productRanks.sample(rng));
}

const CONNECTIVES = words('따라서, 그래서, 하지만, 또한, 반면에, 즉, 이때, 특히, 일반적으로, 주로, 보통, 결국, 그러므로, 다만, 실제로, 한편');

const OFF_TOPIC = [
  '김치찌개를 맛있게 끓이는 방법 알려줘', '이번 주말 서울 날씨는 어때?', '제주도 3박 4일 여행 일정 추천해줘',
  '야구 경기 규칙을 설명해줘', '고양이가 밤에 우는 이유가 뭐야?', '마라톤 처음 준비할 때 주의할 점은?',
  '피아노 독학은 어떻게 시작하나요?', '중고차 살 때 확인할 것은?', '수박을 고르는 요령이 있나요?', '좋은 등산화 고르는 법',
  '겨울철 실내 습도는 얼마가 적당해?', '떡볶이 소스 비율 알려줘', '이사할 때 챙길 서류는?', '축구 오프사이드가 뭐야?',
  'how do I bake sourdough bread?', 'what is the capital of Australia?', 'best hiking trails near Seoul?',
  'how to train a puppy to sit?',
];

// ─── Randomness ───────────────────────────────────────────────────────────────────────────────────────

type Rng = () => number;


function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
  }
  return h >>> 0;
}

const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const chance = (rng: Rng, p: number): boolean => rng() < p;

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Samples items by rank with weight 1 / rank^s: a few very common items and a long tail. */
class Zipf<T> {
  private readonly cumulative: Float64Array;

  constructor(
    readonly items: readonly T[],
    exponent = 1.05,
  ) {
    this.cumulative = new Float64Array(items.length);
    let total = 0;
    for (let i = 0; i < items.length; i++) this.cumulative[i] = total += 1 / Math.pow(i + 1, exponent);
  }

  sample(rng: Rng): T {
    const target = rng() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }
}

// ─── Korean morphology helpers ────────────────────────────────────────────────────────────────────────

/** Whether the word's last syllable has a final consonant (받침), and whether that consonant is ㄹ. */
function finalConsonant(word: string): 'none' | 'rieul' | 'other' {
  const last = word.trimEnd().codePointAt(word.trimEnd().length - 1) ?? 0;
  if (last >= 0xac00 && last <= 0xd7a3) {
    const jong = (last - 0xac00) % 28;
    return jong === 0 ? 'none' : jong === 8 ? 'rieul' : 'other';
  }
  // Latin letters and digits, read aloud: L → 엘, M → 엠, N → 엔, R → 알, 0/1/3/6/7/8 end in a consonant.
  const ch = String.fromCodePoint(last).toLowerCase();
  if (ch === 'l' || ch === 'r' || ch === '1' || ch === '7' || ch === '8') return 'rieul';
  if ('mn036'.includes(ch)) return 'other';
  return 'none';
}

/** Attaches a particle, choosing the allomorph by the final consonant (은/는, 이/가, 을/를, 와/과, 으로/로). */
function josa(word: string, particle: string): string {
  const fc = finalConsonant(word);
  const has = fc !== 'none';
  switch (particle) {
    case '은':
    case '는':
      return word + (has ? '은' : '는');
    case '이':
    case '가':
      return word + (has ? '이' : '가');
    case '을':
    case '를':
      return word + (has ? '을' : '를');
    case '와':
    case '과':
      return word + (has ? '과' : '와');
    case '로':
    case '으로':
      return word + (fc === 'other' ? '으로' : '로');
    case '이나':
    case '나':
      return word + (has ? '이나' : '나');
    case '이란':
    case '란':
      return word + (has ? '이란' : '란');
    case '이다':
      return word + (has ? '이다' : '다');
    default:
      return word + particle;
  }
}

/** Sentence endings in the plain (한다체) and polite (합니다체) styles; each note keeps one style. */
const ENDINGS: Record<string, [plain: string, polite: string]> = {
  이다: ['이다', '입니다'],
  한다: ['한다', '합니다'],
  된다: ['된다', '됩니다'],
  있다: ['있다', '있습니다'],
  없다: ['없다', '없습니다'],
  다르다: ['다르다', '다릅니다'],
  좋다: ['좋다', '좋습니다'],
  쓰인다: ['쓰인다', '쓰입니다'],
  유리하다: ['유리하다', '유리합니다'],
  것이다: ['것이다', '것입니다'],
  생긴다: ['생긴다', '생깁니다'],
  많다: ['많다', '많습니다'],
  준다: ['준다', '줍니다'],
  중요하다: ['중요하다', '중요합니다'],
  필요하다: ['필요하다', '필요합니다'],
  어렵다: ['어렵다', '어렵습니다'],
  낫다: ['낫다', '낫습니다'],
  크다: ['크다', '큽니다'],
};

// ─── Sentence templates ───────────────────────────────────────────────────────────────────────────────
// Slots: {C} the section's concept, {X} another concept of the field, {N1..N3} nouns, {V1..V2} 하다-verb
// stems, {A} an adjective, {K} a connective. `{C:은}` attaches a particle; `{E:한다}` is an ending.

const DEFINITIONS = [
  '{C:은} {N1:을} {V1}하기 위해 사용하는 {N2}{E:이다}.',
  '{C:은} {A} {N1:을} {V1}하고 {N2:을} {V2}하는 {N3}{E:이다}.',
  '간단히 말하면 {C:은} {N1:와} {N2} 사이에서 {N3:을} {V1}하는 역할을 {E:한다}.',
  '{C:은} {X:와} 비슷해 보이지만 {N1:을} {V1}하는 방식이 {E:다르다}.',
  '{C:이} 없다면 {N1:을} 매번 직접 {V1}해야 {E:한다}.',
  '{C:은} {N1:의} {N2:을} {A} 방식으로 {V1}하는 기법{E:이다}.',
  '{C:은} {N1:이} {N2:을} {V1}할 때 거치는 {A} {N3}{E:이다}.',
];

const SENTENCES = [
  '{N1:이} {V1}되면 {N2:은} {N3:을} {V2}하게 {E:된다}.',
  '이때 {N1:은} {N2:에} 저장되며, {N3:을} 통해 {V1}할 수 {E:있다}.',
  '예를 들어 {N1:에서} {N2:을} {V1}하는 경우, {N3:이} 발생할 수 {E:있다}.',
  '따라서 {C:을} 사용할 때는 {N1:과} {N2:을} 함께 {V1}하는 것이 {E:좋다}.',
  '하지만 {N1:이} 많아지면 {N2:이} {V1}되어 {N3:이} 떨어질 수 {E:있다}.',
  '{X:은} {C:의} {N1:을} {V1}하는 데 자주 {E:쓰인다}.',
  '일반적으로 {N1:은} {N2:보다} {A} {N3:을} {V1}하는 데 {E:유리하다}.',
  '{C:의} 핵심은 {N1:을} 최소한으로 {V1}하면서 {N2:을} {V2}하는 {E:것이다}.',
  '이 방식은 {N1:을} 줄이는 대신 {N2:이} 늘어나는 단점이 {E:있다}.',
  '운영 환경에서는 {N1:과} {N2:의} {N3:을} 꾸준히 {V1}해야 {E:한다}.',
  '{N1:이} {N2:을} 직접 {V1}하지 않고 {C:을} 거쳐 {V2}하도록 {E:한다}.',
  '즉, {C:은} {N1:의} {N2:을} {V1}하는 {A} {N3}{E:이다}.',
  '{C:을} 잘못 {V1}하면 {N1:이} 꼬이거나 {N2:이} 사라지는 문제가 {E:생긴다}.',
  '많은 {N1:은} {C:을} 기본으로 {V1}하며, 필요하면 {N2:을} 따로 {V2}할 수 {E:있다}.',
  '면접에서는 {C:와} {X:의} 차이를 {N1} 관점에서 물어보는 경우가 {E:많다}.',
  '{N1:을} {V1}할 때 {C:이} {N2:을} 대신 {V2}해 {E:준다}.',
  '{A} {N1:을} 다룰 때는 {C:보다} {X:이} 더 적합할 수 {E:있다}.',
  '그래서 {N1:은} 항상 {N2:을} 먼저 {V1}한 뒤에 {N3:을} {V2}{E:한다}.',
  '{C:은} 보통 {N1}, {N2}, {N3} 순서로 {V1}{E:된다}.',
  '{N1:은} {N2:에} 비해 {V1} 비용이 작지만 {N3:을} {V2}하기 {E:어렵다}.',
  '{K} {N1:의} {N2:이} {A} 경우에는 {N3:을} 먼저 {V1}하는 것이 {E:중요하다}.',
  '{K} {C:은} {N1:을} {V1}하는 과정에서 {N2:을} 함께 {V2}{E:한다}.',
  '{N1:이} 일정 {N2:을} 넘으면 {C:이} {N3:을} {V1}{E:한다}.',
  '{C:을} 적용하면 {N1:의} {N2:을} {V1}할 수 있어 {N3:이} 좋아진다는 장점이 {E:있다}.',
  '{X:과} 달리 {C:은} {N1:을} {V1}할 필요가 {E:없다}.',
  '{K} {N1:과} {N2:을} 분리해 두면 {N3:을} {V1}하기 쉬워진다는 {E:것이다}.',
  '{N1} 하나가 {V1}되는 동안 다른 {N2:은} {V2}될 수 {E:없다}.',
  '{C:의} {N1:은} {N2:의} {N3:에} 따라 달라지므로 미리 {V1}해 두는 것이 {E:좋다}.',
  '{A} {N1:에서는} {C:을} 사용하기보다 {N2:을} 직접 {V1}하는 편이 {E:낫다}.',
  '{K} {C:은} {X:와} 함께 {V1}될 때 가장 효과가 {E:크다}.',
];

/** Sentences naming tools ({P}, {P2}) and versions ({D}). */
const PRODUCT_SENTENCES = [
  '실무에서는 {P:이나} {P2} 같은 도구로 {N1:을} {V1}{E:한다}.',
  '{P}에서는 {C:을} {N1} 단위로 {V1}{E:한다}.',
  '{P} {D} 버전부터 {N1:이} 기본으로 {V1}{E:된다}.',
  '예를 들어 {P:은} {N1:을} {V1}하고, {P2:은} {N2:을} {V2}하는 데 {E:쓰인다}.',
  '{P:와} {P2:을} 함께 쓰면 {C:의} {N1:을} 쉽게 {V1}할 수 {E:있다}.',
  '{C:을} 직접 구현하기보다 {P} 같은 라이브러리를 쓰는 경우가 {E:많다}.',
];

const SHORT_POINTS = [
  '{N1:을} {V1}할 수 {E:있다}.',
  '{N1:이} {A} 경우에 {E:유리하다}.',
  '{N1:과} {N2:을} 함께 {V1}{E:한다}.',
  '{N1} {V1} 비용이 {E:크다}.',
  '{X:보다} {N1:이} {E:중요하다}.',
  '{N1:을} 미리 {V1}해 두어야 {E:한다}.',
  '{A} {N1:을} {V1}{E:한다}.',
];

const ASPECT_HEADINGS = [
  '{C:의} 특징',
  '{C:의} 장점',
  '{C:의} 단점',
  '{C:의} 장점과 단점',
  '{C:은} 왜 필요한가?',
  '{C:의} 동작 방식',
  '{C:와} {X:의} 차이',
  '{C:을} 사용할 때 주의할 점',
  '{C} 예시',
  '{C:은} 어떻게 {V1}되나요?',
  '{C}에서 {N1:이} 중요한 이유',
  '{N1} {V1} 과정',
  '{C:와} {N1}',
];

const LABELS = ['{N1} {V1}', '{X}에서의 {N1}', '{C:의} {N1}', '{A} {N1}', '{N1:과} {N2}'];

// ─── Rendering ────────────────────────────────────────────────────────────────────────────────────────

interface NoteContext {
  rng: Rng;
  domain: Domain;
  polite: boolean;
  nouns: Zipf<string>;
  verbs: Zipf<string>;
  concepts: Zipf<Concept>;
  /** Concepts already shown with their English name in this note (the pair is written once per section). */
  paired: Set<string>;
}

const SLOT = /\{([A-Z])(\d?)(?::([^}]+))?\}/g;

function fill(ctx: NoteContext, template: string, concept: Concept, other: Concept, options: { pairFirst?: boolean } = {}): string {
  const chosen = new Map<string, string>();
  const value = (kind: string, n: string): string => {
    const key = kind + n;
    let v = chosen.get(key);
    if (v !== undefined) return v;
    switch (kind) {
      case 'C':
        v = concept.ko;
        break;
      case 'X':
        v = other.ko;
        break;
      case 'N': {
        // Distinct nouns inside one sentence read better.
        for (let tries = 0; tries < 4; tries++) {
          v = chance(ctx.rng, 0.35) ? pick(ctx.rng, ctx.domain.nouns) : ctx.nouns.sample(ctx.rng);
          if (![...chosen.values()].includes(v)) break;
        }
        break;
      }
      case 'V':
        v = ctx.verbs.sample(ctx.rng);
        break;
      case 'A':
        v = pick(ctx.rng, ADJECTIVES);
        break;
      case 'K':
        v = pick(ctx.rng, CONNECTIVES);
        break;
      case 'P':
        v = sampleProduct(ctx.rng);
        break;
      case 'D':
        v = `${int(ctx.rng, 1, 12)}.${int(ctx.rng, 0, 20)}`;
        break;
      default:
        v = '';
    }
    chosen.set(key, v!);
    return v!;
  };
  return template.replace(SLOT, (_m, kind: string, n: string, particle: string | undefined) => {
    if (kind === 'E') return ENDINGS[particle ?? '한다']![ctx.polite ? 1 : 0];
    let word = value(kind, n);
    const isConcept = kind === 'C' || kind === 'X';
    const target = kind === 'C' ? concept : other;
    let suffix = '';
    if (isConcept && options.pairFirst !== false && !ctx.paired.has(target.ko) && chance(ctx.rng, 0.8)) {
      // `가상 메모리(Virtual Memory)는`: the particle follows the Korean word, after the parenthesis.
      ctx.paired.add(target.ko);
      suffix = `(${target.en})`;
    }
    if (!particle) return word + suffix;
    const withParticle = josa(word, particle);
    word = withParticle.slice(0, word.length);
    return word + suffix + withParticle.slice(word.length);
  });
}

function sentence(ctx: NoteContext, concept: Concept, other: Concept): string {
  const text = fill(ctx, pick(ctx.rng, chance(ctx.rng, 0.2) ? PRODUCT_SENTENCES : SENTENCES), concept, other);
  // Authors bold the key term, particle outside: `**가상 메모리**는`.
  return chance(ctx.rng, 0.15) ? text.replace(concept.ko, `**${concept.ko}**`) : text;
}

function paragraph(ctx: NoteContext, concept: Concept, other: Concept, sentences: number, opening = false): string {
  const out: string[] = [];
  if (opening) out.push(fill(ctx, pick(ctx.rng, DEFINITIONS), concept, other));
  while (out.length < sentences) out.push(sentence(ctx, concept, other));
  return out.join(' ');
}

function otherConcept(ctx: NoteContext, concept: Concept): Concept {
  for (let i = 0; i < 5; i++) {
    const c = chance(ctx.rng, 0.1) ? pick(ctx.rng, pick(ctx.rng, DOMAINS).concepts) : ctx.concepts.sample(ctx.rng);
    if (c.ko !== concept.ko) return c;
  }
  return ctx.domain.concepts.find((c) => c.ko !== concept.ko) ?? concept;
}

function identifier(rng: Rng, style: 'camel' | 'pascal' | 'snake', parts = int(rng, 2, 3)): string {
  const ws = Array.from({ length: parts }, () => pick(rng, ENGLISH));
  if (style === 'snake') return ws.join('_');
  const cap = (w: string): string => w[0]!.toUpperCase() + w.slice(1);
  return style === 'pascal' ? ws.map(cap).join('') : ws[0]! + ws.slice(1).map(cap).join('');
}

function codeBlock(ctx: NoteContext, concept: Concept): string {
  const { rng } = ctx;
  const kind = pick(rng, ctx.domain.code);
  const cls = identifier(rng, 'pascal');
  const fn = identifier(rng, 'camel');
  const fn2 = identifier(rng, 'camel');
  const field = identifier(rng, 'camel', 2);
  const arg = pick(rng, ENGLISH);
  const num = int(rng, 2, 500);
  const comment = (prefix: string): string => `${prefix} ${josa(concept.ko, '을')} ${pick(rng, VERBS)}하는 부분`;
  switch (kind) {
    case 'java':
      return [
        '```java',
        `public class ${cls} {`,
        `    ${comment('//')}`,
        `    private final Map<String, ${cls}Entry> ${field} = new HashMap<>();`,
        '',
        `    public ${cls}Entry ${fn}(String ${arg}) {`,
        `        ${cls}Entry value = ${field}.get(${arg});`,
        '        if (value == null) {',
        `            value = ${fn2}(${arg});`,
        `            ${field}.put(${arg}, value);`,
        '        }',
        '        return value;',
        '    }',
        '}',
        '```',
      ].join('\n');
    case 'python':
      return [
        '```python',
        `def ${identifier(rng, 'snake')}(${arg}, limit=${num}):`,
        `    ${comment('#')}`,
        `    ${field} = []`,
        `    for item in ${arg}:`,
        `        if item.${pick(rng, ENGLISH)} > limit:`,
        `            ${field}.append(item)`,
        `    return sorted(${field}, key=lambda x: x.${pick(rng, ENGLISH)})`,
        '```',
      ].join('\n');
    case 'sql': {
      const table = identifier(rng, 'snake', 2);
      const col = pick(rng, ENGLISH);
      return [
        '```sql',
        `SELECT ${col}, COUNT(*) AS ${col}_count`,
        `FROM ${table}`,
        `WHERE ${pick(rng, ENGLISH)}_id >= ${num}`,
        `GROUP BY ${col}`,
        `ORDER BY ${col}_count DESC;`,
        '```',
      ].join('\n');
    }
    case 'javascript':
      return [
        '```javascript',
        `async function ${fn}(${arg}) {`,
        `  ${comment('//')}`,
        `  const response = await fetch(\`/api/${pick(rng, ENGLISH)}/\${${arg}}\`);`,
        `  if (!response.ok) throw new Error('${fn2} failed: ' + response.status);`,
        '  return response.json();',
        '}',
        '```',
      ].join('\n');
    case 'c':
      return [
        '```c',
        `int ${identifier(rng, 'snake', 2)}(int *${arg}, int n) {`,
        `    ${comment('//')}`,
        '    int total = 0;',
        `    for (int i = 0; i < n; i++) total += ${arg}[i] % ${num};`,
        '    return total;',
        '}',
        '```',
      ].join('\n');
    case 'bash': {
      const name = identifier(rng, 'snake', 2).replace(/_/g, '-');
      const port = int(rng, 3000, 9000);
      return [
        '```bash',
        `docker build -t ${name}:${int(rng, 1, 9)}.${int(rng, 0, 20)} .`,
        `docker run -d --name ${name} -p ${port}:${port} ${name}`,
        `curl -s http://localhost:${port}/${pick(rng, ENGLISH)}`,
        '```',
      ].join('\n');
    }
    case 'tree': {
      const n = () => ctx.nouns.sample(rng);
      return ['```markdown', n(), '', `└── **${concept.ko}**`, '', `     ├── ${n()} (${pick(rng, ENGLISH)})`, '', `     └── ${n()} (${pick(rng, ENGLISH)})`, '```'].join('\n');
    }
  }
}

function table(ctx: NoteContext, concept: Concept, other: Concept): string {
  const rows = int(ctx.rng, 2, 4);
  const lines = [`| 구분 | ${concept.ko} | ${other.ko} |`, '| --- | --- | --- |'];
  for (let i = 0; i < rows; i++) lines.push(`| ${ctx.nouns.sample(ctx.rng)} | ${pick(ctx.rng, ADJECTIVES)} ${ctx.nouns.sample(ctx.rng)} | ${pick(ctx.rng, ADJECTIVES)} ${ctx.nouns.sample(ctx.rng)} |`);
  return lines.join('\n');
}

/** The body of one aspect section, in one of the shapes real notes use. */
function aspectBody(ctx: NoteContext, concept: Concept, other: Concept): string[] {
  const { rng } = ctx;
  const shape = rng();
  const blocks: string[] = [];
  if (shape < 0.3) {
    for (let i = int(rng, 1, 3); i > 0; i--) blocks.push(paragraph(ctx, concept, other, int(rng, 1, 4)));
  } else if (shape < 0.5) {
    // `* **용어**: 설명.` bullets, often after an introducing sentence.
    if (chance(rng, 0.5)) blocks.push(paragraph(ctx, concept, other, int(rng, 1, 2)));
    const items = Array.from({ length: int(rng, 2, 5) }, () => `* **${chance(rng, 0.25) ? sampleProduct(rng) : ctx.nouns.sample(rng)}**: ${paragraph(ctx, concept, other, int(rng, 1, 2))}`);
    blocks.push(items.join('\n'));
  } else if (shape < 0.65) {
    // Bullet labels with nested bullets: each label reads as a sub-section.
    const items: string[] = [];
    for (let i = int(rng, 1, 3); i > 0; i--) {
      items.push(`* ${fill(ctx, pick(rng, LABELS), concept, otherConcept(ctx, concept), { pairFirst: false })}`);
      for (let j = int(rng, 1, 3); j > 0; j--) items.push(`  * ${paragraph(ctx, concept, other, int(rng, 1, 2))}`);
    }
    blocks.push(items.join('\n'));
  } else if (shape < 0.75) {
    // A GitBook heading inside a list item, with indented content.
    const label = fill(ctx, pick(rng, LABELS), concept, other, { pairFirst: false });
    const inner = [paragraph(ctx, concept, other, int(rng, 1, 3)), paragraph(ctx, concept, other, int(rng, 1, 2))];
    if (chance(rng, 0.4)) inner.push(codeBlock(ctx, concept));
    blocks.push(`*   #### ${label}\n\n${inner.map((b) => b.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n')).join('\n\n')}`);
  } else if (shape < 0.85) {
    // Numbered steps, a short point each, sometimes with a continuation line.
    const steps = Array.from({ length: int(rng, 2, 5) }, (_, i) => {
      const point = `${i + 1}.  ${fill(ctx, pick(rng, LABELS), concept, other, { pairFirst: false })}`;
      return chance(rng, 0.6) ? `${point}   \n    ${fill(ctx, pick(rng, SHORT_POINTS), concept, other)}` : point;
    });
    blocks.push(steps.join('\n'));
  } else if (shape < 0.95) {
    blocks.push(paragraph(ctx, concept, other, int(rng, 1, 2)));
    blocks.push(codeBlock(ctx, concept));
    if (chance(rng, 0.5)) blocks.push(paragraph(ctx, concept, other, 1));
  } else {
    blocks.push(`${josa(concept.ko, '와')} ${josa(other.ko, '을')} 비교하면 다음과 같다.`);
    blocks.push(table(ctx, concept, other));
  }
  return blocks;
}

interface GeneratedNote {
  file: string;
  text: string;
  /** Headings made from a concept, for questions. */
  topics: { heading: string; concept: Concept; other: Concept }[];
}

function generateNote(seed: number, index: number): GeneratedNote {
  const rng = mulberry32(mixSeed(seed, index, 0x5eed));
  // Fields are not equally popular either.
  const domain = DOMAINS[Math.min(DOMAINS.length - 1, Math.floor(Math.pow(rng(), 1.6) * DOMAINS.length))]!;
  const fieldRng = mulberry32(mixSeed(seed, DOMAINS.indexOf(domain), 0xf1e1d));
  // Each field orders the shared vocabulary a little differently (its own common words), keeping the head.
  const nounOrder = [...SHARED_NOUNS.slice(0, 12), ...shuffled(fieldRng, SHARED_NOUNS.slice(12))];
  const ctx: NoteContext = {
    rng,
    domain,
    polite: chance(rng, 0.4),
    nouns: new Zipf(nounOrder, 1.0),
    verbs: new Zipf(shuffled(fieldRng, VERBS), 0.9),
    concepts: new Zipf(shuffled(fieldRng, domain.concepts), 0.8),
    paired: new Set(),
  };
  const main: Concept[] = [];
  const mainCount = int(rng, 1, 4);
  for (let tries = 0; main.length < mainCount && tries < 20; tries++) {
    const c = ctx.concepts.sample(rng);
    if (!main.includes(c)) main.push(c);
  }
  const title = main.length === 1 ? main[0]!.ko : chance(rng, 0.5) ? `${josa(main[0]!.ko, '와')} ${main[1]!.ko}` : `${domain.title} 정리 ${index + 1}`;
  const topics: GeneratedNote['topics'] = [];
  const lines: string[] = ['---', `description: ${title}`];
  if (chance(rng, 0.5)) lines.push(`tags: [${domain.slug}, ${main.map((c) => c.en.toLowerCase().replace(/[^a-z0-9]+/g, '-')).join(', ')}]`);
  lines.push('---', '', `# ${title}`, '');

  // Sections are generated first so that a table of contents can list them.
  const sections: string[][] = [];
  const toc: string[] = [];
  for (const concept of main) {
    ctx.paired.clear();
    const other = otherConcept(ctx, concept);
    const headingLevel = main.length === 1 ? '###' : '##';
    const heading = chance(rng, 0.25) ? `${concept.ko}(${concept.en})` : chance(rng, 0.2) ? `${josa(concept.ko, '이란')} 무엇인가?` : concept.ko;
    if (heading.includes('(')) ctx.paired.add(concept.ko);
    topics.push({ heading, concept, other });
    toc.push(`* [${heading}](#${heading.toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-')})`);
    const body: string[] = [`${headingLevel} ${heading}`, '', paragraph(ctx, concept, other, int(rng, 2, 5), true), ''];
    const aspects = shuffled(rng, ASPECT_HEADINGS).slice(0, int(rng, 1, 4));
    for (const aspectTemplate of aspects) {
      ctx.paired.clear();
      const aspectOther = otherConcept(ctx, concept);
      const aspect = fill(ctx, aspectTemplate, concept, aspectOther, { pairFirst: false });
      topics.push({ heading: aspect, concept, other: aspectOther });
      body.push(`${headingLevel}# ${aspect}`, '');
      for (const block of aspectBody(ctx, concept, aspectOther)) body.push(block, '');
      if (chance(rng, 0.2)) {
        const deeper = fill(ctx, pick(rng, LABELS), concept, aspectOther, { pairFirst: false });
        body.push(`${headingLevel}## ${deeper}`, '', paragraph(ctx, concept, aspectOther, int(rng, 1, 3)), '');
      }
    }
    if (chance(rng, 0.3)) body.push('</br>', '');
    if (chance(rng, 0.25)) body.push(`[뒤로](https://github.com/study-group/notes)/[위로](#${title.replace(/\s/g, '-')})`, '');
    sections.push(body);
  }
  if (main.length > 1 && chance(rng, 0.4)) lines.push(...toc, '', '---', '');
  for (const body of sections) lines.push(...body);
  if (chance(rng, 0.35)) {
    lines.push('참고자료:', '');
    for (let i = int(rng, 1, 2); i > 0; i--) lines.push(`* [${main[0]!.ko} 정리 글 ${i}](https://example.com/${domain.slug}/${identifier(rng, 'snake', 2)})`);
    lines.push('');
  }
  const slug = main[0]!.en.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const file = `${domain.slug}/${String(index + 1).padStart(5, '0')}-${slug}.md`;
  return { file, text: `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`, topics };
}

// ─── Questions ────────────────────────────────────────────────────────────────────────────────────────

const KO_QUESTIONS = [
  '{C:이란} 무엇인가요?',
  '{C}에 대해 설명해줘',
  '{C:은} 왜 필요한가요?',
  '{C:와} {X:의} 차이는 뭐야?',
  '{C:의} 장점과 단점은?',
  '{C:은} 어떻게 동작하나요?',
  '{C:을} 사용할 때 주의할 점이 있나요?',
  '{C}에서 {N1:은} 어떤 역할을 하나요?',
];
const EN_QUESTIONS = ['what is {en}?', 'explain {en}', 'difference between {en} and {xen}', 'why do we need {en}?', 'how does {en} work?'];

function makeQuestions(seed: number, topics: (GeneratedNote['topics'][number] & { file: string })[], count: number): BenchQuestion[] {
  const rng = mulberry32(mixSeed(seed, 0x9e57));
  const domain = DOMAINS[0]!;
  const ctx: NoteContext = { rng, domain, polite: false, nouns: new Zipf(SHARED_NOUNS), verbs: new Zipf(VERBS), concepts: new Zipf(domain.concepts), paired: new Set() };
  const out: BenchQuestion[] = [];
  for (let i = 0; i < count && topics.length > 0; i++) {
    const roll = rng();
    if (roll < 0.12) {
      const q = pick(rng, OFF_TOPIC);
      out.push({ question: q, lang: /[가-힣]/.test(q) ? 'ko' : 'en', inScope: false });
      continue;
    }
    const topic = pick(rng, topics);
    if (roll < 0.32) {
      const q = pick(rng, EN_QUESTIONS).replace('{en}', topic.concept.en).replace('{xen}', topic.other.en);
      out.push({ question: q, lang: 'en', inScope: true, heading: topic.heading, file: topic.file });
      continue;
    }
    // Half the Korean questions ask about the heading itself, the way people ask after reading a title.
    const q = chance(rng, 0.5) ? `${topic.heading.replace(/[?？]$/, '')}${chance(rng, 0.5) ? '에 대해 알려줘' : '?'}` : fill(ctx, pick(rng, KO_QUESTIONS), topic.concept, topic.other, { pairFirst: false });
    out.push({ question: q, lang: 'ko', inScope: true, heading: topic.heading, file: topic.file });
  }
  return out;
}

// ─── Corpus ───────────────────────────────────────────────────────────────────────────────────────────

export function defaultCorpusDir(targetChunks: number, seed = DEFAULT_SEED): string {
  return resolve(import.meta.dirname, '..', 'data', 'bench', `corpus-${targetChunks}-s${seed}`);
}

/**
 * Generates notes until the project's parser and chunker make `targetChunks` chunks of them (the last
 * note may overshoot by a few chunks). Reuses `outDir` when it already holds the same corpus.
 */
export function generateCorpus(options: CorpusOptions): { info: CorpusInfo; questions: BenchQuestion[] } {
  const seed = options.seed ?? DEFAULT_SEED;
  const questionCount = options.questions ?? DEFAULT_QUESTIONS;
  const outDir = resolve(options.outDir);
  const metaPath = join(outDir, 'corpus.json');
  if (existsSync(metaPath)) {
    try {
      const info = JSON.parse(readFileSync(metaPath, 'utf8')) as CorpusInfo & { questionCount?: number };
      if (info.generatorVersion === GENERATOR_VERSION && info.seed === seed && info.targetChunks === options.targetChunks && info.questionCount === questionCount) {
        const questions = readFileSync(join(outDir, 'questions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as BenchQuestion);
        return { info: { ...info, dir: outDir }, questions };
      }
    } catch {
      // Regenerated below.
    }
  }
  const started = performance.now();
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  let chunks = 0;
  let bytes = 0;
  let sections = 0;
  let notes = 0;
  const topics: (GeneratedNote['topics'][number] & { file: string })[] = [];
  while (chunks < options.targetChunks) {
    const note = generateNote(seed, notes);
    const parsed = parseNote(note.file, note.text);
    chunks += chunkNotes([parsed]).length;
    sections += parsed.sections.length;
    const path = join(tmp, note.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, note.text);
    bytes += Buffer.byteLength(note.text);
    for (const topic of note.topics) topics.push({ ...topic, file: note.file });
    notes++;
    if (notes % 200 === 0) options.onProgress?.(chunks, options.targetChunks);
  }
  const questions = makeQuestions(seed, topics, questionCount);
  const info: CorpusInfo & { questionCount: number } = {
    generatorVersion: GENERATOR_VERSION,
    seed,
    targetChunks: options.targetChunks,
    questionCount,
    notes,
    chunks,
    bytes,
    sections,
    generateMs: Math.round(performance.now() - started),
    dir: outDir,
  };
  // Outside the knowledge folder's markdown: ingest reads only *.md files.
  writeFileSync(join(tmp, 'questions.jsonl'), `${questions.map((q) => JSON.stringify(q)).join('\n')}\n`);
  writeFileSync(join(tmp, 'corpus.json'), `${JSON.stringify(info, null, 2)}\n`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(dirname(outDir), { recursive: true });
  renameSync(tmp, outDir);
  return { info, questions };
}

/** One generated note, for a look at what the generator writes. */
export function sampleNote(seed = DEFAULT_SEED, index = 0): string {
  return generateNote(seed, index).text;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      chunks: { type: 'string', default: '1000' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      out: { type: 'string' },
      questions: { type: 'string', default: String(DEFAULT_QUESTIONS) },
      sample: { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  if (values.sample !== undefined) {
    process.stdout.write(sampleNote(seed, Number(values.sample)));
    return;
  }
  const targetChunks = Number(values.chunks);
  if (!Number.isInteger(targetChunks) || targetChunks < 1) throw new Error('--chunks must be a whole number above 0');
  const { info } = generateCorpus({
    targetChunks,
    seed,
    outDir: values.out ?? defaultCorpusDir(targetChunks, seed),
    questions: Number(values.questions),
    onProgress: (done, target) => process.stderr.write(`\r${done}/${target} chunks`),
  });
  process.stderr.write(`\r${info.notes} notes, ${info.chunks} chunks, ${(info.bytes / 1e6).toFixed(1)} MB in ${info.dir} (${info.generateMs} ms)\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
