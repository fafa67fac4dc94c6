import { z } from 'zod';
import { UserError, type Answer, type KnowledgeBase } from '../types.js';

/** One labelled question: `expect` lists the sections that answer it; empty means out of scope. */
export const EvalCaseSchema = z.object({
  q: z.string().min(1),
  lang: z.enum(['ko', 'en']),
  expect: z.array(z.object({ file: z.string(), heading: z.string() })),
  note: z.string().optional(),
});
export type EvalCase = z.infer<typeof EvalCaseSchema>;

export interface EvalResult {
  question: string;
  lang: 'ko' | 'en';
  inScope: boolean;
  /** 1-based rank of the first passage from an expected section; 0 when none was retrieved. */
  rank: number;
  answered: boolean;
  /** Coverage of the best passage: what the abstention threshold is compared with. */
  topCoverage: number;
}

export interface EvalSummary {
  questions: number;
  inScope: number;
  outOfScope: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  /** Share of all questions where the bot answered exactly when it should (in scope) and abstained otherwise. */
  abstentionAccuracy: number;
  byLanguage: Record<string, { questions: number; hitAt1: number; hitAt3: number }>;
}

export function parseEvalSet(text: string, source: string): EvalCase[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line)
    .map(({ line, number }) => {
      let data: unknown;
      try {
        data = JSON.parse(line);
      } catch {
        throw new UserError('BAD_ARGUMENT', `${source}:${number} is not valid JSON.`);
      }
      const parsed = EvalCaseSchema.safeParse(data);
      if (!parsed.success) throw new UserError('BAD_ARGUMENT', `${source}:${number}: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}.`);
      return parsed.data;
    });
}

export async function runEval(kb: KnowledgeBase, cases: EvalCase[], k = 10): Promise<EvalResult[]> {
  const results: EvalResult[] = [];
  for (const c of cases) results.push(judge(c, await kb.answer(c.q, { k })));
  return results;
}

export function judge(c: EvalCase, answer: Answer): EvalResult {
  const index = answer.passages.findIndex((p) => c.expect.some((e) => e.file === p.file && p.section.includes(e.heading)));
  return { question: c.q, lang: c.lang, inScope: c.expect.length > 0, rank: index + 1, answered: answer.answered, topCoverage: answer.passages[0]?.coverage ?? 0 };
}

export function summarize(results: EvalResult[]): EvalSummary {
  const inScope = results.filter((r) => r.inScope);
  const rate = (rs: EvalResult[], f: (r: EvalResult) => boolean) => (rs.length ? rs.filter(f).length / rs.length : 0);
  const byLanguage: EvalSummary['byLanguage'] = {};
  for (const lang of new Set(inScope.map((r) => r.lang))) {
    const rs = inScope.filter((r) => r.lang === lang);
    byLanguage[lang] = { questions: rs.length, hitAt1: rate(rs, (r) => r.rank === 1), hitAt3: rate(rs, (r) => r.rank >= 1 && r.rank <= 3) };
  }
  return {
    questions: results.length,
    inScope: inScope.length,
    outOfScope: results.length - inScope.length,
    hitAt1: rate(inScope, (r) => r.rank === 1),
    hitAt3: rate(inScope, (r) => r.rank >= 1 && r.rank <= 3),
    mrr: inScope.length ? inScope.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / inScope.length : 0,
    abstentionAccuracy: rate(results, (r) => r.answered === r.inScope),
    byLanguage,
  };
}

/** Abstention accuracy for each candidate threshold: how the default was calibrated. */
export function sweepCoverage(results: EvalResult[], thresholds = Array.from({ length: 21 }, (_, i) => i / 20)): { threshold: number; accuracy: number }[] {
  return thresholds.map((threshold) => ({
    threshold,
    accuracy: results.length ? results.filter((r) => r.topCoverage >= threshold === r.inScope).length / results.length : 0,
  }));
}
