import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { changeCounts, checkFreshness, describeChanges, type ChangeCounts } from '../ingest/freshness.js';
import { readIndex } from '../index/store.js';
import { aligned, type CliMessages } from './messages.js';

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
  /** The same as counts, for saying it in the terminal's language. */
  changes?: ChangeCounts;
  knowledgeDir?: string;
  /** Bytes of the live build's files. */
  bytes: number;
}

/**
 * What `status` reports; the index is read whole (the flat vectors too), so that every file is checked and a damaged
 * one named, even one `ask` never reads.
 */
export async function indexStatus(indexDir: string, maxFileBytes: number): Promise<IndexStatus> {
  const index = await readIndex(indexDir);
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
    ...(freshness.state === 'stale' ? { notesChanges: describeChanges(changeCounts(freshness)), changes: changeCounts(freshness) } : {}),
    ...('knowledgeDir' in freshness ? { knowledgeDir: freshness.knowledgeDir } : {}),
    bytes,
  };
}

export function renderStatus(status: IndexStatus, m: CliMessages): string {
  const said = m.status;
  const notes: Record<IndexStatus['notesState'], () => string> = {
    fresh: () => said.fresh(status.knowledgeDir ?? ''),
    stale: () => said.stale(status.changes ? m.changes(status.changes) : ''),
    unknown: () => said.unknown,
    missing: () => said.missing(status.knowledgeDir ?? ''),
  };
  return aligned([
    [said.labels.index, `${status.indexDir}, ${megabytes(status.bytes)}`],
    [said.labels.contents, `${m.notes(status.notes)}, ${m.sections(status.sections)}, ${m.chunks(status.chunks)}`],
    [said.labels.embedder, status.fallback ? said.fallback(status.embedder) : status.embedder],
    [said.labels.analyzer, status.analyzer],
    [said.labels.builtAt, status.builtAt],
    [said.labels.notes, notes[status.notesState]()],
  ]);
}

function megabytes(bytes: number): string {
  return bytes < 100_000 ? `${(bytes / 1000).toFixed(1)} kB` : `${(bytes / 1_000_000).toFixed(1)} MB`;
}
