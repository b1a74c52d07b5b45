// Places as the data name them, from exports never used here: an unknown-location name is refused,
// a neighbourhood column is the district, a one-address place is not called a placeholder while a
// point carrying many streets' addresses is, a police.uk file is read as one with its places "near …",
// and a file with no zone anywhere is read in the zone of its place.
import { describe, expect, test } from 'vitest';
import { placeNames } from '../../src/geo/place-names.ts';
import { DATABASE_KINDS, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

/** A Canadian city's export: date parts, a hundred block, a neighbourhood, and its unknown places. */
const VANCOUVER = [
  'TYPE,YEAR,MONTH,DAY,HOUR,MINUTE,HUNDRED_BLOCK,NEIGHBOURHOOD,LATITUDE,LONGITUDE',
  'Theft from Vehicle,2026,3,1,22,15,10XX GRANVILLE ST,Central Business District,49.2790,-123.1215',
  'Theft from Vehicle,2026,3,2,23,40,10XX GRANVILLE ST,Central Business District,49.2790,-123.1215',
  'Break and Enter Residential/Other,2026,3,3,2,5,21XX W 4TH AVE,Kitsilano,49.2680,-123.1540',
  'Mischief,2026,3,3,4,0,X NK_LOC ST,Strathcona,49.2780,-123.0900',
  'Mischief,2026,3,4,4,0,X NK_LOC ST,Strathcona,49.2780,-123.0900',
  'Theft of Bicycle,2026,3,5,13,30,OFFSET TO PROTECT PRIVACY,Kitsilano,49.2681,-123.1541',
].join('\n');

describe.each(DATABASE_KINDS)('%s', (kind) => {
  test("an unknown-location name is refused with the source's words; the neighbourhood is the district", async () => {
    const database = await freshDatabase(kind);
    const r = await importPath(database, tempFile('vancouver.csv', `${VANCOUVER}\n`), {
      timeZone: 'America/Vancouver',
    });
    expect(r.accepted).toBe(4);
    expect(r.rejected).toBe(2);
    expect(r.errors.map((e) => e.reason)).toEqual([
      "the source does not know the place 'X NK_LOC ST'",
      "the source does not know the place 'X NK_LOC ST'",
    ]);
    const stored = await rowsOf<{ district: string; block: string }>(
      database,
      'select district, block from incidents order by occurred_at',
    );
    expect(stored.map((s) => s.district)).toEqual([
      'Central Business District',
      'Central Business District',
      'Kitsilano',
      'Kitsilano',
    ]);
    expect(stored[0]!.block).toBe('1000 block of Granville St');
    expect(r.warnings).toEqual([]);
  });
});

/** n rows at one point; `addresses` gives the address of row i. */
const rowsAt = (n: number, lat: number, lon: number, address: (i: number) => string, first: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `R${first + i},2026-03-${String((i % 28) + 1).padStart(2, '0')}T1${i % 10}:00:00-06:00,theft,${lat},${lon},${address(i)}`,
  );

test('a busy one-address place is not called a placeholder; a point carrying many streets is', async () => {
  const database = await freshDatabase('pglite');
  const spread = Array.from(
    { length: 300 },
    (_, i) =>
      `S${i},2026-03-01T10:00:00-06:00,burglary,${(29.6 + i * 0.001).toFixed(4)},-95.4,${100 + i} MAIN ST`,
  );
  const mall = rowsAt(60, 29.7814639, -95.5441452, () => '7500 BELLAIRE BLVD', 1000);
  const streets = ['ELM', 'OAK', 'PINE', 'CEDAR', 'MAPLE', 'ASH', 'BIRCH'];
  const dump = rowsAt(
    40,
    29.7628844,
    -95.3830615,
    (i) => `${1000 + i * 100} ${streets[i % streets.length]} ST`,
    2000,
  );
  const file = tempFile(
    'city.csv',
    ['id,occurred_at,offense,lat,lon,address', ...spread, ...mall, ...dump].join('\n'),
  );
  const r = await importPath(database, file, { dryRun: true });
  const placeholders = r.warnings.filter((w) => /placeholder|dump/.test(w));
  expect(placeholders).toEqual([
    "40 incidents (10.0%) at one point, 29.76288,-95.38306, carry 40 different addresses on 7 streets: a geocoder's dump, not a place; --reject-point 29.76288,-95.38306 refuses them",
  ]);
});

test('a police.uk file is read as one without a flag: its month, its zone, its places "near …"', async () => {
  const database = await freshDatabase('pglite');
  const header =
    'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
  const lines = [
    ',2026-07,Essex Police,Essex Police,0.261990,51.889550,On or near Banham Drive,E01021410,Braintree 008A,Anti-social behaviour,,',
    'a1b2,2026-07,Essex Police,Essex Police,0.262100,51.889700,On or near Banham Drive,E01021410,Braintree 008A,Burglary,Under investigation,',
    'c3d4,2026-07,Essex Police,Essex Police,0.262200,51.889600,On or near High Street,E01021410,Braintree 008A,Shoplifting,Under investigation,',
  ];
  const r = await importPath(database, tempFile('2026-07-essex-street.csv', [header, ...lines].join('\n')));
  expect(r).toMatchObject({ accepted: 3, rejected: 0, timeZone: 'Europe/London' });
  const [cell] = await rowsOf<{ cell: string }>(
    database,
    "select cell from incidents where external_id = 'a1b2'",
  );
  const names = await placeNames(database, [cell!.cell]);
  expect(names.get(cell!.cell)).toMatch(
    /^near (Banham Drive|High Street)( and (Banham Drive|High Street))?$/,
  );
  const [first] = await rowsOf<{ at: Date; source: string }>(
    database,
    "select occurred_at as at, source from incidents where external_id = 'c3d4'",
  );
  // July in London is an hour ahead of UTC: the month starts at 23:00 UTC the day before.
  expect(first).toEqual({ at: new Date('2026-06-30T23:00:00Z'), source: 'uk-police' });
});

test('a file with no zone named anywhere is read in the zone of its place, and the summary says so', async () => {
  const database = await freshDatabase('pglite');
  const file = tempFile('vancouver-noflag.csv', `${VANCOUVER}\n`);
  const r = await importPath(database, file, { dryRun: true }, { inferTimeZone: true });
  expect(r.timeZone).toBe('America/Vancouver');
  expect(r.warnings[0]).toBe(
    'times read in America/Vancouver, the time zone where the incidents are (no --tz, and PATROLCAST_TZ is not set); set PATROLCAST_TZ=America/Vancouver so that shifts follow it',
  );
  // With a zone configured, the configured zone is used and nothing is said.
  const set = await importPath(database, file, { dryRun: true });
  expect(set.timeZone).toBe('America/Chicago');
});
