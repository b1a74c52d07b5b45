// A Socrata feed, through the real command against a loopback portal fed from the shared Chicago file:
// all rows the first time, nothing new the second, a moved record updated in place; 429s waited out;
// a broken portal stores nothing and says why.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli, startCli } from '../helpers/cli.ts';
import { CHICAGO } from '../helpers/import.ts';
import { sharedRows } from '../helpers/shared-rows.ts';
import { type SodaRow, SodaServer } from '../helpers/soda-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'patrolcast-feeds-'));
const env = { PATROLCAST_DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'warn' };
const portal = new SodaServer();

/** The first n Chicago rows as the portal's API serves them: its field names, its floating times. */
async function chicagoRows(n: number): Promise<SodaRow[]> {
  return (await sharedRows(CHICAGO, n)).map((v, i) => ({
    ':id': `row-${String(i).padStart(5, '0')}`,
    ':updated_at': `2026-12-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`,
    id: String(11_000_000 + i),
    date: `${v.date!.replace(' ', 'T')}:00.000`,
    primary_type: 'ASSAULT',
    description: 'AGGRAVATED: HANDGUN',
    district: v.district!.padStart(3, '0'),
    latitude: v.latitude!,
    longitude: v.longitude!,
    location: { latitude: v.latitude!, longitude: v.longitude! },
  }));
}

