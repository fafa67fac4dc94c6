import { ConfigError, dictionaryCache, loadBotConfig } from './config.js';
import { Bot } from './discord/bot.js';
import { runEntry } from './discord/entry.js';
import { createAnswerWriter } from './generate/writer.js';
import { checkBeforeEachQuestion, gitNotesOf, indexSource, KnowledgeHolder, prepareIndex, syncForHolder, syncLogged, watchForHolder } from './discord/knowledge.js';
import { createLogger } from './log/logger.js';
import { Store } from './store/index.js';
import { useDictionaryCache } from './text/analyzer.js';

/**
 * `npm start`: configuration → database → notes clone brought up to date (NOTES_GIT_URL) → knowledge base
 * (built first when there is no index yet, re-indexed first when the notes changed meanwhile) → notes watcher
 * (WATCH_KNOWLEDGE) and git sync timer → Discord login → daily scheduler; logs `ready: …` once connected.
 * SIGINT / SIGTERM shut down cleanly (exit 0); a second one exits at once.
 */
runEntry(async () => {
  let config = loadBotConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  useDictionaryCache(dictionaryCache(config, (message) => logger.warn(message)));
  const store = Store.open({ path: config.DATABASE_PATH, defaultTimezone: config.DEFAULT_TIMEZONE, logger });
  // NOTES_GIT_URL: the notes are the clone (or a folder in it), brought up to date before anything is indexed.
  const notesRepo = gitNotesOf(config);
  if (notesRepo) {
    config = { ...config, KNOWLEDGE_DIR: notesRepo.knowledgeDir };
    await syncLogged(notesRepo.git, logger);
    if (!(await notesRepo.git.head())) throw new ConfigError(`Could not clone the notes from NOTES_GIT_URL (${notesRepo.git.displayUrl}): see the log line above.`);
  }
  const source = indexSource(config, logger, notesRepo?.git);
  await prepareIndex(config, source, logger);
  // Without the watcher, each question checks the notes first (a stat per note; read only when one changed).
  const knowledge = new KnowledgeHolder(await source.open(), source, config.WATCH_KNOWLEDGE ? undefined : checkBeforeEachQuestion(config, logger));
  const watcher = config.WATCH_KNOWLEDGE ? watchForHolder(knowledge, config, logger) : undefined;
  // Scanned before `ready` is logged: a note saved after that line is always seen.
  await watcher?.ready;
  if (!watcher) logger.info({ knowledgeDir: config.KNOWLEDGE_DIR }, 'WATCH_KNOWLEDGE=false: notes are checked before each question instead of watched');
  const gitSync = notesRepo ? syncForHolder(knowledge, notesRepo.git, config.NOTES_GIT_INTERVAL_MINUTES, logger) : undefined;
  const writer = createAnswerWriter(config, logger);
  if (writer.mode === 'generative') logger.info({ model: config.LLM_MODEL, server: new URL(config.LLM_BASE_URL).host }, 'answers are written by the language model and checked against the notes (ANSWER_MODE=generative)');
  const bot = new Bot({ config, knowledge, store, logger, writer });

  // `npm start` execs node, so these signals reach this process itself (no wrapper that kills it meanwhile).
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while shutting down: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: no new work; finishing what is running (a re-index included)');
    void (async () => {
      // Nothing starts a new re-index any more; the bot answers what it has, a running one finishes (the
      // build is switched in atomically and its lock released), and the admin who asked gets the reply.
      gitSync?.stop();
      await watcher?.close();
      await bot.stop();
      await knowledge.close();
      store.close();
      logger.info('stopped');
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  await bot.start();
});
