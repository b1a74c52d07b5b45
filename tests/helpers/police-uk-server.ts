// A loopback server that speaks enough of the police.uk API for a feed: `crimes-street-dates`, a
// force's `neighbourhoods` and each one's `boundary`, and `crimes-street/all-crime` by polygon and
// month (GET or POST), answering 503 when an area holds more crimes than one answer may (as the real
// API does over 10,000), 404 for an unknown force, and 429 when told to refuse.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeLoopback, listenLoopback } from './loopback.ts';

export interface Crime {
  id: number;
  persistent_id: string;
  category: string;
  month: string;
  location: { latitude: string; longitude: string; street: { id: number; name: string } };
}

export interface Neighbourhood {
  id: string;
  name: string;
  boundary: [lat: number, lon: number][];
}

type Point = [number, number];

const inside = ([lat, lon]: Point, ring: readonly Point[]) => {
  let odd = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ai, bi] = ring[i]!;
    const [aj, bj] = ring[j]!;
    if (bi > lon !== bj > lon && lat < ((aj - ai) * (lon - bi)) / (bj - bi) + ai) odd = !odd;
  }
  return odd;
};

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

export class PoliceUkServer {
  force = 'essex';
  months: string[] = [];
  neighbourhoods: Neighbourhood[] = [];
  crimes: Crime[] = [];
  /** More crimes than this in one answer is a 503. */
  limit = 10_000;
  refuse = 0;
  readonly asked: { path: string; status: number; crimes: number }[] = [];
  private server: Server | undefined;

  get base(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/api`;
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const params = req.method === 'POST' ? new URLSearchParams(await bodyOf(req)) : url.searchParams;
      const send = (status: number, body: unknown, crimes = 0) => {
        this.asked.push({ path: url.pathname, status, crimes });
        res.writeHead(status, {
          'content-type': 'application/json',
          ...(status === 429 ? { 'retry-after': '0' } : {}),
        });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      if (this.refuse > 0) {
        this.refuse--;
        return send(429, undefined);
      }
      const path = url.pathname.replace(/^\/api\//, '');
      if (path === 'crimes-street-dates')
        return send(
          200,
          this.months.map((date) => ({ date, 'stop-and-search': [this.force] })),
        );
      if (path === 'crimes-street/all-crime') {
        const ring = (params.get('poly') ?? '').split(':').map((p) => p.split(',').map(Number) as Point);
        const month = params.get('date');
        const found = this.crimes.filter(
          (c) =>
            c.month === month && inside([Number(c.location.latitude), Number(c.location.longitude)], ring),
        );
        return found.length > this.limit ? send(503, undefined) : send(200, found, found.length);
      }
      const [force, id, what] = path.split('/');
      if (force !== this.force) return send(404, undefined);
      if (id === 'neighbourhoods' && !what)
        return send(
          200,
          this.neighbourhoods.map((n) => ({ id: n.id, name: n.name })),
        );
      const n = this.neighbourhoods.find((x) => x.id === id);
      if (n && what === 'boundary')
        return send(
          200,
          n.boundary.map(([lat, lon]) => ({ latitude: String(lat), longitude: String(lon) })),
        );
      return send(404, undefined);
    });
    await listenLoopback(this.server);
  }

  stop(): Promise<void> {
    return closeLoopback(this.server);
  }
}
