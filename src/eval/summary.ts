import type { CaseResult } from './judge.js';
import type { Split } from './schema.js';

/** Rates are 0..1, or null when the group has no case they are defined on. */
export interface Metrics {
  cases: number;
  inScope: number;
  outOfScope: number;
  nearMiss: number;
  hitAt1: number | null;
  hitAt3: number | null;
  mrr: number | null;
  /** Share of in-scope questions the bot answered. */
  answered: number | null;
  /** Share of in-scope questions answered with every must fact. */
  answerMust: number | null;
  /** Share of in-scope questions answered with an expected section as the first citation. */
  topCitationRight: number | null;
  abstainOutOfScope: number | null;
  abstainNearMiss: number | null;
  englishHitAt3: number | null;
}

export interface Summary extends Metrics {
  byKind: Record<string, Metrics>;
  byStyle: Record<string, Metrics>;
  byLang: Record<string, Metrics>;
  /** Only interesting for the combined suite, where cases come from several sets. */
  bySet: Record<string, Metrics>;
}

function rate<T>(items: T[], pass: (item: T) => boolean): number | null {
  return items.length ? items.filter(pass).length / items.length : null;
}

const hitAt = (k: number) => (r: CaseResult) => r.rank >= 1 && r.rank <= k;

export function metrics(results: CaseResult[]): Metrics {
  const inScope = results.filter((r) => r.inScope);
  const outOfScope = results.filter((r) => r.kind === 'out-of-scope');
  const nearMiss = results.filter((r) => r.kind === 'near-miss');
  return {
    cases: results.length,
    inScope: inScope.length,
    outOfScope: outOfScope.length,
    nearMiss: nearMiss.length,
    hitAt1: rate(inScope, hitAt(1)),
    hitAt3: rate(inScope, hitAt(3)),
    mrr: inScope.length ? inScope.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / inScope.length : null,
    answered: rate(inScope, (r) => r.answered),
    answerMust: rate(inScope, (r) => r.answerMust),
    topCitationRight: rate(inScope, (r) => r.topCitationRight),
    abstainOutOfScope: rate(outOfScope, (r) => !r.answered),
    abstainNearMiss: rate(nearMiss, (r) => !r.answered),
    englishHitAt3: rate(
      inScope.filter((r) => r.lang === 'en'),
      hitAt(3),
    ),
  };
}

function groupBy(results: CaseResult[], keys: (r: CaseResult) => string[]): Record<string, Metrics> {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) for (const key of keys(r)) groups.set(key, [...(groups.get(key) ?? []), r]);
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([key, rs]) => [key, metrics(rs)]));
}

export function summarize(results: CaseResult[]): Summary {
  return {
    ...metrics(results),
    byKind: groupBy(results, (r) => [r.kind]),
    byStyle: groupBy(results, (r) => (r.style.length ? r.style : ['(plain)'])),
    byLang: groupBy(results, (r) => [r.lang]),
    bySet: groupBy(results, (r) => [r.set]),
  };
}

export function ofSplit(results: CaseResult[], split: Split | 'all'): CaseResult[] {
  return split === 'all' ? results : results.filter((r) => r.split === split);
}

/** One point of the risk–coverage curve, with the parts of the threshold objective. */
export interface ThresholdPoint {
  threshold: number;
  /** Share of in-scope questions answered (confidence ≥ threshold). */
  coverage: number | null;
  /** Share of answered questions that are wrong: out of scope, or in scope with a wrong first source. */
  risk: number | null;
  /** Share of in-scope questions answered with an expected first source. */
  answeredRight: number | null;
  /** Share of out-of-scope and near-miss questions left unanswered. */
  abstention: number | null;
  /** Mean of answeredRight and abstention (of whichever of the two is defined). */
  objective: number | null;
}

export const OBJECTIVE = 'mean of (in-scope answered with an expected first source) and (out-of-scope + near-miss abstained)';

export function thresholdPoint(results: CaseResult[], threshold: number): ThresholdPoint {
  const answers = (r: CaseResult) => r.confidence >= threshold;
  const inScope = results.filter((r) => r.inScope);
  const outside = results.filter((r) => !r.inScope);
  const answered = results.filter(answers);
  const answeredRight = rate(inScope, (r) => answers(r) && r.sourceRight);
  const abstention = rate(outside, (r) => !answers(r));
  const parts = [answeredRight, abstention].filter((x): x is number => x !== null);
  return {
    threshold,
    coverage: rate(inScope, answers),
    risk: rate(answered, (r) => !r.inScope || !r.sourceRight),
    answeredRight,
    abstention,
    objective: parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : null,
  };
}

export function grid(step: number): number[] {
  const n = Math.round(1 / step);
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toFixed(6)));
}

export function riskCoverage(results: CaseResult[], thresholds = grid(0.05)): ThresholdPoint[] {
  return thresholds.map((t) => thresholdPoint(results, t));
}

export interface Sweep {
  objective: string;
  /** The calibration questions the threshold was chosen on. */
  calibrationCases: number;
  best: ThresholdPoint | null;
  /** The chosen threshold measured on the report split: how well the choice carries over. */
  onReport: ThresholdPoint | null;
}

/**
 * The confidence threshold that maximizes OBJECTIVE on the calibration split only. Ties go to the
 * median of the tied thresholds, the choice least sensitive to small shifts in confidence.
 */
export function sweepThreshold(results: CaseResult[], thresholds = grid(0.01)): Sweep {
  const calibration = ofSplit(results, 'calibration');
  const report = ofSplit(results, 'report');
  const points = calibration.length ? riskCoverage(calibration, thresholds).filter((p) => p.objective !== null) : [];
  const top = Math.max(...points.map((p) => p.objective!));
  const tied = points.filter((p) => p.objective! >= top - 1e-12);
  const best = tied[Math.floor((tied.length - 1) / 2)] ?? null;
  return {
    objective: OBJECTIVE,
    calibrationCases: calibration.length,
    best,
    onReport: best && report.length ? thresholdPoint(report, best.threshold) : null,
  };
}
