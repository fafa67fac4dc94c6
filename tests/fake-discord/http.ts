/**
 * Minimal HTTP plumbing for the fake REST API: a route table with `:param`
 * segments, body parsing (JSON and multipart with `payload_json`), and
 * request matchers for failure injection.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors.js';
import type { FileRecord, RestRequestRecord } from './types.js';

export interface RouteContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: FileRecord[];
  authorized: boolean;
  record: RestRequestRecord;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RouteContext) => RouteResult | Promise<RouteResult>;

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  auth: boolean;
  handler: Handler;
}

const split = (path: string): string[] => path.split('/').filter((s) => s !== '');

export class Router {
  readonly #routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler, options: { auth?: boolean } = {}): this {
    this.#routes.push({ method, pattern, segments: split(pattern), auth: options.auth ?? true, handler });
    return this;
  }

  /** The matching route, or `pathKnown` when only the method is wrong. */
  match(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | { route: null; pathKnown: boolean } {
    const actual = split(path);
    let pathKnown = false;
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, actual);
      if (!params) continue;
      if (route.method === method) return { route, params };
      pathKnown = true;
    }
    return { route: null, pathKnown };
  }
}

/** Literal segments must be equal; `:name` segments match anything (values are decoded). */
function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const p = pattern[i] as string;
    const a = actual[i] as string;
    if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(a);
    else if (p !== a) return null;
  }
  return params;
}

/**
 * Which requests a failure injection applies to:
 * - a string `"POST /interactions/:id/:token/callback"` (method optional or `*`;
 *   `:anything` matches one segment, other segments must match literally),
 * - a RegExp tested against `"METHOD /path"`,
 * - or a predicate on the request record.
 */
export type RequestMatcher = string | RegExp | ((request: RestRequestRecord) => boolean);

export function requestMatches(matcher: RequestMatcher, record: RestRequestRecord): boolean {
  if (typeof matcher === 'function') return matcher(record);
  if (matcher instanceof RegExp) return matcher.test(`${record.method} ${record.path}`);
  const trimmed = matcher.trim();
  const space = trimmed.indexOf(' ');
  const [method, path] = space === -1 ? ['*', trimmed] : [trimmed.slice(0, space).toUpperCase(), trimmed.slice(space + 1).trim()];
  if (method !== '*' && method !== record.method) return false;
  const stripped = path.replace(/^\/api(\/v\d+)?/, '');
  return matchSegments(split(stripped), split(record.path)) !== null;
}

export async function readBody(req: IncomingMessage): Promise<{ body: unknown; files: FileRecord[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { body: undefined, files: [] };
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: raw,
    }).formData();
    let body: unknown;
    const files: FileRecord[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({ field, filename: value.name, size: value.size, contentType: value.type, text: await value.text() });
      }
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [] };
  } catch {
    throw new ApiError(400, { message: 'The request body contains invalid JSON.', code: 50109 });
  }
}
