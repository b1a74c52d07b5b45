// A CKAN feed (Boston's portal, Toronto's, Canada's), through the real command, against a loopback
// portal fed from the shared Houston file: the whole resource the first time, in pages the portal caps
// below what was asked; after, only the last weeks through the SQL action, a corrected record updated
// and a withdrawn one taken out; a portal that turns SQL off (at once or after a page) read whole each
// time; an error answer stores nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CkanServer, type Row } from '../helpers/ckan-server.ts';
import { runCli } from '../helpers/cli.ts';
import { HOUSTON } from '../helpers/import.ts';
import { sharedRows } from '../helpers/shared-rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'patrolcast-ckan-'));
const env = { PATROLCAST_DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'warn' };
const server = new CkanServer();
const WITH_SQL = 'b973d8cb-eeb2-4e7e-99da-c92938efc9c0';
const NO_SQL = '0d1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8';

const FIELDS = [
  { id: 'INCIDENT_NUMBER', type: 'text' },
  { id: 'OFFENSE_DESCRIPTION', type: 'text' },
  { id: 'DISTRICT', type: 'text' },
  { id: 'OCCURRED_ON_DATE', type: 'timestamp' },
  { id: 'STREET', type: 'text' },
  { id: 'Lat', type: 'numeric' },
  { id: 'Long', type: 'numeric' },
];

/** The first n Houston incidents as a DataStore holds them: floating local timestamps, numeric points. */
async function houstonRows(n: number): Promise<Row[]> {
  return (await sharedRows(HOUSTON, n)).map((v, i) => ({
    INCIDENT_NUMBER: `I${192_000_000 + i}`,
    OFFENSE_DESCRIPTION: v.offense_type!,
    DISTRICT: v.beat!,
    OCCURRED_ON_DATE: `${v.occurred_at!.replace(' ', 'T')}:00`,
    STREET: v.block_address!,
    Lat: Number(v.lat),
    Long: Number(v.lon),
  }));
}

