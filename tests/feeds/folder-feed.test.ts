// A drop folder: a nightly export is imported once and moved to processed/; a file that cannot be read
// goes to failed/ with the reason beside it, and nothing of it is stored.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { makeWorkbook } from '../helpers/xlsx.ts';

const dir = mkdtempSync(join(tmpdir(), 'patrolcast-drop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { PATROLCAST_DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'warn' };

/** A file written a minute ago: finished, as far as the feed can tell. */
function drop(name: string, content: string | Buffer, folder = 'drop') {
  const path = join(dir, folder, name);
  writeFileSync(path, content);
  const past = new Date(Date.now() - 60_000);
  utimesSync(path, past, past);
}

test('a dropped export is imported once and moved; a broken one goes to failed/ with its reason', async () => {
  mkdirSync(join(dir, 'drop'));
  const added = await runCli(['feeds', 'add', 'rms', '--folder', join(dir, 'drop'), '--source', 'rms'], env);
  expect(added.stderr).toBe('');
  drop(
    'nightly-2026-12-01.csv',
    'id,occurred_at,offense,lat,lon\nN1,2026-11-30T22:10:00-06:00,theft,41.88,-87.63\nN2,2026-11-30T23:40:00-06:00,burglary,41.89,-87.64\n',
  );
  // Still being written: left for the next run.
  writeFileSync(join(dir, 'drop', 'partial.csv'), 'id,occurred_at,offense,lat,lon\n');
  const first = JSON.parse((await runCli(['feeds', 'run', 'rms', '--json'], env)).stdout);
  expect(first).toMatchObject({ received: 2, added: 2, files: [{ name: 'nightly-2026-12-01.csv' }] });
  expect(existsSync(join(dir, 'drop', 'processed', 'nightly-2026-12-01.csv'))).toBe(true);
  expect(existsSync(join(dir, 'drop', 'partial.csv'))).toBe(true);
  rmSync(join(dir, 'drop', 'partial.csv'));

  const again = JSON.parse((await runCli(['feeds', 'run', 'rms', '--json'], env)).stdout);
  expect(again).toMatchObject({ received: 0, added: 0, files: [] });

  drop('broken.csv', 'this is not,an export\n\u0000\u0001\u0002');
  const broken = JSON.parse((await runCli(['feeds', 'run', 'rms', '--json'], env)).stdout);
  expect(broken.files[0].outcome).toMatch(/^failed: /);
  expect(readFileSync(join(dir, 'drop', 'failed', 'broken.csv.reason.txt'), 'utf8')).toBe(
    `${broken.files[0].outcome.slice('failed: '.length)}\n`,
  );
  const list = await runCli(['feeds', 'list'], env);
  expect(list.stdout).toMatch(
    /^rms {2}folder {2}failing \(1 in a row: 1 of 1 files failed \(see failed\/\)\)/,
  );
  const batches = JSON.parse((await runCli(['batches', 'list', '--json'], env)).stdout);
  expect(batches.batches.filter((b: { status: string }) => b.status === 'committed')).toHaveLength(1);
}, 120_000);

test("a folder feed reads the source's own offence codes with its categories file, at every run", async () => {
  mkdirSync(join(dir, 'coded'));
  writeFileSync(join(dir, 'codes.csv'), 'offence,category\n1420-HC,vandalism\n');
  const added = await runCli(
    ['feeds', 'add', 'coded', '--folder', join(dir, 'coded'), '--categories', join(dir, 'codes.csv')],
    env,
  );
  expect(added.stderr).toBe('');
  const path = join(dir, 'coded', 'night.csv');
  writeFileSync(path, 'id,occurred_at,offense,lat,lon\nC1,2026-11-30T22:10:00-06:00,1420-HC,41.88,-87.63\n');
  utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const ran = JSON.parse((await runCli(['feeds', 'run', 'coded', '--json'], env)).stdout);
  expect(ran).toMatchObject({ added: 1, categories: { vandalism: 1 } });
  const missing = await runCli(
    ['feeds', 'add', 'x', '--folder', join(dir, 'coded'), '--categories', 'nope.csv'],
    env,
  );
  expect(missing.stderr).toBe('patrolcast: there is no file nope.csv\n');
}, 60_000);

test("a workbook saved into the folder is imported; Excel's owner file and a download not finished are left", async () => {
  mkdirSync(join(dir, 'excel'));
  const added = await runCli(
    ['feeds', 'add', 'excel', '--folder', join(dir, 'excel'), '--source', 'xl'],
    env,
  );
  expect(added.stderr).toBe('');
  const rows = [
    ['id', 'occurred_at', 'offense', 'lat', 'lon'],
    ['X1', '2026-11-30T22:10:00-06:00', 'theft', 41.88, -87.63],
    ['X2', '2026-11-30T23:40:00-06:00', 'robbery', 41.89, -87.64],
  ];
  drop('nightly.xlsx', makeWorkbook([rows]), 'excel');
  // Excel writes this beside a workbook while it is open: a few bytes naming who has it open.
  drop('~$nightly.xlsx', Buffer.from([0x06, 0x61, 0x6e, 0x61, 0x6c, 0x79, 0x73, 0x74]), 'excel');
  drop('december.csv.crdownload', 'id,occurred_at,offense,lat,lon\nX3,2026-12', 'excel');
  const ran = JSON.parse((await runCli(['feeds', 'run', 'excel', '--json'], env)).stdout);
  expect(ran).toMatchObject({ received: 2, added: 2, files: [{ name: 'nightly.xlsx' }] });
  expect(existsSync(join(dir, 'excel', '~$nightly.xlsx'))).toBe(true);
  expect(existsSync(join(dir, 'excel', 'december.csv.crdownload'))).toBe(true);
  expect(existsSync(join(dir, 'excel', 'failed'))).toBe(false);
}, 60_000);
