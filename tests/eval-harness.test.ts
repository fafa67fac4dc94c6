/**
 * The evaluation harness on small hand-made data: parsing sets, judging one answer, summarizing, the
 * threshold sweep, label checks and the combined knowledge folder. The CI floor on the real sets is eval.test.ts.
 */
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCases } from '../src/eval/check.js';
import { judgeCase, missingGroups, normalizeForMatch, type CaseResult } from '../src/eval/judge.js';
import { markdownTables } from '../src/eval/report.js';
import { forCombined, parseEvalSet, type EvalCase } from '../src/eval/schema.js';
import { metrics, riskCoverage, summarize, sweepThreshold, thresholdPoint } from '../src/eval/summary.js';
import { prepareCombinedKnowledge, runSets, runSuite } from '../src/eval/suite.js';
import { parseNote } from '../src/notes/parse.js';
import type { Answer, Citation, Passage } from '../src/types.js';
import { runCli } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'eval-harness-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const line = (fields: Record<string, unknown>) => JSON.stringify(fields);
const inScopeLine = (id: string, extra: Record<string, unknown> = {}) =>
  line({ id, q: '컨테이너 장점은?', lang: 'ko', kind: 'enumeration', split: 'report', expect: [{ file: 'a.md', heading: '장점' }], must: [['가볍다']], ...extra });

function evalCase(over: Partial<EvalCase> = {}): EvalCase {
  return { id: 'c-1', q: '질문', lang: 'ko', kind: 'definition', style: [], split: 'report', expect: [{ file: 'a.md', heading: '장점' }], must: [['가볍다']], answeredIn: [], ...over };
}

function passage(file: string, section: string[]): Passage {
  return { file, section, anchor: '', lines: [1, 2], sectionId: `${file}#${section.join('/')}`, text: '', blocks: [], score: 1, similarity: 0, coverage: 0 };
}

function cite(n: number, p: Passage): Citation {
  return { n, file: p.file, section: p.section, anchor: p.anchor, lines: p.lines, score: 1 };
}

function answer(over: Partial<Answer> = {}): Answer {
  return { question: '질문', answered: true, text: '', citations: [], related: [], passages: [], embedder: 'hashing', confidence: 0.5, ...over };
}

/** A result with just the fields a summary reads; the rest are filler. */
function result(over: Partial<CaseResult>): CaseResult {
  const base: CaseResult = {
    id: 'r',
    set: 's',
    q: 'q',
    lang: 'ko',
    kind: 'definition',
    style: [],
    split: 'report',
    inScope: true,
    rank: 1,
    answered: true,
    confidence: 0.5,
    missing: [],
    sourceRight: true,
    answerMust: true,
    topCitationRight: true,
    text: '',
    citations: [],
  };
  return { ...base, ...over };
}

