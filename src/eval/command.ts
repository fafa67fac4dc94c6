/** `npm run eval`: the suite (or one set), printed as text, markdown or JSON. */
import { basename, join } from 'node:path';
import { embedderSpec, type EngineConfig } from '../config.js';
import type { EmbedderSpec } from '../embed/create.js';
import { UserError } from '../types.js';
import { EVAL_K, type CaseResult } from './judge.js';
import { answerLines, bestLine, failureLines, markdownTables, summaryLines, sweepLines } from './report.js';
import { SPLITS, type Split } from './schema.js';
import { ofSplit, riskCoverage, summarize, sweepThreshold } from './summary.js';
import { checkSet, COMBINED, readEvalSet, runSets, runSuite, suiteSpecs, whyUnavailable, type SetRun, type SetSpec, type Skip } from './suite.js';
import type { Printer } from '../cli/terminal.js';
import type { AnalyzerName } from '../text/analyzer.js';

export interface EvalFlags {
  set?: string;
  knowledge?: string;
  index?: string;
  embedder?: string;
  analyzer?: string;
  split?: string;
  threshold?: string;
  json?: boolean;
  markdown?: boolean;
  answers?: string;
  failures?: boolean;
  sweep?: boolean;
  check?: boolean;
  force?: boolean;
}

interface Streams {
  out: Printer;
  err: Printer;
}

/** Indexes (and the combined knowledge folder) live here, one folder per set: reruns only re-embed what changed. */
const DATA_DIR = 'data/eval';
const EXIT_PROBLEMS = 2;

interface Options {
  split: Split | 'all';
  threshold?: number;
  answers: number;
  embedder: EmbedderSpec;
  analyzer: AnalyzerName;
}

function options(config: EngineConfig, flags: EvalFlags): Options {
  const split = flags.split ?? 'report';
  if (split !== 'all' && !(SPLITS as readonly string[]).includes(split)) throw new UserError('BAD_ARGUMENT', `--split must be calibration, report or all, not "${split}".`);
  const threshold = flags.threshold === undefined ? undefined : Number(flags.threshold);
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new UserError('BAD_ARGUMENT', '--threshold must be a number from 0 to 1.');
  const answers = flags.answers === undefined ? 0 : Number(flags.answers);
  if (!(Number.isInteger(answers) && answers >= 0)) throw new UserError('BAD_ARGUMENT', '--answers must be a whole number.');
  if (flags.json && flags.markdown) throw new UserError('BAD_ARGUMENT', 'Use --json or --markdown, not both.');
  if (!flags.set && (flags.knowledge || flags.index)) throw new UserError('BAD_ARGUMENT', '--knowledge and --index go with --set FILE; the whole suite uses its own folders and data/eval/.');
  // The offline default, so figures compare across machines; the configured EMBEDDER is not consulted.
  const embedder: EmbedderSpec = flags.embedder === 'transformers' ? embedderSpec(config, { embedder: 'transformers' }) : { kind: 'hashing' };
  const analyzer = flags.analyzer === 'ngram' ? 'ngram' : 'morph';
  return { split: split as Split | 'all', ...(threshold === undefined ? {} : { threshold }), answers, embedder, analyzer };
}

/** `--set FILE`: its knowledge folder is `--knowledge`, or the suite's folder for a set of the suite. */
function singleSpec(flags: EvalFlags & { set: string }): SetSpec {
  const name = basename(flags.set, '.jsonl');
  const knowledgeDir = flags.knowledge ?? suiteSpecs('.').find((s) => s.name === name)?.knowledgeDir;
  if (!knowledgeDir) throw new UserError('BAD_ARGUMENT', `--set ${flags.set} is not one of the suite's sets: say which folder it asks with --knowledge DIR.`);
  return { name, setFile: flags.set, knowledgeDir };
}

