import { renderAnswer, renderSearchHits } from '../answer/format.js';
import { parseCommandLine, usage, type Flags } from './commands.js';
import { cliMessages, type CliMessages } from './messages.js';
import { checkFolder } from './folders.js';
import { boundedLines } from './lines.js';
import { isCodedError } from '../errors/catalog.js';
import { terminalErrorText } from '../errors/terminal.js';
import { promptLoop } from './prompt.js';
import { TerminalDraft } from './stream.js';
import { printer, type Printer } from './terminal.js';
import { indexStatus, renderStatus } from './status.js';
import { renderStats } from './stats.js';
import { ConfigError, dictionaryCache, embedderSpec, ingestSettings, loadEngineConfig, terminalLocale, transformersSettings, type EngineConfig } from '../config.js';
import { isBlankQuestion, MAX_K, MAX_QUESTION_CHARS, openKnowledgeBase, type LoadedKnowledgeBase } from '../engine/knowledge-base.js';
import { specFromEmbedderId, type EmbedderSpec } from '../embed/create.js';
import { refuseSystemLocation } from '../index/folder.js';
import { indexNeedsBuild, readManifest } from '../index/store.js';
import { changeCounts, checkFreshness } from '../ingest/freshness.js';
import { createAnswerWriter } from '../generate/writer.js';
import { createLogger } from '../log/logger.js';
import { isAnalyzerName, useDictionaryCache } from '../text/analyzer.js';
import { UserError, type Answer, type IngestReport, type Passage } from '../types.js';

/** What a run of the CLI reads and writes: the process's own in `src/cli.ts`, a test's in-process stand-ins. */
export interface CliIo {
  argv: readonly string[];
  /** The environment; `.env` in the working directory fills in what it leaves unset. */
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Settles when the user asks `ingest --watch` to stop (Ctrl-C, SIGTERM). */
  stopRequested(): Promise<void>;
}

/** One run's printers (terminal-safe, src/cli/terminal.ts), messages in the terminal's language, and notices said. */
interface Session {
  io: CliIo;
  out: Printer;
  err: Printer;
  m: CliMessages;
  /** Notices already printed: a session of many questions says each one once. */
  noticed: Set<string>;
}

/** Exit codes: 0 done, 1 unexpected failure, 2 something the user can fix (bad input, missing index). */
const EXIT_USER_ERROR = 2;
/** The longest stdin line kept in memory: room for a question at the limit with whitespace around it. */
const MAX_STDIN_LINE_CHARS = 4 * MAX_QUESTION_CHARS;

/**
 * Runs one CLI command to its exit code; nothing escapes as an exception: a mistake the user can fix is one
 * line on stderr and exit 2, anything else the unexpected-error line and exit 1.
 */
