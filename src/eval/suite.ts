/**
 * The edges of the evaluation: reading sets, building indexes, asking the engine, copying the combined
 * knowledge folder. Judging and summarizing (judge.ts, summary.ts) stay pure.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { EmbedderSpec, TransformersSettings } from '../embed/create.js';
import { openKnowledgeBase } from '../engine/knowledge-base.js';
import { ingest } from '../ingest/ingest.js';
import { silentLogger } from '../log/logger.js';
import { loadNoteFiles } from '../notes/load.js';
import { parseNote } from '../notes/parse.js';
import { GLOSSARY_FILE } from '../text/glossary.js';
import type { AnalyzerName } from '../text/analyzer.js';
import { UserError, type IngestReport, type KnowledgeBase } from '../types.js';
import { checkCases, type Problem } from './check.js';
import { EVAL_K, judgeCase, type CaseResult } from './judge.js';
import { parseEvalSet, forCombined, type EvalCase } from './schema.js';

/** One labelled set and the knowledge folder its questions are asked of. */
export interface SetSpec {
  name: string;
  setFile: string;
  knowledgeDir: string;
}

export const COMBINED = 'combined';

/** The suite `npm run eval` runs, relative to the repository root (README of tests/eval). */
export function suiteSpecs(root: string): SetSpec[] {
  return [
    { name: 'seed', setFile: join(root, 'tests/eval/seed.jsonl'), knowledgeDir: join(root, 'tests/fixtures/knowledge') },
    { name: 'cs-study', setFile: join(root, 'tests/eval/cs-study.jsonl'), knowledgeDir: join(root, '../shared/corpus/cs-study') },
    { name: 'interview', setFile: join(root, 'tests/eval/interview.jsonl'), knowledgeDir: join(root, '../shared/corpus/interview-question-for-beginner') },
  ];
}

export interface EngineChoice {
  embedder: EmbedderSpec;
  analyzer: AnalyzerName;
  /** Rebuild every index even when the notes are unchanged (after a change to the pipeline itself). */
  force?: boolean;
  /** Answer when confidence reaches this instead of the engine's calibrated threshold. */
  minConfidence?: number;
}

/** A set (or, for the combined suite, several) asked of one knowledge folder. */
export interface SetRun {
  name: string;
  knowledgeDir: string;
  indexDir: string;
  embedder: string;
  ingest: IngestReport;
  results: CaseResult[];
  seconds: number;
}

export interface Skip {
  name: string;
  reason: string;
}

export async function readEvalSet(setFile: string): Promise<EvalCase[]> {
  const text = await readFile(setFile, 'utf8').catch(() => {
    throw new UserError('BAD_ARGUMENT', `Eval set not found: ${setFile}.`);
  });
  return parseEvalSet(text, setFile);
}

async function askAll(kb: KnowledgeBase, cases: EvalCase[], set: string): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) results.push(judgeCase(c, await kb.answer(c.q, { k: EVAL_K }), set));
  return results;
}

/** Brings the index up to date with the folder (incremental: unchanged notes cost nothing), then asks every case. */
export async function runSets(name: string, knowledgeDir: string, indexDir: string, sets: { name: string; cases: EvalCase[] }[], engine: EngineChoice): Promise<SetRun> {
  const start = performance.now();
  const report = await ingest({ knowledgeDir, indexDir, embedder: engine.embedder, analyzer: engine.analyzer, force: engine.force ?? false, log: silentLogger });
  const kb = await openKnowledgeBase({
    indexDir,
    ...(engine.embedder.kind === 'transformers' ? { transformers: settingsOf(engine.embedder) } : {}),
    ...(engine.minConfidence === undefined ? {} : { tuning: { minConfidence: engine.minConfidence } }),
  });
  try {
    const results: CaseResult[] = [];
    for (const set of sets) results.push(...(await askAll(kb, set.cases, set.name)));
    return { name, knowledgeDir, indexDir, embedder: kb.info.embedder, ingest: report, results, seconds: (performance.now() - start) / 1000 };
  } finally {
    await kb.dispose();
  }
}

