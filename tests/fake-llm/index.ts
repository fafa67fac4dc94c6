/**
 * A fake OpenAI-compatible server on 127.0.0.1 for the generative answer tests: `POST /v1/chat/completions`,
 * streamed (SSE `data:` chunks, then `data: [DONE]`) or as one JSON completion, as the request asks. Each test
 * scripts what the "model" does with `fake.reply = (request) => …`, and reads what the bot sent in `requests`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  stream: boolean;
  messages: { role: string; content: string }[];
}

export type FakeReply =
  /** The reply, in these pieces when streamed (joined otherwise). `beforePiece` runs before piece i is written. */
  | { kind: 'text'; pieces: string[]; beforePiece?: (i: number) => void }
  /** An HTTP error with an OpenAI-style error body. */
  | { kind: 'status'; status: number }
  /** 200 with a body that is neither SSE nor JSON. */
  | { kind: 'garbage'; body: string }
  /** Headers and the first piece, then silence until the client gives up. */
  | { kind: 'stall'; first: string }
  /** Pieces for as long as the client listens. */
  | { kind: 'endless'; piece: string };

export interface FakeLlm {
  /** For LLM_BASE_URL: `http://127.0.0.1:PORT/v1`. */
  readonly baseUrl: string;
  readonly requests: ChatRequest[];
  reply: (request: ChatRequest) => FakeReply;
  stop(): Promise<void>;
}

/** The text of a scripted reply split into small pieces, the way a model streams tokens. */
export function pieces(text: string, size = 4): FakeReply {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return { kind: 'text', pieces: parts };
}

/** The prompt's number for the passage from the section whose path ends with `heading`. */
export function passageNumber(request: ChatRequest, heading: string): number {
  const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
  const match = new RegExp(`<passage n="(\\d+)" section="[^"]*${heading}">`, 'u').exec(user);
  if (!match) throw new Error(`no passage from "${heading}" in the prompt`);
  return Number(match[1]);
}

export async function startFakeLlm(): Promise<FakeLlm> {
  const requests: ChatRequest[] = [];
  const open = new Set<http.ServerResponse>();
  const fake: FakeLlm = {
    baseUrl: '',
    requests,
    reply: () => ({ kind: 'status', status: 500 }),
    stop: async () => {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const request = JSON.parse(body) as ChatRequest;
      request.stream = Boolean(request.stream);
      requests.push(request);
      open.add(res);
      res.on('close', () => open.delete(res));
      let reply: FakeReply;
      try {
        reply = fake.reply(request);
      } catch (error) {
        // A script that throws is a test bug: answered at once, so the test fails on it rather than on a timeout.
        reply = { kind: 'status', status: 599 };
        console.error('fake LLM script failed:', error);
      }
      serve(reply, request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (fake as { baseUrl: string }).baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}

function serve(reply: FakeReply, request: ChatRequest, res: http.ServerResponse): void {
  switch (reply.kind) {
    case 'status':
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `scripted ${reply.status}`, type: 'server_error' } }));
      return;
    case 'garbage':
      res.writeHead(200, { 'content-type': request.stream ? 'text/event-stream' : 'application/json' }).end(reply.body);
      return;
    case 'text':
      if (!request.stream) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(request.model, reply.pieces.join(''))));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      void (async () => {
        for (const [i, piece] of reply.pieces.entries()) {
          reply.beforePiece?.(i);
          res.write(chunk(request.model, piece));
          // Each piece its own network write, as a model's tokens are.
          await new Promise((resolve) => setImmediate(resolve));
        }
        res.end('data: [DONE]\n\n');
      })();
      return;
    case 'stall':
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk(request.model, reply.first));
      return;
    case 'endless': {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const write = (): void => {
        if (res.destroyed || res.writableEnded) return;
        res.write(chunk(request.model, reply.piece));
        setImmediate(write);
      };
      write();
      return;
    }
  }
}

function chunk(model: string, content: string): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
}

function completion(model: string, content: string) {
  return { id: 'chatcmpl-fake', object: 'chat.completion', created: 0, model, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] };
}
