// npm run bench:feeds: a Socrata feed run of 10,000 new rows (Chicago's shared file served by a loopback
// portal, pages of 1,000) into an empty PGlite database, beside an import of the same rows from a local
// NDJSON file in the same run: what the portal's paging and the feed's bookkeeping cost over the import.
// Then a CKAN feed's first run of the whole file (pages of 10,000): how far the process grows above
// what it held before the run, beside the size of the rows as NDJSON, so that a large agency's first
// run is bound by a page, not by the resource.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, PGLITE_OPTIONS } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { addFeed, feedNamed } from '../../src/feeds/feed-store.ts';
import { runFeed } from '../../src/feeds/run-feed.ts';
import { importFile } from '../../src/ingest/importer.ts';
import { CkanServer } from '../helpers/ckan-server.ts';
import { sharedRows } from '../helpers/shared-rows.ts';
import { SodaServer } from '../helpers/soda-server.ts';
import { CHICAGO, line } from './shared.ts';

const N = 10_000;
const settings = { timeZone: 'America/Chicago', h3Resolution: 9, limits: { maxExpandedBytes: 1 << 30 } };

async function rows() {
  return (await sharedRows(CHICAGO(), N)).map((v, i) => ({
    ':id': `row-${i}`,
    ':updated_at': `2026-12-01T00:00:00.${String(i % 1000).padStart(3, '0')}Z`,
    id: String(20_000_000 + i),
    date: `${v.date!.replace(' ', 'T')}:00.000`,
    primary_type: 'ASSAULT',
    district: v.district!,
    latitude: v.latitude!,
    longitude: v.longitude!,
  }));
}

/** One timed run as a JSON line: rows, seconds and rows per second. */
const report = (run: string, rows: number, seconds: number) =>
  line({ run, rows, seconds: Number(seconds.toFixed(2)), rowsPerSecond: Math.round(rows / seconds) });

const fresh = async () => {
  const database = await openDatabase({ pglite: await PGlite.create(PGLITE_OPTIONS) });
  await migrate(database);
  return database;
};

// First, while the process is small, so that its growth shows in RSS as well as in the heap.
await firstRunMemory();

const portal = new SodaServer();
portal.rows = await rows();
await portal.start();
const scratch = mkdtempSync(join(tmpdir(), 'patrolcast-bench-feeds-'));
try {
  // A first import warms the code both runs share, so that neither pays for it alone.
  const warm = await fresh();
  const warmPath = join(scratch, 'warm.ndjson');
  writeFileSync(
    warmPath,
    `${portal.rows
      .slice(0, 2000)
      .map((x) => JSON.stringify(x))
      .join('\n')}\n`,
  );
  await importFile(warm, { path: warmPath, profile: 'chicago' }, settings);
  await warm.close();

  const viaFeed = await fresh();
  await addFeed(
    viaFeed,
    { name: 'chicago', kind: 'socrata', url: portal.resourceUrl, options: { profile: 'chicago' } },
    {
      actorKind: 'cli',
      actor: 'bench',
    },
  );
  let started = performance.now();
  const r = await runFeed(viaFeed, await feedNamed(viaFeed, 'chicago'), settings);
  const feedSeconds = (performance.now() - started) / 1000;
  report('socrata feed', r.added, feedSeconds);
  await viaFeed.close();

  const direct = await fresh();
  const path = join(scratch, 'rows.ndjson');
  writeFileSync(path, `${portal.rows.map((x) => JSON.stringify(x)).join('\n')}\n`);
  started = performance.now();
  const imported = await importFile(direct, { path, profile: 'chicago' }, settings);
  const importSeconds = (performance.now() - started) / 1000;
  report('import of the same rows', imported.accepted, importSeconds);
  line({ ratio: Number((importSeconds / feedSeconds).toFixed(2)), of: 'import seconds / feed seconds' });
  await direct.close();
} finally {
  await portal.stop();
  rmSync(scratch, { recursive: true, force: true });
}

/** A CKAN feed's first run of every row of Chicago's file: the peak growth of the heap and of RSS. */
async function firstRunMemory() {
  const ckan = new CkanServer();
  ckan.rowsMax = 10_000;
  const all = (await sharedRows(CHICAGO(), Number.POSITIVE_INFINITY)).map((v, i) => ({
    id: String(20_000_000 + i),
    date: `${v.date!.replace(' ', 'T')}:00`,
    primary_type: 'ASSAULT',
    district: v.district!,
    latitude: Number(v.latitude),
    longitude: Number(v.longitude),
  }));
  const fields = ['id', 'date', 'primary_type', 'district', 'latitude', 'longitude'].map((id) => ({
    id,
    type: id === 'date' ? 'timestamp' : id.startsWith('l') ? 'numeric' : 'text',
  }));
  ckan.resources.set('crime-incidents', { fields, rows: all, sql: true });
  await ckan.start();
  try {
    const database = await fresh();
    await addFeed(
      database,
      {
        name: 'chicago',
        kind: 'ckan',
        url: ckan.pageUrl('crime-incidents'),
        options: { profile: 'chicago' },
      },
      { actorKind: 'cli', actor: 'bench' },
    );
    const feed = await feedNamed(database, 'chicago');
    global.gc?.();
    const before = process.memoryUsage();
    const peak = { rss: before.rss, heap: before.heapUsed };
    const sample = setInterval(() => {
      const now = process.memoryUsage();
      peak.rss = Math.max(peak.rss, now.rss);
      peak.heap = Math.max(peak.heap, now.heapUsed);
    }, 20);
    const started = performance.now();
    const r = await runFeed(database, feed, settings);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sample);
    const MB = 1024 * 1024;
    line({
      run: 'ckan feed, first run',
      rows: r.added,
      seconds: Number(seconds.toFixed(2)),
      heapGrowthMB: Math.round((peak.heap - before.heapUsed) / MB),
      rssGrowthMB: Math.round((peak.rss - before.rss) / MB),
      ndjsonMB: Math.round(all.reduce((n, row) => n + JSON.stringify(row).length + 1, 0) / MB),
    });
    await database.close();
  } finally {
    await ckan.stop();
  }
}
