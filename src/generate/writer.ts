import { citation } from '../answer/compose.js';
import type { EngineConfig } from '../config.js';
import { MAX_QUESTION_CHARS } from '../engine/knowledge-base.js';
import type { Logger } from '../log/logger.js';
import type { Analyzer } from '../text/analyzer.js';
import type { Answer, Citation } from '../types.js';
import { ChatRequestError, openAiChatModel, type ChatModel } from './chat.js';
import { Grounder, type GroundedText } from './grounding.js';
import { answerMessages, condenseMessages, NOT_COVERED, withoutThinking, type Turn } from './prompt.js';

/**
 * Who phrases an answer once retrieval has found its passages: the extractive composer's quotes as they
 * are, or a language model whose every sentence is checked against the passage it cites. Front doors
 * call `write` on the engine's (extractive) answer; an abstention is never sent to a model.
 */
export interface AnswerWriter {
  readonly mode: EngineConfig['ANSWER_MODE'];
  write(extractive: Answer, options: WriteOptions): Promise<Answer>;
  /** A thread's follow-up rewritten to stand on its own; undefined when this writer cannot (or failed to). */
  condense(turns: Turn[], message: string): Promise<string | undefined>;
}

export interface WriteOptions {
  analyzer: Analyzer;
  notesBaseUrl?: string | undefined;
  /** The checked answer so far, each time a sentence passes while the model writes (nothing unchecked is passed). */
  onDraft?: (text: string) => void;
}

export const extractiveWriter: AnswerWriter = {
  mode: 'extractive',
  write: async (extractive) => extractive,
  condense: async () => undefined,
};

export interface GenerativeOptions {
  /** The whole reply, first byte to last. */
  timeoutMs: number;
  logger: Logger;
  /** A reply longer than this is a model that does not stop: cut off, and the quoted answer shown. */
  maxReplyChars?: number;
}

/** Most of a reply must survive the check; a reply that is mostly unsupported is not trusted for the rest. */
const MIN_KEPT_SHARE = 0.5;
const MAX_REPLY_CHARS = 6000;
/** A piece that may end a sentence: only then can the checked draft change. */
const SENTENCE_END = /[.!?。\n\]]/u;

export function generativeWriter(model: ChatModel, options: GenerativeOptions): AnswerWriter {
  const { logger, timeoutMs } = options;
  const maxReplyChars = options.maxReplyChars ?? MAX_REPLY_CHARS;
  const failed = (task: string, error: unknown): undefined => {
    logger.warn({ model: model.name, task, reason: failure(error, timeoutMs) }, `language model failed (${task}); using the quoted answer instead`);
    return undefined;
  };
  return {
    mode: 'generative',
    async write(extractive, { analyzer, notesBaseUrl, onDraft }) {
      if (!extractive.answered || extractive.passages.length === 0) return extractive;
      const grounder = new Grounder(extractive.passages, analyzer);
      let reply = '';
      let draft = '';
      const deadline = AbortSignal.timeout(timeoutMs);
      try {
        for await (const piece of model.stream(answerMessages(extractive.question, extractive.passages), deadline)) {
          reply += piece;
          if (reply.length > maxReplyChars) throw new EndlessReply(maxReplyChars);
          if (!onDraft || !SENTENCE_END.test(piece)) continue;
          const checked = grounder.check(reply, false).text;
          if (checked !== draft) onDraft((draft = checked));
        }
        // An aborted stream may just end: a cut-off reply is not the model's answer.
        deadline.throwIfAborted();
      } catch (error) {
        return failed('answer', error) ?? extractive;
      }
      const checked = grounder.check(reply, true);
      if (checked.notCovered || checked.kept === 0 || checked.kept < checked.total * MIN_KEPT_SHARE) {
        logger.info({ model: model.name, kept: checked.kept, sentences: checked.total, notCovered: checked.notCovered }, 'generated answer not backed by the notes; using the quoted answer instead');
        return extractive;
      }
      return { ...extractive, text: checked.text, citations: citedPassages(extractive, checked, notesBaseUrl), related: [], generatedBy: model.name };
    },
    async condense(turns, message) {
      let reply: string;
      try {
        reply = await model.complete(condenseMessages(turns, message), AbortSignal.timeout(timeoutMs));
      } catch (error) {
        return failed('follow-up', error);
      }
      const question = withoutThinking(reply).split('\n').map((line) => line.trim()).find(Boolean);
      if (!question || question.includes(NOT_COVERED) || question.length > MAX_QUESTION_CHARS) return undefined;
      return question;
    },
  };
}

/**
 * The passages the kept sentences cite, numbered as the text shows them. A passage the quoted answer also
 * cited keeps that citation's per-quote lines (what "출처 전체 보기" and the line links show).
 */
function citedPassages(extractive: Answer, checked: GroundedText, notesBaseUrl: string | undefined): Citation[] {
  return checked.cited.map((p, i) => {
    const passage = extractive.passages[p - 1]!;
    const quoted = extractive.citations.find((c) => c.file === passage.file && c.anchor === passage.anchor);
    return quoted ? { ...quoted, n: i + 1 } : citation(passage, i + 1, notesBaseUrl);
  });
}

class EndlessReply extends Error {
  constructor(limit: number) {
    super(`the reply ran past ${limit} characters`);
  }
}

/** One short reason for the log line: no stack, no request body. */
function failure(error: unknown, timeoutMs: number): string {
  if ((error instanceof ChatRequestError && error.reason === 'timeout') || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))) {
    return `no complete reply within ${timeoutMs / 1000} s`;
  }
  if (error instanceof ChatRequestError && error.status !== undefined) return `HTTP ${error.status}: ${error.message.slice(0, 200)}`;
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  return `${(error as Error)?.message ?? String(error)}${cause ? ` (${cause})` : ''}`.slice(0, 300);
}

/** The writer ANSWER_MODE asks for. */
export function createAnswerWriter(config: Pick<EngineConfig, 'ANSWER_MODE' | 'LLM_BASE_URL' | 'LLM_MODEL' | 'LLM_API_KEY' | 'LLM_TIMEOUT_SECONDS'>, logger: Logger): AnswerWriter {
  if (config.ANSWER_MODE === 'extractive' || !config.LLM_MODEL) return extractiveWriter;
  const model = openAiChatModel({ baseUrl: config.LLM_BASE_URL, model: config.LLM_MODEL, apiKey: config.LLM_API_KEY, maxTokens: 1024 });
  return generativeWriter(model, { timeoutMs: config.LLM_TIMEOUT_SECONDS * 1000, logger });
}
