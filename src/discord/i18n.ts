import type { LocalizationMap } from 'discord.js';
import type { DailyProblemKind } from '../daily/index.js';
import type { ErrorCode } from '../errors/catalog.js';
import type { DownReason } from '../store/index.js';
import type { UserErrorDetails } from '../types.js';

/**
 * What the bot says, in Korean (the default) and English (for users whose Discord client is in
 * English). Every user-visible sentence lives here; modules pick a table with `messages(locale)`.
 */
export type Locale = 'ko' | 'en';

/** `interaction.locale` (`ko`, `en-US`, `en-GB`, …) or a stored guild preference → the reply language. */
export function localeOf(discordLocale: string | null | undefined): Locale {
  return discordLocale?.startsWith('en') ? 'en' : 'ko';
}

/** English descriptions for command definitions, whose default text is Korean. */
export function english(text: string): LocalizationMap {
  return { 'en-US': text, 'en-GB': text };
}

export interface ReindexCounts {
  added: number;
  changed: number;
  removed: number;
  chunks: number;
  embedded: number;
  reused: number;
}

export interface Messages {
  // answers
  notFound: string;
  notFoundHint: string;
  /** The question's English names no note mentions (`weakref`): why it was not answered. */
  notInNotes: (names: string) => string;
  related: string;
  sources: string;
  /** Members see where answers come from, never the embedder (`hashing` means nothing to them; /stats tells admins). */
  answerFooter: string;
  /** Under an answer a language model wrote from the notes (ANSWER_MODE=generative). */
  generatedFooter: string;
  /** Under the answer while the model is still writing it. */
  draftFooter: string;
  feedbackUp: string;
  feedbackDown: string;
  showSources: string;
  sourcesExpired: string;
  feedbackThanks: (vote: 'up' | 'down', changed: boolean) => string;
  /** The select under a 👎's thanks. */
  downReasonPrompt: string;
  downReasons: Record<DownReason, string>;
  downReasonThanks: string;
  /** The member's vote is no longer a 👎 (changed since): the reason is not kept. */
  downReasonStale: string;
  // not-found answers
  requestNote: string;
  searchInstead: string;
  noteRequested: (first: boolean) => string;
  questionExpired: string;
  // questions
  rateLimited: (seconds: number) => string;
  mentionHint: string;
  // search and concepts
  searchTitle: (query: string) => string;
  noResults: string;
  shareToChannel: string;
  shared: string;
  conceptNotFound: (name: string) => string;
  keyTerms: string;
  selfCheck: string;
  answerLabel: string;
  recallPrompt: (topic: string) => string;
  // errors and permissions
  /** Each engine error code as a member reads it (src/errors/catalog.ts says what the codes mean): no paths, no commands to run. */
  errors: Record<ErrorCode, (details: UserErrorDetails) => string>;
  genericError: string;
  restarting: string;
  adminOnly: string;
  guildOnly: string;
  // daily
  invalidTime: (input: string) => string;
  invalidZone: (zone: string) => string;
  cannotPostIn: (channelId: string) => string;
  dailyConfigured: (channelId: string, time: string, zone: string, nextUnix: number | undefined) => string;
  dailyOff: string;
  dailyNotConfigured: string;
  dailyPosted: (channelId: string, title: string) => string;
  noConcepts: string;
  dailyProblem: (kind: DailyProblemKind, channelId: string) => string;
  adminNotice: (guildName: string, kind: DailyProblemKind, channelId: string) => string;
  // reindex
  reindexBusy: string;
  reindexUnchanged: (chunks: number) => string;
  reindexDone: (counts: ReindexCounts) => string;
  reindexTitle: string;
  filesAdded: string;
  filesChanged: string;
  filesRemoved: string;
  filesSkipped: string;
  /** Notes indexed with something passed over (broken front matter); the log says what. */
  filesWarned: string;
  andMore: (count: number) => string;
  reindexFailed: string;
  reindexLocked: string;
  reindexNoNotes: string;
  reindexNoneReadable: (skipped: number) => string;
  reindexKnowledgeMissing: string;
  // stats
  statsTitle: string;
  asked: string;
  answered: string;
  unanswered: string;
  topUnanswered: string;
  noteRequests: (count: number) => string;
  recentDown: string;
  noReason: string;
  nothingYet: string;
  index: string;
  indexLine: (notes: number, chunks: number, builtAt: string) => string;
  fallbackWarning: string;
  // daily quiz
  quizTitle: string;
  quizIntroChoice: (topic: string | null) => string;
  quizIntroCloze: (topic: string | null) => string;
  quizReveal: string;
  recallQuestion: (question: string) => string;
  quizTally: (participants: number, percentRight: number | null) => string;
  quizCorrect: (option: string) => string;
  quizWrong: (picked: string, right: string) => string;
  quizAnswer: (answer: string) => string;
  quizAlready: string;
  quizToReview: string;
  quizGone: string;
  // review and streaks
  reviewTitle: (left: number) => string;
  reviewShowAnswer: string;
  reviewRatings: Record<'again' | 'hard' | 'good' | 'easy', string>;
  reviewNoCards: string;
  reviewNothingDue: (nextUnix: number | undefined) => string;
  reviewDone: (nextUnix: number | undefined) => string;
  reviewNotYours: string;
  reviewGone: string;
  streak: (days: number) => string;
  streakTitle: string;
  streakLine: (current: number, best: number, activeToday: boolean) => string;
  remindOn: (time: string, zone: string, nextUnix: number) => string;
  remindOff: (wasOn: boolean) => string;
  remindTimeWithoutOn: string;
  reminderDm: (dueCount: number) => string;
  // leaderboard and weekly digest
  leaderboardTitle: string;
  leaderboardWeek: (from: string, to: string) => string;
  leaderboardEmpty: string;
  leaderboardLine: (rank: number, name: string, points: number, correct: number, reviews: number) => string;
  leaderboardRule: string;
  unknownMember: string;
  digestTitle: string;
  digestWeek: (from: string, to: string) => string;
  digestTopQuestions: string;
  digestNotes: string;
  digestNotesLine: (added: number, changed: number) => string;
  digestNotesSince: (since: string) => string;
  digestAdded: string;
  digestChanged: string;
  digestLeaderboard: string;
  digestUnanswered: string;
  timesAsked: (count: number) => string;
  // gaps: questions the notes could not answer, members' answers, admins' review
  gapsTitle: (open: number) => string;
  gapsNone: string;
  gapLine: (n: number, question: string, askers: number, proposals: number) => string;
  gapsMore: (more: number) => string;
  answerGap: (n: number) => string;
  proposalsTitle: (count: number) => string;
  proposalBy: (name: string | null) => string;
  approve: string;
  edit: string;
  reject: string;
  answerModalTitle: string;
  editModalTitle: string;
  answerFieldLabel: string;
  answerEmpty: string;
  answerTooLong: (max: number) => string;
  answerProposed: string;
  gapGone: string;
  proposalStale: string;
  approved: (file: string, told: number) => string;
  rejected: string;
  gapAnswered: (askers: string, question: string, file: string) => string;
  forgottenMember: string;
  // member data
  forgetPrompt: string;
  forgetConfirm: string;
  forgetCancel: string;
  forgetDone: (rows: number) => string;
  forgetCancelled: string;
  exportDone: (user: string) => string;
  // help: `ask`, `search`, … are command mentions (clickable when the command's id is known)
  helpTitle: string;
  helpIntro: string;
  helpMember: (command: (name: string) => string) => string[];
  helpExamplesTitle: string;
  helpExamples: [string, string, string];
  helpAdminTitle: string;
  helpAdmin: (command: (name: string) => string) => string[];
  helpThreads: string;
}

