/**
 * The notes every test builds from: a fixed copy of the seed note, never the repo's `knowledge/` (a study
 * group adds notes there, and a test must not change its outcome when they do).
 */
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FIXTURE_KNOWLEDGE = resolve(import.meta.dirname, '..', 'fixtures', 'knowledge');
export const SEED_NOTE = 'docker-and-vm.md';
export const SEED_TEXT = readFileSync(join(FIXTURE_KNOWLEDGE, SEED_NOTE), 'utf8');

/** Copies the fixture notes into `dir` (created if needed); returns `dir`. */
export function copyFixtureKnowledge(dir: string): string {
  cpSync(FIXTURE_KNOWLEDGE, dir, { recursive: true });
  // The fixture files are read-only (they must not drift); the copies are edited by tests that change notes.
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) chmodSync(join(entry.parentPath, entry.name), 0o644);
  }
  return dir;
}

/** A fresh temp folder holding a copy of the fixture notes and the path of an index folder beside it. */
export function scratchKnowledge(prefix = 'notes-bot-'): { dir: string; knowledge: string; index: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, knowledge: copyFixtureKnowledge(join(dir, 'knowledge')), index: join(dir, 'index') };
}
