import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkFreshness, describeChanges } from '../ingest/freshness.js';
import { readIndex } from '../index/store.js';
import { count } from './commands.js';

export interface IndexStatus {
  indexDir: string;
  notes: number;
  chunks: number;
  sections: number;
  embedder: string;
  /** The embedder ingest was asked for differs from the one used: the model could not be loaded. */
  fallback: boolean;
  fallbackReason?: string;
  analyzer: string;
  builtAt: string;
  /** Whether the notes changed since the build: `fresh`, `stale` (with what changed), or why it cannot be told. */
  notesState: 'fresh' | 'stale' | 'unknown' | 'missing';
  notesChanges?: string;
  knowledgeDir?: string;
  /** Bytes of the live build's files. */
  bytes: number;
}

/** What `status` reports; reading the index checks every file, so a damaged one is named as `ask` would. */
export async function indexStatus(indexDir: string, maxFileBytes: number): Promise<IndexStatus> {
  const index = await readIndex(indexDir, { vectors: false });
  const { manifest } = index;
  const freshness = await checkFreshness(indexDir, manifest, { maxFileBytes });
  let bytes = 0;
  for (const file of await readdir(index.dir)) bytes += (await stat(join(index.dir, file))).size;
  return {
    indexDir,
    notes: manifest.noteCount,
    chunks: manifest.chunkCount,
    sections: new Set(index.chunks.map((chunk) => chunk.sectionId)).size,
    embedder: manifest.embedder,
    fallback: manifest.embedder !== manifest.requestedEmbedder,
    ...(manifest.fallbackReason ? { fallbackReason: manifest.fallbackReason } : {}),
    analyzer: manifest.analyzer,
    builtAt: manifest.builtAt,
    notesState: freshness.state,
    ...(freshness.state === 'stale' ? { notesChanges: describeChanges(freshness) } : {}),
    ...('knowledgeDir' in freshness ? { knowledgeDir: freshness.knowledgeDir } : {}),
    bytes,
  };
}

export function renderStatus(status: IndexStatus): string {
  const notes: Record<IndexStatus['notesState'], string> = {
    fresh: `up to date with ${status.knowledgeDir}`,
    stale: `changed since the build (${status.notesChanges}): the next ask or ingest re-indexes them`,
    unknown: 'not recorded (built by an older version): run study-notes ingest once',
    missing: `the folder ${status.knowledgeDir} is gone`,
  };
  const embedder = status.fallback ? `${status.embedder} (fallback: the requested model could not be loaded; see MODEL_CACHE_DIR in .env.example)` : status.embedder;
  return [
    `index      ${status.indexDir}, ${megabytes(status.bytes)}`,
    `contents   ${count(status.notes, 'note')}, ${count(status.sections, 'section')}, ${count(status.chunks, 'chunk')}`,
    `embedder   ${embedder}`,
    `analyzer   ${status.analyzer}`,
    `built at   ${status.builtAt}`,
    `notes      ${notes[status.notesState]}`,
  ].join('\n');
}

function megabytes(bytes: number): string {
  return bytes < 100_000 ? `${(bytes / 1000).toFixed(1)} kB` : `${(bytes / 1_000_000).toFixed(1)} MB`;
}
