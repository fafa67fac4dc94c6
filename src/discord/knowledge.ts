import { embedderSpec, transformersSettings, type EngineConfig } from '../config.js';
import { openKnowledgeBase, type LoadedKnowledgeBase } from '../engine/knowledge-base.js';
import { ingest } from '../ingest/ingest.js';
import type { Logger } from '../log/logger.js';
import type { IngestReport } from '../types.js';

/** How the holder rebuilds and reopens the index (in `npm start`: `ingest` and `openKnowledgeBase` with the config). */
export interface KnowledgeSource {
  /** Re-ingests the knowledge folder into the index folder (incremental; atomic swap on disk). */
  ingest(): Promise<IngestReport>;
  /** Opens the index folder's live build. */
  open(): Promise<LoadedKnowledgeBase>;
}

/** The knowledge folder and index folder of the configuration, as the CLI uses them. */
export function indexSource(config: EngineConfig, logger: Logger): KnowledgeSource {
  return {
    ingest: () =>
      ingest({
        knowledgeDir: config.KNOWLEDGE_DIR,
        indexDir: config.INDEX_DIR,
        embedder: embedderSpec(config),
        analyzer: config.ANALYZER,
        maxFileBytes: config.MAX_NOTE_BYTES,
        log: logger,
      }),
    open: () =>
      openKnowledgeBase({
        indexDir: config.INDEX_DIR,
        transformers: transformersSettings(config),
        ...(config.NOTES_BASE_URL ? { notesBaseUrl: config.NOTES_BASE_URL } : {}),
      }),
  };
}

/**
 * The knowledge base the bot answers from, swappable while it runs: `/reindex` re-ingests while the
 * current index keeps answering, then opens the new build and swaps it in. A replaced knowledge base
 * is disposed once the last question that was using it has finished.
 */
export class KnowledgeHolder {
  private active: LoadedKnowledgeBase;
  private readonly inUse = new Map<LoadedKnowledgeBase, number>();
  private running: Promise<IngestReport> | undefined;

  constructor(
    initial: LoadedKnowledgeBase,
    private readonly source: KnowledgeSource,
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

  /** Re-ingests and swaps in the new index when something changed. A call while one runs joins it. */
  reindex(): Promise<IngestReport> {
    this.running ??= this.rebuild().finally(() => {
      this.running = undefined;
    });
    return this.running;
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
    await this.running?.catch(() => undefined);
    await this.active.dispose();
  }
}
