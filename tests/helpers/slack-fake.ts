// A loopback server that plays Slack for Bolt: the Web API calls the adapter makes (files.uploadV2's
// three steps, chat.postMessage, usergroups.users.list), response_url posts, and signed requests sent
// the way Slack sends slash commands and button presses.
import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';
import { type WebSocket, WebSocketServer } from 'ws';

export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
  /** Bytes of a file upload. */
  file?: Buffer;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function fileOf(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/')) return raw;
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const bb = busboy({ headers: req.headers });
    bb.on('file', (_name, stream) => {
      stream.on('data', (d: Buffer) => parts.push(d));
    });
    bb.on('close', () => resolve(Buffer.concat(parts)));
    bb.on('error', reject);
    bb.end(raw);
  });
}

function parse(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  const type = req.headers['content-type'] ?? '';
  const text = raw.toString('utf8');
  if (type.includes('json')) return JSON.parse(text) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = v.startsWith('[') || v.startsWith('{') ? JSON.parse(v) : v;
  }
  return out;
}

export class SlackFake extends EventEmitter {
  readonly calls: SlackCall[] = [];
  readonly usergroups = new Map<string, string[]>();
  private server!: Server;
  private wss!: WebSocketServer;
  private socket: WebSocket | undefined;
  private nextFile = 1;
  /** Web API methods told to answer with an error, as Slack does when it has a bad moment. */
  private readonly failing = new Map<string, string>();
  /** Files whose upload was completed: an image block may show them. */
  private readonly files = new Set<string>();
  /** While set, image blocks of uploaded files are refused, as Slack does while it processes a file. */
  processingFiles = false;

  /** `keepFiles: false` keeps only an upload's size: a benchmark of our memory must not count Slack's. */
  constructor(private readonly options: { keepFiles?: boolean } = {}) {
    super();
    // Benchmarks wait on fifty answers at once.
    this.setMaxListeners(0);
  }
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        (answer) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)),
        (error: unknown) =>
          error instanceof Refusal
            ? res
                .writeHead(error.status, { 'content-type': 'application/json' })
                .end(JSON.stringify(error.body))
            : res.writeHead(500).end(String(error)),
      );
    });
    // Socket Mode: apps.connections.open hands out this WebSocket.
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (raw) =>
        this.record({ method: 'socket-ack', body: JSON.parse(String(raw)) as Record<string, unknown> }),
      );
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          connection_info: { app_id: 'A0APP' },
          debug_info: { host: 'loopback' },
        }),
      );
      this.emit('socket');
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Sends a Socket Mode envelope (a slash command, say) to the connected app. */
  sendEnvelope(type: string, payload: Record<string, unknown>): string {
    const envelopeId = `env-${this.nextFile++}`;
    this.socket?.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type === 'slash_commands',
      }),
    );
    return envelopeId;
  }

  /** Resolves once an app has connected over Socket Mode. */
  connected(): Promise<void> {
    return this.socket ? Promise.resolve() : new Promise((resolve) => this.once('socket', () => resolve()));
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** From now on, the method answers `{ ok: false, error }`. */
  failMethod(method: string, error: string): void {
    this.failing.set(method, error);
  }

  /** Resolves with the first recorded call (past or future) that matches. */
  waitFor(predicate: (call: SlackCall) => boolean): Promise<SlackCall> {
    const seen = this.calls.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const listener = (call: SlackCall) => {
        if (!predicate(call)) return;
        this.off('call', listener);
        resolve(call);
      };
      this.on('call', listener);
    });
  }

  private drawable(blocks: unknown): boolean {
    if (!Array.isArray(blocks)) return true;
    return (blocks as { type: string; slack_file?: { id: string } }[]).every(
      (b) =>
        b.type !== 'image' || (!!b.slack_file && this.files.has(b.slack_file.id) && !this.processingFiles),
    );
  }

  private record(call: SlackCall): void {
    this.calls.push(call);
    this.emit('call', call);
  }

  private async handle(req: IncomingMessage): Promise<unknown> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', this.url).pathname;
    if (path.startsWith('/upload/')) {
      const file = await fileOf(req, raw);
      this.record(
        this.options.keepFiles === false
          ? { method: 'upload', body: { id: path.slice(8), bytes: file.length } }
          : { method: 'upload', body: { id: path.slice(8) }, file },
      );
      return { ok: true };
    }
    if (path.startsWith('/response/')) {
      const body = parse(req, raw);
      this.record({ method: 'response', body: { ...body, responseId: path.slice(10) } });
      // Slack answers a response_url post with a block it cannot draw with 404 invalid_blocks.
      if (!this.drawable(body.blocks)) throw new Refusal(404, { ok: false, error: 'invalid_blocks' });
      return { ok: true };
    }
    const method = path.replace(/^\/api\//, '');
    const body = parse(req, raw);
    this.record({ method, body });
    const failure = this.failing.get(method);
    if (failure) return { ok: false, error: failure };
    switch (method) {
      case 'files.getUploadURLExternal': {
        const id = `F${this.nextFile++}`;
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        for (const f of body.files as { id: string }[]) this.files.add(f.id);
        return { ok: true, files: (body.files as { id: string }[]).map((f) => ({ id: f.id })) };
      case 'chat.postMessage':
        return { ok: true, channel: body.channel, ts: `${Date.now() / 1000}` };
      case 'apps.connections.open':
        return { ok: true, url: `${this.url.replace('http', 'ws')}/link` };
      case 'usergroups.users.list':
        return { ok: true, users: this.usergroups.get(String(body.usergroup)) ?? [] };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** An answer other than 200, with its body. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`refused with ${status}`);
  }
}

/** Slack's request signature: v0= HMAC-SHA256 of "v0:timestamp:body". */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Posts a request to the adapter the way Slack does; `sign` can be wrong or old on purpose. */
export async function sendToSlackApp(
  port: number,
  form: Record<string, string>,
  sign: { secret?: string; timestamp?: number } = {},
): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams(form).toString();
  const timestamp = sign.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
  };
  if (sign.secret !== undefined) headers['x-slack-signature'] = slackSignature(sign.secret, timestamp, body);
  const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.text() };
}
