import { describe, expect, it } from 'vitest';
import { runCli, scratchKnowledge } from './helpers/cli.js';

/**
 * The labelled seed questions (tests/eval/seed.jsonl: Korean, English and out-of-scope) run through
 * the CLI with the generated tiny model. The floors are what the engine reaches now: a change that
 * lowers them is a retrieval regression. (Corpus-wide figures: `npm run eval -- --set tests/eval/corpus.jsonl …`, see README.)
 */
const FLOORS = { hitAt3: 32 / 34, hitAt1: 22 / 34, abstentionAccuracy: 38 / 45 };

describe('retrieval quality on the seed eval set', () => {
  it('keeps hit@3, hit@1 and abstention accuracy at or above the recorded floors', () => {
    const { knowledge, index } = scratchKnowledge();
    const result = runCli(['eval', '--knowledge', knowledge, '--index', index, '--set', 'tests/eval/seed.jsonl', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const { summary } = JSON.parse(result.stdout);
    expect(summary.questions).toBe(45);
    expect(summary.hitAt3).toBeGreaterThanOrEqual(FLOORS.hitAt3 - 1e-9);
    expect(summary.hitAt1).toBeGreaterThanOrEqual(FLOORS.hitAt1 - 1e-9);
    expect(summary.abstentionAccuracy).toBeGreaterThanOrEqual(FLOORS.abstentionAccuracy - 1e-9);
  });
});
