import { relative, resolve, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { GLOSSARY_FILE } from '../text/glossary.js';

/**
 * Runs `run` once things have been quiet for `delayMs` after the last `notify()`: a burst of saves makes
 * one run. Notifications during a run make exactly one more run after it (the run may have read the
 * folder before the last save), never two at once.
 */
export class CoalescingRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private dirty = false;
  private closed = false;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly delayMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  notify(): void {
    if (this.closed) return;
    this.dirty = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.running) this.start();
    }, this.delayMs);
  }

  private start(): void {
    this.dirty = false;
    this.running = this.run()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
        // Changes that came in while running, and have since gone quiet, get their own run now.
        if (this.dirty && !this.timer && !this.closed) this.start();
      });
  }

  /** Stops scheduling; waits for a run in progress. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

export interface KnowledgeWatcher {
  /** Settles once the folder has been scanned: changes after this are seen. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  knowledgeDir: string;
  /** Quiet time after the last change before re-indexing (WATCH_DEBOUNCE_MS). */
  debounceMs: number;
  /** The incremental re-index; its own outcome (report, skipped notes) is its to report. */
  rebuild: () => Promise<void>;
  /** A failed re-index, or the watcher's own error (e.g. the system's limit of watched folders): reported, the watch goes on. */
  onError: (error: unknown, during: 'rebuild' | 'watch') => void;
}

/**
 * Watches the knowledge folder for what ingest reads — `.md` notes and the top-level `glossary.txt` — and
 * re-indexes after each burst of changes. Hidden files and folders and `node_modules` are ignored, as ingest
 * ignores them (editors' swap files and `.git` never trigger a rebuild).
 */
export function watchKnowledge(options: WatchOptions): KnowledgeWatcher {
  const root = resolve(options.knowledgeDir);
  const runner = new CoalescingRunner(options.rebuild, options.debounceMs, (error) => options.onError(error, 'rebuild'));
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    ignored: (path, stats) => ignored(root, path, stats?.isFile()),
  });
  watcher.on('all', (event, path) => {
    // Directory events matter only when notes come or go with them; file events are filtered by `ignored`.
    if (event === 'addDir') return;
    if (event === 'add' || event === 'change' || event === 'unlink') {
      if (!relevantFile(root, path)) return;
    }
    runner.notify();
  });
  watcher.on('error', (error) => options.onError(error, 'watch'));
  const ready = new Promise<void>((done) => watcher.once('ready', () => done()));
  return {
    ready,
    async close() {
      await watcher.close();
      await runner.close();
    },
  };
}

function ignored(root: string, path: string, isFile: boolean | undefined): boolean {
  const parts = relative(root, path).split(sep).filter(Boolean);
  if (parts.some((part) => part.startsWith('.') || part === 'node_modules')) return true;
  return isFile === true && !relevantFile(root, path);
}

function relevantFile(root: string, path: string): boolean {
  const name = relative(root, path).split(sep).join('/');
  return name.toLowerCase().endsWith('.md') || name === GLOSSARY_FILE;
}
