import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { ingestSettings, transformersSettings, type BotConfig, type EngineConfig } from '../config.js';
import type { LoadedKnowledgeBase } from '../engine/knowledge-base.js';
import { openWorkerKnowledgeBase } from '../engine/worker-knowledge-base.js';
import { indexNeedsBuild, readManifest } from '../index/store.js';
import { changeCounts, checkFreshness, describeChanges } from '../ingest/freshness.js';
import { ingest } from '../ingest/ingest.js';
import { blobBaseUrl, GitNotes } from '../ingest/git-sync.js';
import { watchKnowledge, type KnowledgeWatcher } from '../ingest/watch.js';
import type { Logger } from '../log/logger.js';
import type { IngestReport } from '../types.js';

/** How the holder rebuilds and reopens the index (in `npm start`: `ingest` and `openKnowledgeBase` with the config). */
export interface KnowledgeSource {
  /** Re-ingests the knowledge folder into the index folder (incremental; atomic swap on disk). */
  ingest(): Promise<IngestReport>;
  /** Opens the index folder's live build (in `npm start`: answering in a worker thread, off the event loop). */
  open(): Promise<LoadedKnowledgeBase>;
}

/**
 * The knowledge folder and index folder of the configuration, as the CLI uses them. With `git`
 * (NOTES_GIT_URL), each ingest first fast-forwards the clone, so `/reindex` picks up new commits, and when
 * NOTES_BASE_URL is unset citations link to the notes at the indexed commit (GitHub and GitLab remotes).
 */
export function indexSource(config: BotConfigPart, logger: Logger, git?: GitNotes): KnowledgeSource {
  let indexedCommit: string | undefined;
  const run = () =>
    ingest({ ...ingestSettings(config), log: logger });
  const notesBaseUrl = (): string | undefined =>
    config.NOTES_BASE_URL ?? (git && indexedCommit && config.NOTES_GIT_URL ? blobBaseUrl(config.NOTES_GIT_URL, indexedCommit, config.NOTES_GIT_SUBDIR) : undefined);
  return {
    ingest: () =>
      git
        ? git.syncThen(async (commit, error) => {
            if (error) logSyncFailure(git, error, logger);
            const report = await run();
            indexedCommit = commit;
            return report;
          })
        : run(),
    open: async () => {
      // A build made before this process (no ingest yet) is of the commit the clone has now.
      if (git && !indexedCommit) indexedCommit = await git.head().catch(() => undefined);
      const baseUrl = notesBaseUrl();
      // Retrieval and answer composition run in a worker thread: the gateway, acknowledgements, buttons and
      // rate-limit replies on this thread never wait behind a question.
      return openWorkerKnowledgeBase(
        {
          indexDir: config.INDEX_DIR,
          transformers: transformersSettings(config),
          ...(baseUrl ? { notesBaseUrl: baseUrl } : {}),
        },
        { onCrash: (error) => logger.error({ reason: error.message }, 'answering worker stopped: starting a new one for the next question') },
      );
    },
  };
}

/** The engine settings, and the git ones when the bot has them. */
type BotConfigPart = EngineConfig & Partial<Pick<BotConfig, 'NOTES_GIT_URL' | 'NOTES_GIT_SUBDIR'>>;

/**
 * The knowledge base the bot answers from, swappable while it runs: `/reindex` re-ingests while the
 * current index keeps answering, then opens the new build and swaps it in. A replaced knowledge base
 * is disposed once the last question that was using it has finished.
 */
export class KnowledgeHolder {
  private active: LoadedKnowledgeBase;
  private readonly inUse = new Map<LoadedKnowledgeBase, number>();
  private running: Promise<IngestReport> | undefined;
  private queued: Promise<IngestReport> | undefined;

  /**
   * `check`: run before each question when nothing else keeps the index fresh (WATCH_KNOWLEDGE=false); when
   * the notes changed, the question waits for the re-index and is answered from the new notes. A failed check or
   * re-index goes to `onError` and the question is answered from the index there is.
   */
  constructor(
    initial: LoadedKnowledgeBase,
    private readonly source: KnowledgeSource,
    private readonly check?: { isStale: () => Promise<boolean>; onError: (error: unknown) => void },
  ) {
    this.active = initial;
  }