export async function evalCommand(config: EngineConfig, flags: EvalFlags, io: Streams): Promise<number> {
  const opts = options(config, flags);
  const specs = flags.set ? [singleSpec({ ...flags, set: flags.set })] : suiteSpecs('.');
  if (flags.check) return check(specs, !flags.set, io);
  const start = performance.now();
  const engine = { embedder: opts.embedder, analyzer: opts.analyzer, force: flags.force ?? false, ...(opts.threshold === undefined ? {} : { minConfidence: opts.threshold }) };
  let runs: SetRun[];
  let skipped: Skip[] = [];
  if (flags.set) {
    const spec = specs[0]!;
    const cases = await readEvalSet(spec.setFile);
    runs = [await runSets(spec.name, spec.knowledgeDir, flags.index ?? join(DATA_DIR, spec.name), [{ name: spec.name, cases }], engine)];
  } else {
    ({ runs, skipped } = await runSuite({ specs, dataDir: DATA_DIR, engine, combined: true }));
  }
  const seconds = (performance.now() - start) / 1000;
  for (const s of skipped) io.err.write(`skipped ${s.name}: ${s.reason}\n`);
  for (const { name, ingest } of runs) {
    if (ingest.fallbackReason) io.err.write(`${name}: ${ingest.fallbackReason} (measured with ${ingest.embedder} instead)\n`);
    for (const file of ingest.files.skipped) io.err.write(`${name}: note not indexed, ${file.file}: ${file.reason}\n`);
  }
  const views = runs.map((run) => view(run, opts));
  const empty = views.find((v) => v.shown.length === 0);
  if (empty) throw new UserError('BAD_ARGUMENT', `${empty.run.name} has no questions in the ${opts.split} split: choose another with --split calibration|report|all.`);
  // One default serves every set: the sweep over all of them (each on its own folder) is the one to set it from.
  const own = runs.filter((r) => r.name !== COMBINED);
  const pooled = own.length > 1 ? sweepThreshold(own.flatMap((r) => r.results)) : undefined;
  if (flags.json) {
    io.out.write(`${JSON.stringify({ embedder: runs[0]?.embedder, analyzer: opts.analyzer, k: EVAL_K, split: opts.split, threshold: opts.threshold ?? null, seconds, skipped, sets: views.map(jsonOf), ...(pooled ? { pooledSweep: pooled } : {}) })}\n`);
  } else if (flags.markdown) {
    io.out.write(`${markdownTables(views.map((v) => ({ name: v.run.name, summary: v.summary })))}\n`);
  } else {
    const pooledLine = flags.sweep && pooled ? [`${own.map((r) => r.name).join(' + ')} pooled: ${bestLine(pooled)}`] : [];
    io.out.write(`${[...views.flatMap((v) => textOf(v, opts, flags)), ...pooledLine].join('\n')}\neval took ${seconds.toFixed(1)} s\n`);
  }
  return 0;
}

interface View {
  run: SetRun;
  /** The results of the chosen split. */
  shown: CaseResult[];
  summary: ReturnType<typeof summarize>;
}

function view(run: SetRun, opts: Options): View {
  const shown = ofSplit(run.results, opts.split);
  return { run, shown, summary: summarize(shown) };
}

function jsonOf({ run, shown, summary }: View) {
  return {
    name: run.name,
    knowledgeDir: run.knowledgeDir,
    indexDir: run.indexDir,
    embedder: run.embedder,
    chunks: run.ingest.chunks,
    seconds: run.seconds,
    summary,
    riskCoverage: riskCoverage(shown),
    sweep: sweepThreshold(run.results),
    results: run.results,
  };
}

function textOf({ run, shown, summary }: View, opts: Options, flags: EvalFlags): string[] {
  const at = opts.threshold === undefined ? '' : `, answering at confidence ≥ ${opts.threshold}`;
  return [
    `${run.name}: ${opts.split} split, ${run.ingest.chunks} chunks in ${run.knowledgeDir}, ${run.embedder} + ${opts.analyzer}, k ${EVAL_K}${at} (${run.seconds.toFixed(1)} s)`,
    ...summaryLines(summary),
    ...(flags.failures ? failureLines(shown) : []),
    ...(opts.answers ? answerLines(shown, opts.answers) : []),
    ...(flags.sweep ? sweepLines(riskCoverage(shown), sweepThreshold(run.results)) : []),
    '',
  ];
}

async function check(specs: SetSpec[], suite: boolean, io: Streams): Promise<number> {
  let problems = 0;
  for (const spec of specs) {
    // A set of the suite without its file or folder is skipped, as in a run; a set asked for by name is not.
    const missing = suite ? whyUnavailable(spec) : undefined;
    if (missing) {
      io.err.write(`skipped ${spec.name}: ${missing}\n`);
      continue;
    }
    const cases = await readEvalSet(spec.setFile);
    const found = await checkSet(cases, spec.knowledgeDir);
    for (const p of found) io.out.write(`${spec.setFile}: ${p.id}: ${p.message}\n`);
    io.out.write(`${spec.name}: ${cases.length} cases, ${found.length ? `${found.length} problems` : 'labels OK'}\n`);
    problems += found.length;
  }
  return problems ? EXIT_PROBLEMS : 0;
}
