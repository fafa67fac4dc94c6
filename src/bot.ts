import { loadBotConfig } from './config.js';
import { Bot } from './discord/bot.js';
import { runEntry } from './discord/entry.js';
import { indexSource, KnowledgeHolder } from './discord/knowledge.js';
import { indexNeedsBuild } from './index/store.js';
import { createLogger } from './log/logger.js';
import { Store } from './store/index.js';

/**
 * `npm start`: configuration → database → knowledge base (built first when there is no index yet) →
 * Discord login → daily scheduler; logs `ready: …` once connected. SIGINT / SIGTERM shut down cleanly.
 */
runEntry(async () => {
  const config = loadBotConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const store = Store.open({ path: config.DATABASE_PATH, defaultTimezone: config.DEFAULT_TIMEZONE, logger });
  const source = indexSource(config, logger);
  if (await indexNeedsBuild(config.INDEX_DIR)) {
    logger.info({ knowledgeDir: config.KNOWLEDGE_DIR, indexDir: config.INDEX_DIR }, 'no usable index yet: building it first');
    await source.ingest();
  }
  const knowledge = new KnowledgeHolder(await source.open(), source);
  const bot = new Bot({ config, knowledge, store, logger });

  let stopping: Promise<void> | undefined;
  const shutdown = (signal: NodeJS.Signals): void => {
    stopping ??= (async () => {
      logger.info({ signal }, 'shutting down');
      await bot.stop();
      await knowledge.close();
      store.close();
      logger.info('stopped');
    })();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await bot.start();
});
