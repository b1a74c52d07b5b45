// npm run bench:upload -- [--db postgres|pglite]: how the API fares beside bad and large uploads, over a
// real socket. A gzip that inflates to 500 MB of one line: seconds until it is refused. A city's year
// of incidents (148,636 Chicago rows) imported: the slowest answer of /v1/models and of
// /v1/hotspots.geojson while it runs, beside the same answers when nothing runs.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import postgres from 'postgres';
import { createApi } from '../../src/api/app.ts';
import { listen } from '../../src/api/server.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { silentLogger } from '../../src/log.ts';
import { TEST_FORECAST_SETTINGS, TEST_TOKEN } from '../helpers/api.ts';
import { demoDatabase, demoInto } from '../helpers/demo-city.ts';
import { CHICAGO, line } from './shared.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const MB = 1024 * 1024;
const admin = postgres(values.server, { max: 1, onnotice: () => {} });
const name = `bench_upload_${process.pid}`;

async function database(): Promise<Database> {
  if (values.db === 'pglite') return demoDatabase();
  await admin.unsafe(`create database ${name}`);
  const url = new URL(values.server);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString() });
  await migrate(db);
  // The demo city's forecast to serve, as the PGlite run has it.
  return demoInto(db);
}

const db = await database();
const api = createApi({
  database: db,
  log: silentLogger(),
  importSettings: { timeZone: 'America/Chicago', h3Resolution: 9, limits: { maxExpandedBytes: 4096 * MB } },
  apiToken: TEST_TOKEN,
  maxBodyBytes: 100 * MB,
  forecastSettings: TEST_FORECAST_SETTINGS,
  ratePerMinute: 0,
});
const http = await listen(api, 0, '127.0.0.1');
const headers = { authorization: `Bearer ${TEST_TOKEN}` };

/** Seconds one GET takes, its body read. */
async function timed(path: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${http.url}${path}`, { headers });
  await response.arrayBuffer();
  return (performance.now() - start) / 1000;
}

/** Asks `path` again and again until `until` settles; the slowest answer, and how many there were. */
async function probe(
  path: string,
  until: Promise<unknown>,
): Promise<{ maxSeconds: number; answers: number }> {
  let done = false;
  until.finally(() => {
    done = true;
  });
  let max = 0;
  let answers = 0;
  while (!done && answers < 10_000) {
    max = Math.max(max, await timed(path));
    answers++;
  }
  return { maxSeconds: Number(max.toFixed(3)), answers };
}

const GEOJSON = '/v1/hotspots.geojson?when=tonight&top=50';
try {
  // Warm: the forecast behind the GeoJSON is made once, before anything is timed.
  await timed(GEOJSON);
  const idle = { models: await timed('/v1/models'), geojson: await timed(GEOJSON) };

  const bomb = gzipSync(Buffer.alloc(500 * MB, 'x'), { level: 9 });
  const sent = performance.now();
  const refused = await fetch(`${http.url}/v1/incidents`, {
    method: 'POST',
    body: bomb,
    headers: { ...headers, 'content-type': 'text/csv' },
  });
  const refusedSeconds = (performance.now() - sent) / 1000;
  line({
    bench: 'upload',
    db: values.db,
    run: 'one-line gzip',
    compressedKB: Math.round(bomb.length / 1024),
    inflatesToMB: 500,
    status: refused.status,
    seconds: Number(refusedSeconds.toFixed(3)),
    error: ((await refused.json()) as { error: string }).error.slice(0, 60),
  });

  const file = readFileSync(CHICAGO());
  const started = performance.now();
  const importing = fetch(`${http.url}/v1/incidents?profile=chicago`, {
    method: 'POST',
    body: file,
    headers: { ...headers, 'content-type': 'text/csv' },
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { accepted?: number } }));
  const [models, geojson, imported] = await Promise.all([
    probe('/v1/models', importing),
    probe(GEOJSON, importing),
    importing,
  ]);
  line({
    bench: 'upload',
    db: values.db,
    run: 'large import',
    rows: imported.body.accepted,
    status: imported.status,
    importSeconds: Number(((performance.now() - started) / 1000).toFixed(2)),
    modelsMaxSeconds: models.maxSeconds,
    modelsAnswers: models.answers,
    geojsonMaxSeconds: geojson.maxSeconds,
    geojsonAnswers: geojson.answers,
    idleModelsSeconds: Number(idle.models.toFixed(3)),
    idleGeojsonSeconds: Number(idle.geojson.toFixed(3)),
  });
} finally {
  await http.close();
  await db.close();
  if (values.db === 'postgres') await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end({ timeout: 5 });
  // The first real import queued a training; the benchmark is over.
  process.exit(0);
}