describe('parseEvalSet', () => {
  it('reads the documented fields, defaulting style, expect and must', () => {
    const text = `${inScopeLine('a-1', { style: ['casual'] })}\n\n${line({ id: 'a-2', q: 'k8s?', lang: 'en', kind: 'out-of-scope', split: 'calibration' })}\n`;
    const cases = parseEvalSet(text, 'x.jsonl');
    expect(cases.map((c) => [c.id, c.kind, c.style, c.expect.length, c.must.length])).toEqual([
      ['a-1', 'enumeration', ['casual'], 1, 1],
      ['a-2', 'out-of-scope', [], 0, 0],
    ]);
  });

  it.each([
    ['not JSON', '{"id": ', /^x\.jsonl:2: not valid JSON\.$/],
    ['an unknown kind', inScopeLine('b', { kind: 'trivia' }), /^x\.jsonl:2: kind: /],
    ['a misspelt field', inScopeLine('b', { musts: [] }), /^x\.jsonl:2: .*musts/],
    ['an in-scope case without must facts', inScopeLine('b', { must: [] }), /^x\.jsonl:2: must: needs at least one group/],
    ['an out-of-scope case with an expected section', inScopeLine('b', { kind: 'near-miss', must: [] }), /^x\.jsonl:2: expect: must be empty/],
    ['an empty alternative group', inScopeLine('b', { must: [[]] }), /^x\.jsonl:2: must\.0: /],
    ['an in-scope case said to be answered elsewhere', inScopeLine('b', { answeredIn: ['cs-study'] }), /^x\.jsonl:2: answeredIn: is only for out-of-scope/],
    ['a repeated id', inScopeLine('a-1'), /^x\.jsonl:2: id a-1 is already used on line 1\.$/],
  ])('stops at %s with one line naming file:line', (_, bad, message) => {
    expect(() => parseEvalSet(`${inScopeLine('a-1')}\n${bad}`, 'x.jsonl')).toThrow(message);
  });

  it.each([
    ['an empty file', ''],
    ['blank lines only', '\n  \n\n'],
  ])('refuses %s: no questions is not a 0 %% result', (_, text) => {
    expect(() => parseEvalSet(text, 'x.jsonl')).toThrow(/^x\.jsonl has no questions: write one JSON object per line/);
  });

  it('prefixes expected files for the combined folder without touching the original', () => {
    const cases = [evalCase()];
    expect(forCombined(cases, 'seed', ['seed'])[0]!.expect[0]!.file).toBe('seed/a.md');
    expect(cases[0]!.expect[0]!.file).toBe('a.md');
  });

  it('leaves out of the combined folder an out-of-scope question that another set present there answers', () => {
    const elsewhere = evalCase({ id: 'c-2', kind: 'out-of-scope', expect: [], must: [], answeredIn: ['cs-study'] });
    const cases = [evalCase(), elsewhere];
    expect(forCombined(cases, 'seed', ['seed', 'cs-study']).map((c) => c.id)).toEqual(['c-1']);
    expect(forCombined(cases, 'seed', ['seed', 'interview']).map((c) => c.id)).toEqual(['c-1', 'c-2']);
  });
});

describe('must matching', () => {
  it('ignores case, all whitespace, Unicode normalization form and markdown emphasis', () => {
    expect(normalizeForMatch(' **Docker**  `run`\n이미지 ')).toBe('dockerrun이미지');
    // 가 as a composed syllable vs. as jamo (NFD): the same text.
    expect(missingGroups([['가볍다']], '가볍다'.normalize('NFD'))).toEqual([]);
    expect(missingGroups([['호스트 OS']], '**호스트os**의 커널')).toEqual([]);
  });

  it('needs one alternative of every group and returns the groups that have none', () => {
    const must = [['커널을 공유', '커널 공유'], ['가볍다'], ['격리']];
    expect(missingGroups(must, '컨테이너는 커널 공유로 가볍다')).toEqual([['격리']]);
  });
});

describe('judgeCase', () => {
  const right = passage('a.md', ['Note', '장점']);
  const child = passage('a.md', ['Note', '장점', '가벼움']);
  const sameHeadingOtherFile = passage('b.md', ['Other', '장점']);
  const wrong = passage('a.md', ['Note', '단점']);

  it('ranks the first expected passage among the top five; a parent heading accepts its sub-sections', () => {
    expect(judgeCase(evalCase(), answer({ passages: [wrong, sameHeadingOtherFile, child] }), 's').rank).toBe(3);
    const sixth = [wrong, wrong, wrong, wrong, wrong, right];
    expect(judgeCase(evalCase(), answer({ passages: sixth }), 's').rank).toBe(0);
  });

  it('counts answer@must only for answers, and the first citation decides topCitationRight', () => {
    const good = judgeCase(evalCase(), answer({ text: '컨테이너는 **가볍다** [1]', citations: [cite(1, right), cite(2, wrong)], passages: [right] }), 's');
    expect([good.answerMust, good.topCitationRight, good.missing]).toEqual([true, true, []]);

    const wrongFirst = judgeCase(evalCase(), answer({ text: '가볍다 [1]', citations: [cite(1, wrong), cite(2, right)], passages: [right] }), 's');
    expect([wrongFirst.answerMust, wrongFirst.topCitationRight]).toEqual([true, false]);

    const abstained = judgeCase(evalCase(), answer({ answered: false, text: '가볍다', related: [cite(1, right)], passages: [right] }), 's');
    expect([abstained.answered, abstained.answerMust, abstained.topCitationRight, abstained.sourceRight]).toEqual([false, false, false, true]);
    expect(abstained.missing).toEqual([['가볍다']]);
  });
});

