import OpenAI from 'openai';

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
 * The official `openai` client pointed at any OpenAI-compatible server (Ollama, llama.cpp server, vLLM).
 * No retries: a failed answer falls back to the quoted one at once instead of keeping the member waiting.
 */
export function openAiChatModel(settings: ChatModelSettings): ChatModel {
  // The key and the address are passed explicitly so OPENAI_API_KEY / OPENAI_BASE_URL in the environment never apply;
  // the client's own console logging is off: the writer logs one structured line per failure.
  const client = new OpenAI({ baseURL: settings.baseUrl, apiKey: settings.apiKey ?? 'unused', maxRetries: 0, logLevel: 'off' });
  const request = { model: settings.model, temperature: TEMPERATURE, ...(settings.maxTokens ? { max_tokens: settings.maxTokens } : {}) };
  return {
    name: settings.model,
    async *stream(messages, signal) {
      const stream = await client.chat.completions.create({ ...request, messages, stream: true }, { signal });
      for await (const chunk of stream) {
        const piece = chunk.choices[0]?.delta?.content;
        if (piece) yield piece;
      }
    },
    async complete(messages, signal) {
      const completion = await client.chat.completions.create({ ...request, messages }, { signal });
      const content = completion.choices?.[0]?.message?.content;
      if (typeof content !== 'string') throw new Error('the reply has no message content');
      return content;
    },
  };
}
