import type { TerminalLocale } from '../config.js';
import { describeChanges, type ChangeCounts } from '../ingest/freshness.js';
import type { CommandName } from './commands.js';

/**
 * What the CLI itself says (reports, notices, its own errors, `--help`), in Korean and English; the locale
 * is the terminal's (src/config.ts `terminalLocale`). Answers, concept cards and JSON are not here: answers
 * are bilingual already and JSON is codes and data for programs.
 */
export interface CliMessages {
  /** Which table this is: the engine's errors are phrased by src/errors/terminal.ts in the same language. */
  locale: TerminalLocale;
  /** "1 note" / "3 notes" / "노트 3개": every counted noun goes through these. */
  notes: (n: number) => string;
  chunks: (n: number) => string;
  sections: (n: number) => string;
  files: (n: number) => string;
  /** What changed in the notes since a build: "2 added, glossary changed". */
  changes: (changes: ChangeCounts) => string;
  // ingest
  /** cli-progress's format; `{bar}`, `{value}`, `{total}`, `{eta}` are its placeholders. */
  progressFormat: string;
  skipped: (file: string, reason: string) => string;
  warning: (file: string, warning: string) => string;
  fallback: (reason: string) => string;
  unchanged: (r: { files: number; chunks: number; indexDir: string }) => string;
  indexed: (r: { notes: number; chunks: number; added: number; changed: number; removed: number; unchanged: number; embedded: number; reused: number; embedder: string; indexDir: string }) => string;
  buildingFirst: (indexDir: string, knowledgeDir: string) => string;
  // the notes changed since the build
  folderNotRecorded: string;
  folderGone: (knowledgeDir: string, builtAt: string) => string;
  changedNoRefresh: (changes: string) => string;
  changedOtherBuilding: (changes: string, indexDir: string) => string;
  changedReindexed: (changes: string, seconds: string, embedded: number, reused: number) => string;
  // ingest --watch
  rebuildFailed: (why: string) => string;
  watchFailed: (why: string) => string;
  watching: (knowledgeDir: string) => string;
  stoppedWatching: string;
  // the prompt and streamed answers
  promptIntro: string;
  prompt: Record<'ask' | 'search', string>;
  draftNotBacked: string;
  // status
  status: {
    labels: { index: string; contents: string; embedder: string; analyzer: string; builtAt: string; notes: string };
    fallback: (embedder: string) => string;
    fresh: (knowledgeDir: string) => string;
    stale: (changes: string) => string;
    unknown: string;
    missing: (knowledgeDir: string) => string;
  };
  // stats
  stats: {
    labels: { database: string; questions: string; feedback: string; notFound: string; index: string };
    questions: (asked: number, answered: number, unanswered: number) => string;
    mostAskedFirst: string;
    noneYet: string;
    index: (notes: number, chunks: number, builtAt: string) => string;
    fallback: (embedder: string) => string;
    noIndex: (indexDir: string) => string;
  };
  // the CLI's own errors (the engine's are phrased in src/errors/terminal.ts)
  errors: {
    badAnalyzer: (value: string) => string;
    badEmbedder: (value: string) => string;
    badK: (max: number) => string;
    emptyQuestion: (example: string) => string;
    stdinNeedsJson: (command: string, example: string) => string;
    unknownCommand: (name: string, commands: string[]) => string;
    badFlags: (detail: string, command: string | undefined) => string;
    foreignFlag: (flag: string, command: string, takers: string[]) => string;
    notAFolder: (path: string, variable: string, flag: string, through: boolean) => string;
    noConcept: (name: string) => string;
    noDatabase: (path: string) => string;
  };
  unexpected: string;
  // --help
  help: {
    usage: string;
    does: Record<CommandName, string>;
    settings: string;
    locale: string;
    exitCodes: string;
  };
}

/** "a, b or c" */
function list(items: string[], conjunction: string): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/** English counted nouns: "1 note", "3 notes"; "0 notes". */
function counted(singular: string, plural = `${singular}s`): (n: number) => string {
  return (n) => `${n} ${n === 1 ? singular : plural}`;
}

