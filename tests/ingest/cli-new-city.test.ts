// An analyst's first day with a new city's export, on the command line: a dry run, an import with the
// wrong time zone, the batch deleted, and the file imported again with the right one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { newCityExport } from '../helpers/new-city.ts';

const scratch = mkdtempSync(join(tmpdir(), 'patrolcast-new-city-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('dry run, a wrong --tz undone with batches delete, and the right one imported again', async () => {
  const env = {
    PATROLCAST_DATA_DIR: join(scratch, 'db'),
    PATROLCAST_DEMO_ON_EMPTY: 'false',
    LOG_LEVEL: 'warn',
  };
  const file = join(scratch, 'crimedata_csv_AllNeighbourhoods_2025.csv');
  writeFileSync(file, newCityExport());

  const dry = await runCli(
    ['import', file, '--crs', 'EPSG:32610', '--tz', 'America/Vancouver', '--dry-run'],
    env,
  );
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain('dry run, nothing stored');
  expect(dry.stdout).toMatch(/Break and Enter Commercial\s+burglary\s+100/);
  expect(dry.stdout).toMatch(/Theft of Vehicle\s+vehicle_theft\s+100/);
  expect(dry.stdout).toContain('times read in America/Vancouver');
  expect(dry.stdout).toContain('dates      2025-01-01 to 2025-12-28');
  expect(dry.stdout).toMatch(
    /warning: 30 incidents \(4\.8%\) at one point, [\d.,-]+, carry 30 different addresses on 6 streets: a geocoder's dump/,
  );
  expect(dry.stderr).toBe('');

  const wrong = await runCli(['import', file, '--crs', 'EPSG:32610', '--tz', 'Asia/Tokyo', '--json'], env);
  expect(wrong.code).toBe(0);
  const first = JSON.parse(wrong.stdout) as { batchId: string; accepted: number; timeZone: string };
  expect(first).toMatchObject({ accepted: 630, timeZone: 'Asia/Tokyo' });

  // The same file in the right zone stores nothing while the wrong one is there (the same incidents,
  // read in another zone): deleting the batch is the way back.
  const again = await runCli(
    ['import', file, '--crs', 'EPSG:32610', '--tz', 'America/Vancouver', '--json'],
    env,
  );
  expect(JSON.parse(again.stdout)).toMatchObject({ accepted: 0, duplicates: 630, repeated: 0 });
  const shown = await runCli(['batches', 'show', first.batchId], env);
  expect(shown.stdout).toContain(`batch ${first.batchId}: committed, source import`);
  expect(shown.stdout).toMatch(/line \d+: location: zero coordinates/);
  // The first part of an id, as a person copies it from the list, names the batch.
  const byStart = await runCli(['batches', 'show', first.batchId.slice(0, 8)], env);
  expect(byStart.stdout).toContain(`batch ${first.batchId}: committed, source import`);
  const unknown = first.batchId.startsWith('0') ? 'ffffffff' : '00000000';
  const none = await runCli(['batches', 'delete', unknown], env);
  expect(none.stderr).toBe(`patrolcast: there is no batch whose id starts ${unknown}\n`);
  const deleted = await runCli(['batches', 'delete', first.batchId], env);
  expect(deleted.code).toBe(0);
  expect(deleted.stdout).toContain('630 incidents removed');
  const listed = await runCli(['batches', 'list'], env);
  expect(listed.stdout).toMatch(new RegExp(`${first.batchId}.*deleted`));

  const right = await runCli(
    ['import', file, '--crs', 'EPSG:32610', '--tz', 'America/Vancouver', '--json'],
    env,
  );
  expect(JSON.parse(right.stdout)).toMatchObject({
    accepted: 630,
    duplicates: 0,
    timeZone: 'America/Vancouver',
  });
  const audit = await runCli(['audit', '--json'], env);
  expect(audit.stdout).toContain('"action":"batch delete"');

  // The same file again under another source's name is refused whole, and its batch says why rather
  // than counting rows it never kept.
  const refused = await runCli(
    ['import', file, '--crs', 'EPSG:32610', '--tz', 'America/Vancouver', '--source', 'other'],
    env,
  );
  expect(refused.code).toBe(1);
  const failed = (await runCli(['batches', 'list'], env)).stdout.split('\n').find((l) => / failed /.test(l))!;
  const shownFailed = await runCli(['batches', 'show', failed.split(' ')[0]!], env);
  expect(shownFailed.stdout).toMatch(
    /^batch [0-9a-f-]+: failed, source other, .*\n {2}\d{4}-\d\d-\d\d \d\d:\d\d: nothing stored\n {2}failed: this file was imported before/,
  );
  expect(shownFailed.stdout).not.toContain('received');

  const nonsense = await runCli(['batches', 'delete', 'not-an-id'], env);
  expect(nonsense.code).toBe(1);
  expect(nonsense.stderr).toBe(
    "patrolcast: 'not-an-id' is not a batch id (patrolcast batches list shows them)\n",
  );
}, 120_000);
