import { loadBotConfig } from './config.js';
import { Bot } from './discord/bot.js';
import { runEntry } from './discord/entry.js';
import { indexSource, KnowledgeHolder, prepareIndex, watchForHolder } from './discord/knowledge.js';
import { createLogger } from './log/logger.js';
import { Store } from './store/index.js';

/**
 * `npm start`: configuration → database → knowledge base (built first when there is no index yet, re-indexed
 * first when the notes changed meanwhile) → notes watcher (WATCH_KNOWLEDGE) → Discord login → daily scheduler;
 * logs `ready: …` once connected. SIGINT / SIGTERM shut down cleanly.
 */
runEntry(async () => {
  const config = loadBotConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const store = Store.open({ path: config.DATABASE_PATH, defaultTimezone: config.DEFAULT_TIMEZONE, logger });
  const source = indexSource(config, logger);
  await prepareIndex(config, source, logger);
  const knowledge = new KnowledgeHolder(await source.open(), source);
  const watcher = config.WATCH_KNOWLEDGE ? watchForHolder(knowledge, config, logger) : undefined;
  const bot = new Bot({ config, knowledge, store, logger });

  let stopping: Promise<void> | undefined;
  const shutdown = (signal: NodeJS.Signals): void => {
    stopping ??= (async () => {
      logger.info({ signal }, 'shutting down');
      await bot.stop();
      await watcher?.close();
      await knowledge.close();
      store.close();
      logger.info('stopped');
    })();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await bot.start();
});