beforeAll(async () => {
  const rows = await houstonRows(250);
  server.resources.set(WITH_SQL, { fields: FIELDS, rows, sql: true });
  server.resources.set(NO_SQL, {
    fields: FIELDS,
    rows: rows.slice(0, 120).map((r) => ({ ...r })),
    sql: false,
  });
  await server.start();
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const MAPS = [
  '--map',
  'INCIDENT_NUMBER=external_id',
  '--map',
  'OFFENSE_DESCRIPTION=raw_type',
  '--map',
  'OCCURRED_ON_DATE=occurred_at',
  '--map',
  'Lat=lat',
  '--map',
  'Long=lon',
  '--tz',
  'America/Chicago',
];

const run = async (name: string) => {
  const r = await runCli(['feeds', 'run', name, '--json'], env);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, number>;
};

const asked = (from: number) =>
  server.requests.slice(from).map((u) => {
    const p = u.searchParams;
    return u.pathname.endsWith('_sql')
      ? `sql ${p.get('sql')!.replace(/^SELECT \* FROM "[^"]+" /, '')}`
      : `search limit=${p.get('limit')} offset=${p.get('offset') ?? '-'}`;
  });

test('a CKAN resource is read whole once, then the last weeks through SQL; a corrected record is updated, a withdrawn one taken out', async () => {
  const added = await runCli(['feeds', 'add', 'boston', '--ckan', server.pageUrl(WITH_SQL), ...MAPS], env);
  expect(added.stdout).toBe('feed boston added: patrolcast feeds run boston reads it now\n');
  const shown = await runCli(['feeds', 'show', 'boston'], env);
  expect(shown.stdout).toContain(`/api/3/action/datastore_search?resource_id=${WITH_SQL}`);

  const first = await run('boston');
  expect(first).toMatchObject({ received: 250, added: 250, updated: 0, deleted: 0, rejected: 0 });
  // The fields first, then pages of the portal's 100 though 10,000 were asked, in _id order.
  expect(asked(0)).toEqual([
    'search limit=0 offset=-',
    'search limit=10000 offset=0',
    'search limit=10000 offset=100',
    'search limit=10000 offset=200',
  ]);

  // After, the thirty days before the newest stored incident (2010-01-01 20:00), through SQL only.
  const before = server.requests.length;
  expect(await run('boston')).toMatchObject({ received: 250, added: 0, updated: 0, deleted: 0 });
  const window = `sql WHERE "OCCURRED_ON_DATE" >= '2009-12-02 20:00:00' ORDER BY "_id" LIMIT 10000`;
  expect(asked(before)).toEqual([
    'search limit=0 offset=-',
    `${window} OFFSET 0`,
    `${window} OFFSET 100`,
    `${window} OFFSET 200`,
    `${window} OFFSET 250`,
  ]);

  // The portal corrects one record and withdraws another (the DataStore renumbers the rows after it).
  const resource = server.resources.get(WITH_SQL)!;
  resource.rows[40]!.OFFENSE_DESCRIPTION = 'Burglary';
  const [gone] = resource.rows.splice(70, 1);
  expect(await run('boston')).toMatchObject({ received: 249, added: 0, updated: 1, deleted: 1 });
  expect(gone!.INCIDENT_NUMBER).toBe('I192000070');
  expect(await run('boston')).toMatchObject({ added: 0, updated: 0, deleted: 0 });
  // Runs that changed nothing are not listed among the imports, but counted; --all lists them. The run
  // that corrected and withdrew a record says so.
  const listed = await runCli(['batches', 'list'], env);
  expect(listed.stdout.trim().split('\n')).toEqual([
    expect.stringMatching(
      / committed feed-boston\s+0 stored\s+0 rejected {2}feed boston .*\(1 updated, 1 withdrawn\)$/,
    ),
    expect.stringMatching(/ committed feed-boston\s+250 stored\s+0 rejected {2}feed boston /),
    '(2 imports that changed nothing not listed: --all lists them)',
  ]);
  const all = JSON.parse((await runCli(['batches', 'list', '--all', '--json'], env)).stdout);
  expect([all.batches.length, all.unchanged]).toEqual([4, 0]);

  // An error answer: the run fails in the portal's words and stores nothing; the next one goes on.
  server.errors = 1;
  resource.rows.push({ ...resource.rows[0]!, INCIDENT_NUMBER: 'I192999999' });
  const failed = await runCli(['feeds', 'run', 'boston'], env);
  expect([failed.code, failed.stderr]).toEqual([
    1,
    'patrolcast: the portal answered 500: Internal Server Error\n',
  ]);
  expect(await run('boston')).toMatchObject({ added: 1, updated: 0, deleted: 0 });
}, 120_000);

test('a portal that turns SQL off is read whole each time, and still reconciled', async () => {
  const added = await runCli(
    [
      'feeds',
      'add',
      'nosql',
      '--ckan',
      `${server.pageUrl(NO_SQL).replace('/dataset/crime-incident-reports/resource/', '/api/3/action/datastore_search?resource_id=')}`,
      ...MAPS,
      '--source',
      'nosql',
    ],
    env,
  );
  expect(added.stderr).toBe('');
  expect(await run('nosql')).toMatchObject({ received: 120, added: 120 });
  const resource = server.resources.get(NO_SQL)!;
  resource.rows.splice(5, 1);
  const before = server.requests.length;
  expect(await run('nosql')).toMatchObject({ received: 119, added: 0, updated: 0, deleted: 1 });
  // Refused SQL (403), then the whole resource again.
  expect(asked(before)).toEqual([
    'search limit=0 offset=-',
    expect.stringMatching(/^sql WHERE "OCCURRED_ON_DATE" >= '2009-12-/),
    'search limit=10000 offset=0',
    'search limit=10000 offset=100',
  ]);

  // SQL answered for one page, then refused: the run starts again from the whole resource, and what
  // the first page brought is not counted twice.
  resource.sql = true;
  server.sqlPages = 1;
  resource.rows[7]!.OFFENSE_DESCRIPTION = 'Burglary';
  const again = server.requests.length;
  expect(await run('nosql')).toMatchObject({ received: 119, added: 0, updated: 1, deleted: 0 });
  expect(asked(again).slice(1, 3)).toEqual([
    expect.stringMatching(/ OFFSET 0$/),
    expect.stringMatching(/ OFFSET 100$/),
  ]);
  expect(asked(again).slice(3)).toEqual(['search limit=10000 offset=0', 'search limit=10000 offset=100']);
}, 120_000);

test('a URL that is no CKAN resource is refused before anything is stored', async () => {
  for (const url of [
    'https://data.boston.gov/dataset/crime-incident-reports',
    'ftp://x/dataset/a/resource/b1',
  ]) {
    const r = await runCli(['feeds', 'add', 'bad', '--ckan', url], env);
    expect([r.code, r.stderr]).toEqual([
      1,
      expect.stringContaining("a CKAN feed needs the resource's page or DataStore URL"),
    ]);
  }
  const list = await runCli(['feeds', 'list'], env);
  expect(list.stdout).not.toContain('bad');
});
