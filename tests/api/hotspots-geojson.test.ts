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
  expect(etag).toMatch(/^"forecast-\d+-50"$/);
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