const ko: Messages = {
  notFound: '노트에서 이 질문에 대한 내용을 찾지 못했어요.',
  notFoundHint: '노트에 없는 내용은 지어내지 않아요. 아래 섹션을 살펴보거나 질문을 바꿔 보세요.',
  notInNotes: (names) => `노트에 나오지 않는 말: ${names}`,
  related: '관련 있을 수 있는 섹션',
  sources: '출처',
  answerFooter: '노트에서 그대로 인용한 답변',
  generatedFooter: '노트를 바탕으로 쓴 답변 · 문장마다 인용한 출처에 있는 내용인지 확인했어요',
  draftFooter: '답변을 쓰는 중… 출처에서 확인된 문장만 보여요',
  feedbackUp: '도움이 됐어요',
  feedbackDown: '아쉬워요',
  showSources: '출처 전체 보기',
  sourcesExpired: '이 답변의 출처는 더 이상 보관하고 있지 않아요. 같은 질문을 다시 해 주세요.',
  feedbackThanks: (vote, changed) => `${vote === 'up' ? '👍' : '👎'} 피드백 고마워요!${changed ? ' (이전 평가를 바꿨어요)' : ''}`,
  downReasonPrompt: '어떤 점이 아쉬웠나요?',
  downReasons: { wrong: '틀렸어요', incomplete: '부족해요', 'off-topic': '엉뚱한 섹션이에요' },
  downReasonThanks: '알려 줘서 고마워요. 노트와 답변을 고칠 때 참고할게요.',
  downReasonStale: '이 답변에 대한 평가가 이미 바뀌어서 이유는 남기지 않았어요.',
  requestNote: '노트에 추가 요청',
  searchInstead: '검색해 보기',
  noteRequested: (first) => (first ? '노트에 추가해 달라는 요청을 남겼어요. 관리자가 `/stats` 에서 볼 수 있어요.' : '이미 요청한 질문이에요.'),
  questionExpired: '이 질문은 더 이상 보관하고 있지 않아요. 같은 질문을 다시 해 주세요.',
  rateLimited: (seconds) => `질문이 조금 많았어요. ${seconds}초 뒤에 다시 물어봐 주세요.`,
  mentionHint: '무엇이 궁금한가요? 저를 멘션하고 질문을 적어 주세요. 예: `@봇 컨테이너의 장점은?`',
  searchTitle: (query) => `🔎 "${query}" 검색 결과`,
  noResults: '검색 결과가 없어요.',
  shareToChannel: '채널에 공유',
  shared: '채널에 공유했어요.',
  conceptNotFound: (name) => `"${name}"에 해당하는 개념을 찾지 못했어요. 입력하면서 나오는 목록에서 골라 주세요.`,
  keyTerms: '핵심 용어',
  selfCheck: '스스로 확인',
  answerLabel: '정답',
  recallPrompt: (topic) => `**${topic}**을(를) 한 문장으로 설명해 보세요.`,
  errors: {
    EMPTY_QUESTION: () => '내용이 비어 있어요. 무엇이 궁금한지 적어 주세요 (예: 컨테이너의 장점은?)',
    QUESTION_TOO_LONG: ({ limit }) => `질문이 너무 길어요. ${limit === undefined ? '조금 더 짧게' : `${limit}자 이내로`} 줄여 주세요.`,
    INDEX_MISSING: () => '아직 노트 색인이 없어서 답할 수 없어요. 관리자가 `/reindex` 로 색인을 만들 수 있어요.',
    INDEX_CORRUPT: () => '노트 색인이 손상되어 읽을 수 없어요. 관리자가 `/reindex` 로 색인을 다시 만들 수 있어요.',
    INDEX_UNREADABLE: () => '봇이 노트 색인을 읽을 수 없어요. 봇을 운영하는 분께 색인 폴더의 권한을 확인해 달라고 해 주세요.',
    INDEX_UNWRITABLE: () => '봇이 색인을 저장할 수 없어요. 봇을 운영하는 분께 색인 폴더 설정을 확인해 달라고 해 주세요.',
    INDEX_LOCKED: () => '다른 색인 작업이 진행 중이에요. 끝나면 다시 시도해 주세요.',
    KNOWLEDGE_MISSING: () => '노트 폴더를 찾을 수 없어요. 봇을 운영하는 분께 노트 폴더 설정을 확인해 달라고 해 주세요.',
    KNOWLEDGE_EMPTY: () => '읽을 수 있는 노트가 하나도 없어요. 노트 폴더에 마크다운 노트(.md)를 추가해 주세요.',
    BAD_ARGUMENT: () => '입력한 값을 처리할 수 없어요. 명령의 옵션을 확인하고 다시 시도해 주세요.',
    MODEL_UNAVAILABLE: () => '임베딩 모델을 불러오지 못했어요. 봇을 운영하는 분께 알려 주세요.',
    INGEST_WORKER_FAILED: () => '색인을 만드는 중에 문제가 생겨 이전 색인을 그대로 쓰고 있어요. 잠시 뒤에 다시 시도하고, 또 실패하면 봇을 운영하는 분께 알려 주세요.',
    DB_LOCKED: () => '저장소가 잠시 바빠요. 조금 뒤에 다시 시도해 주세요.',
    DB_READONLY: () => '봇이 기록을 저장할 수 없어요. 봇을 운영하는 분께 데이터 파일 권한을 확인해 달라고 해 주세요.',
    DB_UNAVAILABLE: () => '봇의 데이터 파일을 열 수 없어요. 봇을 운영하는 분께 알려 주세요.',
    DB_CORRUPT: () => '봇의 데이터 파일이 손상되었어요. 봇을 운영하는 분께 알려 주세요.',
    DB_FOREIGN: () => '봇의 데이터 파일이 다른 프로그램의 것이에요. 봇을 운영하는 분께 설정을 확인해 달라고 해 주세요.',
    DB_TOO_NEW: () => '봇의 데이터 파일이 더 새 버전의 봇으로 만들어졌어요. 봇을 운영하는 분께 봇을 업데이트해 달라고 해 주세요.',
  },
  genericError: '문제가 생겨서 처리하지 못했어요. 잠시 후 다시 시도해 주세요.',
  restarting: '봇이 잠깐 다시 시작하는 중이에요. 조금 뒤에 다시 시도해 주세요.',
  adminOnly: '이 명령은 서버 관리(Manage Server) 권한이 있는 사람만 쓸 수 있어요.',
  guildOnly: '이 명령은 서버 안에서만 쓸 수 있어요.',
  invalidTime: (input) => `"${input}"은(는) 시간으로 읽을 수 없어요. 24시간제 HH:MM 으로 적어 주세요 (예: 09:00, 21:30).`,
  invalidZone: (zone) => `"${zone}"은(는) 알 수 없는 시간대예요. Asia/Seoul 같은 IANA 이름을 적어 주세요.`,
  cannotPostIn: (channelId) => `<#${channelId}> 채널에는 제가 글을 올릴 권한(채널 보기, 메시지 보내기, 링크 첨부)이 없어요. 권한을 주거나 다른 채널을 골라 주세요.`,
  dailyConfigured: (channelId, time, zone, next) =>
    `매일 ${time} (${zone})에 <#${channelId}> 채널에 오늘의 퀴즈를 올릴게요.${next === undefined ? '' : ` 다음 게시: <t:${next}:F> (<t:${next}:R>)`}`,
  dailyOff: '오늘의 퀴즈 게시를 껐어요. 채널과 시간 설정은 남겨 둘게요.',
  dailyNotConfigured: '아직 설정된 채널이 없어요. 먼저 `/daily set` 으로 채널과 시간을 정해 주세요.',
  dailyPosted: (channelId, title) => `<#${channelId}> 채널에 "${title}" 퀴즈를 올렸어요.`,
  noConcepts: '올릴 개념이 없어요. 노트가 색인되어 있는지 확인해 주세요 (`/reindex`).',
  dailyProblem: (kind, channelId) => `<#${channelId}> 채널에 올리지 못했어요: ${problemKo(kind)}`,
  adminNotice: (guildName, kind, channelId) =>
    `⚠️ "${guildName}" 서버의 오늘의 퀴즈를 <#${channelId}> 채널에 올리지 못했어요: ${problemKo(kind)} \`/daily set\` 으로 채널을 다시 설정해 주세요.`,
  reindexBusy: '이미 다시 색인하는 중이에요. 끝나면 다시 시도해 주세요.',
  reindexUnchanged: (chunks) => `바뀐 노트가 없어요. 색인(청크 ${chunks}개)을 그대로 둘게요.`,
  reindexDone: (c) =>
    `다시 색인했어요. 파일: 추가 ${c.added}, 변경 ${c.changed}, 삭제 ${c.removed} · 청크 ${c.chunks}개 (새로 임베딩 ${c.embedded}, 재사용 ${c.reused}). 이제 새 색인으로 답해요.`,
  reindexTitle: '🔄 다시 색인',
  filesAdded: '추가된 파일',
  filesChanged: '바뀐 파일',
  filesRemoved: '삭제된 파일',
  filesSkipped: '건너뛴 파일',
  filesWarned: '확인이 필요한 파일 (머리말을 읽지 못함)',
  andMore: (count) => `외 ${count}개`,
  reindexFailed: '다시 색인하지 못했어요. 답변은 지금까지의 색인으로 계속해요. 자세한 이유는 봇 로그에 남겼어요.',
  reindexLocked: '다른 색인 작업(봇을 운영하는 컴퓨터에서 실행한 색인 등)이 진행 중이에요. 끝나면 다시 시도해 주세요.',
  reindexNoNotes: '노트 폴더에 마크다운 노트(.md)가 하나도 없어서 다시 색인하지 않았어요. 답변은 지금까지의 색인으로 계속해요.',
  reindexNoneReadable: (skipped) => `읽을 수 있는 노트가 없어서 다시 색인하지 않았어요 (건너뛴 파일 ${skipped}개, 아래 목록). 답변은 지금까지의 색인으로 계속해요.`,
  reindexKnowledgeMissing: '노트 폴더를 찾을 수 없어서 다시 색인하지 않았어요. 봇을 운영하는 분께 노트 폴더 설정을 확인해 달라고 해 주세요.',
  statsTitle: '📊 질문 통계',
  asked: '질문 수',
  answered: '답변함',
  unanswered: '못 찾음',
  topUnanswered: '노트에 없던 질문 (다음에 정리할 것)',
  noteRequests: (count) => `추가 요청 ${count}명`,
  recentDown: '최근 👎 받은 답변',
  noReason: '이유 없음',
  nothingYet: '아직 없어요.',
  index: '색인',
  indexLine: (notes, chunks, builtAt) => `노트 ${notes}개 · 조각 ${chunks}개 · ${builtAt} 기준`,
  fallbackWarning: '⚠️ 임베딩 모델을 불러오지 못해 모델 없이 검색하고 있어요 (영어 질문과 바꿔 말한 질문에 약해요). 봇이 모델을 내려받을 수 있게 된 뒤 색인을 새로 만들어 주세요.',
  quizTitle: '📅 오늘의 퀴즈',
  quizIntroChoice: (topic) => `${topic ? `**${topic}** 노트에서 한 문제! ` : ''}빈칸에 들어갈 말을 골라 보세요. 답은 나만 볼 수 있게 알려 드려요.`,
  quizIntroCloze: (topic) => `${topic ? `**${topic}** 노트에서 한 문제! ` : ''}답을 떠올려 본 뒤 **정답 보기**를 눌러 보세요. 답은 나만 볼 수 있게 알려 드려요.`,
  quizReveal: '정답 보기',
  recallQuestion: (question) => `**${question}** — 노트에 적힌 답을 떠올려 보세요.`,
  quizTally: (n, percent) => `오늘 ${n}명 참여${percent === null ? '' : ` · 정답률 ${percent}%`}`,
  quizCorrect: (option) => `✅ 정답이에요! **${option}**`,
  quizWrong: (picked, right) => `❌ 아쉬워요. 고른 답: ${picked} · 정답: **${right}**`,
  quizAnswer: (answer) => `💡 정답: **${answer}**`,
  quizAlready: '이미 답한 퀴즈예요. 처음 답한 것만 기록돼요.',
  quizToReview: '이 개념을 복습 카드에 넣었어요. `/review` 로 때맞춰 다시 볼 수 있어요.',
  quizGone: '이 퀴즈는 더 이상 찾을 수 없어요.',
  reviewTitle: (left) => `🔁 복습 · 남은 카드 ${left}장`,
  reviewShowAnswer: '정답',
  reviewRatings: { again: '다시', hard: '어려움', good: '알맞음', easy: '쉬움' },
  reviewNoCards: '아직 복습 카드가 없어요. 오늘의 퀴즈를 풀면 그 개념이 복습 카드가 돼요.',
  reviewNothingDue: (next) => `지금 복습할 카드가 없어요.${next === undefined ? '' : ` 다음 복습: <t:${next}:R>`}`,
  reviewDone: (next) => `복습 끝! 수고했어요.${next === undefined ? '' : ` 다음 복습: <t:${next}:R>`}`,
  reviewNotYours: '다른 사람의 복습 카드예요. `/review` 로 내 카드를 열어 보세요.',
  reviewGone: '이 복습 카드는 더 이상 찾을 수 없어요. `/review` 로 다시 열어 보세요.',
  streak: (days) => (days > 0 ? `🔥 ${days}일 연속 학습 중` : '오늘의 퀴즈를 풀거나 복습하면 연속 학습이 시작돼요.'),
  streakTitle: '🔥 연속 학습',
  streakLine: (current, best, today) =>
    [
      `지금 **${current}일** 연속 · 최고 기록 **${best}일**`,
      current === 0 ? '오늘의 퀴즈를 풀거나 복습 카드를 평가하면 연속 학습이 시작돼요.' : today ? '오늘도 학습했어요!' : '오늘은 아직이에요. 오늘의 퀴즈를 풀거나 `/review` 로 복습하면 이어져요.',
    ].join('\n'),
  remindOn: (time, zone, next) => `매일 ${time} (${zone})에 복습할 카드 수를 DM으로 알려 드릴게요. 복습할 카드가 없는 날에는 보내지 않아요. 다음 알림: <t:${next}:F>`,
  remindOff: (wasOn) => (wasOn ? '복습 알림을 껐어요.' : '복습 알림이 켜져 있지 않아요.'),
  remindTimeWithoutOn: '알림 시간은 알림을 켤 때 정해요: `remind: on` 과 함께 `time` 을 적어 주세요.',
  reminderDm: (n) => `🔁 오늘 복습할 카드가 ${n}장 있어요. 서버에서 \`/review\` 로 복습해 보세요. (알림 끄기: \`/review remind: off\`)`,
  leaderboardTitle: '🏆 이번 주 순위',
  leaderboardWeek: (from, to) => `${from} ~ ${to} (월요일 시작)`,
  leaderboardEmpty: '이번 주에는 아직 기록이 없어요. 오늘의 퀴즈를 풀어 보세요!',
  leaderboardLine: (rank, name, points, correct, reviews) => `${rank}. ${name} — ${points}점 (정답 ${correct} · 복습 ${reviews})`,
  leaderboardRule: '점수 = 이 서버 퀴즈 정답 수 + 복습 카드 평가 수',
  unknownMember: '(알 수 없는 멤버)',
  digestTitle: '📰 이번 주 스터디 다이제스트',
  digestWeek: (from, to) => `${from} ~ ${to}`,
  digestTopQuestions: '많이 나온 질문',
  digestNotes: '추가되거나 바뀐 노트',
  digestNotesLine: (added, changed) => `추가 ${added} · 변경 ${changed}`,
  digestNotesSince: (since) => `${since} 이후`,
  digestAdded: '추가',
  digestChanged: '변경',
  digestLeaderboard: '이번 주 순위',
  digestUnanswered: '노트에 없던 질문',
  timesAsked: (count) => `${count}번`,
  gapsTitle: (open) => `🕳️ 노트에 없던 질문 ${open}개`,
  gapsNone: '노트가 답하지 못한 질문이 없어요.',
  gapLine: (n, question, askers, proposals) => `**${n}.** ${question} · 물어본 사람 ${askers}명${proposals > 0 ? ` · 검토 대기 ${proposals}` : ''}`,
  gapsMore: (more) => `외 ${more}개 — 위의 질문이 답을 얻으면 다음 질문이 보여요.`,
  answerGap: (n) => `${n}번 답 남기기`,
  proposalsTitle: (count) => `📝 검토 대기 중인 답 ${count}개`,
  proposalBy: (name) => `— ${name ?? '(기록을 지운 멤버)'}`,
  approve: '승인',
  edit: '수정',
  reject: '거절',
  answerModalTitle: '답 남기기',
  editModalTitle: '답 고쳐서 승인하기',
  answerFieldLabel: '노트에 들어갈 답',
  answerEmpty: '답이 비어 있어요. 노트에 들어갈 내용을 적어 주세요.',
  answerTooLong: (max) => `답이 너무 길어요. ${max}자 이내로 줄여 주세요.`,
  answerProposed: '답을 남겼어요. 관리자가 확인하고 승인하면 노트에 추가돼요.',
  gapGone: '이 질문은 이미 답을 얻었거나 더 이상 목록에 없어요.',
  proposalStale: '이미 처리된 답이에요. `/gaps` 로 목록을 다시 열어 보세요.',
  approved: (file, told) => `✅ 승인했어요. \`${file}\` 노트로 추가했고, 이제 이 질문에 이 노트로 답해요.${told > 0 ? ` 물어본 ${told}명에게 알렸어요.` : ''}`,
  rejected: '❌ 거절했어요. 이 답은 노트에 들어가지 않고 기록으로만 남아요.',
  gapAnswered: (askers, question, file) => `💡 ${askers} 물어본 "${question}"에 대한 노트가 생겼어요 (\`${file}\`). 이제 다시 물어보면 이 노트로 답해요.`,
  forgottenMember: '(기록을 지운 멤버)',
  forgetPrompt: '⚠️ 이 봇에 남은 내 기록(질문, 피드백, 퀴즈 답, 복습 카드와 기록, 학습한 날, 복습 알림, 노트 요청, 남긴 답)을 모두 지울까요? 되돌릴 수 없어요. 승인되어 노트가 된 답은 노트에 남고, 작성자 이름만 기록에서 지워요.',
  forgetConfirm: '모두 지우기',
  forgetCancel: '취소',
  forgetDone: (rows) => `내 기록을 모두 지웠어요 (${rows}건).`,
  forgetCancelled: '지우지 않았어요. 기록은 그대로예요.',
  exportDone: (user) => `${user} 님의 기록을 JSON 파일로 담았어요.`,
  helpTitle: '📚 스터디 노트 봇 사용법',
  helpIntro: '스터디 노트에서 **그대로 인용해** 답하고, 어느 섹션에서 왔는지 번호로 알려 줘요. 노트에 없는 내용은 지어내지 않아요.',
  helpMember: (c) => [
    `${c('ask')} 노트에 질문하기 — 👍/👎 로 평가하고 "출처 전체 보기"로 인용한 부분을 볼 수 있어요.`,
    `${c('search')} 관련 섹션 찾기 (나만 보이고, 원하면 채널에 공유할 수 있어요)`,
    `${c('concept')} 개념 카드 보기 (입력하면 목록이 나와요)`,
    `${c('review')} 오늘의 퀴즈에서 만난 개념 복습하기 (나만 보여요) · \`remind: on\` 으로 매일 DM 알림`,
    `${c('streak')} 내 연속 학습 일수와 최고 기록 (나만 보여요)`,
    `${c('leaderboard')} 이번 주 순위 (월요일부터, 퀴즈 정답 + 복습)`,
    `${c('forget-me')} 이 봇에 남은 내 기록 모두 지우기`,
    `${c('help')} 이 도움말`,
  ],
  helpExamplesTitle: '이렇게 물어보세요',
  helpExamples: ['컨테이너의 장점은?', '도커와 가상 머신의 차이는?', '하이퍼바이저가 뭐야?'],
  helpAdminTitle: '관리자용',
  helpAdmin: (c) => [
    `${c('daily')} 매일 정해진 시간에 오늘의 퀴즈 올리기 (set · off · now) · 같은 채널에 주간 다이제스트도 올려요`,
    `${c('reindex')} 바뀐 노트 반영하기`,
    `${c('stats')} 질문 통계, 노트에 없던 질문, 👎 받은 답변`,
    `${c('gaps')} 노트에 없던 질문에 답 남기기, 멤버가 남긴 답 승인하기`,
    `${c('export-member')} 멤버의 기록을 JSON 파일로 받기`,
  ],
  helpThreads: '봇을 멘션해서 물어보면 스레드를 열어 답하고, 그 스레드에서는 멘션 없이 이어서 물어볼 수 있어요.',
};

