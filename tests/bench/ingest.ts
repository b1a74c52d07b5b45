// npm run bench:ingest -- --db pglite|postgres [--file F --profile P]
// Imports the Chicago file into an empty database and prints one JSON line; then loads the same
// canonical rows with psql's \copy into an unindexed table, prints that line, and the ratio; then into a
// table with the incidents' key and time index, and the ratio to that.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { rowsOf } from '../helpers/rows.ts';
import { CHICAGO } from './shared.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    file: { type: 'string', default: CHICAGO() },
    profile: { type: 'string', default: 'chicago' },
    server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
if (values.db !== 'pglite' && values.db !== 'postgres') throw new Error('--db pglite|postgres');

const scratch = mkdtempSync(join(tmpdir(), 'patrolcast-bench-'));
const admin = postgres(values.server, { max: 1, onnotice: () => {} });
const suffix = `${process.pid}`;
const urlFor = (name: string) => {
  const url = new URL(values.server);
  url.pathname = `/${name}`;
  return url.toString();
};

function child(target: string): { received: number; accepted: number; seconds: number; maxRssMB: number } {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'tests/bench/ingest-child.ts', target, values.file, values.profile],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

try {
  // An empty, migrated database first: creating one is not part of the import.
  let target: string;
  if (values.db === 'postgres') {
    await admin.unsafe(`create database bench_ingest_${suffix}`);
    target = urlFor(`bench_ingest_${suffix}`);
  } else {
    target = join(scratch, 'pglite');
  }
  const setup = await openDatabase(
    target.startsWith('postgres') ? { databaseUrl: target } : { dataDir: target },
  );
  await migrate(setup);
  await setup.close();
  // Creating a database forces a checkpoint; let it finish before the clock starts.
  if (values.db === 'postgres') await admin.unsafe('checkpoint');

  const ours = child(target);
  console.log(
    JSON.stringify({
      rows: ours.accepted,
      seconds: Number(ours.seconds.toFixed(3)),
      rowsPerSecond: Math.round(ours.received / ours.seconds),
      rssMB: Math.round(ours.maxRssMB),
      db: values.db,
    }),
  );

  // The same canonical rows, as psql's \copy would load them into a table with no index.
  const stored = await openDatabase(
    target.startsWith('postgres') ? { databaseUrl: target } : { dataDir: target },
  );
  const rows = await rowsOf<Record<string, unknown>>(
    stored,
    `select source, external_id, occurred_at, time_precision, category, raw_type, lat, lon, cell, district, origin
     from incidents`,
  );
  await stored.close();
  const quote = (v: unknown) =>
    v === null ? '' : `"${String(v instanceof Date ? v.toISOString() : v).replaceAll('"', '""')}"`;
  const csvPath = join(scratch, 'canonical.csv');
  writeFileSync(csvPath, rows.map((r) => Object.values(r).map(quote).join(',')).join('\n'));
  await admin.unsafe(`create database bench_copy_${suffix}`);
  const copyUrl = urlFor(`bench_copy_${suffix}`);
  execFileSync('psql', [
    copyUrl,
    '-q',
    '-c',
    `create table canonical (source text, external_id text, occurred_at timestamptz,
    time_precision text, category text, raw_type text, lat double precision, lon double precision, cell text,
    district text, origin text)`,
  ]);
  /** psql's \copy of the rows into a table, timed and printed; its rows per second. */
  const copyInto = (table: string, more: Record<string, string> = {}) => {
    const started = performance.now();
    const run = spawnSync(
      'psql',
      [copyUrl, '-q', '-c', `\\copy ${table} from '${csvPath}' with (format csv)`],
      {
        encoding: 'utf8',
      },
    );
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(run.stderr);
    const rate = Math.round(rows.length / seconds);
    console.log(
      JSON.stringify({
        rows: rows.length,
        seconds: Number(seconds.toFixed(3)),
        rowsPerSecond: rate,
        db: 'postgres',
        tool: 'psql \\copy',
        ...more,
      }),
    );
    return rate;
  };
  const ourRate = ours.received / ours.seconds;
  const psqlRate = copyInto('canonical');
  console.log(JSON.stringify({ ratio: Number((ourRate / psqlRate).toFixed(3)), db: values.db }));

  // Beside it, what the server alone needs for the same rows kept as incidents keeps them: its key on
  // (source, external_id) and its index on the time. No client can load them faster than this.
  execFileSync('psql', [
    copyUrl,
    '-q',
    '-c',
    `create table keyed (like canonical, primary key (source, external_id));
     create index keyed_occurred_at on keyed (occurred_at)`,
  ]);
  const keyedRate = copyInto('keyed', { table: 'with the key and the time index' });
  console.log(JSON.stringify({ ratioToKeyed: Number((ourRate / keyedRate).toFixed(3)), db: values.db }));
} finally {
  await admin.unsafe(`drop database if exists bench_ingest_${suffix} with (force)`);
  await admin.unsafe(`drop database if exists bench_copy_${suffix} with (force)`);
  await admin.end();
  rmSync(scratch, { recursive: true, force: true });
}