const en: CliMessages = {
  locale: 'en',
  notes: counted('note'),
  chunks: counted('chunk'),
  sections: counted('section'),
  files: counted('file'),
  changes: describeChanges,
  progressFormat: 'embedding {bar} {value}/{total} chunks | {eta}s left',
  skipped: (file, reason) => `skipped ${file}: ${reason}`,
  warning: (file, warning) => `warning ${file}: ${warning}`,
  fallback: (reason) => `${reason}\nUsing the model-free hashing embedder instead (recorded in the index).`,
  unchanged: (r) => `Notes unchanged (${en.files(r.files)}, ${en.chunks(r.chunks)}): nothing to embed, index kept in ${r.indexDir}.`,
  indexed: (r) =>
    `Indexed ${en.notes(r.notes)} → ${en.chunks(r.chunks)} ` +
    `(files: ${r.added} added, ${r.changed} changed, ${r.removed} removed, ${r.unchanged} unchanged; ` +
    `chunks: ${r.embedded} embedded, ${r.reused} reused) with ${r.embedder} in ${r.indexDir}`,
  buildingFirst: (indexDir, knowledgeDir) => `No index for this version in ${indexDir} yet: building it from ${knowledgeDir} first.`,
  folderNotRecorded: 'This index does not record which notes folder it was built from (an older version built it): run `npm run ingest` once so answers follow note changes.',
  folderGone: (dir, builtAt) => `The notes folder ${dir} is gone: answering from the index built ${builtAt}; citations may name notes that no longer exist.`,
  changedNoRefresh: (changes) => `Notes changed since the index was built (${changes}): answering from the old index (--no-refresh); citations may be out of date.`,
  changedOtherBuilding: (changes, indexDir) => `Notes changed since the index was built (${changes}); another process is re-indexing ${indexDir} right now: answering from the index as it is.`,
  changedReindexed: (changes, seconds, embedded, reused) =>
    `Notes changed since the index was built (${changes}): re-indexed in ${seconds} s (${en.chunks(embedded)} embedded, ${reused} reused).`,
  rebuildFailed: (why) => `Re-indexing failed (the previous index is kept): ${why}`,
  watchFailed: (why) => `Watching failed, changes may go unseen: ${why}`,
  watching: (dir) => `Watching ${dir} for changes (Ctrl-C to stop).`,
  stoppedWatching: 'Stopped watching.',
  promptIntro: 'Type a question and press Enter; /q (or Ctrl-D) quits.',
  prompt: { ask: 'question> ', search: 'search> ' },
  draftNotBacked: "(The model's answer was not backed enough by the notes; the quoted answer instead:)",
  status: {
    labels: { index: 'index', contents: 'contents', embedder: 'embedder', analyzer: 'analyzer', builtAt: 'built at', notes: 'notes' },
    fallback: (embedder) => `${embedder} (fallback: the requested model could not be loaded; see MODEL_CACHE_DIR in .env.example)`,
    fresh: (dir) => `up to date with ${dir}`,
    stale: (changes) => `changed since the build (${changes}): the next ask or ingest re-indexes them`,
    unknown: 'not recorded (built by an older version): run study-notes ingest once',
    missing: (dir) => `the folder ${dir} is gone`,
  },
  stats: {
    labels: { database: 'database', questions: 'questions', feedback: 'feedback', notFound: 'not found', index: 'index' },
    questions: (asked, answered, unanswered) => `${asked} asked, ${answered} answered, ${unanswered} not answered`,
    mostAskedFirst: 'most asked first',
    noneYet: 'none yet',
    index: (notes, chunks, builtAt) => `${en.notes(notes)}, ${en.chunks(chunks)}, built ${builtAt}`,
    fallback: (embedder) => ` (fallback embedder ${embedder}: the model could not be loaded, see MODEL_CACHE_DIR)`,
    noIndex: (dir) => `none yet in ${dir}`,
  },
  errors: {
    badAnalyzer: (value) => `--analyzer must be ngram or morph, not "${value}".`,
    badEmbedder: (value) => `--embedder must be transformers or hashing, not "${value}".`,
    badK: (max) => `-k must be a whole number from 1 to ${max}.`,
    emptyQuestion: (example) => `The question is empty: ${example} (study-notes --help for more).`,
    stdinNeedsJson: (command, example) =>
      `Questions on stdin need --json (one JSON object per answer, one a line): study-notes ${command} --json < questions.txt, or ${example}.`,
    unknownCommand: (name, commands) => `Unknown command "${name}": use ${list(commands, 'or')} (study-notes --help says what each does).`,
    badFlags: (detail, command) => `${detail} (study-notes${command ? ` ${command}` : ''} --help lists the flags).`,
    foreignFlag: (flag, command, takers) => `${flag} does not apply to ${command}: it is for ${list(takers, 'and')} (study-notes ${command} --help lists what ${command} takes).`,
    notAFolder: (path, variable, flag, through) =>
      `${path} (${variable} or ${flag}) ${through ? 'goes through a file' : 'is a file'}, not a folder: point ${variable} or ${flag} at a folder (it is created if missing).`,
    noConcept: (name) => `No concept matches "${name}": study-notes concept (no name) lists them all.`,
    noDatabase: (path) => `No bot database at ${path} (DATABASE_PATH): the bot records questions there once it runs (npm start).`,
  },
  unexpected: 'Unexpected error',
  help: {
    usage: 'Usage (or `npm run --silent <command> -- …` from the project folder):',
    does: {
      ask: 'answers from the notes, quoted, with the sections cited (builds the index first if there is none).\nNo question: a prompt in a terminal (/q quits); with --json, one question per stdin line, one JSON object per line.',
      search: 'lists the sections that best match, with file and lines.',
      ingest: 'builds or updates the index from the notes; unchanged notes are not embedded again.',
      concept: 'shows a concept card as /concept does: the section, its key sentences and terms, a self-check question.\nNo name: lists every concept.',
      stats: "what /stats shows admins, read from the bot's database (DATABASE_PATH) without changing it.",
      status: 'what the index holds: notes, chunks, sections, embedder, analyzer, when it was built, whether the notes changed since, size.',
      eval: 'measures answers on labelled question sets (no --set: the whole suite, indexes in data/eval/).',
    },
    settings: 'Settings come from the environment, or from .env in the working directory (the environment wins); .env.example describes each:',
    locale: 'Messages are in Korean when the first of LC_ALL, LC_MESSAGES, LANG that is set starts with ko (LANG=ko_KR.UTF-8), in English otherwise.',
    exitCodes: 'Exit codes: 0 done, 2 something to fix (the message says what), 1 an unexpected failure.',
  },
};

