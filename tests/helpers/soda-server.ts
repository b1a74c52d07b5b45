// A loopback server that speaks enough of Socrata's SODA 2 for a feed: one dataset, rows with their
// :id and :updated_at, `$where=:updated_at >= '…'`, `$order=:updated_at, :id`, `$limit`/`$offset`
// paging, X-App-Token, and 429 with Retry-After when told to refuse.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeLoopback, listenLoopback } from './loopback.ts';

export type SodaRow = Record<string, string | number | null | Record<string, unknown>>;

/** Emits 'served' with each answered page: its query's $select, its offset and how many rows it held. */
export class SodaServer extends EventEmitter {
  rows: SodaRow[] = [];
  /** Requests to refuse with 429 before answering again. */
  refuse = 0;
  /** Serve page 0 for every offset (a broken portal). */
  samePageAlways = false;
  readonly requests: { url: URL; appToken: string | undefined }[] = [];
  private server: Server | undefined;

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  get resourceUrl(): string {
    return `http://127.0.0.1:${this.port}/resource/ijzp-q8t2.json`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      this.requests.push({ url, appToken: header(req, 'x-app-token') });
      if (url.pathname !== '/resource/ijzp-q8t2.json') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: true, message: 'not found' }));
        return;
      }
      if (this.refuse > 0) {
        this.refuse--;
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
        res.end('{"error":true,"message":"Too many requests"}');
        return;
      }
      // `field >= 'value'`, compared as text: ISO times and floating times sort as they read.
      const where = /^(:?\w+) >= '(.+)'$/.exec(url.searchParams.get('$where') ?? '');
      const select = url.searchParams.get('$select') ?? ':*, *';
      const order = (url.searchParams.get('$order') ?? ':updated_at, :id').split(',').map((f) => f.trim());
      const limit = Number(url.searchParams.get('$limit') ?? 1000);
      const offset = this.samePageAlways ? 0 : Number(url.searchParams.get('$offset') ?? 0);
      const selected = this.rows
        .filter((r) => !where || String(r[where[1]!]) >= where[2]!)
        .sort((a, b) => {
          for (const f of order) {
            const c = String(a[f]).localeCompare(String(b[f]));
            if (c !== 0) return c;
          }
          return 0;
        })
        .map((r) =>
          select === ':*, *' ? r : Object.fromEntries(select.split(',').map((f) => [f.trim(), r[f.trim()]])),
        );
      const page = selected.slice(offset, offset + limit);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(page), () => this.emit('served', { select, offset, rows: page.length, limit }));
    });
    await listenLoopback(this.server);
  }

  stop(): Promise<void> {
    return closeLoopback(this.server);
  }
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