const en: Messages = {
  notFound: "I couldn't find this in the notes.",
  notFoundHint: "I don't make up what the notes don't say. Have a look at the sections below, or rephrase the question.",
  notInNotes: (names) => `Not mentioned in the notes: ${names}`,
  related: 'Sections that may be related',
  sources: 'Sources',
  answerFooter: 'Quoted verbatim from the notes',
  generatedFooter: 'Written from the notes · every sentence checked against the source it cites',
  draftFooter: 'Writing… only sentences checked against their sources are shown',
  feedbackUp: 'Helpful',
  feedbackDown: 'Not helpful',
  showSources: 'Show full sources',
  sourcesExpired: 'I no longer keep the sources of this answer. Please ask the question again.',
  feedbackThanks: (vote, changed) => `${vote === 'up' ? '👍' : '👎'} Thanks for the feedback!${changed ? ' (your earlier vote was replaced)' : ''}`,
  downReasonPrompt: 'What was wrong with it?',
  downReasons: { wrong: 'It is wrong', incomplete: 'Not enough', 'off-topic': 'Wrong section' },
  downReasonThanks: 'Thanks for telling me. It helps fix the notes and the answers.',
  downReasonStale: 'Your vote on this answer has changed since, so the reason was not kept.',
  requestNote: 'Ask for a note on this',
  searchInstead: 'Search instead',
  noteRequested: (first) => (first ? 'Your request for a note on this is recorded; admins see it in `/stats`.' : 'You already asked for this one.'),
  questionExpired: 'I no longer keep this question. Please ask it again.',
  rateLimited: (seconds) => `That's a lot of questions in a short time. Please ask again in ${seconds} s.`,
  mentionHint: 'What would you like to know? Mention me followed by your question.',
  searchTitle: (query) => `🔎 Results for "${query}"`,
  noResults: 'No results.',
  shareToChannel: 'Share in channel',
  shared: 'Shared in the channel.',
  conceptNotFound: (name) => `I couldn't find a concept called "${name}". Pick one from the list that appears while you type.`,
  keyTerms: 'Key terms',
  selfCheck: 'Check yourself',
  answerLabel: 'Answer',
  recallPrompt: (topic) => `Explain **${topic}** in one sentence.`,
  errors: {
    EMPTY_QUESTION: () => 'That is empty. Write what you would like to know, e.g. What are the advantages of containers?',
    QUESTION_TOO_LONG: ({ limit }) => `The question is too long. Please keep it ${limit === undefined ? 'shorter' : `within ${limit} characters`}.`,
    INDEX_MISSING: () => 'There is no index of the notes yet, so I cannot answer. An admin can build it with `/reindex`.',
    INDEX_CORRUPT: () => 'The index of the notes is damaged. An admin can rebuild it with `/reindex`.',
    INDEX_UNREADABLE: () => 'I cannot read the index of the notes. Please ask whoever runs the bot to check the index folder’s permissions.',
    INDEX_UNWRITABLE: () => 'I cannot save the index. Please ask whoever runs the bot to check its index folder.',
    INDEX_LOCKED: () => 'Another re-index is running. Please try again when it is done.',
    KNOWLEDGE_MISSING: () => 'I cannot find the notes folder. Please ask whoever runs the bot to check its notes folder.',
    KNOWLEDGE_EMPTY: () => 'There is no readable note yet. Add markdown notes (.md) to the notes folder.',
    BAD_ARGUMENT: () => 'I cannot use that value. Please check the command’s options and try again.',
    MODEL_UNAVAILABLE: () => 'The embedding model could not be loaded. Please tell whoever runs the bot.',
    INGEST_WORKER_FAILED: () => 'Re-indexing failed partway, so the previous index is still in use. Please try again later, and tell whoever runs the bot if it fails again.',
    DB_LOCKED: () => 'My storage is busy for a moment. Please try again shortly.',
    DB_READONLY: () => 'I cannot save records. Please ask whoever runs the bot to check the data file’s permissions.',
    DB_UNAVAILABLE: () => 'I cannot open my data file. Please tell whoever runs the bot.',
    DB_CORRUPT: () => 'My data file is damaged. Please tell whoever runs the bot.',
    DB_FOREIGN: () => 'My data file belongs to another program. Please ask whoever runs the bot to check its settings.',
    DB_TOO_NEW: () => 'My data file was written by a newer version of the bot. Please ask whoever runs it to update the bot.',
  },
  genericError: 'Something went wrong and I could not finish that. Please try again in a moment.',
  restarting: 'The bot is restarting. Please try again in a moment.',
  adminOnly: 'Only members with the Manage Server permission can use this command.',
  guildOnly: 'This command only works inside a server.',
  invalidTime: (input) => `"${input}" is not a time of day. Use 24-hour HH:MM, e.g. 09:00 or 21:30.`,
  invalidZone: (zone) => `"${zone}" is not a time zone I know. Use an IANA name such as Asia/Seoul.`,
  cannotPostIn: (channelId) => `I can't post in <#${channelId}> (I need View Channel, Send Messages and Embed Links). Grant those or pick another channel.`,
  dailyConfigured: (channelId, time, zone, next) =>
    `I'll post a quiz in <#${channelId}> every day at ${time} (${zone}).${next === undefined ? '' : ` Next post: <t:${next}:F> (<t:${next}:R>)`}`,
  dailyOff: 'Daily quizzes are off. The channel and time are kept for next time.',
  dailyNotConfigured: 'No channel is set yet. Use `/daily set` to choose a channel and a time first.',
  dailyPosted: (channelId, title) => `Posted the quiz on "${title}" in <#${channelId}>.`,
  noConcepts: 'There is no concept to post. Check that the notes are indexed (`/reindex`).',
  dailyProblem: (kind, channelId) => `I couldn't post in <#${channelId}>: ${problemEn(kind)}`,
  adminNotice: (guildName, kind, channelId) =>
    `⚠️ The quiz of the day for "${guildName}" could not be posted in <#${channelId}>: ${problemEn(kind)} Use \`/daily set\` to choose the channel again.`,
  reindexBusy: 'A re-index is already running. Try again when it has finished.',
  reindexUnchanged: (chunks) => `No note changed. The index (${chunks} chunks) stays as it is.`,
  reindexDone: (c) =>
    `Re-indexed. Files: ${c.added} added, ${c.changed} changed, ${c.removed} removed · ${c.chunks} chunks (${c.embedded} embedded, ${c.reused} reused). Answers now come from the new index.`,
  reindexTitle: '🔄 Re-index',
  filesAdded: 'Added files',
  filesChanged: 'Changed files',
  filesRemoved: 'Removed files',
  filesSkipped: 'Skipped files',
  filesWarned: 'Files to check (front matter not read)',
  andMore: (count) => `and ${count} more`,
  reindexFailed: 'The re-index failed. Answers keep coming from the current index; the reason is in the bot’s log.',
  reindexLocked: 'Another re-index (one started on the machine that runs the bot, for instance) is running. Try again when it has finished.',
  reindexNoNotes: 'There is no markdown note (.md) in the notes folder, so nothing was re-indexed. Answers keep coming from the current index.',
  reindexNoneReadable: (skipped) => `None of the notes could be read (${skipped} skipped, listed below), so nothing was re-indexed. Answers keep coming from the current index.`,
  reindexKnowledgeMissing: 'The notes folder is missing, so nothing was re-indexed. Ask whoever runs the bot to check its notes folder setting.',
  statsTitle: '📊 Question statistics',
  asked: 'Questions',
  answered: 'Answered',
  unanswered: 'Not found',
  topUnanswered: 'Questions the notes could not answer (write these next)',
  noteRequests: (count) => `${count} ${count === 1 ? 'request' : 'requests'}`,
  recentDown: 'Latest 👎 answers',
  noReason: 'no reason given',
  nothingYet: 'None yet.',
  index: 'Index',
  indexLine: (notes, chunks, builtAt) => `${notes} ${notes === 1 ? 'note' : 'notes'} · ${chunks} ${chunks === 1 ? 'chunk' : 'chunks'} · built ${builtAt}`,
  fallbackWarning: '⚠️ The embedding model could not be loaded, so search runs without it (weaker on English and reworded questions). Rebuild the index once the bot can download the model.',
  quizTitle: '📅 Quiz of the day',
  quizIntroChoice: (topic) => `${topic ? `A question from **${topic}**! ` : ''}Pick the word that fills the blank. Only you will see whether you got it.`,
  quizIntroCloze: (topic) => `${topic ? `A question from **${topic}**! ` : ''}Think of the answer, then press **Show answer**. Only you will see it.`,
  quizReveal: 'Show answer',
  recallQuestion: (question) => `**${question}** — recall what the notes answer.`,
  quizTally: (n, percent) => `${n} ${n === 1 ? 'member' : 'members'} today${percent === null ? '' : ` · ${percent}% right`}`,
  quizCorrect: (option) => `✅ Right! **${option}**`,
  quizWrong: (picked, right) => `❌ Not quite. You picked ${picked} · the answer is **${right}**`,
  quizAnswer: (answer) => `💡 Answer: **${answer}**`,
  quizAlready: 'You already answered this quiz; only your first answer counts.',
  quizToReview: 'This concept is now one of your review cards: `/review` brings it back when it is due.',
  quizGone: 'I can no longer find this quiz.',
  reviewTitle: (left) => `🔁 Review · ${left} ${left === 1 ? 'card' : 'cards'} left`,
  reviewShowAnswer: 'Answer',
  reviewRatings: { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' },
  reviewNoCards: 'You have no review cards yet. Answer the quiz of the day and its concept becomes one.',
  reviewNothingDue: (next) => `Nothing to review right now.${next === undefined ? '' : ` Next review: <t:${next}:R>`}`,
  reviewDone: (next) => `All reviewed, well done!${next === undefined ? '' : ` Next review: <t:${next}:R>`}`,
  reviewNotYours: 'This is someone else\'s review card. Use `/review` to open yours.',
  reviewGone: 'I can no longer find this review card. Use `/review` to open your cards again.',
  streak: (days) => (days > 0 ? `🔥 ${days}-day streak` : 'Answer the quiz of the day or review a card to start a streak.'),
  streakTitle: '🔥 Streak',
  streakLine: (current, best, today) =>
    [
      `Current: **${current} ${current === 1 ? 'day' : 'days'}** · best: **${best} ${best === 1 ? 'day' : 'days'}**`,
      current === 0 ? 'Answer the quiz of the day or rate a review card to start a streak.' : today ? 'You studied today!' : 'Not yet today: answer the quiz or `/review` to keep it going.',
    ].join('\n'),
  remindOn: (time, zone, next) => `I'll DM you the number of cards due every day at ${time} (${zone}), and nothing on days with none. Next reminder: <t:${next}:F>`,
  remindOff: (wasOn) => (wasOn ? 'Review reminders are off.' : 'Review reminders were not on.'),
  remindTimeWithoutOn: 'The time is set when you switch reminders on: use `remind: on` together with `time`.',
  reminderDm: (n) => `🔁 You have ${n} ${n === 1 ? 'card' : 'cards'} to review today. Use \`/review\` in the server. (To stop these: \`/review remind: off\`)`,
  leaderboardTitle: '🏆 This week',
  leaderboardWeek: (from, to) => `${from} – ${to} (weeks start on Monday)`,
  leaderboardEmpty: 'Nothing yet this week. Try the quiz of the day!',
  leaderboardLine: (rank, name, points, correct, reviews) => `${rank}. ${name} — ${points} ${points === 1 ? 'point' : 'points'} (${correct} right · ${reviews} reviewed)`,
  leaderboardRule: 'Points = quiz questions of this server answered right + review cards rated',
  unknownMember: '(unknown member)',
  digestTitle: '📰 This week in the study group',
  digestWeek: (from, to) => `${from} – ${to}`,
  digestTopQuestions: 'Most asked questions',
  digestNotes: 'Notes added or changed',
  digestNotesLine: (added, changed) => `${added} added · ${changed} changed`,
  digestNotesSince: (since) => `since ${since}`,
  digestAdded: 'Added',
  digestChanged: 'Changed',
  digestLeaderboard: 'This week’s ranking',
  digestUnanswered: 'Questions the notes could not answer',
  timesAsked: (count) => `×${count}`,
  gapsTitle: (open) => `🕳️ ${open} ${open === 1 ? 'question' : 'questions'} the notes could not answer`,
  gapsNone: 'There is no question the notes could not answer.',
  gapLine: (n, question, askers, proposals) => `**${n}.** ${question} · asked by ${askers}${proposals > 0 ? ` · ${proposals} to review` : ''}`,
  gapsMore: (more) => `and ${more} more — they show up as the ones above get answers.`,
  answerGap: (n) => `Answer ${n}`,
  proposalsTitle: (count) => `📝 ${count} ${count === 1 ? 'answer' : 'answers'} to review`,
  proposalBy: (name) => `— ${name ?? '(a member who deleted their data)'}`,
  approve: 'Approve',
  edit: 'Edit',
  reject: 'Reject',
  answerModalTitle: 'Leave an answer',
  editModalTitle: 'Edit and approve',
  answerFieldLabel: 'The answer for the notes',
  answerEmpty: 'The answer is empty. Write what the note should say.',
  answerTooLong: (max) => `The answer is too long. Please keep it within ${max} characters.`,
  answerProposed: 'Thanks! Your answer is kept for the admins; once approved it becomes a note.',
  gapGone: 'This question already has an answer or is no longer on the list.',
  proposalStale: 'This answer was already dealt with. Open `/gaps` again for the current list.',
  approved: (file, told) => `✅ Approved: added as the note \`${file}\`; this question is now answered from it.${told > 0 ? ` ${told} ${told === 1 ? 'member was' : 'members were'} told.` : ''}`,
  rejected: '❌ Rejected. The answer stays in the bot\'s records only, not in the notes.',
  gapAnswered: (askers, question, file) => `💡 ${askers}: the notes now answer "${question}" (\`${file}\`). Ask again and the answer comes from that note.`,
  forgottenMember: '(a member who deleted their data)',
  forgetPrompt: '⚠️ Delete everything this bot keeps about you (questions, feedback, quiz answers, review cards and their log, active days, review reminders, note requests, answers you left)? This cannot be undone. Answers already approved stay in the notes; only your name is removed from the records.',
  forgetConfirm: 'Delete everything',
  forgetCancel: 'Cancel',
  forgetDone: (rows) => `Everything the bot kept about you is deleted (${rows} ${rows === 1 ? 'record' : 'records'}).`,
  forgetCancelled: 'Nothing was deleted.',
  exportDone: (user) => `${user}'s data, as a JSON file.`,
  helpTitle: '📚 Study notes bot',
  helpIntro: 'I answer by **quoting the study notes** and number every source section. I never make up what the notes do not say.',
  helpMember: (c) => [
    `${c('ask')} ask the notes — rate the answer with 👍/👎 and open "Show full sources" to read the quoted sections.`,
    `${c('search')} find the matching sections (only you see them; share them in the channel if you like)`,
    `${c('concept')} show a concept card (suggestions appear while you type)`,
    `${c('review')} review the concepts you met in the quiz of the day (only you see it) · \`remind: on\` for a daily DM`,
    `${c('streak')} your streak and your best one (only you see it)`,
    `${c('leaderboard')} this week's ranking (from Monday; quiz answers right + reviews)`,
    `${c('forget-me')} delete everything this bot keeps about you`,
    `${c('help')} this help`,
  ],
  helpExamplesTitle: 'Try asking',
  helpExamples: ['What are the advantages of containers?', 'How do Docker and virtual machines differ?', 'What is a hypervisor?'],
  helpAdminTitle: 'For admins',
  helpAdmin: (c) => [
    `${c('daily')} post a quiz every day at a set time (set · off · now) · the weekly digest goes to the same channel`,
    `${c('reindex')} pick up changed notes`,
    `${c('stats')} question statistics, unanswered questions, 👎'd answers`,
    `${c('gaps')} answer what the notes could not, approve members' answers`,
    `${c('export-member')} a member's data as a JSON file`,
  ],
  helpThreads: 'Mention me with a question and I answer in a thread; follow-ups in that thread need no mention.',
};

function problemKo(kind: DailyProblemKind): string {
  if (kind === 'channel-missing') return '채널이 없어졌어요.';
  if (kind === 'missing-permission') return '그 채널에 글을 올릴 권한이 없어요.';
  return '디스코드가 요청을 거절했어요.';
}

function problemEn(kind: DailyProblemKind): string {
  if (kind === 'channel-missing') return 'the channel no longer exists.';
  if (kind === 'missing-permission') return 'I am not allowed to post there.';
  return 'Discord refused the request.';
}

const TABLES: Record<Locale, Messages> = { ko, en };

export function messages(locale: Locale): Messages {
  return TABLES[locale];
}