  /** The knowledge base answering right now (for synchronous reads: info, concepts). */
  get current(): LoadedKnowledgeBase {
    return this.active;
  }

  get reindexing(): boolean {
    return this.running !== undefined;
  }

  /** Runs `work` against the current knowledge base, which stays open until `work` settles. */
  async use<T>(work: (kb: LoadedKnowledgeBase) => Promise<T>): Promise<T> {
    if (this.check) await this.refreshIfStale(this.check);
    const kb = this.active;
    this.inUse.set(kb, (this.inUse.get(kb) ?? 0) + 1);
    try {
      return await work(kb);
    } finally {
      const left = (this.inUse.get(kb) ?? 1) - 1;
      if (left > 0) {
        this.inUse.set(kb, left);
      } else {
        this.inUse.delete(kb);
        if (kb !== this.active) await kb.dispose();
      }
    }
  }

  private async refreshIfStale({ isStale, onError }: NonNullable<KnowledgeHolder['check']>): Promise<void> {
    let stale = false;
    try {
      stale = await isStale();
    } catch (error) {
      onError(error);
    }
    if (stale) await this.refresh().catch(onError);
  }

  /** Re-ingests and swaps in the new index when something changed. A call while one runs joins it. */
  reindex(): Promise<IngestReport> {
    this.running ??= this.rebuild().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * A re-index that reads the folder as it is now: unlike `reindex`, a call while one runs does not join it
   * (that run may have read the notes before the change being reported) but runs once more after it.
   */
  refresh(): Promise<IngestReport> {
    if (!this.running) return this.reindex();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.reindex();
      });
    return this.queued;
  }

  private async rebuild(): Promise<IngestReport> {
    const report = await this.source.ingest();
    if (report.rebuilt) {
      const next = await this.source.open();
      const previous = this.active;
      this.active = next;
      if (!this.inUse.has(previous)) await previous.dispose();
    }
    return report;
  }

  /** Waits for a running re-index, then disposes the current knowledge base. */
  async close(): Promise<void> {
    await this.queued?.catch(() => undefined);
    await this.running?.catch(() => undefined);
    await this.active.dispose();
  }
}

/**
 * Before the bot opens the index: builds it when there is none yet, and re-ingests when the notes changed
 * while the bot was not running or the index was built from another folder, so first answers are not stale.
 */
export async function prepareIndex(config: EngineConfig, source: KnowledgeSource, logger: Logger): Promise<void> {
  if (await indexNeedsBuild(config.INDEX_DIR)) {
    logger.info({ knowledgeDir: config.KNOWLEDGE_DIR, indexDir: config.INDEX_DIR }, 'no usable index yet: building it first');
    await source.ingest();
    return;
  }
  const folder = await realpath(config.KNOWLEDGE_DIR).catch(() => undefined);
  if (!folder) {
    logger.warn({ knowledgeDir: config.KNOWLEDGE_DIR }, 'KNOWLEDGE_DIR is not there: answering from the index as it is');
    return;
  }
  const manifest = await readManifest(config.INDEX_DIR);
  // No readable manifest: opening the index reports what is wrong with it.
  if (!manifest) return;
  const freshness = manifest.knowledgeDir === folder ? await checkFreshness(config.INDEX_DIR, manifest, { maxFileBytes: config.MAX_NOTE_BYTES }) : undefined;
  if (freshness?.state === 'fresh') return;
  const why = freshness?.state === 'stale' ? `notes changed since the index was built (${describeChanges(changeCounts(freshness))})` : 'the index was not built from KNOWLEDGE_DIR';
  logger.info({ knowledgeDir: config.KNOWLEDGE_DIR }, `${why}: re-indexing first`);
  await source.ingest();
}

/**
 * WATCH_KNOWLEDGE: re-indexes after each burst of changes in the knowledge folder, the way `/reindex` does
 * (answers keep coming from the old index until the new one is swapped in). A failed re-index is logged
 * and the previous index keeps answering.
 */
