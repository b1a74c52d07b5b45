// A known city's raw export in one command: `patrolcast import FILE` with no --profile reads it as that
// city's (its zone, its categories, its districts), as the library does; a named profile still wins.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { tableFromFile } from '../../src/forecast/table-from-file.ts';
import { importSettings } from '../../src/ingest/settings.ts';
import { authorised, bodyOf, testApi } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { count, tempFile } from '../helpers/import.ts';

// The SPVM's "actes criminels" in their shape: dated to the day, a shift word, the station (PDQ), and
// withheld places at 1, 1.
const MONTREAL = [
  'CATEGORIE,DATE,QUART,PDQ,X,Y,LONGITUDE,LATITUDE',
  'Vols qualifiés,2023-09-01,nuit,20,298013.167992,5040837.469082,-73.595552,45.487729',
  'Vol dans / sur véhicule à moteur,2023-09-23,jour,21,298476.353209,5040639.068141,-73.559395,45.462602',
  'Méfait,2023-10-02,soir,38,0.0,0.0,1.0,1.0',
  'Introduction,2023-10-03,jour,5,,,-73.6201,45.4931',
].join('\n');

const importJson = async (file: string, ...flags: string[]) => {
  const dir = mkdtempSync(join(tmpdir(), 'patrolcast-known-'));
  const r = await runCli(['import', file, '--dry-run', '--json', ...flags], {
    PATROLCAST_DATA_DIR: join(dir, 'db'),
  });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    accepted: number;
    rejected: number;
    timeZone: string;
    categories: Record<string, number>;
    errors: { reason: string }[];
    warnings: string[];
  };
};

test('a Montréal export is read as one with no flag: its zone, its French categories, its withheld places', async () => {
  const r = await importJson(tempFile('actes-criminels.csv', `${MONTREAL}\n`));
  expect(r).toMatchObject({ accepted: 3, rejected: 1, timeZone: 'America/Toronto' });
  expect(r.categories).toEqual({ robbery: 1, theft: 1, burglary: 1 });
  expect(r.errors.map((e) => e.reason)).toEqual(['a stand-in point near 0, 0 (the place is withheld)']);
  // The shift word is no hour: the incidents are dated to the day, and the summary says what follows.
  expect(r.warnings).toContain(
    'no incident has a time of day (they are dated to the day): shift forecasts cannot be made from this file',
  );
}, 60_000);

test('a profile named still wins: the same file read as a generic one has no offence column', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'patrolcast-known-'));
  const r = await runCli(
    ['import', tempFile('actes-criminels.csv', `${MONTREAL}\n`), '--dry-run', '--profile', 'generic'],
    { PATROLCAST_DATA_DIR: join(dir, 'db') },
  );
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('no column is read as the offence');
  expect(r.stderr).toContain('--map "categorie=raw_type"');
}, 60_000);

test('a backtest on a file with no profile reads a known export as the import does', async () => {
  const { table, rejected } = await tableFromFile(
    {
      path: tempFile('actes-criminels.csv', `${MONTREAL}\n`),
      origins: ['reported', 'unknown'],
      excludedCategories: [],
    },
    importSettings(parseConfig({})),
  );
  expect(rejected).toBe(1);
  expect(table.time.length).toBe(3);
});

