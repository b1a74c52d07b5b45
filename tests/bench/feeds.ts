// npm run bench:feeds: a Socrata feed run of 10,000 new rows (Chicago's shared file served by a loopback
// portal, pages of 1,000) into an empty PGlite database, beside an import of the same rows from a local
// NDJSON file in the same run: what the portal's paging and the feed's bookkeeping cost over the import.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, PGLITE_OPTIONS } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { addFeed, feedNamed } from '../../src/feeds/feed-store.ts';
import { runFeed } from '../../src/feeds/run-feed.ts';
import { importFile } from '../../src/ingest/importer.ts';
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
