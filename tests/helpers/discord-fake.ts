// A loopback server that plays Discord for discord.js: the REST routes the adapter uses and a gateway
// that says HELLO, answers IDENTIFY with READY, acknowledges heartbeats and dispatches interactions.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import busboy from 'busboy';
import { type WebSocket, WebSocketServer } from 'ws';

export const APP_ID = '100000000000000001';
export const GUILD_ID = '200000000000000002';
export const CHANNEL_ID = '300000000000000003';
const BOT_ID = '400000000000000004';

export interface DiscordCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  files: { name: string; data: Buffer }[];
}

async function readRequest(
  req: IncomingMessage,
): Promise<{ body: Record<string, unknown>; files: DiscordCall['files'] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/')) {
    return {
      body: raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {},
      files: [],
    };
  }
  return new Promise((resolve, reject) => {
    let body: Record<string, unknown> = {};
    const files: DiscordCall['files'] = [];
    const bb = busboy({ headers: req.headers });
    bb.on('field', (name, value) => {
      if (name === 'payload_json') body = JSON.parse(value) as Record<string, unknown>;
    });
    bb.on('file', (_field, stream, info) => {
      const parts: Buffer[] = [];
      stream.on('data', (d: Buffer) => parts.push(d));
      stream.on('end', () => files.push({ name: info.filename ?? '', data: Buffer.concat(parts) }));
    });
    bb.on('close', () => resolve({ body, files }));
    bb.on('error', reject);
    bb.end(raw);
  });
}

let snowflake = 500000000000000000n;
const nextId = () => String(++snowflake);

export class DiscordFake extends EventEmitter {
  readonly calls: DiscordCall[] = [];
  /** What is registered for the guild, as Discord would answer. */
  registered: Record<string, unknown>[] = [];
  private server!: Server;
  private wss!: WebSocketServer;
  /** Connected clients, newest last: interactions go to the newest one still open. */
  private readonly sockets: WebSocket[] = [];
  private sequence = 0;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body }) => {
          if (body === undefined) res.writeHead(status).end();
          else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        },
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket) => this.gateway(socket));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  waitFor(predicate: (call: DiscordCall) => boolean): Promise<DiscordCall> {
    const seen = this.calls.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const listener = (call: DiscordCall) => {
        if (!predicate(call)) return;
        this.off('call', listener);
        resolve(call);
      };
      this.on('call', listener);
    });
  }

  /** Sends an interaction through the gateway, as a member with these roles; returns its token. */
  interact(
    data: Record<string, unknown>,
    options: { type?: number; roles?: string[]; user?: string } = {},
  ): string {
    const token = `token-${nextId()}`;
    const user = {
      id: options.user ?? '600000000000000006',
      username: 'officer',
      discriminator: '0',
      avatar: null,
      global_name: null,
    };
    this.dispatch('INTERACTION_CREATE', {
      id: nextId(),
      application_id: APP_ID,
      type: options.type ?? 2,
      token,
      version: 1,
      data: { id: nextId(), type: 1, ...data },
      guild_id: GUILD_ID,
      channel_id: CHANNEL_ID,
      channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'patrol' },
      member: {
        user,
        roles: options.roles ?? [],
        permissions: '0',
        joined_at: '2024-01-01T00:00:00.000Z',
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        nick: null,
        avatar: null,
        premium_since: null,
      },
      app_permissions: '0',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: {},
      context: 0,
      attachment_size_limit: 26214400,
    });
    return token;
  }

  private dispatch(t: string, d: unknown): void {
    const open = this.sockets.filter((s) => s.readyState === s.OPEN).at(-1);
    open?.send(JSON.stringify({ op: 0, t, s: ++this.sequence, d }));
  }

  private gateway(socket: WebSocket): void {
    this.sockets.push(socket);
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null }));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { op: number };
      if (message.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (message.op === 2) {
        this.dispatch('READY', {
          v: 10,
          user: {
            id: BOT_ID,
            username: 'patrolcast',
            discriminator: '0',
            avatar: null,
            bot: true,
            global_name: null,
          },
          guilds: [],
          session_id: 'session-1',
          resume_gateway_url: this.url.replace('http', 'ws'),
          application: { id: APP_ID, flags: 0 },
          shard: [0, 1],
        });
        this.emit('ready');
      }
    });
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body?: unknown }> {
    const path = decodeURIComponent(new URL(req.url ?? '/', this.url).pathname);
    const { body, files } = await readRequest(req);
    const call = { method: req.method ?? 'GET', path, body, files };
    this.calls.push(call);
    this.emit('call', call);
    if (path === '/v10/gateway/bot') {
      return {
        status: 200,
        body: {
          url: this.url.replace('http', 'ws'),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
        },
      };
    }
    if (path === `/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`) {
      if (req.method === 'PUT') {
        this.registered = (body as unknown as Record<string, unknown>[]).map((c) => ({
          ...c,
          id: nextId(),
          application_id: APP_ID,
          guild_id: GUILD_ID,
          version: nextId(),
        }));
      }
      return { status: 200, body: this.registered };
    }
    if (/^\/v10\/interactions\/\d+\/[\w-]+\/callback$/.test(path)) return { status: 204 };
    if (/^\/v10\/webhooks\/\d+\/[\w-]+(\/messages\/@original)?$/.test(path)) {
      return {
        status: 200,
        body: {
          id: nextId(),
          type: 0,
          channel_id: CHANNEL_ID,
          content: '',
          author: { id: BOT_ID, username: 'patrolcast', discriminator: '0', avatar: null, bot: true },
          embeds: body.embeds ?? [],
          attachments: files.map((f) => ({
            id: nextId(),
            filename: f.name,
            size: f.data.length,
            url: `${this.url}/a`,
            proxy_url: `${this.url}/a`,
          })),
          components: [],
          mentions: [],
          mention_roles: [],
          mention_everyone: false,
          pinned: false,
          tts: false,
          timestamp: new Date().toISOString(),
          edited_timestamp: null,
          flags: 0,
        },
      };
    }
    return { status: 404, body: { message: 'Unknown route', code: 0 } };
  }
}
