// Uploads that hold no incidents: one endless line, a lone header, a client that hangs up. Each is
// refused or undone at once, stores nothing, and leaves the service answering.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { authorised, bodyOf, testApi } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { CHICAGO } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const MB = 1024 * 1024;

/** 500 MB of one line, gzipped to about half a megabyte: built once, from 1 MB blocks. */
let bomb: Buffer | undefined;
function oneLineBomb(): Buffer {
  if (!bomb) {
    const block = Buffer.alloc(MB, 'x');
    bomb = gzipSync(Buffer.concat(Array.from({ length: 500 }, () => block)), { level: 9 });
  }
  return bomb;
}

const stored = async (database: Database) =>
  (
    await rowsOf<{ incidents: number; batches: number }>(
      database,
      'select (select count(*)::int from incidents) as incidents, (select count(*)::int from ingest_batches) as batches',
    )
  )[0]!;

// The production limit on expansion (4 GB), so that only the line limit can stop the file.
const api = (database: Database) =>
  testApi(database, {
    importSettings: {
      timeZone: 'America/Chicago',
      h3Resolution: 9,
      limits: { maxExpandedBytes: 4096 * MB },
    },
  });

describeEachDatabase('uploads that hold no incidents', (kind) => {
  test('a gzip that inflates to 500 MB of one line is refused at its first megabyte, stores no incident, and the API answers beside it', async () => {
    const database = await freshDatabase(kind);
    const app = api(database);
    const body = oneLineBomb();
    expect(body.length).toBeLessThan(MB);
    const upload = app.request('/v1/incidents', {
      method: 'POST',
      body,
      headers: authorised({ 'content-type': 'text/csv' }),
    });
    const models = app.request('/v1/models', { headers: authorised() });
    const [refused, listed] = await Promise.all([upload, models]);
    expect(refused.status).toBe(400);
    expect((await bodyOf(refused)).error).toBe(
      'line 1 is longer than 1 MB: no export of incidents has such lines (is it one line with its breaks lost?); nothing was stored',
    );
    expect(listed.status).toBe(200);
    expect((await stored(database)).incidents).toBe(0);
  });

  test('a body with no rows (a lone header, three bytes, an empty list) is a 400 that says so and records no batch', async () => {
    const database = await freshDatabase(kind);
    const app = api(database);
    const post = (body: string, type: string) =>
      app.request('/v1/incidents', { method: 'POST', body, headers: authorised({ 'content-type': type }) });
    for (const [body, type, error] of [
      [
        'date,lat,lon,type\n',
        'text/csv',
        'no rows found: the file has no line under its header; nothing was stored',
      ],
      ['abc', 'text/csv', 'no rows found: the file has no line under its header; nothing was stored'],
      ['[]', 'application/json', 'no records found in the file; nothing was stored'],
      [
        '{"type":"FeatureCollection","features":[]}',
        'application/geo+json',
        'no records found in the file; nothing was stored',
      ],
    ] as const) {
      const response = await post(body, type);
      expect(response.status, body).toBe(400);
      expect((await bodyOf(response)).error).toBe(error);
    }
    expect(await stored(database)).toEqual({ incidents: 0, batches: 0 });
    // The same header with one row under it is an import.
    const one = await post('date,lat,lon,type\n2019-03-01 22:10,41.88,-87.63,assault\n', 'text/csv');
    expect(one.status).toBe(200);
    expect(await stored(database)).toEqual({ incidents: 1, batches: 1 });
  });

  test('a client that hangs up once its upload is sent cancels the import: no batch, no incident', async () => {
    const database = await freshDatabase(kind);
    const app = api(database);
    const file = readFileSync(CHICAGO);
    const gone = new AbortController();
    // The body streams; the moment its last byte is taken, the client goes away.
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= file.length) {
          controller.close();
          setImmediate(() => gone.abort());
          return;
        }
        controller.enqueue(file.subarray(sent, sent + 256 * 1024));
        sent += 256 * 1024;
      },
    });
    const response = await app.request('/v1/incidents?profile=chicago', {
      method: 'POST',
      body,
      duplex: 'half',
      signal: gone.signal,
      headers: authorised({ 'content-type': 'text/csv' }),
    } as RequestInit);
    expect((await bodyOf(response)).error).toBe('the import was cancelled: whoever sent it has gone');
    expect(await stored(database)).toEqual({ incidents: 0, batches: 0 });
    // The same file, sent by a client that waits, is stored whole.
    const kept = await app.request('/v1/incidents?profile=chicago', {
      method: 'POST',
      body: file,
      headers: authorised({ 'content-type': 'text/csv' }),
    });
    expect(kept.status).toBe(200);
    expect((await stored(database)).batches).toBe(1);
  }, 120_000);
});
