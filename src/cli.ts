import cliProgress from 'cli-progress';
import { renderAnswer, renderSearchHits } from './answer/format.js';
import { count, parseCommandLine, usage, type Flags } from './cli/commands.js';
import { checkFolder } from './cli/folders.js';
import { boundedLines } from './cli/lines.js';
import { isCodedError } from './errors/catalog.js';
import { terminalErrorText } from './errors/terminal.js';
import { promptLoop } from './cli/prompt.js';
import { TerminalDraft } from './cli/stream.js';
import { printer } from './cli/terminal.js';
import { indexStatus, renderStatus } from './cli/status.js';
import { lookUpConcept, renderConceptList, renderConceptLookup } from './cli/concept.js';
import { renderStats } from './cli/stats.js';
import { ConfigError, embedderSpec, ingestSettings, loadEngineConfig, transformersSettings, type EngineConfig } from './config.js';
import { isBlankQuestion, MAX_K, MAX_QUESTION_CHARS, openKnowledgeBase, type LoadedKnowledgeBase } from './engine/knowledge-base.js';
import { specFromEmbedderId, type EmbedderSpec } from './embed/create.js';
import { refuseSystemLocation } from './index/folder.js';
import { indexNeedsBuild, readManifest } from './index/store.js';
import { checkFreshness, describeChanges } from './ingest/freshness.js';
import { createAnswerWriter } from './generate/writer.js';
import { createLogger } from './log/logger.js';
import { isAnalyzerName } from './text/analyzer.js';
import { UserError, type Answer, type IngestReport, type Passage } from './types.js';

/** Every line the CLI prints, with the control characters a note could smuggle in removed (src/cli/terminal.ts). */
const out = printer(process.stdout);
const err = printer(process.stderr);

/** Exit codes: 0 done, 1 unexpected failure, 2 something the user can fix (bad input, missing index). */
const EXIT_USER_ERROR = 2;
/** The longest stdin line kept in memory: room for a question at the limit with whitespace around it. */
const MAX_STDIN_LINE_CHARS = 4 * MAX_QUESTION_CHARS;

async function main(argv: string[]): Promise<number> {
  const { command, flags, positionals } = parseCommandLine(argv);
  if (flags.help) {
    out.write(`${usage(command)}\n`);
    return 0;
  }
  if (!command) {
    err.write(`${usage()}\n`);
    return EXIT_USER_ERROR;
  }
  const config = withFlags(loadEngineConfig(), flags);
  await checkFolder(config.INDEX_DIR, 'INDEX_DIR', '--index');
  // Before anything is said about building there: `ask` and `search` build the index first when there is none.
  await refuseSystemLocation(config.INDEX_DIR);
  switch (command) {
    case 'ingest':
      printIngestReport(await runIngest(config, flags));
      return flags.watch ? watchAndIngest(config, flags) : 0;
    case 'ask':
    case 'search':
      return lookup(command, config, flags, positionals.length ? positionals.join(' ') : undefined);
    case 'concept':
      return concept(config, flags, positionals.join(' '));
    case 'stats':
      return stats(config, flags);
    case 'status':
      return status(config, flags);
    case 'eval':
      return evaluate(config, flags);
  }
}

function withFlags(config: EngineConfig, flags: Flags): EngineConfig {
  const analyzer = flags.analyzer ?? config.ANALYZER;
  if (!isAnalyzerName(analyzer)) throw new UserError('BAD_ARGUMENT', `--analyzer must be ngram or morph, not "${analyzer}".`);
  const embedder = flags.embedder ?? config.EMBEDDER;
  if (embedder !== 'transformers' && embedder !== 'hashing') throw new UserError('BAD_ARGUMENT', `--embedder must be transformers or hashing, not "${embedder}".`);
  return {
    ...config,
    KNOWLEDGE_DIR: flags.knowledge ?? config.KNOWLEDGE_DIR,
    INDEX_DIR: flags.index ?? config.INDEX_DIR,
    MODEL_ID: flags.model ?? config.MODEL_ID,
    ANALYZER: analyzer,
    EMBEDDER: embedder,
  };
}