describe('summaries', () => {
  const results = [
    result({ id: 'a', rank: 1, lang: 'en', style: ['english'] }),
    result({ id: 'b', rank: 3, kind: 'reason', answerMust: false, topCitationRight: false, style: ['casual'] }),
    result({ id: 'c', rank: 0, kind: 'reason', answered: false, answerMust: false, topCitationRight: false, lang: 'en', style: ['english'] }),
    result({ id: 'd', rank: 2, answerMust: false }),
    result({ id: 'e', inScope: false, kind: 'out-of-scope', rank: 0, answered: false }),
    result({ id: 'f', inScope: false, kind: 'near-miss', rank: 0, answered: true }),
    result({ id: 'g', inScope: false, kind: 'near-miss', rank: 0, answered: false }),
  ];

  it('computes hit@k and MRR over in-scope cases and abstention separately for out-of-scope and near-miss', () => {
    const m = metrics(results);
    expect(m).toMatchObject({ cases: 7, inScope: 4, outOfScope: 1, nearMiss: 2, hitAt1: 0.25, hitAt3: 0.75, answered: 0.75, answerMust: 0.25, topCitationRight: 0.5 });
    expect(m.mrr).toBeCloseTo((1 + 1 / 3 + 0 + 1 / 2) / 4);
    expect(m.abstainOutOfScope).toBe(1);
    expect(m.abstainNearMiss).toBe(0.5);
    expect(m.englishHitAt3).toBe(0.5);
  });

  it('breaks down by kind, style and language; rates with no cases are null, not zero', () => {
    const s = summarize(results);
    expect(Object.keys(s.byKind)).toEqual(['definition', 'near-miss', 'out-of-scope', 'reason']);
    expect(s.byKind.reason!.hitAt3).toBe(0.5);
    expect(s.byKind['near-miss']!.hitAt1).toBeNull();
    expect(s.byKind.definition!.abstainOutOfScope).toBeNull();
    expect(s.byStyle.english!.cases).toBe(2);
    expect(s.byStyle['(plain)']!.cases).toBe(4);
    expect(s.byLang.en!.hitAt1).toBe(0.5);
  });

  it('draws risk and coverage from confidence: wrong means out of scope, or a wrong first source', () => {
    const rs = [
      result({ confidence: 0.9 }),
      result({ confidence: 0.6, sourceRight: false }),
      result({ confidence: 0.2 }),
      result({ inScope: false, kind: 'out-of-scope', confidence: 0.7 }),
      result({ inScope: false, kind: 'near-miss', confidence: 0.3 }),
    ];
    const p = thresholdPoint(rs, 0.5);
    expect(p.coverage).toBeCloseTo(2 / 3);
    expect(p.risk).toBeCloseTo(2 / 3);
    expect(p.answeredRight).toBeCloseTo(1 / 3);
    expect(p.abstention).toBe(0.5);
    expect(p.objective).toBeCloseTo((1 / 3 + 0.5) / 2);
    const curve = riskCoverage(rs);
    expect(curve).toHaveLength(21);
    expect(curve[0]).toMatchObject({ threshold: 0, coverage: 1, abstention: 0 });
  });

  it('chooses the threshold on the calibration split only, the median of the tied best thresholds', () => {
    const calibration = [
      result({ split: 'calibration', confidence: 0.6 }),
      result({ split: 'calibration', inScope: false, kind: 'out-of-scope', confidence: 0.4 }),
    ];
    // On the report split only a threshold above 0.8 would be best: it must not move the choice.
    const report = [result({ confidence: 0.95 }), result({ inScope: false, kind: 'near-miss', confidence: 0.8 })];
    const sweep = sweepThreshold([...calibration, ...report]);
    expect(sweep.calibrationCases).toBe(2);
    // Thresholds 0.41 … 0.60 all answer the one and abstain on the other: the median of the tie is 0.50.
    expect(sweep.best).toMatchObject({ threshold: 0.5, objective: 1 });
    expect(sweep.onReport).toMatchObject({ answeredRight: 1, abstention: 0 });
  });

  it('renders the README tables: one row per set and answer@must · hit@1 per kind', () => {
    const md = markdownTables([{ name: 'seed', summary: summarize(results) }]);
    expect(md).toContain('| seed | 7 | 25.0% | 75.0% | 0.458 | 25.0% | 100.0% | 50.0% | 50.0% |');
    expect(md).toContain('| definition | 50.0% · 50.0% (2) |');
    expect(md).toContain('| reason | 0.0% · 0.0% (2) |');
    expect(md).not.toContain('| near-miss |');
  });
});

