import type OpenAI from 'openai';

/** One message of a chat completion request. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * A chat model behind an OpenAI-compatible API, as the answer writer needs it. Failures (refused
 * connection, 5xx, a stream that is not SSE JSON, `signal` aborted) reject or throw from the iteration.
 */
export interface ChatModel {
  /** The model's name as the server knows it (shown to admins, logged). */
  readonly name: string;
  /** The reply piece by piece as the model writes it. */
  stream(messages: ChatMessage[], signal: AbortSignal): AsyncIterable<string>;
  /** The whole reply at once (short tasks such as condensing a follow-up). */
  complete(messages: ChatMessage[], signal: AbortSignal): Promise<string>;
}

export interface ChatModelSettings {
  /** e.g. `http://127.0.0.1:11434/v1` (Ollama). */
  baseUrl: string;
  model: string;
  /** Local servers take none; the client needs some string. */
  apiKey?: string | undefined;
  /** Reply length cap in tokens, so a model that rambles stops on the server too. */
  maxTokens?: number;
}

/** Greedy-ish decoding: the answer should restate the passages, not be creative. */
const TEMPERATURE = 0.2;

/**
 * Why a request failed, in the terms the writer logs: the client library's own error classes stay in this
 * file, so that the library (some 150 modules) is loaded only when a model is actually asked.
 */
export class ChatRequestError extends Error {
  constructor(
    readonly reason: 'timeout' | 'http',
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * The official `openai` client pointed at any OpenAI-compatible server (Ollama, llama.cpp server, vLLM).
 * No retries: a failed answer falls back to the quoted one at once instead of keeping the member waiting.
 * The client is loaded on the first request: a CLI question that never reaches the model does not pay for it.
 */
export function openAiChatModel(settings: ChatModelSettings): ChatModel {
  let sdk: Promise<typeof import('openai')> | undefined;
  let client: OpenAI | undefined;
  const connect = async (): Promise<OpenAI> => {
    const { default: OpenAI } = await (sdk ??= import('openai'));
    // The key and the address are passed explicitly so OPENAI_API_KEY / OPENAI_BASE_URL in the environment never apply;
    // the client's own console logging is off: the writer logs one structured line per failure.
    return (client ??= new OpenAI({ baseURL: settings.baseUrl, apiKey: settings.apiKey ?? 'unused', maxRetries: 0, logLevel: 'off' }));
  };
  /** The client's timeout and HTTP errors as ChatRequestError; anything else (a refused connection, an abort) as it is. */
  const translated = async (error: unknown): Promise<unknown> => {
    const { APIConnectionTimeoutError, APIError, APIUserAbortError } = await (sdk ??= import('openai'));
    if (error instanceof APIUserAbortError || error instanceof APIConnectionTimeoutError) return new ChatRequestError('timeout', error.message);
    if (error instanceof APIError && error.status !== undefined) return new ChatRequestError('http', error.message, error.status);
    return error;
  };
  const request = { model: settings.model, temperature: TEMPERATURE, ...(settings.maxTokens ? { max_tokens: settings.maxTokens } : {}) };
  return {
    name: settings.model,
    async *stream(messages, signal) {
      try {
        const stream = await (await connect()).chat.completions.create({ ...request, messages, stream: true }, { signal });
        for await (const chunk of stream) {
          const piece = chunk.choices[0]?.delta?.content;
          if (piece) yield piece;
        }
      } catch (error) {
        throw await translated(error);
      }
    },
    async complete(messages, signal) {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await (await connect()).chat.completions.create({ ...request, messages }, { signal });
      } catch (error) {
        throw await translated(error);
      }
      const content = completion.choices?.[0]?.message?.content;
      if (typeof content !== 'string') throw new Error('the reply has no message content');
      return content;
    },
  };
}