async function runIngest(config: EngineConfig, flags: Flags, embedder: EmbedderSpec = embedderSpec(config)): Promise<IngestReport> {
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'embedding {bar} {value}/{total} chunks | {eta}s left', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  try {
    // Loaded only when needed: the markdown parser behind it adds ~0.3 s to every `ask` otherwise.
    const { ingest } = await import('./ingest/ingest.js');
    return await ingest({
      ...ingestSettings(config),
      embedder,
      force: flags.force ?? false,
      // The report below says what matters (skips, fallback) in plain words; the log adds detail when asked.
      log: createLogger({ level: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? config.LOG_LEVEL : 'error', format: config.LOG_FORMAT }),
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

function printIngestReport(report: IngestReport): void {
  const { files } = report;
  // Once per build: an unchanged index keeps its fallback quietly (status says so).
  if (report.fallbackReason && report.rebuilt) err.write(`\n${fallbackNotice(report.fallbackReason)}\n\n`);
  for (const skip of files.skipped) err.write(`skipped ${skip.file}: ${skip.reason}\n`);
  for (const { file, warning } of files.warnings) err.write(`warning ${file}: ${warning}\n`);
  if (!report.rebuilt) {
    err.write(`Notes unchanged (${count(files.unchanged.length, 'file')}, ${count(report.chunks, 'chunk')}): nothing to embed, index kept in ${report.indexDir}.\n`);
    return;
  }
  err.write(
    `Indexed ${count(files.added.length + files.changed.length + files.unchanged.length, 'note')} → ${count(report.chunks, 'chunk')} ` +
      `(files: ${files.added.length} added, ${files.changed.length} changed, ${files.removed.length} removed, ${files.unchanged.length} unchanged; ` +
      `chunks: ${report.embedded} embedded, ${report.reused} reused) with ${report.embedder} in ${report.indexDir}\n`,
  );
}

function fallbackNotice(reason: string): string {
  return `${reason}\nUsing the model-free hashing embedder instead (recorded in the index).`;
}

async function openForQuestions(config: EngineConfig, flags: Flags): Promise<LoadedKnowledgeBase> {
  if (await indexNeedsBuild(config.INDEX_DIR)) {
    err.write(`No index for this version in ${config.INDEX_DIR} yet: building it from ${config.KNOWLEDGE_DIR} first.\n`);
    printIngestReport(await runIngest(config, flags));
  } else {
    await refreshIfStale(config, flags);
  }
  return openIndex(config);
}

function openIndex(config: EngineConfig): Promise<LoadedKnowledgeBase> {
  return openKnowledgeBase({
    indexDir: config.INDEX_DIR,
    transformers: transformersSettings(config),
    ...(config.NOTES_BASE_URL ? { notesBaseUrl: config.NOTES_BASE_URL } : {}),
  });
}

/** Notices already printed by this process: a session of many questions says each one once. */
const noticed = new Set<string>();
function notice(text: string): void {
  if (noticed.has(text)) return;
  noticed.add(text);
  err.write(`${text}\n`);
}

/**
 * Before answering: when the notes (or glossary) changed since the live build, re-ingests incrementally with
 * the build's own folder and settings and says so in one line; `--no-refresh` only says so. Always on stderr,
 * so `--json` output stays one object per line.
 */
async function refreshIfStale(config: EngineConfig, flags: Flags): Promise<boolean> {
  const manifest = await readManifest(config.INDEX_DIR);
  // None or damaged: opening the index reports it, naming the file.
  if (!manifest) return false;
  const freshness = await checkFreshness(config.INDEX_DIR, manifest, { maxFileBytes: config.MAX_NOTE_BYTES });
  if (freshness.state === 'fresh') return false;
  if (freshness.state === 'unknown') {
    notice('This index does not record which notes folder it was built from (an older version built it): run `npm run ingest` once so answers follow note changes.');
    return false;
  }
  if (freshness.state === 'missing') {
    notice(`The notes folder ${freshness.knowledgeDir} is gone: answering from the index built ${manifest.builtAt}; citations may name notes that no longer exist.`);
    return false;
  }
  const changes = describeChanges(freshness);
  if (flags['no-refresh']) {
    notice(`Notes changed since the index was built (${changes}): answering from the old index (--no-refresh); citations may be out of date.`);
    return false;
  }
  const started = performance.now();
  const spec = specFromEmbedderId(manifest.requestedEmbedder, transformersSettings(config));
  const report = await runIngest({ ...config, KNOWLEDGE_DIR: freshness.knowledgeDir, ANALYZER: manifest.analyzer }, { ...flags, force: false }, spec).catch((error: unknown) => {
    // The bot (or another terminal) is re-indexing this folder right now: its build will be the fresh one.
    if (error instanceof UserError && error.code === 'INDEX_LOCKED') return undefined;
    throw error;
  });
  if (!report) {
    err.write(`Notes changed since the index was built (${changes}); another process is re-indexing ${config.INDEX_DIR} right now: answering from the index as it is.\n`);
    return false;
  }
  if (report.fallbackReason && report.rebuilt) err.write(`${fallbackNotice(report.fallbackReason)}\n`);
  for (const skip of report.files.skipped) err.write(`skipped ${skip.file}: ${skip.reason}\n`);
  for (const { file, warning } of report.files.warnings) err.write(`warning ${file}: ${warning}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  err.write(`Notes changed since the index was built (${changes}): re-indexed in ${seconds} s (${report.embedded} chunks embedded, ${report.reused} reused).\n`);
  return report.rebuilt;
}

/** `ingest --watch`: re-ingests after each burst of changes until Ctrl-C; a failed run is reported and the watch goes on. */
/** A failure as one line: coded errors with the CLI's advice, anything else by its message. */
function failureText(error: unknown): string {
  return isCodedError(error) ? terminalErrorText(error) : ((error as Error)?.message ?? String(error));
}

async function watchAndIngest(config: EngineConfig, flags: Flags): Promise<number> {
  const { watchKnowledge } = await import('./ingest/watch.js');
  const watcher = watchKnowledge({
    knowledgeDir: config.KNOWLEDGE_DIR,
    debounceMs: config.WATCH_DEBOUNCE_MS,
    rebuild: async () => printIngestReport(await runIngest(config, { ...flags, force: false })),
    onError: (error, during) =>
      err.write(
        during === 'rebuild'
          ? `Re-indexing failed (the previous index is kept): ${failureText(error)}\n`
          : `Watching failed, changes may go unseen: ${failureText(error)}\n`,
      ),
  });
  await watcher.ready;
  err.write(`Watching ${config.KNOWLEDGE_DIR} for changes (Ctrl-C to stop).\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await watcher.close();
  err.write('Stopped watching.\n');
  return 0;
}

/** `question` undefined: none on the command line, so a prompt in a terminal, or one question per stdin line with --json. */
async function lookup(command: 'ask' | 'search', config: EngineConfig, flags: Flags, question: string | undefined): Promise<number> {
  const k = flags.k === undefined ? undefined : Number(flags.k);
  if (k !== undefined && !(Number.isInteger(k) && k >= 1 && k <= MAX_K)) throw new UserError('BAD_ARGUMENT', `-k must be a whole number from 1 to ${MAX_K}.`);
  const example = `study-notes ${command} "${command === 'ask' ? 'question' : 'query'}"`;
  // Whitespace (NBSP, ideographic space) and zero-width characters are an empty question, not "no question".
  if (question !== undefined && isBlankQuestion(question)) throw new UserError('EMPTY_QUESTION', `The question is empty: ${example} (study-notes --help for more).`);
  const piped = question === undefined && !process.stdin.isTTY;
  // Without --json, answers to piped questions would run together with nothing to tell where one ends.
  if (piped && !flags.json) throw new UserError('BAD_ARGUMENT', `Questions on stdin need --json (one JSON object per answer, one a line): study-notes ${command} --json < questions.txt, or ${example}.`);
  let kb = await openForQuestions(config, flags);
  const writer = createAnswerWriter(config, createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT }));
  let asked = 0;
  try {
    const run = async (text: string): Promise<string> => {
      // A session of many questions (prompt, stdin lines) checks before each one: notes may be edited in between.
      if (asked++ > 0 && (await refreshIfStale(config, flags))) {
        const previous = kb;
        kb = await openIndex(config);
        await previous.dispose();
      }
      const options = k === undefined ? {} : { k };
      if (command === 'ask') {
        const extractive = await kb.answer(text, options);
        // --json prints one object per answer: nothing before it.
        const draft = flags.json ? undefined : new TerminalDraft(out);
        const answer = await writer.write(extractive, { analyzer: kb.analyzer, notesBaseUrl: kb.notesBaseUrl, ...(draft ? { onDraft: (text: string) => draft.show(text) } : {}) });
        return draft ? draft.rest(renderAnswer(answer)) : JSON.stringify(answerJson(answer));
      }
      const hits = await kb.search(text, options);
      if (!flags.json) return renderSearchHits(hits, { text, contentWords: kb.contentWords(text).length });
      const results = hits.map((hit) => ({ ...resultJson(hit), snippet: hit.snippet, ...(hit.url ? { url: hit.url } : {}) }));
      return JSON.stringify({ query: text.trim(), results, embedder: kb.info.embedder });
    };
    if (question !== undefined) {
      out.write(`${await run(question)}\n`);
      return 0;
    }
    if (!piped) {
      await promptLoop(run, { input: process.stdin, output: process.stdout }, command === 'ask' ? 'question> ' : 'search> ');
      return 0;
    }
    // One question per line; a bad line gets an error object (with its line number) and the rest still run.
    // A line far over the question limit is dropped as it is read and never echoed back.
    for await (const line of boundedLines(process.stdin, MAX_STDIN_LINE_CHARS)) {
      if ('tooLong' in line) {
        const message = `Line ${line.number} is longer than ${MAX_STDIN_LINE_CHARS} characters; a question may have ${MAX_QUESTION_CHARS}.`;
        out.write(`${JSON.stringify({ line: line.number, error: { code: 'QUESTION_TOO_LONG', message } })}\n`);
        continue;
      }
      if (!line.text.trim()) continue;
      try {
        out.write(`${await run(line.text)}\n`);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        const echo = error.code === 'QUESTION_TOO_LONG' ? {} : { question: line.text };
        out.write(`${JSON.stringify({ line: line.number, ...echo, error: { code: error.code, message: terminalErrorText(error) } })}\n`);
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

async function status(config: EngineConfig, flags: Flags): Promise<number> {
  const report = await indexStatus(config.INDEX_DIR, config.MAX_NOTE_BYTES);
  out.write(`${flags.json ? JSON.stringify(report) : renderStatus(report)}\n`);
  return 0;
}

async function concept(config: EngineConfig, flags: Flags, name: string): Promise<number> {
  const kb = await openForQuestions(config, flags);
  try {
    const concepts = kb.concepts();
    if (isBlankQuestion(name)) {
      out.write(`${flags.json ? JSON.stringify({ concepts: concepts.map(({ title, path, file, lines }) => ({ title, path, file, lines })) }) : renderConceptList(concepts)}\n`);
      return 0;
    }
    const found = lookUpConcept(concepts, name, kb.notesBaseUrl);
    out.write(`${flags.json ? JSON.stringify(found) : renderConceptLookup(found)}\n`);
    return 0;
  } finally {
    await kb.dispose();
  }
}

async function stats(config: EngineConfig, flags: Flags): Promise<number> {
  // Loaded only here: the SQLite binding is no part of answering.
  const { readStatsFile } = await import('./store/index.js');
  // Locked, damaged, another program's file: a StoreError, whose message says what to do.
  const numbers = readStatsFile(config.DATABASE_PATH);
  if (!numbers) throw new UserError('BAD_ARGUMENT', `No bot database at ${config.DATABASE_PATH} (DATABASE_PATH): the bot records questions there once it runs (npm start).`);
  const manifest = await readManifest(config.INDEX_DIR);
  const index = manifest && { notes: manifest.noteCount, chunks: manifest.chunkCount, builtAt: manifest.builtAt, embedder: manifest.embedder, fallback: manifest.embedder !== manifest.requestedEmbedder };
  out.write(`${flags.json ? JSON.stringify({ ...numbers, ...(index ? { index } : {}) }) : renderStats(numbers, manifest, { databasePath: config.DATABASE_PATH, indexDir: config.INDEX_DIR })}\n`);
  return 0;
}

async function evaluate(config: EngineConfig, flags: Flags): Promise<number> {
  // Loaded only for eval: it brings in ingest and the markdown parser, which `ask` does without.
  const { evalCommand } = await import('./eval/command.js');
  return evalCommand(config, flags, { out, err });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isCodedError(error) || error instanceof ConfigError) {
      err.write(`${isCodedError(error) ? terminalErrorText(error) : error.message}\n`);
      process.exitCode = EXIT_USER_ERROR;
      return;
    }
    err.write(`Unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