beforeAll(async () => {
  portal.rows = await chicagoRows(2500);
  await portal.start();
});
afterAll(async () => {
  await portal.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = async () => {
  const r = await runCli(['feeds', 'run', 'chicago', '--json'], env);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, number>;
};

test('a Socrata feed reads all rows once, then only what changed, and a moved record is updated in place', async () => {
  writeFileSync(join(dir, 'app-token'), 'secret-app-token\n');
  const added = await runCli(
    [
      'feeds',
      'add',
      'chicago',
      '--socrata',
      portal.resourceUrl,
      '--profile',
      'chicago',
      '--app-token-file',
      join(dir, 'app-token'),
    ],
    env,
  );
  expect(added.stdout).toBe('feed chicago added: patrolcast feeds run chicago reads it now\n');

  // The portal asks to wait once; the run waits and goes on.
  portal.refuse = 1;
  const first = await run();
  expect(first).toMatchObject({ received: 2500, added: 2500, updated: 0, deleted: 0, rejected: 0 });
  // Pages of 1,000, the token in a header, the mark in $where from the second run on.
  expect(portal.requests.map((r) => r.url.searchParams.get('$offset'))).toEqual(['0', '0', '1000', '2000']);
  // From the second run on, the ids the portal still lists for the last 30 days of data are read too.
  expect(portal.requests.every((r) => r.appToken === 'secret-app-token')).toBe(true);

  const second = await run();
  expect(second).toMatchObject({ added: 0, updated: 0, deleted: 0 });
  const changes = portal.requests.filter((r) => r.url.searchParams.get('$select') === ':*, *');
  expect(changes.at(-1)!.url.searchParams.get('$where')).toBe(":updated_at >= '2026-12-01T00:41:39.000Z'");

  // The source moves one record (a corrected place): it is updated, not added beside the old one.
  const moved = portal.rows[1200]!;
  moved.latitude = String(Number(moved.latitude) + 0.01);
  moved[':updated_at'] = '2026-12-02T08:00:00.000Z';
  const third = await run();
  // Read from the last mark on (>=, so that rows edited in the same instant are never missed): the row at
  // the mark comes again, unchanged.
  expect(third).toMatchObject({ received: 2, added: 0, updated: 1, duplicates: 1, deleted: 0 });
  // The source withdraws another (an unfounded report): it leaves the store.
  const newestDate = portal.rows
    .map((r) => String(r.date))
    .sort()
    .at(-1)!;
  const withdrawn = portal.rows.findIndex((r) => r.date === newestDate && r !== moved);
  const [gone] = portal.rows.splice(withdrawn, 1);
  const fourth = await run();
  expect(fourth).toMatchObject({ added: 0, updated: 0, deleted: 1 });
  const fifth = await run();
  expect(fifth).toMatchObject({ added: 0, updated: 0, deleted: 0 });
  expect(gone!.id).toMatch(/^110\d+$/);

  const list = await runCli(['feeds', 'list'], env);
  expect(list.stdout).toMatch(
    /^chicago {2}socrata {2}ok; last success 0 min ago, last run 1 row; newest incident \d{4}-\d\d-\d\d \d\d:\d\d UTC \(\d+ h ago\); read up to 2026-12-02T08:00:00.000Z\n/,
  );
  // The token is read from its file at each run and kept nowhere else.
  const audit = await runCli(['audit', '--json'], env);
  expect(audit.stdout).not.toContain('secret-app-token');
  expect(list.stdout).not.toContain('secret-app-token');
}, 120_000);

test('a portal that serves the same page twice, or junk, stores nothing and says why; the feed shows failing', async () => {
  const broken = { ...env, PATROLCAST_DATA_DIR: join(dir, 'db2') };
  await runCli(['feeds', 'add', 'chicago', '--socrata', portal.resourceUrl, '--profile', 'chicago'], broken);
  portal.samePageAlways = true;
  try {
    const r = await runCli(['feeds', 'run', 'chicago'], broken);
    expect([r.code, r.stderr]).toEqual([
      1,
      'patrolcast: the portal served the same page twice (offset 1000): nothing was stored\n',
    ]);
  } finally {
    portal.samePageAlways = false;
  }
  const list = await runCli(['feeds', 'list', '--json'], broken);
  expect(JSON.parse(list.stdout)[0]).toMatchObject({ failures: 1, highWater: null, lastSuccessAt: null });
  const batches = await runCli(['batches', 'list', '--json'], broken);
  expect(JSON.parse(batches.stdout)).toEqual({ batches: [], unchanged: 0 });
  const wrong = await runCli(['feeds', 'add', 'other', '--socrata', 'http://127.0.0.1:1/data.csv'], broken);
  expect(wrong.stderr).toMatch(/^patrolcast: a Socrata feed needs the dataset's resource URL/);
}, 60_000);

test('a feed run killed with SIGKILL stores nothing, and the next run stores it all and removes what the killed one left', async () => {
  const killed = { ...env, PATROLCAST_DATA_DIR: join(dir, 'db3') };
  await runCli(['feeds', 'add', 'chicago', '--socrata', portal.resourceUrl, '--profile', 'chicago'], killed);
  // Killed the moment the portal has handed over its last page: the run is between reading and storing.
  const lastPage = new Promise<void>((resolve) => {
    const seen = (p: { select: string; rows: number; limit: number }) => {
      if (p.select === ':*, *' && p.rows < p.limit) {
        portal.off('served', seen);
        resolve();
      }
    };
    portal.on('served', seen);
  });
  const run = startCli(['feeds', 'run', 'chicago', '--json'], killed);
  await lastPage;
  run.child.kill('SIGKILL');
  expect(await run.exited).toBe(null);
  // The killed run's rows are still in the temporary folder, under its process id.
  const leftBy = (pid: number) =>
    readdirSync(tmpdir()).filter((n) => n.startsWith(`patrolcast-feed-${pid}-`));
  expect(leftBy(run.child.pid!)).toHaveLength(1);
  const after = JSON.parse((await runCli(['feeds', 'list', '--json'], killed)).stdout)[0];
  expect(after).toMatchObject({ highWater: null, lastSuccessAt: null });
  const batches = JSON.parse((await runCli(['batches', 'list', '--json'], killed)).stdout);
  expect(batches.batches.filter((b: { status: string }) => b.status === 'committed')).toEqual([]);
  const again = JSON.parse((await runCli(['feeds', 'run', 'chicago', '--json'], killed)).stdout);
  expect(again).toMatchObject({ received: portal.rows.length, added: portal.rows.length });
  expect(leftBy(run.child.pid!)).toEqual([]);
}, 120_000);

test('a source that renames its date column pauses the feed at its first page with the reason, and stores nothing', async () => {
  const renamed = new SodaServer();
  renamed.rows = portal.rows.map(({ date, ...rest }) => ({ ...rest, crime_date: date ?? null }));
  expect(renamed.rows.length).toBeGreaterThan(2000);
  await renamed.start();
  try {
    const paused = { ...env, PATROLCAST_DATA_DIR: join(dir, 'db4') };
    await runCli(
      ['feeds', 'add', 'chicago', '--socrata', renamed.resourceUrl, '--profile', 'chicago'],
      paused,
    );
    const r = await runCli(['feeds', 'run', 'chicago'], paused);
    expect([r.code, r.stderr]).toEqual([
      1,
      "patrolcast: the source's rows no longer have the date (looked for date): the feed is paused and nothing was stored; check the source, then patrolcast feeds resume chicago\n",
    ]);
    const [feed] = JSON.parse((await runCli(['feeds', 'list', '--json'], paused)).stdout);
    expect(feed).toMatchObject({ paused: true, highWater: null });
    expect(JSON.parse((await runCli(['batches', 'list', '--json'], paused)).stdout)).toEqual({
      batches: [],
      unchanged: 0,
    });
    // The rest of the source was not read.
    expect(renamed.requests.filter((r) => r.url.searchParams.get('$select') === ':*, *')).toHaveLength(1);
  } finally {
    await renamed.stop();
  }
}, 60_000);