describe('checkCases', () => {
  const note = parseNote('a.md', ['# Note', '', '## 장점', '', '컨테이너는 가볍다.', '', '### 가벼움', '', '커널을 **공유**한다.', '', '## 단점', '', '격리가 약하다.'].join('\n'));

  it('accepts labels whose heading exists and whose must strings occur in the expected sections (sub-sections included)', () => {
    expect(checkCases([evalCase({ must: [['가볍다'], ['커널을 공유']] })], [note])).toEqual([]);
  });

  it('names the case for a missing file, a missing heading and a must string the sections lack', () => {
    const problems = checkCases(
      [
        evalCase({ id: 'x-1', expect: [{ file: 'nope.md', heading: '장점' }] }),
        evalCase({ id: 'x-2', expect: [{ file: 'a.md', heading: '장정' }] }),
        evalCase({ id: 'x-3', must: [['가볍다', '격리가 약하다']] }),
      ],
      [note],
    );
    expect(problems).toEqual([
      { id: 'x-1', message: 'file nope.md is not in the knowledge folder' },
      { id: 'x-2', message: 'heading "장정" is not a section of a.md' },
      { id: 'x-3', message: 'must "격리가 약하다" occurs in none of the expected sections' },
    ]);
  });
});

/** Two tiny knowledge folders and their sets, as the suite would find them. */
function tinySuite(dir: string) {
  const one = join(dir, 'one');
  const two = join(dir, 'two');
  mkdirSync(one, { recursive: true });
  mkdirSync(two, { recursive: true });
  writeFileSync(join(one, 'docker.md'), '# 도커\n\n## 컨테이너의 장점\n\n컨테이너는 호스트의 커널을 공유해서 가볍다.\n\n## 이미지\n\n이미지는 컨테이너를 만드는 읽기 전용 템플릿이다.\n');
  writeFileSync(join(one, 'glossary.txt'), 'container = 컨테이너\n');
  writeFileSync(join(two, 'network.md'), '# 네트워크\n\n## TCP 연결\n\nTCP는 3-way handshake로 연결을 맺는다.\n\n## UDP\n\nUDP는 연결 없이 데이터그램을 보낸다.\n');
  const oneSet = join(dir, 'one.jsonl');
  const twoSet = join(dir, 'two.jsonl');
  writeFileSync(
    oneSet,
    [
      line({ id: 'o-1', q: '컨테이너의 장점은 뭐야?', lang: 'ko', kind: 'enumeration', split: 'report', expect: [{ file: 'docker.md', heading: '컨테이너의 장점' }], must: [['커널을 공유']] }),
      line({ id: 'o-2', q: '쿠버네티스 파드 스케줄링 원리', lang: 'ko', kind: 'out-of-scope', split: 'calibration' }),
    ].join('\n'),
  );
  writeFileSync(twoSet, line({ id: 't-1', q: 'TCP 연결은 어떻게 맺어?', lang: 'ko', kind: 'procedure', split: 'report', expect: [{ file: 'network.md', heading: 'TCP 연결' }], must: [['3-way handshake']] }));
  return { one, two, oneSet, twoSet };
}