export async function runCli(io: CliIo): Promise<number> {
  const out = printer(io.stdout);
  const err = printer(io.stderr);
  const m = cliMessages(terminalLocale(io.env));
  try {
    return await main({ io, out, err, m, noticed: new Set() });
  } catch (error) {
    if (isCodedError(error) || error instanceof ConfigError) {
      err.write(`${isCodedError(error) ? terminalErrorText(error, m.locale) : error.message}\n`);
      return EXIT_USER_ERROR;
    }
    err.write(`${m.unexpected}: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

async function main(s: Session): Promise<number> {
  const { command, flags, positionals } = parseCommandLine([...s.io.argv], s.m);
  if (flags.help) {
    s.out.write(`${usage(s.m, command)}\n`);
    return 0;
  }
  if (!command) {
    s.err.write(`${usage(s.m)}\n`);
    return EXIT_USER_ERROR;
  }
  const config = withFlags(s, loadEngineConfig(s.io.env, '.env'), flags);
  useDictionaryCache(dictionaryCache(config, (message) => notice(s, message)));
  await checkFolder(config.INDEX_DIR, 'INDEX_DIR', '--index', s.m);
  // Before anything is said about building there: `ask` and `search` build the index first when there is none.
  await refuseSystemLocation(config.INDEX_DIR);
  switch (command) {
    case 'ingest':
      printIngestReport(s, await runIngest(s, config, flags));
      return flags.watch ? watchAndIngest(s, config, flags) : 0;
    case 'ask':
    case 'search':
      return lookup(s, command, config, flags, positionals.length ? positionals.join(' ') : undefined);
    case 'concept':
      return concept(s, config, flags, positionals.join(' '));
    case 'stats':
      return stats(s, config, flags);
    case 'status':
      return status(s, config, flags);
    case 'eval':
      return evaluate(s, config, flags);
  }
}

function withFlags(s: Session, config: EngineConfig, flags: Flags): EngineConfig {
  const analyzer = flags.analyzer ?? config.ANALYZER;
  if (!isAnalyzerName(analyzer)) throw new UserError('BAD_ARGUMENT', s.m.errors.badAnalyzer(analyzer));
  const embedder = flags.embedder ?? config.EMBEDDER;
  if (embedder !== 'transformers' && embedder !== 'hashing') throw new UserError('BAD_ARGUMENT', s.m.errors.badEmbedder(embedder));
  return {
    ...config,
    KNOWLEDGE_DIR: flags.knowledge ?? config.KNOWLEDGE_DIR,
    INDEX_DIR: flags.index ?? config.INDEX_DIR,
    MODEL_ID: flags.model ?? config.MODEL_ID,
    ANALYZER: analyzer,
    EMBEDDER: embedder,
  };
}

async function runIngest(s: Session, config: EngineConfig, flags: Flags, embedder: EmbedderSpec = embedderSpec(config)): Promise<IngestReport> {
  // The bar's module only where a bar is drawn (a terminal), like the other modules `ask` does without.
  const cliProgress = s.io.stderr.isTTY ? (await import('cli-progress')).default : undefined;
  const bar = cliProgress ? new cliProgress.SingleBar({ format: s.m.progressFormat, stream: s.io.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  try {
    // Loaded only when needed: the markdown parser behind it adds ~0.3 s to every `ask` otherwise.
    const { ingest } = await import('../ingest/ingest.js');
    return await ingest({
      ...ingestSettings(config),
      embedder,
      force: flags.force ?? false,
      // The report below says what matters (skips, fallback) in plain words; the log adds detail when asked.
      log: createLogger({ level: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? config.LOG_LEVEL : 'error', format: config.LOG_FORMAT, destination: s.io.stderr }),
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
    });
  } finally {
    if (started) bar?.stop();
  }
}

function printIngestReport(s: Session, report: IngestReport): void {
  const { files } = report;
  // Once per build: an unchanged index keeps its fallback quietly (status says so).
  if (report.fallbackReason && report.rebuilt) s.err.write(`\n${s.m.fallback(report.fallbackReason)}\n\n`);
  printSkipsAndWarnings(s, report);
  if (!report.rebuilt) {
    s.err.write(`${s.m.unchanged({ files: files.unchanged.length, chunks: report.chunks, indexDir: report.indexDir })}\n`);
    return;
  }
  const { embedded, reused, embedder, indexDir } = report;
  const [added, changed, removed, unchanged] = [files.added.length, files.changed.length, files.removed.length, files.unchanged.length];
  s.err.write(`${s.m.indexed({ notes: added + changed + unchanged, chunks: report.chunks, added, changed, removed, unchanged, embedded, reused, embedder, indexDir })}\n`);
}

function printSkipsAndWarnings(s: Session, { files }: IngestReport): void {
  for (const skip of files.skipped) s.err.write(`${s.m.skipped(skip.file, skip.reason)}\n`);
  for (const { file, warning } of files.warnings) s.err.write(`${s.m.warning(file, warning)}\n`);
}

async function openForQuestions(s: Session, config: EngineConfig, flags: Flags): Promise<LoadedKnowledgeBase> {
  if (await indexNeedsBuild(config.INDEX_DIR)) {
    s.err.write(`${s.m.buildingFirst(config.INDEX_DIR, config.KNOWLEDGE_DIR)}\n`);
    printIngestReport(s, await runIngest(s, config, flags));
    return openIndex(config);
  }
  // The index loads while the notes are checked for changes (stat-ing every note: mostly waiting for the file
  // system). Only when they changed, and the index was rebuilt, is the new build opened instead.
  const opening = openIndex(config);
  // Its failure (a damaged index) is the caller's to see, once the check is done: not an unhandled rejection before.
  opening.catch(() => undefined);
  const discard = () => opening.then((kb) => kb.dispose(), () => undefined);
  let refreshed: boolean;
  try {
    refreshed = await refreshIfStale(s, config, flags);
  } catch (error) {
    await discard();
    throw error;
  }
  if (!refreshed) return opening;
  await discard();
  return openIndex(config);
}

function openIndex(config: EngineConfig): Promise<LoadedKnowledgeBase> {
  return openKnowledgeBase({
    indexDir: config.INDEX_DIR,
    transformers: transformersSettings(config),
    ...(config.NOTES_BASE_URL ? { notesBaseUrl: config.NOTES_BASE_URL } : {}),
  });
}

function notice(s: Session, text: string): void {
  if (s.noticed.has(text)) return;
  s.noticed.add(text);
  s.err.write(`${text}\n`);
}

/**
 * Before answering: when the notes (or glossary) changed since the live build, re-ingests incrementally with
 * the build's own folder and settings and says so in one line; `--no-refresh` only says so. Always on stderr,
 * so `--json` output stays one object per line.
 */
async function refreshIfStale(s: Session, config: EngineConfig, flags: Flags): Promise<boolean> {
  const manifest = await readManifest(config.INDEX_DIR);
  // None or damaged: opening the index reports it, naming the file.
  if (!manifest) return false;
  const freshness = await checkFreshness(config.INDEX_DIR, manifest, { maxFileBytes: config.MAX_NOTE_BYTES });
  if (freshness.state === 'fresh') return false;
  if (freshness.state === 'unknown') {
    notice(s, s.m.folderNotRecorded);
    return false;
  }
  if (freshness.state === 'missing') {
    notice(s, s.m.folderGone(freshness.knowledgeDir, manifest.builtAt));
    return false;
  }
  const changes = s.m.changes(changeCounts(freshness));
  if (flags['no-refresh']) {
    notice(s, s.m.changedNoRefresh(changes));
    return false;
  }
  const started = performance.now();
  const spec = specFromEmbedderId(manifest.requestedEmbedder, transformersSettings(config));
  const report = await runIngest(s, { ...config, KNOWLEDGE_DIR: freshness.knowledgeDir, ANALYZER: manifest.analyzer }, { ...flags, force: false }, spec).catch((error: unknown) => {
    // The bot (or another terminal) is re-indexing this folder right now: its build will be the fresh one.
    if (error instanceof UserError && error.code === 'INDEX_LOCKED') return undefined;
    throw error;
  });
  if (!report) {
    s.err.write(`${s.m.changedOtherBuilding(changes, config.INDEX_DIR)}\n`);
    return false;
  }
  if (report.fallbackReason && report.rebuilt) s.err.write(`${s.m.fallback(report.fallbackReason)}\n`);
  printSkipsAndWarnings(s, report);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  s.err.write(`${s.m.changedReindexed(changes, seconds, report.embedded, report.reused)}\n`);
  return report.rebuilt;
}

/** `ingest --watch`: re-ingests after each burst of changes until Ctrl-C; a failed run is reported and the watch goes on. */
/** A failure as one line: coded errors with the CLI's advice, anything else by its message. */
function failureText(s: Session, error: unknown): string {
  return isCodedError(error) ? terminalErrorText(error, s.m.locale) : ((error as Error)?.message ?? String(error));
}

async function watchAndIngest(s: Session, config: EngineConfig, flags: Flags): Promise<number> {
  const { watchKnowledge } = await import('../ingest/watch.js');
  const watcher = watchKnowledge({
    knowledgeDir: config.KNOWLEDGE_DIR,
    debounceMs: config.WATCH_DEBOUNCE_MS,
    rebuild: async () => printIngestReport(s, await runIngest(s, config, { ...flags, force: false })),
    onError: (error, during) =>
      s.err.write(`${during === 'rebuild' ? s.m.rebuildFailed(failureText(s, error)) : s.m.watchFailed(failureText(s, error))}\n`),
  });
  await watcher.ready;
  s.err.write(`${s.m.watching(config.KNOWLEDGE_DIR)}\n`);
  await s.io.stopRequested();
  await watcher.close();
  s.err.write(`${s.m.stoppedWatching}\n`);
  return 0;
}

/** `question` undefined: none on the command line, so a prompt in a terminal, or one question per stdin line with --json. */
async function lookup(s: Session, command: 'ask' | 'search', config: EngineConfig, flags: Flags, question: string | undefined): Promise<number> {
  const k = flags.k === undefined ? undefined : Number(flags.k);
  if (k !== undefined && !(Number.isInteger(k) && k >= 1 && k <= MAX_K)) throw new UserError('BAD_ARGUMENT', s.m.errors.badK(MAX_K));
  const example = `study-notes ${command} "${command === 'ask' ? 'question' : 'query'}"`;
  // Whitespace (NBSP, ideographic space) and zero-width characters are an empty question, not "no question".
  if (question !== undefined && isBlankQuestion(question)) throw new UserError('EMPTY_QUESTION', s.m.errors.emptyQuestion(example));
  const piped = question === undefined && !s.io.stdin.isTTY;
  // Without --json, answers to piped questions would run together with nothing to tell where one ends.
  if (piped && !flags.json) throw new UserError('BAD_ARGUMENT', s.m.errors.stdinNeedsJson(command, example));
  let kb = await openForQuestions(s, config, flags);
  const writer = createAnswerWriter(config, createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, destination: s.io.stderr }));
  let asked = 0;
  try {
    const run = async (text: string): Promise<string> => {
      // A session of many questions (prompt, stdin lines) checks before each one: notes may be edited in between.
      if (asked++ > 0 && (await refreshIfStale(s, config, flags))) {
        const previous = kb;
        kb = await openIndex(config);
        await previous.dispose();
      }
      const options = k === undefined ? {} : { k };
      if (command === 'ask') {
        const extractive = await kb.answer(text, options);
        // --json prints one object per answer: nothing before it.
        const draft = flags.json ? undefined : new TerminalDraft(s.out, s.m);
        const answer = await writer.write(extractive, { analyzer: kb.analyzer, notesBaseUrl: kb.notesBaseUrl, ...(draft ? { onDraft: (text: string) => draft.show(text) } : {}) });
        return draft ? draft.rest(renderAnswer(answer)) : JSON.stringify(answerJson(answer));
      }
      const hits = await kb.search(text, options);
      if (!flags.json) return renderSearchHits(hits, { text, contentWords: kb.contentWords(text).length });
      const results = hits.map((hit) => ({ ...resultJson(hit), snippet: hit.snippet, ...(hit.url ? { url: hit.url } : {}) }));
      return JSON.stringify({ query: text.trim(), results, embedder: kb.info.embedder });
    };
    if (question !== undefined) {
      s.out.write(`${await run(question)}\n`);
      return 0;
    }
    if (!piped) {
      await promptLoop(run, { input: s.io.stdin, output: s.io.stdout }, command, s.m);
      return 0;
    }
    // One question per line; a bad line gets an error object (with its line number) and the rest still run.
    // A line far over the question limit is dropped as it is read and never echoed back.
    for await (const line of boundedLines(s.io.stdin, MAX_STDIN_LINE_CHARS)) {
      if ('tooLong' in line) {
        const message = `Line ${line.number} is longer than ${MAX_STDIN_LINE_CHARS} characters; a question may have ${MAX_QUESTION_CHARS}.`;
        s.out.write(`${JSON.stringify({ line: line.number, error: { code: 'QUESTION_TOO_LONG', message } })}\n`);
        continue;
      }
      if (!line.text.trim()) continue;
      try {
        s.out.write(`${await run(line.text)}\n`);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        const echo = error.code === 'QUESTION_TOO_LONG' ? {} : { question: line.text };
        s.out.write(`${JSON.stringify({ line: line.number, ...echo, error: { code: error.code, message: terminalErrorText(error) } })}\n`);
      }
    }
    return 0;
  } finally {
    await kb.dispose();
  }
}

function answerJson(answer: Answer) {
  return {
    question: answer.question,
    answered: answer.answered,
    ...(answer.absentNames ? { absentNames: answer.absentNames } : {}),
    answer: answer.text,
    ...(answer.generatedBy ? { generatedBy: answer.generatedBy } : {}),
    citations: answer.citations.map(({ n, file, section, lines, score, url, quotes }) => ({ n, file, section, lines, score, ...(url ? { url } : {}), quotes: quotes ?? [] })),
    related: answer.related.map(({ n, file, section, lines, score, url }) => ({ n, file, section, lines, score, ...(url ? { url } : {}) })),
    results: answer.passages.map(resultJson),
    embedder: answer.embedder,
  };
}

function resultJson(p: Passage) {
  return { file: p.file, section: p.section, lines: p.lines, score: p.score, text: p.text };
}

async function status(s: Session, config: EngineConfig, flags: Flags): Promise<number> {
  const report = await indexStatus(config.INDEX_DIR, config.MAX_NOTE_BYTES);
  s.out.write(`${flags.json ? JSON.stringify(report) : renderStatus(report, s.m)}\n`);
  return 0;
}

async function concept(s: Session, config: EngineConfig, flags: Flags, name: string): Promise<number> {
  // Loaded only here: concept cards bring in the daily modules (dates, the review scheduler).
  const { lookUpConcept, renderConceptList, renderConceptLookup } = await import('./concept.js');
  const kb = await openForQuestions(s, config, flags);
  try {
    const concepts = kb.concepts();
    if (isBlankQuestion(name)) {
      s.out.write(`${flags.json ? JSON.stringify({ concepts: concepts.map(({ title, path, file, lines }) => ({ title, path, file, lines })) }) : renderConceptList(concepts)}\n`);
      return 0;
    }
    const found = lookUpConcept(concepts, name, kb.notesBaseUrl, s.m);
    s.out.write(`${flags.json ? JSON.stringify(found) : renderConceptLookup(found)}\n`);
    return 0;
  } finally {
    await kb.dispose();
  }
}

async function stats(s: Session, config: EngineConfig, flags: Flags): Promise<number> {
  // Loaded only here: the SQLite binding is no part of answering.
  const { readStatsFile } = await import('../store/index.js');
  // Locked, damaged, another program's file: a StoreError, whose message says what to do.
  const numbers = readStatsFile(config.DATABASE_PATH);
  if (!numbers) throw new UserError('BAD_ARGUMENT', s.m.errors.noDatabase(config.DATABASE_PATH));
  const manifest = await readManifest(config.INDEX_DIR);
  const index = manifest && { notes: manifest.noteCount, chunks: manifest.chunkCount, builtAt: manifest.builtAt, embedder: manifest.embedder, fallback: manifest.embedder !== manifest.requestedEmbedder };
  s.out.write(`${flags.json ? JSON.stringify({ ...numbers, ...(index ? { index } : {}) }) : renderStats(numbers, manifest, { databasePath: config.DATABASE_PATH, indexDir: config.INDEX_DIR }, s.m)}\n`);
  return 0;
}

async function evaluate(s: Session, config: EngineConfig, flags: Flags): Promise<number> {
  // Loaded only for eval: it brings in ingest and the markdown parser, which `ask` does without.
  const { evalCommand } = await import('../eval/command.js');
  return evalCommand(config, flags, { out: s.out, err: s.err });
}
