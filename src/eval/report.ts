/** Plain-text and markdown renderings of eval results: pure, the CLI prints them. */
import type { CaseResult, SourceRef } from './judge.js';
import { KINDS } from './schema.js';
import type { Metrics, Summary, Sweep, ThresholdPoint } from './summary.js';

export function pct(x: number | null): string {
  return x === null ? '–' : `${(x * 100).toFixed(1)}%`;
}

function num(x: number | null): string {
  return x === null ? '–' : x.toFixed(3);
}

/** The rates defined for this group (an out-of-scope group has no hit@1, an in-scope one no abstention). */
export function metricsLine(m: Metrics): string {
  const parts: [string, string | null][] = [
    ['hit@1', m.hitAt1 === null ? null : pct(m.hitAt1)],
    ['hit@3', m.hitAt3 === null ? null : pct(m.hitAt3)],
    ['MRR', m.mrr === null ? null : num(m.mrr)],
    ['answered', m.answered === null ? null : pct(m.answered)],
    ['answer@must', m.answerMust === null ? null : pct(m.answerMust)],
    ['top citation', m.topCitationRight === null ? null : pct(m.topCitationRight)],
    [`abstain oos (${m.outOfScope})`, m.abstainOutOfScope === null ? null : pct(m.abstainOutOfScope)],
    [`abstain near-miss (${m.nearMiss})`, m.abstainNearMiss === null ? null : pct(m.abstainNearMiss)],
  ];
  return parts.filter(([, v]) => v !== null).map(([k, v]) => `${k} ${v}`).join('  ');
}

function groupLines(title: string, groups: Record<string, Metrics>): string[] {
  const width = Math.max(...Object.keys(groups).map((k) => k.length));
  return [`  by ${title}:`, ...Object.entries(groups).map(([key, m]) => `    ${key.padEnd(width)} ${String(m.cases).padStart(3)}  ${metricsLine(m)}`)];
}

export function summaryLines(s: Summary): string[] {
  return [
    `  ${s.cases} cases (${s.inScope} in scope, ${s.outOfScope} out of scope, ${s.nearMiss} near-miss)`,
    `  ${metricsLine(s)}  EN hit@3 ${pct(s.englishHitAt3)}`,
    ...(Object.keys(s.bySet).length > 1 ? groupLines('set', s.bySet) : []),
    ...groupLines('kind', s.byKind),
    ...groupLines('style', s.byStyle),
    ...groupLines('lang', s.byLang),
  ];
}

function where(ref: SourceRef | undefined): string {
  return ref ? `${ref.file}:${ref.lines[0]}-${ref.lines[1]} ${ref.section.join(' › ')}` : '(nothing retrieved)';
}

function groups(missing: string[][]): string {
  return missing.map((g) => `[${g.join(' | ')}]`).join(' ');
}

/** In scope: answered with every must fact. Out of scope or near-miss: not answered. */
export function passed(r: CaseResult): boolean {
  return r.inScope ? r.answerMust : !r.answered;
}

export function failureLines(results: CaseResult[]): string[] {
  const failing = results.filter((r) => !passed(r));
  return [
    `  failures (${failing.length} of ${results.length}):`,
    ...failing.map((r) => {
      const verdict = r.inScope ? `rank ${r.rank || '-'} ${r.answered ? 'answered' : 'abstained'}${r.answered && r.missing.length ? ` missing ${groups(r.missing)}` : ''}` : 'answered (should abstain)';
      return `    ${r.id} [${r.kind}] conf ${r.confidence.toFixed(2)} ${verdict}\n      q: ${r.q}\n      top: ${where(r.top)}`;
    }),
  ];
}

/** FNV-1a: a stable pseudo-random order, so the same cases are sampled on every run. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function sample(results: CaseResult[], n: number): CaseResult[] {
  return [...results].sort((a, b) => hash(a.id) - hash(b.id) || a.id.localeCompare(b.id)).slice(0, n);
}

export function answerLines(results: CaseResult[], n: number): string[] {
  return [
    `  sampled answers (${Math.min(n, results.length)}):`,
    ...sample(results, n).flatMap((r) => [
      `    ${r.id} [${r.kind}] ${passed(r) ? 'PASS' : 'FAIL'}${r.inScope && r.missing.length ? ` missing ${groups(r.missing)}` : ''}  conf ${r.confidence.toFixed(2)}`,
      `      q: ${r.q}`,
      ...(r.answered ? r.text.split('\n').map((line) => `      | ${line}`) : ['      | (abstained)']),
      ...r.citations.map((c, i) => `      [${i + 1}] ${where(c)}`),
    ]),
  ];
}

export function sweepLines(curve: ThresholdPoint[], sweep: Sweep): string[] {
  return [
    '  risk–coverage by confidence threshold (this split):',
    '    threshold  coverage  risk    answered-right  abstention  objective',
    ...curve.map((p) => `    ${p.threshold.toFixed(2).padEnd(9)}  ${pct(p.coverage).padEnd(8)}  ${pct(p.risk).padEnd(6)}  ${pct(p.answeredRight).padEnd(14)}  ${pct(p.abstention).padEnd(10)}  ${num(p.objective)}`),
    `  ${bestLine(sweep)}`,
  ];
}

export function bestLine(sweep: Sweep): string {
  const best = sweep.best;
  if (!best) return 'best threshold: no calibration cases';
  const report = sweep.onReport ? `; on report: ${num(sweep.onReport.objective)} (coverage ${pct(sweep.onReport.coverage)}, risk ${pct(sweep.onReport.risk)})` : '';
  return `best threshold on calibration (${sweep.calibrationCases} cases; objective: ${sweep.objective}): ${best.threshold.toFixed(2)} → ${num(best.objective)} (coverage ${pct(best.coverage)}, risk ${pct(best.risk)})${report}`;
}

/** The README's tables: one row per set, then answer@must · hit@1 per kind. */
export function markdownTables(rows: { name: string; summary: Summary }[]): string {
  const head = '| set | questions | hit@1 | hit@3 | MRR | answer@must | abstention (out of scope) | abstention (near-miss) | English hit@3 |';
  const main = rows.map(({ name, summary: s }) =>
    `| ${name} | ${s.cases} | ${pct(s.hitAt1)} | ${pct(s.hitAt3)} | ${num(s.mrr)} | ${pct(s.answerMust)} | ${pct(s.abstainOutOfScope)} | ${pct(s.abstainNearMiss)} | ${pct(s.englishHitAt3)} |`,
  );
  const kinds = KINDS.filter((k) => k !== 'out-of-scope' && k !== 'near-miss' && rows.some((r) => r.summary.byKind[k]));
  const kindHead = `| kind (answer@must · hit@1) | ${rows.map((r) => r.name).join(' | ')} |`;
  const kindRows = kinds.map((k) => {
    const cells = rows.map(({ summary }) => {
      const m = summary.byKind[k];
      return m ? `${pct(m.answerMust)} · ${pct(m.hitAt1)} (${m.cases})` : '–';
    });
    return `| ${k} | ${cells.join(' | ')} |`;
  });
  return [head, `|${' --- |'.repeat(9)}`, ...main, '', kindHead, `|${' --- |'.repeat(rows.length + 1)}`, ...kindRows].join('\n');
}
