// Places as the data name them, from exports never used here: an unknown-location name is refused,
// a neighbourhood column is the district, a one-address place is not called a placeholder while a
// point carrying many streets' addresses is, a police.uk file is read as one with its places "near …",
// and a file with no zone anywhere is read in the zone of its place.
import { tmpdir } from 'node:os';
import { describe, expect, test } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { readAudit } from '../../src/audit/audit-log.ts';
import { composeBriefing } from '../../src/briefing/compose.ts';
import { hotspotsJson, hotspotsText } from '../../src/cli/hotspots-format.ts';
import { parseConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { judgeFreshness } from '../../src/forecast/freshness.ts';
import { forecastSettings } from '../../src/forecast/settings.ts';
import { train } from '../../src/forecast/train.ts';
import { resolveWindow } from '../../src/forecast/windows.ts';
import { placeNames } from '../../src/geo/place-names.ts';
import { followDataTimeZone } from '../../src/ingest/data-time-zone.ts';
import { keepPlaceholder, leftOutCells, notePlaceholders } from '../../src/ingest/placeholder-points.ts';
import { authorised, testApi } from '../helpers/api.ts';
import { DATABASE_KINDS, freshDatabase } from '../helpers/databases.ts';
import { demoIncidents } from '../helpers/demo-city.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';
import { DEMO_NOW, demoBot, demoConfig, trainedDemo } from '../helpers/trained-demo.ts';

/** The demo city's briefing for tonight, as `patrolcast hotspots` and chat build it. */
function tonightsBriefing(database: Database) {
  const config = demoConfig();
  const settings = forecastSettings(config);
  return composeBriefing(database, settings, {
    window: resolveWindow('tonight', DEMO_NOW, settings),
    category: 'all',
    top: 10,
    units: config.units,
    agencyName: 'Demo PD',
  });
}

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
    "40 incidents (10.0%) at one point, 29.76288,-95.38306, carry 40 different addresses on 7 streets: a geocoder's dump, not a place; it is left out of lists and maps (patrolcast placeholders keep 29.76288,-95.38306 lists it), and --reject-point 29.76288,-95.38306 refuses its incidents",
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

test('a Toronto Police export is read as one without a flag: its hour, its zone, its divisions', async () => {
  const database = await freshDatabase('pglite');
  const header =
    'EVENT_UNIQUE_ID,REPORT_DATE,OCC_DATE,REPORT_YEAR,REPORT_MONTH,REPORT_DAY,REPORT_HOUR,OCC_YEAR,OCC_MONTH,OCC_DAY,OCC_DOW,OCC_HOUR,DIVISION,PREMISES_TYPE,OFFENCE,MCI_CATEGORY,HOOD_158,NEIGHBOURHOOD_158,LONG_WGS84,LAT_WGS84';
  const lines = [
    'GO-20231001,2023-07-02,2023-07-01,2023,July,2,9,2023,July,1,Saturday    ,23,D52,Commercial,Theft Over,Theft Over,170,Yonge-Bay Corridor (170),-79.381,43.6521',
    // One event, two offences: two rows under one id, stored once (the first).
    'GO-20231002,2023-07-03,2023-07-03,2023,July,3,4,2023,July,3,Monday    ,2,D14,Outside,Robbery - Mugging,Robbery,078,Kensington-Chinatown (078),-79.4001,43.6541',
    'GO-20231002,2023-07-03,2023-07-03,2023,July,3,4,2023,July,3,Monday    ,2,D14,Outside,Assault With Weapon,Assault,078,Kensington-Chinatown (078),-79.4001,43.6541',
    'GO-20231003,2023-07-05,2023-07-04,2023,July,5,12,2023,July,4,Tuesday    ,17,NSA,House,B&E,Break and Enter,NSA,NSA,-79.5950,43.7200',
    // A withheld place.
    'GO-20231004,2023-07-06,2023-07-06,2023,July,6,10,2023,July,6,Thursday    ,8,NSA,Apartment,Assault,Assault,NSA,NSA,0,0',
  ];
  const r = await importPath(database, tempFile('major-crime-indicators.csv', [header, ...lines].join('\n')));
  // The second row of one event is a repeat within the file, not something imported before.
  expect(r).toMatchObject({
    accepted: 3,
    duplicates: 1,
    repeated: 1,
    rejected: 1,
    timeZone: 'America/Toronto',
  });
  expect(r.errors.map((e) => e.reason)).toEqual(['zero coordinates']);
  const stored = await rowsOf<{
    id: string;
    at: Date;
    category: string;
    district: string | null;
    block: string | null;
  }>(
    database,
    'select external_id as id, occurred_at as at, category, district, block from incidents order by external_id',
  );
  // No address is published: the neighbourhood names the place, without its number.
  expect(stored).toEqual([
    // 23:00 in Toronto in July is 03:00 UTC the next day: the hour is OCC_HOUR, not the report's.
    {
      id: 'GO-20231001',
      at: new Date('2023-07-02T03:00:00Z'),
      category: 'theft',
      district: 'D52',
      block: 'in Yonge-Bay Corridor',
    },
    {
      id: 'GO-20231002',
      at: new Date('2023-07-03T06:00:00Z'),
      category: 'robbery',
      district: 'D14',
      block: 'in Kensington-Chinatown',
    },
    // NSA, "not specified area", is no district and no neighbourhood.
    {
      id: 'GO-20231003',
      at: new Date('2023-07-04T21:00:00Z'),
      category: 'burglary',
      district: null,
      block: null,
    },
  ]);
});

test('a file with no zone named anywhere is read in the zone of its place, and the summary says so', async () => {
  const database = await freshDatabase('pglite');
  const file = tempFile('vancouver-noflag.csv', `${VANCOUVER}\n`);
  const r = await importPath(database, file, { dryRun: true }, { inferTimeZone: true });
  expect(r.timeZone).toBe('America/Vancouver');
  expect(r.warnings[0]).toBe(
    'times read in America/Vancouver, the time zone where the incidents are (no --tz, and PATROLCAST_TZ is not set); shifts and briefings follow it too (PATROLCAST_TZ=America/Vancouver sets it for good)',
  );
  // With a zone configured, the configured zone is used and nothing is said.
  const set = await importPath(database, file, { dryRun: true });
  expect(set.timeZone).toBe('America/Chicago');
});

test("with no zone set, the agency's clock follows the zone its data came in: shifts start at 22:00 there", async () => {
  const database = await freshDatabase('pglite');
  const unset = parseConfig({});
  // Nothing imported yet: the default stands.
  expect(await followDataTimeZone(unset, database)).toBeUndefined();
  expect(unset.timeZone).toBe('America/Chicago');
  await importPath(database, tempFile('vancouver.csv', `${VANCOUVER}\n`), {}, { inferTimeZone: true });
  expect(await followDataTimeZone(unset, database)).toBe('America/Vancouver');
  const night = resolveWindow('tonight', new Date('2026-06-01T18:00:00Z'), forecastSettings(unset));
  // 22:00 in Vancouver (UTC−7 in June), not in Chicago.
  expect(night.start.toISOString()).toBe('2026-06-02T05:00:00.000Z');
  // A zone the agency set is never overridden.
  const set = parseConfig({ PATROLCAST_TZ: 'America/Chicago' });
  expect(await followDataTimeZone(set, database)).toBeUndefined();
  expect(set.timeZone).toBe('America/Chicago');
});

test("a geocoder's dump found by an import is left out of the lists, the answer says so, and an analyst can keep it", async () => {
  const database = await trainedDemo('pglite');
  const bot = demoBot(database);
  try {
    const chat = new ConsoleAdapter(bot.dispatcher, { mapDir: tmpdir(), role: 'viewer' }, () => {});
    const before = await chat.ask('/hotspots tonight');
    const top = /^ 1\. /m.test(before) ? before.split('\n').find((l) => l.startsWith(' 1. '))! : '';
    expect(top).not.toBe('');
    // The demo's #1 place, as if an import had found a dump there.
    const [first] = await rowsOf<{ cell: string; lat: number; lon: number }>(
      database,
      // Tonight's forecast is the latest window scored (the answer scores the shift before it too).
      `select fc.cell, i.lat, i.lon from forecast_cells fc join forecasts f on f.id = fc.forecast_id
       join incidents i on i.cell = fc.cell
       where fc.rank = 1 and f.category = 'all' order by f.window_start desc limit 1`,
    );
    await notePlaceholders(
      database,
      'demo',
      [{ point: `${first!.lat},${first!.lon}`, lat: first!.lat, lon: first!.lon, incidents: 40, streets: 9 }],
      9,
    );
    expect(await leftOutCells(database)).toEqual(new Set([first!.cell]));
    const after = await chat.ask('/hotspots tonight');
    expect(after.split('\n').find((l) => l.startsWith(' 1. '))).toBeUndefined();
    const said =
      'Left out: #1, where a geocoder put incidents it could not place (patrolcast placeholders lists them).';
    expect(after).toContain(said);
    // `patrolcast hotspots` renders the same plan: its list starts at 2 too, and says why.
    const briefing = await tonightsBriefing(database);
    const text = hotspotsText(briefing);
    expect(text).toMatch(/^ {2}2\. /m);
    expect(text).not.toMatch(/^ {2}1\. /m);
    expect(text).toContain(said);
    expect(hotspotsJson(briefing).leftOut).toEqual([{ cell: first!.cell, rank: 1, why: 'placeholder' }]);
    // The GeoJSON an analyst loads says the same: the dump has no rank, and why; the top 5 skip it.
    const api = testApi(database);
    const geo = async (top = '') => {
      const r = await api.request(`/v1/hotspots.geojson?when=tonight${top}`, { headers: authorised() });
      return (await r.json()) as { features: { id: string; properties: Record<string, unknown> }[] };
    };
    const dump = (await geo()).features.find((f) => f.id === first!.cell)!;
    expect(dump.properties).toMatchObject({ rank: null, left_out: expect.stringContaining('placeholder') });
    const five = (await geo('&top=5')).features;
    expect(five.map((f) => f.properties.rank)).toEqual([2, 3, 4, 5, 6]);
    // An analyst keeps it over the API (as `patrolcast placeholders keep` does), audited with the change.
    const point = `${first!.lat},${first!.lon}`;
    const listed = await api.request('/v1/placeholders', { headers: authorised() });
    expect(((await listed.json()) as { placeholders: unknown[] }).placeholders).toEqual([
      { source: 'demo', point, cell: first!.cell, incidents: 40, streets: 9, kept: false },
    ]);
    const kept = await api.request(`/v1/placeholders/${point}`, {
      method: 'PUT',
      body: JSON.stringify({ kept: true }),
      headers: authorised({ 'content-type': 'application/json' }),
    });
    expect(kept.status).toBe(200);
    expect(((await kept.json()) as { placeholders: { kept: boolean }[] }).placeholders[0]!.kept).toBe(true);
    expect((await readAudit(database, { limit: 1 }))[0]).toMatchObject({
      action: 'placeholders keep',
      actorKind: 'token',
      outcome: 'ok',
    });
    const none = await api.request('/v1/placeholders/1,2', {
      method: 'PUT',
      body: JSON.stringify({ kept: true }),
      headers: authorised({ 'content-type': 'application/json' }),
    });
    expect(none.status).toBe(404);
    expect((await chat.ask('/hotspots tonight')).split('\n').find((l) => l.startsWith(' 1. '))).toBe(top);
    expect((await geo('&top=5')).features.map((f) => f.properties.rank)).toEqual([1, 2, 3, 4, 5]);
    await expect(keepPlaceholder(database, '1,2', true, { actorKind: 'cli', actor: 'cli' })).rejects.toThrow(
      /no geocoder's dump is recorded at 1,2/,
    );
  } finally {
    await bot.close();
  }
}, 120_000);

test('a month-dated newest incident is as old as its month, not its first minute', () => {
  const july = { start: new Date('2026-06-30T23:00:00Z') };
  const f = judgeFreshness(new Date('2026-05-31T23:00:00Z'), july, 7, 'Europe/London', 'month');
  expect(f).toMatchObject({ stale: false, monthsBefore: 1 });
  const later = judgeFreshness(new Date('2026-03-31T23:00:00Z'), july, 7, 'Europe/London', 'month');
  expect(later).toMatchObject({ stale: true, monthsBefore: 3, age: '2 months' });
});

test('a place that dropped off the list since the shift before is named as the list names it', async () => {
  // A source with districts but no addresses, as Toronto's or a UK force's: no place has a street name.
  const database = await trainedDemo('pglite');
  await database.query('update incidents set block = null');
  const briefing = await tonightsBriefing(database);
  expect(briefing.changes.comparedWith).not.toBeNull();
  const dropped = briefing.changes.dropped.map((d) => d.label);
  expect(dropped.length).toBeGreaterThan(0);
  // Not bare coordinates beside a list of "District … · …" labels.
  for (const label of dropped) expect(label).toMatch(/^District \S+ · \d+\.\d{5}, -?\d+\.\d{5}$/);
  expect(briefing.places[0]!.label).toMatch(/^District \S+ · /);
});

test('places a source names only by neighbourhood keep their point, in the list and in each route', async () => {
  // Toronto's open data publish the neighbourhood, not the address: many places share one name.
  const database = await trainedDemo('pglite');
  await database.query(
    `update incidents set block = case when district in ('Central', 'East') then 'in Regent Park' else 'in Moss Park' end`,
  );
  const briefing = await tonightsBriefing(database);
  const named = /^in (Regent|Moss) Park · \d+\.\d{5}, -?\d+\.\d{5}/;
  for (const place of briefing.places)
    expect(place.label).toMatch(new RegExp(`${named.source} \\(District \\S+\\)$`));
  // Told apart, though they share a neighbourhood.
  expect(new Set(briefing.places.map((p) => p.label)).size).toBe(briefing.places.length);
  const stops = briefing.zones.flatMap((z) => z.stops);
  expect(stops.length).toBeGreaterThan(briefing.zones.length);
  for (const stop of stops) expect(stop.label).toMatch(new RegExp(`${named.source}$`));
  const text = hotspotsText(briefing);
  expect(text).not.toContain(', near ');
  expect(text).toMatch(/→ in (Regent|Moss) Park · /);
  // An officer names a stop by its neighbourhood and the answer asks which of them.
  const console = new ConsoleAdapter(
    demoBot(database).dispatcher,
    { mapDir: tmpdir(), role: 'viewer' },
    () => {},
  );
  expect(await console.ask('/visited regent park')).toMatch(
    /could be \d+ places of this plan: .*in Regent Park · /,
  );
});

test('an old extract asked about a shift years later lists its places with what to look for, and says it is stale', async () => {
  // The ewma, as `train` chooses where no model beats it (a forest has no recent counts to rank by).
  const database = await demoIncidents(await freshDatabase('pglite'));
  const config = demoConfig();
  const settings = forecastSettings(config);
  await train(database, settings, {
    algorithm: 'ewma',
    until: new Date('2026-06-01T05:00:00Z'),
    holdoutDays: 14,
  });
  const nightOf = (now: Date) =>
    composeBriefing(database, settings, {
      window: resolveWindow('tonight', now, settings),
      category: 'all',
      top: 10,
      units: config.units,
      agencyName: 'Demo PD',
    });
  const briefing = await nightOf(new Date(DEMO_NOW.getTime() + 3 * 365 * 86_400_000));
  expect(briefing.freshness.stale).toBe(true);
  // Not "nothing is expected anywhere": the places of the data's own last year, on its scale.
  expect(briefing.places).toHaveLength(10);
  expect(briefing.places[0]!.expected).toBeGreaterThan(0.1);
  // And each unit is told what those places' nights held, as on a day inside the data.
  const missions = briefing.zones.map((z) => z.mission?.lookFor ?? null);
  expect(missions.length).toBeGreaterThan(0);
  expect(missions.every((m) => m !== null)).toBe(true);
  // The night's list as it was the night the data end, time of day and all (years of decay used to
  // thin every place's hours into the city's, leaving the day's list scaled down).
  const then = await nightOf(DEMO_NOW);
  expect(briefing.places.map((p) => p.cell)).toEqual(then.places.map((p) => p.cell));
});