test('a backtest on a file none of whose columns is the offence is refused whole, naming the --map', async () => {
  await expect(
    tableFromFile(
      {
        path: tempFile('actes-criminels.csv', `${MONTREAL}\n`),
        profile: 'generic',
        origins: ['reported', 'unknown'],
        excludedCategories: [],
      },
      importSettings(parseConfig({})),
    ),
  ).rejects.toThrow(
    /^no column is read as the offence \(the file's columns: categorie, date, quart, pdq, x, y, longitude, latitude\); name it with --map "categorie=raw_type" \(or, where every row is one offence, --offence "its name"\)$/,
  );
});

// A one-offence extract, as an analyst is sent one: no column says what each row is.
const ASSAULTS = [
  'date,loc_cat,longitude,latitude,district',
  '2019-07-01 23:40:00,STREET,-87.6298,41.8781,1',
  '2019-07-02 01:10:00,RESIDENCE,-87.6512,41.8523,9',
  '2019-07-03 14:05:00,STREET,-87.6244,41.8839,18',
].join('\n');

test('a one-offence extract is refused with the flag that reads it, and read whole with --offence', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'patrolcast-known-'));
  const file = tempFile('aggravated-assaults.csv', `${ASSAULTS}\n`);
  const refused = await runCli(['import', file, '--dry-run'], { PATROLCAST_DATA_DIR: join(dir, 'db') });
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('where every row is one offence, --offence "its name"');
  const r = await importJson(file, '--offence', 'aggravated assault');
  expect(r).toMatchObject({ accepted: 3, rejected: 0 });
  expect(r.categories).toEqual({ assault: 3 });
  // A file whose rows say what they are is not overridden.
  const own = await runCli(
    ['import', tempFile('actes-criminels.csv', `${MONTREAL}\n`), '--offence', 'theft'],
    {
      PATROLCAST_DATA_DIR: join(dir, 'db'),
    },
  );
  expect(own.code).not.toBe(0);
  expect(own.stderr).toContain(
    'the file has an offence column of its own (categorie): --offence is for a file with none',
  );
}, 60_000);

test('a backtest reads a one-offence extract with --offence as the import does', async () => {
  const { table } = await tableFromFile(
    {
      path: tempFile('aggravated-assaults.csv', `${ASSAULTS}\n`),
      offence: 'aggravated assault',
      origins: ['reported', 'unknown'],
      excludedCategories: [],
    },
    importSettings(parseConfig({})),
  );
  expect(table.time.length).toBe(3);
});

test('over the API, &offence= reads a one-offence extract; a file with its own offence column is a 400 that stores nothing', async () => {
  const database = await freshDatabase('pglite');
  const post = (query: string, body: string) =>
    testApi(database).request(`/v1/incidents?source=cpd&tz=America/Chicago${query}`, {
      method: 'POST',
      body,
      headers: authorised({ 'content-type': 'text/csv' }),
    });
  const read = await post('&offence=aggravated%20assault', `${ASSAULTS}\n`);
  expect(read.status).toBe(200);
  expect(await bodyOf(read)).toMatchObject({ accepted: 3, categories: { assault: 3 } });
  const own = await post('&offence=theft', `${MONTREAL}\n`);
  expect(own.status).toBe(400);
  expect(JSON.stringify(await bodyOf(own))).toContain('the offence parameter is for a file with none');
  expect(await count(database)).toBe(3);
});

test('an event listed once per offence is told apart from an import made before', async () => {
  const toronto = [
    'EVENT_UNIQUE_ID,OCC_DATE,OCC_YEAR,OCC_MONTH,OCC_DAY,OCC_HOUR,DIVISION,OFFENCE,MCI_CATEGORY,NEIGHBOURHOOD_158,LONG_WGS84,LAT_WGS84',
    'GO-20231002,2023-07-03,2023,July,3,2,D14,Robbery - Mugging,Robbery,Kensington-Chinatown (078),-79.4001,43.6541',
    'GO-20231002,2023-07-03,2023,July,3,2,D14,Assault With Weapon,Assault,Kensington-Chinatown (078),-79.4001,43.6541',
  ].join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'patrolcast-known-'));
  const r = await runCli(['import', tempFile('mci.csv', `${toronto}\n`), '--dry-run'], {
    PATROLCAST_DATA_DIR: join(dir, 'db'),
  });
  expect(r.stdout).toMatch(
    / {2}duplicates +1 {2}\(1 repeat an id read earlier in this file: stored once\)\n/,
  );
}, 60_000);
