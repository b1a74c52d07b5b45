// The hotspot GeoJSON is built once per forecast and served from memory: the same bytes every time,
// gzip to those who take it, and 304 to a client that already has it.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { authorised, testApi } from '../helpers/api.ts';
import { sharedTrainedDemo } from '../helpers/trained-demo.ts';

let database: Database;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ database, dispose } = await sharedTrainedDemo('pglite'));
});
afterAll(() => dispose());

const PATH = '/v1/hotspots.geojson?when=tomorrow&category=all&top=50';

test('the GeoJSON comes gzipped to clients that take it, whole to others, with one ETag', async () => {
  const api = testApi(database);
  const plain = await api.request(PATH, { headers: authorised() });
  expect(plain.status).toBe(200);
  expect(plain.headers.get('content-encoding')).toBeNull();
  expect(plain.headers.get('content-type')).toBe('application/geo+json');
  const etag = plain.headers.get('etag');
  // The forecast, how many cells, and the newest incident before the window (an import can change it).
  expect(etag).toMatch(/^"forecast-\d+-50-\d+"$/);
  const collection = (await plain.json()) as { type: string; features: { properties: { rank: number } }[] };
  expect(collection.type).toBe('FeatureCollection');
  expect(collection.features.map((f) => f.properties.rank)).toEqual(
    Array.from({ length: 50 }, (_, i) => i + 1),
  );

  const zipped = await api.request(PATH, { headers: authorised({ 'accept-encoding': 'gzip, deflate, br' }) });
  expect(zipped.headers.get('content-encoding')).toBe('gzip');
  expect(zipped.headers.get('etag')).toBe(etag);
  expect(zipped.headers.get('vary')).toContain('Accept-Encoding');
  const bytes = Buffer.from(await zipped.arrayBuffer());
  expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toEqual(collection);

  // gzip refused outright (q=0) gets the plain body.
  const refused = await api.request(PATH, { headers: authorised({ 'accept-encoding': 'gzip;q=0' }) });
  expect(refused.headers.get('content-encoding')).toBeNull();
});

test('a client holding the current forecast gets 304 and no body; another window gets its own ETag', async () => {
  const api = testApi(database);
  const first = await api.request(PATH, { headers: authorised() });
  const etag = first.headers.get('etag')!;
  const again = await api.request(PATH, { headers: authorised({ 'if-none-match': etag }) });
  expect(again.status).toBe(304);
  expect(await again.text()).toBe('');
  const other = await api.request(PATH.replace('top=50', 'top=10'), {
    headers: authorised({ 'if-none-match': etag }),
  });
  expect(other.status).toBe(200);
  expect(other.headers.get('etag')).not.toBe(etag);
});

test('the file says when its data are stale; `at` asks for a date inside the data; a bad date is a 400', async () => {
  const api = testApi(database);
  type Collection = {
    patrolcast: { stale: boolean; staleNote: string | null; newestIncident: string | null };
    features: { properties: { rank: number | null } }[];
  };
  // Tomorrow is months after the demo data end (2026-05-31).
  const now = await api.request(PATH, { headers: authorised() });
  expect(now.headers.get('x-patrolcast-stale')).toMatch(/^\d+ months$/);
  const stale = (await now.json()) as Collection;
  expect(stale.patrolcast).toMatchObject({ stale: true, staleNote: expect.stringMatching(/^Stale data: /) });

  const past = await api.request('/v1/hotspots.geojson?at=2026-05-20&top=5', { headers: authorised() });
  expect(past.status).toBe(200);
  expect(past.headers.get('x-patrolcast-stale')).toBeNull();
  const inside = (await past.json()) as Collection & {
    patrolcast: { windowKind: string; windowStart: string };
  };
  expect(inside.patrolcast).toMatchObject({ stale: false, staleNote: null, windowKind: 'day' });
  expect(inside.patrolcast.newestIncident! < inside.patrolcast.windowStart).toBe(true);
  expect(inside.features.map((f) => f.properties.rank)).toEqual([1, 2, 3, 4, 5]);

  const bad = await api.request('/v1/hotspots.geojson?at=2026-02-30', { headers: authorised() });
  expect(bad.status).toBe(400);
  expect(await bad.json()).toEqual({
    error: "'2026-02-30' is not a date: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or HH:MM (local time)",
  });
});