describe('the suite', () => {
  it('copies the parts into one folder (real files, glossaries joined at the top) and replaces stale copies', async () => {
    const { one, two } = tinySuite(join(tmp, 'copy'));
    const dest = join(tmp, 'copy', 'combined');
    mkdirSync(join(dest, 'old'), { recursive: true });
    writeFileSync(join(dest, 'old', 'stale.md'), '# stale\n');
    await prepareCombinedKnowledge([{ name: 'one', knowledgeDir: one }, { name: 'two', knowledgeDir: two }], dest);
    expect(lstatSync(join(dest, 'one')).isSymbolicLink()).toBe(false);
    expect(lstatSync(join(dest, 'one', 'docker.md')).isFile()).toBe(true);
    expect(lstatSync(join(dest, 'two', 'network.md')).isFile()).toBe(true);
    expect(readFileSync(join(dest, 'glossary.txt'), 'utf8')).toContain('container = 컨테이너');
    expect(() => lstatSync(join(dest, 'old'))).toThrow();
  });

  it('runs each set on its folder, skips a set whose folder is missing, and asks all of them of the combined folder', async () => {
    const dir = join(tmp, 'suite');
    const { one, two, oneSet, twoSet } = tinySuite(dir);
    const specs = [
      { name: 'one', setFile: oneSet, knowledgeDir: one },
      { name: 'two', setFile: twoSet, knowledgeDir: two },
      { name: 'gone', setFile: twoSet, knowledgeDir: join(dir, 'absent') },
    ];
    const { runs, skipped } = await runSuite({ specs, dataDir: join(dir, 'data'), engine: { embedder: { kind: 'hashing' }, analyzer: 'ngram' }, combined: true });
    expect(skipped).toEqual([{ name: 'gone', reason: `no knowledge folder ${join(dir, 'absent')}` }]);
    expect(runs.map((r) => [r.name, r.results.length])).toEqual([
      ['one', 2],
      ['two', 1],
      ['combined', 3],
    ]);
    const combined = runs[2]!;
    expect(combined.results.map((r) => r.set)).toEqual(['one', 'one', 'two']);
    // Expected files carry the part's prefix there, so the right section still counts as found.
    expect(combined.results.find((r) => r.id === 't-1')).toMatchObject({ rank: 1, top: { file: 'two/network.md' } });
    expect(runs[1]!.results[0]).toMatchObject({ rank: 1, answered: true, answerMust: true, topCitationRight: true });
  });

  it('asks with the confidence threshold override when one is given', async () => {
    const dir = join(tmp, 'threshold');
    const { one, oneSet } = tinySuite(dir);
    const cases = parseEvalSet(readFileSync(oneSet, 'utf8'), oneSet);
    const ask = (minConfidence?: number) =>
      runSets('one', one, join(dir, 'index'), [{ name: 'one', cases }], { embedder: { kind: 'hashing' }, analyzer: 'ngram', ...(minConfidence === undefined ? {} : { minConfidence }) });
    const answered = async (minConfidence?: number) => (await ask(minConfidence)).results.map((r) => [r.id, r.answered]);
    expect(await answered()).toEqual([
      ['o-1', true],
      ['o-2', false],
    ]);
    // At 0 the bot answers whatever it retrieved, the out-of-scope question included; above 1 it answers nothing.
    expect(await answered(0)).toEqual([
      ['o-1', true],
      ['o-2', true],
    ]);
    expect(await answered(1.01)).toEqual([
      ['o-1', false],
      ['o-2', false],
    ]);
  });
});

describe('npm run eval (CLI)', () => {
  it('--set with --json prints the summary, curve, sweep and every result', async () => {
    const dir = join(tmp, 'cli');
    const { one, oneSet } = tinySuite(dir);
    const run = await runCli(['eval', '--set', oneSet, '--knowledge', one, '--index', join(dir, 'index'), '--analyzer', 'ngram', '--split', 'all', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ embedder: 'hashing', analyzer: 'ngram', k: 5, split: 'all' });
    const [set] = out.sets;
    expect(set.summary).toMatchObject({ cases: 2, inScope: 1, outOfScope: 1, hitAt1: 1 });
    expect(set.riskCoverage).toHaveLength(21);
    expect(set.sweep.calibrationCases).toBe(1);
    expect(set.results.map((r: CaseResult) => r.id)).toEqual(['o-1', 'o-2']);
  });

  it('--check reports each label problem with its id and exits 2', async () => {
    const dir = join(tmp, 'check');
    const { one } = tinySuite(dir);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, line({ id: 'bad-1', q: '이미지란?', lang: 'ko', kind: 'definition', split: 'report', expect: [{ file: 'docker.md', heading: '이미지' }], must: [['쓰기 가능한']] }));
    const run = await runCli(['eval', '--check', '--set', bad, '--knowledge', one]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`${bad}: bad-1: must "쓰기 가능한" occurs in none of the expected sections`);
  });

  it('a malformed set stops with one line naming file:line', async () => {
    const dir = join(tmp, 'malformed');
    const { one } = tinySuite(dir);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${inScopeLine('m-1')}\n${inScopeLine('m-2', { split: 'train' })}\n`);
    const run = await runCli(['eval', '--set', bad, '--knowledge', one, '--index', join(dir, 'index')]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: split: `));
  });
});
