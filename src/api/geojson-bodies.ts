// The GeoJSON of a stored forecast, serialised and compressed once and then served from memory: a
// forecast never changes (a new one gets a new id), so its bytes, gzip and ETag do not either. Building
// an 800 KB body for every request held the event loop long enough to starve liveness probes.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { StoredForecast } from '../forecast/forecast-store.ts';
import type { LeftOut } from '../forecast/left-out.ts';
import { forecastGeoJson, type GeoJsonFreshness } from '../maps/geojson.ts';

const gzipAsync = promisify(gzip);

export interface GeoJsonBody {
  etag: string;
  raw: Buffer;
  gzipped: Buffer;
}

/** Bodies kept: the windows and categories being asked for at once across an agency. */
const KEPT = 24;

export class GeoJsonBodies {
  private readonly bodies = new Map<string, Promise<GeoJsonBody>>();

  /** The body of the forecast (its best `top` cells), built on first use. */
  get(
    forecast: StoredForecast,
    top: number | undefined,
    freshness: GeoJsonFreshness,
    names: () => Promise<Map<string, string>>,
    leftOut: LeftOut = new Map(),
  ): Promise<GeoJsonBody> {
    // An import may add older incidents than the window, so the freshness is part of the body's identity;
    // so are the dumps left out, which an analyst may keep after all.
    const out = [...leftOut.keys()].sort().join(',');
    const key = `${forecast.id}:${top ?? 'all'}:${freshness.newestIncident ?? 'none'}:${out}`;
    let body = this.bodies.get(key);
    if (body) {
      // Most recently used last: the oldest is the first to go.
      this.bodies.delete(key);
    } else {
      const etag = `"forecast-${forecast.id}-${top ?? 'all'}-${etagPart(freshness)}${out ? `-${hash(out)}` : ''}"`;
      body = names().then((n) => build(forecast, { top, freshness, names: n, leftOut }, etag));
      body.catch(() => this.bodies.delete(key));
    }
    this.bodies.set(key, body);
    while (this.bodies.size > KEPT) this.bodies.delete(this.bodies.keys().next().value!);
    return body;
  }
}

/** A short, stable digest of the left-out cells, for the ETag. */
const hash = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 8);

const etagPart = (f: GeoJsonFreshness) =>
  f.newestIncident ? String(Date.parse(f.newestIncident) / 1000) : 'none';

async function build(
  forecast: StoredForecast,
  options: {
    top: number | undefined;
    freshness: GeoJsonFreshness;
    names: Map<string, string>;
    leftOut: LeftOut;
  },
  etag: string,
): Promise<GeoJsonBody> {
  const raw = Buffer.from(JSON.stringify(forecastGeoJson(forecast, options)));
  // zlib's asynchronous call runs in the thread pool, off the event loop.
  return { etag, raw, gzipped: await gzipAsync(raw, { level: 6 }) };
}

/** Whether a request's If-None-Match names this ETag (or any). */
export const matchesETag = (header: string | undefined, etag: string): boolean =>
  header !== undefined && (header.trim() === '*' || header.split(',').some((t) => t.trim() === etag));

/** Whether the client takes gzip (Accept-Encoding, not refused with q=0). */
export const acceptsGzip = (header: string | undefined): boolean =>
  (header ?? '')
    .split(',')
    .map((part) => part.trim().toLowerCase().split(';'))
    .some(([coding, q]) => (coding === 'gzip' || coding === '*') && !/^\s*q=0(\.0*)?\s*$/.test(q ?? ''));
