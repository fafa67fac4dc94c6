/**
 * `ask` with ANSWER_MODE=generative (the CLI in-process) against the fake OpenAI-compatible model:
 * the terminal gets the checked answer as it is written (each sentence once), `--json` only the final object.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerminalDraft } from '../src/cli/stream.js';
import { cliMessages } from '../src/cli/messages.js';
import { ingest } from '../src/ingest/ingest.js';
import { runCli, scratchKnowledge, type CliResult } from './helpers/cli.js';
import { passageNumber, pieces, startFakeLlm, type FakeLlm } from './fake-llm/index.js';

const { knowledge, index } = scratchKnowledge('cli-generative-');
let llm: FakeLlm;

const CHECKED = '컨테이너는 호스트 운영체제의 커널을 공유하므로 VM에 비해 더 적은 자원을 사용합니다. [1] 각 컨테이너는 독립된 실행 환경을 제공합니다. [1]';

beforeAll(async () => {
  await ingest({ knowledgeDir: knowledge, indexDir: index, embedder: { kind: 'hashing' }, analyzer: 'morph' });
  llm = await startFakeLlm();
  llm.reply = (request) => {
    const n = passageNumber(request, '컨테이너의 장점');
    return pieces(`컨테이너는 호스트 운영체제의 커널을 공유하므로 VM에 비해 더 적은 자원을 사용합니다 [${n}]. 쿠버네티스는 구글이 만들었습니다 [${n}]. 각 컨테이너는 독립된 실행 환경을 제공합니다 [${n}].`);
  };
});

afterAll(async () => {
  await llm?.stop();
});

/** The CLI in-process (`runCli` awaits, so the fake model, in this process too, answers meanwhile). */
function ask(args: string[]): Promise<CliResult> {
  return runCli(['ask', '--knowledge', knowledge, '--index', index, '--no-refresh', ...args], {
    env: { EMBEDDER: 'hashing', LOG_LEVEL: 'warn', ANSWER_MODE: 'generative', LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'fake-model' },
  });
}

describe('ask with a local model', () => {
  it('prints the checked answer once, then says a model wrote it, then the sources', async () => {
    const result = await ask(['컨테이너의 장점은?']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.startsWith(CHECKED)).toBe(true);
    expect(result.stdout.split(CHECKED)).toHaveLength(2);
    expect(result.stdout).not.toContain('쿠버네티스');
    expect(result.stdout).toContain('written by fake-model from the notes, every sentence checked against its source');
    expect(result.stdout).toMatch(/출처 \(sources\):\n\[1\] Docker and VM › 컨테이너의 장점 — docker-and-vm\.md:/u);
  });

  it('with --json prints one object, with the checked answer and who wrote it', async () => {
    const result = await ask(['--json', '컨테이너의 장점은?']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!);
    expect(json).toMatchObject({ answered: true, answer: CHECKED, generatedBy: 'fake-model' });
    expect(json.citations).toHaveLength(1);
  });
});

describe('the terminal draft', () => {
  const terminal = () => {
    let shown = '';
    return { draft: new TerminalDraft({ write: (text: string) => void (shown += text) }, cliMessages('en')), shown: () => shown };
  };

  it('prints each checked sentence as it passes, and only the rest of the final answer', () => {
    const { draft, shown } = terminal();
    draft.show('가볍습니다. [1]');
    expect(shown()).toBe('가볍습니다. [1]');
    draft.show('가볍습니다. [1] 빠릅니다. [2]');
    expect(shown()).toBe('가볍습니다. [1] 빠릅니다. [2]');
    expect(draft.rest('가볍습니다. [1] 빠릅니다. [2]\n\n출처 (sources):')).toBe('\n\n출처 (sources):');
  });

  it('prints the quoted answer in full, saying why, when the model\'s answer was not kept', () => {
    const { draft } = terminal();
    draft.show('가볍습니다. [1]');
    expect(draft.rest('**컨테이너** — 인용 [1]')).toBe("\n\n(The model's answer was not backed enough by the notes; the quoted answer instead:)\n**컨테이너** — 인용 [1]");
  });
});
