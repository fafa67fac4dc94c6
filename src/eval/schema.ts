import { z } from 'zod';
import { UserError } from '../types.js';

/** What a question asks for (tests/eval/README.md); the last two are questions the notes do not answer. */
export const KINDS = ['definition', 'reason', 'procedure', 'comparison', 'enumeration', 'yesno', 'lookup', 'out-of-scope', 'near-miss'] as const;
export const STYLES = ['casual', 'polite', 'typo', 'spacing', 'paraphrase', 'english'] as const;
export const SPLITS = ['calibration', 'report'] as const;

export type Kind = (typeof KINDS)[number];
export type Split = (typeof SPLITS)[number];

export function isAbstainKind(kind: Kind): boolean {
  return kind === 'out-of-scope' || kind === 'near-miss';
}

const Expect = z.strictObject({ file: z.string().min(1), heading: z.string().min(1) });

/** One labelled question, in the format of tests/eval/README.md. Unknown fields are errors: they are usually typos. */
export const EvalCaseSchema = z
  .strictObject({
    id: z.string().min(1),
    q: z.string().trim().min(1),
    lang: z.enum(['ko', 'en']),
    kind: z.enum(KINDS),
    style: z.array(z.enum(STYLES)).default([]),
    split: z.enum(SPLITS),
    expect: z.array(Expect).default([]),
    /** One group per fact; any alternative of a group satisfies it. */
    must: z.array(z.array(z.string().trim().min(1)).min(1, 'a must group needs at least one alternative')).default([]),
    /**
     * For an out-of-scope or near-miss question: the other sets whose notes do answer it (`프로세스와 스레드의 차이` is
     * outside the seed note, inside cs-study). The combined suite, which holds those notes too, leaves it out.
     */
    answeredIn: z.array(z.string().min(1)).default([]),
    note: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (isAbstainKind(c.kind)) {
      if (c.expect.length) ctx.addIssue({ code: 'custom', path: ['expect'], message: `must be empty for kind ${c.kind}` });
      if (c.must.length) ctx.addIssue({ code: 'custom', path: ['must'], message: `must be empty for kind ${c.kind}` });
    } else {
      if (c.answeredIn.length) ctx.addIssue({ code: 'custom', path: ['answeredIn'], message: `is only for out-of-scope and near-miss questions, not ${c.kind}` });
      if (!c.expect.length) ctx.addIssue({ code: 'custom', path: ['expect'], message: `needs at least one section for kind ${c.kind}` });
      if (!c.must.length) ctx.addIssue({ code: 'custom', path: ['must'], message: `needs at least one group for kind ${c.kind}` });
    }
  });

export type EvalCase = z.infer<typeof EvalCaseSchema>;

/** Parses a JSONL eval set; the first problem stops it with one line naming `source:line`. */
export function parseEvalSet(text: string, source: string): EvalCase[] {
  const seen = new Map<string, number>();
  const cases: EvalCase[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    const where = `${source}:${i + 1}`;
    if (!line) return;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      throw new UserError('BAD_ARGUMENT', `${where}: not valid JSON.`);
    }
    const parsed = EvalCaseSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.length ? `${issue.path.join('.')}: ` : '';
      throw new UserError('BAD_ARGUMENT', `${where}: ${field}${issue.message}.`);
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) throw new UserError('BAD_ARGUMENT', `${where}: id ${parsed.data.id} is already used on line ${first}.`);
    seen.set(parsed.data.id, i + 1);
    cases.push(parsed.data);
  });
  // Measured on nothing, every figure would read 0 %: a result where there is none.
  if (cases.length === 0) throw new UserError('BAD_ARGUMENT', `${source} has no questions: write one JSON object per line (tests/eval/README.md describes the fields).`);
  return cases;
}

/**
 * The cases asked of the combined folder, which holds the knowledge of every set in `sets`, each under its name:
 * expected files get the set's prefix, and a question "out of scope" that one of the other sets answers is left out.
 */
export function forCombined(cases: EvalCase[], prefix: string, sets: readonly string[]): EvalCase[] {
  return cases
    .filter((c) => !c.answeredIn.some((set) => sets.includes(set)))
    .map((c) => ({ ...c, expect: c.expect.map((e) => ({ ...e, file: `${prefix}/${e.file}` })) }));
}
