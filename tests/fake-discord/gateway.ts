/**
 * The fake gateway: plain JSON over WebSocket (no compression).
 * HELLO → IDENTIFY → READY + GUILD_CREATE…, heartbeats acked with op 11,
 * RESUME with replay of missed dispatches, intents honoured for dispatches.
 */
import type { IncomingMessage, Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { GatewayLogEntry } from './types.js';

export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

export const PRIVILEGED_INTENTS = Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent;

interface Payload {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

export interface GatewaySession {
  readonly id: string;
  readonly intents: number;
  seq: number;
  /** Every dispatch sent in this session, for replay on RESUME. */
  readonly sent: Payload[];
  connection: GatewayConnection | null;
  invalid: boolean;
  resumes: number;
}

export interface GatewayConnection {
  readonly id: number;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly openedAt: number;
  closedAt: number | null;
  closeCode: number | null;
  session: GatewaySession | null;
  /** How this connection authenticated. */
  kind: 'pending' | 'identify' | 'resume' | 'rejected';
  lastHeartbeatAt: number | null;
  readonly ws: WebSocket;
}

export interface DispatchOptions {
  /** Only sessions that identified with (any of) these intents get it. */
  intent?: number;
  /** Per-session rewrite (e.g. blank content without MESSAGE_CONTENT); return null to skip. */
  transform?: (d: Record<string, unknown>, session: GatewaySession) => Record<string, unknown> | null;
}

export interface GatewayHooks {
  token: string;
  heartbeatIntervalMs: number;
  /** Privileged intents "enabled in the developer portal". */
  allowedPrivilegedIntents: number;
  readyPayload(session: GatewaySession, resumeUrl: string): Record<string, unknown>;
  guildCreatePayloads(session: GatewaySession): Record<string, unknown>[];
  guildMembersChunk(request: Record<string, unknown>): Record<string, unknown> | null;
  changed(): void;
}

export class FakeGateway {
  readonly sessions = new Map<string, GatewaySession>();
  readonly connections: GatewayConnection[] = [];
  readonly log: GatewayLogEntry[] = [];
  readonly #wss: WebSocketServer;
  #baseUrl = '';
  #nextConnectionId = 1;

  constructor(
    server: Server,
    private readonly hooks: GatewayHooks,
  ) {
    this.#wss = new WebSocketServer({ server });
    this.#wss.on('connection', (ws, req) => this.#onConnection(ws, req));
  }

  setBaseUrl(url: string): void {
    this.#baseUrl = url;
  }

  /** URL returned by GET /gateway/bot. */
  get url(): string {
    return this.#baseUrl;
  }

  /** URL given as `resume_gateway_url` in READY (a different path, so tests can tell resumes apart). */
  get resumeUrl(): string {
    return `${this.#baseUrl}/resume`;
  }

  get identifies(): number {
    return this.connections.filter((c) => c.kind === 'identify').length;
  }

  get resumes(): number {
    return this.connections.filter((c) => c.kind === 'resume').length;
  }

  /** Connections that are open and authenticated. */
  get live(): GatewayConnection[] {
    return this.connections.filter(
      (c) => c.closedAt === null && c.session !== null && c.ws.readyState === WebSocket.OPEN,
    );
  }

  /** Sends a dispatch to every valid session (buffered for replay if its socket is down). */
  dispatch(t: string, d: Record<string, unknown>, options: DispatchOptions = {}): void {
    for (const session of this.sessions.values()) {
      if (session.invalid) continue;
      if (options.intent !== undefined && (session.intents & options.intent) === 0) continue;
      const data = options.transform ? options.transform(structuredClone(d), session) : d;
      if (data === null) continue;
      this.#dispatchTo(session, t, data);
    }
  }

  /**
   * Closes live connections abruptly (TCP reset, close code 1006) or with `code`.
   * With `resumable: false` the session is forgotten, so the client's RESUME gets
   * op 9 (invalid session) and it identifies again.
   */
  drop(options: { code?: number; resumable?: boolean } = {}): number {
    const targets = this.live;
    for (const connection of targets) {
      if (options.resumable === false && connection.session) connection.session.invalid = true;
      if (options.code === undefined) connection.ws.terminate();
      else connection.ws.close(options.code, 'fake-discord dropConnection');
    }
    return targets.length;
  }

  /** Sends op 7 Reconnect: the client closes and resumes. */
  requestReconnect(): void {
    for (const connection of this.live) this.#send(connection, { op: Op.Reconnect, d: null, s: null, t: null });
  }

  close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    return new Promise((resolve) => this.#wss.close(() => resolve()));
  }

  // ------------------------------------------------------------------ internals

  #onConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'ws://fake');
    const connection: GatewayConnection = {
      id: this.#nextConnectionId++,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      openedAt: Date.now(),
      closedAt: null,
      closeCode: null,
      session: null,
      kind: 'pending',
      lastHeartbeatAt: null,
      ws,
    };
    this.connections.push(connection);
    ws.on('message', (data: RawData, isBinary: boolean) => this.#onMessage(connection, data, isBinary));
    ws.on('close', (code: number) => {
      connection.closedAt = Date.now();
      connection.closeCode = code;
      const session = connection.session;
      if (session && session.connection === connection) {
        session.connection = null;
        // A client closing with 1000/1001 ends its session, as on Discord.
        if (code === 1000 || code === 1001) session.invalid = true;
      }
      this.hooks.changed();
    });
    ws.on('error', () => {
      /* the close handler does the bookkeeping */
    });
    this.#send(connection, { op: Op.Hello, d: { heartbeat_interval: this.hooks.heartbeatIntervalMs }, s: null, t: null });
    this.hooks.changed();
  }

  #onMessage(connection: GatewayConnection, data: RawData, isBinary: boolean): void {
    let payload: Payload;
    try {
      if (isBinary) throw new Error('binary frames are not supported (no compression)');
      payload = JSON.parse(data.toString()) as Payload;
    } catch {
      connection.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    this.log.push({ direction: 'in', connection: connection.id, op: payload.op, t: null, s: null, time: Date.now() });
    const d = (typeof payload.d === 'object' && payload.d !== null ? payload.d : {}) as Record<string, unknown>;
    switch (payload.op) {
      case Op.Heartbeat:
        connection.lastHeartbeatAt = Date.now();
        this.#send(connection, { op: Op.HeartbeatAck, d: null, s: null, t: null });
        break;
      case Op.Identify:
        this.#identify(connection, d);
        break;
      case Op.Resume:
        this.#resume(connection, d);
        break;
      case Op.RequestGuildMembers: {
        if (!this.#requireAuth(connection)) return;
        const chunk = this.hooks.guildMembersChunk(d);
        if (chunk && connection.session) this.#dispatchTo(connection.session, 'GUILD_MEMBERS_CHUNK', chunk);
        break;
      }
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
        this.#requireAuth(connection);
        break;
      default:
        connection.ws.close(4001, 'Unknown opcode.');
    }
    this.hooks.changed();
  }

  #requireAuth(connection: GatewayConnection): boolean {
    if (connection.session) return true;
    connection.ws.close(4003, 'Not authenticated.');
    return false;
  }

  #tokenOk(token: unknown): boolean {
    return typeof token === 'string' && token.replace(/^Bot\s+/i, '') === this.hooks.token;
  }

  #identify(connection: GatewayConnection, d: Record<string, unknown>): void {
    if (connection.session) {
      connection.ws.close(4005, 'Already authenticated.');
      return;
    }
    if (!this.#tokenOk(d.token)) {
      connection.kind = 'rejected';
      connection.ws.close(4004, 'Authentication failed.');
      return;
    }
    const intents = typeof d.intents === 'number' ? d.intents : 0;
    if ((intents & PRIVILEGED_INTENTS & ~this.hooks.allowedPrivilegedIntents) !== 0) {
      connection.kind = 'rejected';
      connection.ws.close(4014, 'Disallowed intent(s).');
      return;
    }
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      intents,
      seq: 0,
      sent: [],
      connection,
      invalid: false,
      resumes: 0,
    };
    this.sessions.set(session.id, session);
    connection.session = session;
    connection.kind = 'identify';
    this.#dispatchTo(session, 'READY', this.hooks.readyPayload(session, this.resumeUrl));
    for (const guild of this.hooks.guildCreatePayloads(session)) this.#dispatchTo(session, 'GUILD_CREATE', guild);
  }

  #resume(connection: GatewayConnection, d: Record<string, unknown>): void {
    if (connection.session) {
      connection.ws.close(4005, 'Already authenticated.');
      return;
    }
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    if (!session || session.invalid || !this.#tokenOk(d.token)) {
      connection.kind = 'rejected';
      this.#send(connection, { op: Op.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const previous = session.connection;
    if (previous && previous !== connection && previous.ws.readyState === WebSocket.OPEN) previous.ws.terminate();
    session.connection = connection;
    session.resumes += 1;
    connection.session = session;
    connection.kind = 'resume';
    const from = typeof d.seq === 'number' ? d.seq : 0;
    for (const missed of session.sent) {
      if ((missed.s ?? 0) > from) this.#send(connection, missed);
    }
    this.#dispatchTo(session, 'RESUMED', {});
  }

  #dispatchTo(session: GatewaySession, t: string, d: Record<string, unknown>): void {
    session.seq += 1;
    const payload: Payload = { op: Op.Dispatch, t, s: session.seq, d };
    session.sent.push(payload);
    const connection = session.connection;
    if (connection && connection.ws.readyState === WebSocket.OPEN) this.#send(connection, payload);
  }

  #send(connection: GatewayConnection, payload: Payload): void {
    if (connection.ws.readyState !== WebSocket.OPEN) return;
    connection.ws.send(JSON.stringify(payload));
    this.log.push({
      direction: 'out',
      connection: connection.id,
      op: payload.op,
      t: payload.t,
      s: payload.s,
      time: Date.now(),
    });
  }
}