function settingsOf(spec: Extract<EmbedderSpec, { kind: 'transformers' }>): TransformersSettings {
  const { kind: _kind, model: _model, ...settings } = spec;
  return settings;
}

/**
 * Copies each part's knowledge folder to `dest/<name>/` (copies, so the index sees ordinary files) and
 * joins their glossaries at the top, where ingest reads one. Stale copies are replaced.
 */
export async function prepareCombinedKnowledge(parts: { name: string; knowledgeDir: string }[], dest: string): Promise<void> {
  await rm(dest, { recursive: true, force: true });
  await mkdir(dest, { recursive: true });
  const glossaries: string[] = [];
  for (const part of parts) {
    await cp(part.knowledgeDir, join(dest, part.name), { recursive: true, filter: (src) => basename(src) !== '.git' });
    const glossary = await readFile(join(part.knowledgeDir, GLOSSARY_FILE), 'utf8').catch(() => undefined);
    if (glossary !== undefined) glossaries.push(glossary);
  }
  if (glossaries.length) await writeFile(join(dest, GLOSSARY_FILE), glossaries.join('\n'));
}

/** Why a set of the suite cannot run here (its file or its knowledge folder is absent), or undefined. */
export function whyUnavailable(spec: SetSpec): string | undefined {
  if (!existsSync(spec.setFile)) return `no set file ${spec.setFile}`;
  if (!existsSync(spec.knowledgeDir)) return `no knowledge folder ${spec.knowledgeDir}`;
  return undefined;
}

export interface SuiteOptions {
  specs: SetSpec[];
  /** Where the indexes (`<dataDir>/<name>`) and the combined knowledge folder go. */
  dataDir: string;
  engine: EngineChoice;
  /** Also ask every set of the combined knowledge folder. */
  combined: boolean;
}

/** Each set against its own folder, then (optionally) all of them against the combined folder. Missing sets or folders are skipped. */
export async function runSuite(options: SuiteOptions): Promise<{ runs: SetRun[]; skipped: Skip[] }> {
  const runs: SetRun[] = [];
  const skipped: Skip[] = [];
  const present: { spec: SetSpec; cases: EvalCase[] }[] = [];
  for (const spec of options.specs) {
    const missing = whyUnavailable(spec);
    if (missing) {
      skipped.push({ name: spec.name, reason: missing });
      continue;
    }
    const cases = await readEvalSet(spec.setFile);
    try {
      runs.push(await runSets(spec.name, spec.knowledgeDir, join(options.dataDir, spec.name), [{ name: spec.name, cases }], options.engine));
      present.push({ spec, cases });
    } catch (error) {
      if (!(error instanceof UserError && error.code === 'KNOWLEDGE_EMPTY')) throw error;
      skipped.push({ name: spec.name, reason: `no notes in ${spec.knowledgeDir}` });
    }
  }
  if (options.combined && present.length < 2) skipped.push({ name: COMBINED, reason: 'needs at least two of the sets' });
  else if (options.combined) {
    const knowledgeDir = join(options.dataDir, `${COMBINED}-knowledge`);
    await prepareCombinedKnowledge(
      present.map(({ spec }) => ({ name: spec.name, knowledgeDir: spec.knowledgeDir })),
      knowledgeDir,
    );
    const names = present.map(({ spec }) => spec.name);
    const sets = present.map(({ spec, cases }) => ({ name: spec.name, cases: forCombined(cases, spec.name, names) }));
    runs.push(await runSets(COMBINED, knowledgeDir, join(options.dataDir, COMBINED), sets, options.engine));
  }
  return { runs, skipped };
}

/** `--check`: the set's labels against the sections the parser makes of its knowledge folder. */
export async function checkSet(cases: EvalCase[], knowledgeDir: string): Promise<Problem[]> {
  const { files } = await loadNoteFiles(knowledgeDir);
  return checkCases(
    cases,
    files.map((f) => parseNote(f.file, f.source)),
  );
}