export function watchForHolder(knowledge: KnowledgeHolder, config: EngineConfig, logger: Logger): KnowledgeWatcher {
  return watchKnowledge({
    knowledgeDir: config.KNOWLEDGE_DIR,
    debounceMs: config.WATCH_DEBOUNCE_MS,
    rebuild: async () => {
      const report = await knowledge.refresh();
      if (!report.rebuilt) return;
      const { added, changed, removed } = report.files;
      logger.info({ added: added.length, changed: changed.length, removed: removed.length, chunks: report.chunks, embedded: report.embedded }, 'notes changed: index rebuilt and swapped in');
    },
    onError: (error, during) =>
      during === 'rebuild'
        ? logger.error({ err: error }, 'watching the notes: re-index failed, answers still come from the previous index')
        : logger.error({ err: error }, 'watching the notes failed: changes may go unseen until /reindex'),
  });
}

/** NOTES_GIT_URL: the clone to keep and the knowledge folder inside it; undefined when the notes are a plain folder. */
export function gitNotesOf(config: BotConfig): { git: GitNotes; knowledgeDir: string } | undefined {
  if (!config.NOTES_GIT_URL) return undefined;
  const git = new GitNotes({ url: config.NOTES_GIT_URL, branch: config.NOTES_GIT_BRANCH, dir: config.NOTES_GIT_DIR });
  return { git, knowledgeDir: join(config.NOTES_GIT_DIR, config.NOTES_GIT_SUBDIR ?? '') };
}

/** Fast-forwards the clone and logs what happened; a failure is logged and the clone stays as it was. True when the commit changed. */
export async function syncLogged(git: GitNotes, logger: Logger): Promise<boolean> {
  try {
    const { commit, previous, changed } = await git.sync();
    if (changed) logger.info({ url: git.displayUrl, commit, ...(previous ? { previous } : {}) }, previous ? 'notes repository: new commit' : 'notes repository cloned');
    return changed;
  } catch (error) {
    logSyncFailure(git, error, logger);
    return false;
  }
}

function logSyncFailure(git: GitNotes, error: unknown, logger: Logger): void {
  logger.error({ url: git.displayUrl, reason: (error as Error).message }, 'notes repository: sync failed, answering from the notes as they were');
}

/**
 * Every NOTES_GIT_INTERVAL_MINUTES: fast-forward the clone and, only when the commit changed, re-index the way
 * `/reindex` does. `tick` is one such round (what the timer runs).
 */
export function syncForHolder(knowledge: KnowledgeHolder, git: GitNotes, intervalMinutes: number, logger: Logger): { tick(): Promise<void>; stop(): void } {
  const tick = async (): Promise<void> => {
    if (!(await syncLogged(git, logger))) return;
    try {
      const report = await knowledge.refresh();
      const { added, changed, removed } = report.files;
      logger.info({ added: added.length, changed: changed.length, removed: removed.length, chunks: report.chunks, embedded: report.embedded }, 'notes repository: re-indexed');
    } catch (error) {
      logger.error({ err: error }, 'notes repository: re-index failed, answers still come from the previous index');
    }
  };
  let round: Promise<void> | undefined;
  const timer = setInterval(() => {
    // A round still running (a slow clone or rebuild) is not stacked on.
    round ??= tick().finally(() => (round = undefined));
  }, intervalMinutes * 60_000);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}

/** `KnowledgeHolder`'s check before each question when nothing watches the notes: do they differ from the live build? */
export function checkBeforeEachQuestion(config: EngineConfig, logger: Logger): { isStale: () => Promise<boolean>; onError: (error: unknown) => void } {
  return {
    isStale: async () => {
      const manifest = await readManifest(config.INDEX_DIR);
      if (!manifest) return false;
      return (await checkFreshness(config.INDEX_DIR, manifest, { maxFileBytes: config.MAX_NOTE_BYTES })).state === 'stale';
    },
    onError: (error) => logger.error({ err: error }, 'notes changed but re-indexing failed: answering from the previous index'),
  };
}