/** Korean counts take a counter after the noun, the same for one and many: "노트 1개", "노트 3개". */
function counter(noun: string): (n: number) => string {
  return (n) => `${noun} ${n}개`;
}

const ko: CliMessages = {
  locale: 'ko',
  notes: counter('노트'),
  chunks: counter('청크'),
  sections: counter('섹션'),
  files: counter('파일'),
  changes: ({ added, changed, removed, glossaryChanged }) =>
    [added ? `${added}개 추가` : '', changed ? `${changed}개 변경` : '', removed ? `${removed}개 삭제` : '', glossaryChanged ? '용어집 변경' : '']
      .filter(Boolean)
      .join(', ') || '변경 없음',
  progressFormat: '임베딩 {bar} 청크 {value}/{total} | {eta}초 남음',
  skipped: (file, reason) => `건너뜀 ${file}: ${reason}`,
  warning: (file, warning) => `경고 ${file}: ${warning}`,
  fallback: (reason) => `${reason}\n모델 없이 동작하는 hashing 임베더를 대신 사용합니다 (색인에 기록됨).`,
  unchanged: (r) => `노트가 바뀌지 않았습니다 (${ko.files(r.files)}, ${ko.chunks(r.chunks)}): 새로 임베딩할 것이 없어 ${r.indexDir}의 색인을 그대로 둡니다.`,
  indexed: (r) =>
    `${ko.notes(r.notes)}를 색인했습니다 → ${ko.chunks(r.chunks)} ` +
    `(파일: ${r.added}개 추가, ${r.changed}개 변경, ${r.removed}개 삭제, ${r.unchanged}개 그대로; ` +
    `청크: ${r.embedded}개 임베딩, ${r.reused}개 재사용), 임베더 ${r.embedder}, 위치 ${r.indexDir}`,
  buildingFirst: (indexDir, knowledgeDir) => `${indexDir}에 이 버전의 색인이 아직 없습니다: 먼저 ${knowledgeDir}에서 만듭니다.`,
  folderNotRecorded: '이 색인에는 어느 노트 폴더에서 만들었는지 기록되어 있지 않습니다 (이전 버전이 만듦): 노트 변경이 답에 반영되도록 `npm run ingest`를 한 번 실행하세요.',
  folderGone: (dir, builtAt) => `노트 폴더 ${dir}가 없습니다: ${builtAt}에 만든 색인으로 답합니다. 인용된 노트가 이제 없을 수도 있습니다.`,
  changedNoRefresh: (changes) => `색인을 만든 뒤 노트가 바뀌었습니다 (${changes}): 예전 색인으로 답합니다 (--no-refresh). 인용이 최신이 아닐 수 있습니다.`,
  changedOtherBuilding: (changes, indexDir) => `색인을 만든 뒤 노트가 바뀌었습니다 (${changes}). 다른 프로세스가 지금 ${indexDir}를 다시 색인하고 있어 지금의 색인으로 답합니다.`,
  changedReindexed: (changes, seconds, embedded, reused) =>
    `색인을 만든 뒤 노트가 바뀌었습니다 (${changes}): ${seconds}초 만에 다시 색인했습니다 (청크 ${embedded}개 임베딩, ${reused}개 재사용).`,
  rebuildFailed: (why) => `다시 색인하지 못했습니다 (이전 색인은 그대로): ${why}`,
  watchFailed: (why) => `변경 감시에 실패했습니다. 바뀐 내용을 놓칠 수 있습니다: ${why}`,
  watching: (dir) => `${dir}의 변경을 지켜보는 중입니다 (Ctrl-C로 멈춤).`,
  stoppedWatching: '감시를 멈췄습니다.',
  promptIntro: '질문을 입력하고 Enter를 누르세요. /q (또는 Ctrl-D)로 끝납니다.',
  prompt: { ask: '질문> ', search: '검색> ' },
  draftNotBacked: '(모델의 답이 노트로 충분히 뒷받침되지 않아 인용한 답을 대신 보여 드립니다:)',
  status: {
    labels: { index: '색인', contents: '내용', embedder: '임베더', analyzer: '분석기', builtAt: '만든 시각', notes: '노트' },
    fallback: (embedder) => `${embedder} (대체 임베더: 요청한 모델을 불러오지 못했습니다. .env.example의 MODEL_CACHE_DIR를 보세요)`,
    fresh: (dir) => `${dir}와 일치 (최신)`,
    stale: (changes) => `색인을 만든 뒤 바뀜 (${changes}): 다음 ask나 ingest가 다시 색인합니다`,
    unknown: '기록 없음 (이전 버전이 만듦): study-notes ingest를 한 번 실행하세요',
    missing: (dir) => `폴더 ${dir}가 없습니다`,
  },
  stats: {
    labels: { database: '데이터베이스', questions: '질문', feedback: '피드백', notFound: '못 찾은 질문', index: '색인' },
    questions: (asked, answered, unanswered) => `${asked}개 받음, ${answered}개 답함, ${unanswered}개 못 답함`,
    mostAskedFirst: '많이 물은 순',
    noneYet: '아직 없음',
    index: (notes, chunks, builtAt) => `${ko.notes(notes)}, ${ko.chunks(chunks)}, ${builtAt}에 만듦`,
    fallback: (embedder) => ` (대체 임베더 ${embedder}: 모델을 불러오지 못했습니다. MODEL_CACHE_DIR를 보세요)`,
    noIndex: (dir) => `${dir}에 아직 없음`,
  },
  errors: {
    badAnalyzer: (value) => `--analyzer는 ngram 또는 morph여야 합니다 ("${value}" 아님).`,
    badEmbedder: (value) => `--embedder는 transformers 또는 hashing이어야 합니다 ("${value}" 아님).`,
    badK: (max) => `-k는 1부터 ${max}까지의 정수여야 합니다.`,
    emptyQuestion: (example) => `질문이 비어 있습니다: ${example} (자세한 내용은 study-notes --help).`,
    stdinNeedsJson: (command, example) =>
      `표준 입력으로 질문하려면 --json이 필요합니다 (답마다 한 줄에 JSON 객체 하나): study-notes ${command} --json < questions.txt, 또는 ${example}.`,
    unknownCommand: (name, commands) => `알 수 없는 명령 "${name}": ${list(commands, '또는')} 중 하나를 쓰세요 (study-notes --help에 각 명령의 설명이 있습니다).`,
    badFlags: (detail, command) => `옵션을 읽을 수 없습니다: ${detail} (study-notes${command ? ` ${command}` : ''} --help에 옵션 목록이 있습니다).`,
    foreignFlag: (flag, command, takers) => `${flag}는 ${command}에 쓸 수 없습니다: ${takers.join(', ')}용입니다 (study-notes ${command} --help에 ${command}의 옵션이 있습니다).`,
    notAFolder: (path, variable, flag, through) =>
      `${path} (${variable} 또는 ${flag})는 ${through ? '파일을 거치는 경로' : '파일'}이지 폴더가 아닙니다: ${variable} 또는 ${flag}를 폴더로 지정하세요 (없으면 만들어집니다).`,
    noConcept: (name) => `"${name}"에 맞는 개념이 없습니다: study-notes concept (이름 없이)로 전체 목록을 볼 수 있습니다.`,
    noDatabase: (path) => `${path}에 봇 데이터베이스가 없습니다 (DATABASE_PATH): 봇이 실행되면 (npm start) 그곳에 질문을 기록합니다.`,
  },
  unexpected: '예상하지 못한 오류',
  help: {
    usage: '사용법 (프로젝트 폴더에서는 `npm run --silent <명령> -- …`도 됩니다):',
    does: {
      ask: '노트에서 인용해 답하고 출처 섹션을 밝힙니다 (색인이 없으면 먼저 만듭니다).\n질문 없이: 터미널에서는 입력 프롬프트 (/q로 끝냄), --json과 함께면 표준 입력 한 줄에 질문 하나, 한 줄에 JSON 객체 하나.',
      search: '가장 잘 맞는 섹션을 파일과 줄 번호와 함께 보여 줍니다.',
      ingest: '노트로 색인을 만들거나 갱신합니다. 바뀌지 않은 노트는 다시 임베딩하지 않습니다.',
      concept: '/concept처럼 개념 카드를 보여 줍니다: 섹션, 핵심 문장과 용어, 확인 문제.\n이름 없이: 모든 개념을 나열합니다.',
      stats: '/stats가 관리자에게 보여 주는 내용을 봇 데이터베이스(DATABASE_PATH)에서 바꾸지 않고 읽습니다.',
      status: '색인의 내용: 노트, 청크, 섹션 수, 임베더, 분석기, 만든 시각, 그 뒤 노트가 바뀌었는지, 크기.',
      eval: '라벨이 붙은 질문 세트로 답을 측정합니다 (--set 없이: 전체 세트, 색인은 data/eval/).',
    },
    settings: '설정은 환경 변수나 작업 폴더의 .env에서 읽습니다 (환경 변수가 우선). 각 변수의 설명은 .env.example에 있습니다:',
    locale: 'LC_ALL, LC_MESSAGES, LANG 중 처음으로 설정된 값이 ko로 시작하면 (LANG=ko_KR.UTF-8) 메시지는 한국어, 아니면 영어입니다.',
    exitCodes: '종료 코드: 0 완료, 2 고쳐야 할 것이 있음 (메시지가 알려 줌), 1 예상하지 못한 실패.',
  },
};

const TABLES: Record<TerminalLocale, CliMessages> = { ko, en };

export function cliMessages(locale: TerminalLocale): CliMessages {
  return TABLES[locale];
}

/** Terminal columns of `text`: Hangul and other wide characters take two. */
function columns(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return width;
}

/** Where values start in `aligned` rows at the least: the column the English rows have always used. */
const MIN_VALUE_COLUMN = 11;

/** `label value` rows with the values lined up in one column, in either language. */
export function aligned(rows: [label: string, value: string][]): string {
  const width = Math.max(MIN_VALUE_COLUMN, ...rows.map(([label]) => columns(label) + 2));
  return rows.map(([label, value]) => `${label}${' '.repeat(width - columns(label))}${value}`).join('\n');
}
