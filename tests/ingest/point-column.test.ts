// Exports whose place is one column: Socrata's location type ("(39.10, -94.58)", in CSV often after the
// address it was geocoded from, as Kansas City's), WKT ("POINT (-122.33 47.61)", as Seattle's and San
// Francisco's), and in a portal's JSON an object {latitude, longitude} or a GeoJSON point. Before, each
// was refused whole: "no column is read as the place".
import { expect, test } from 'vitest';
import { addFeed, feedNamed } from '../../src/feeds/feed-store.ts';
import { runFeed } from '../../src/feeds/run-feed.ts';
import { addressIn, pointIn } from '../../src/ingest/point-text.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { count, importPath, SETTINGS, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';
import { SodaServer } from '../helpers/soda-server.ts';

/** Kansas City's shape: a span's start (From_Date, From_Time), and the place after its address. */
const KANSAS_CITY = [
  'Report_No,Reported_Date,From_Date,From_Time,Offense,Description,Zip Code,Location',
  '230001,01/02/2023,01/01/2023,23:15,STEALING FROM AUTO,Stealing from Auto,64105,"1200 MAIN ST\nKANSAS CITY 64105\n(39.1001, -94.5812)"',
  '230002,01/02/2023,01/02/2023,02:40,BURGLARY,Burglary - Residence,64109,"3412 TROOST AVE\nKANSAS CITY 64109\n(39.0650, -94.5710)"',
  // Not geocoded: no point, refused alone.
  '230003,01/03/2023,01/03/2023,14:00,ROBBERY,Robbery,64130,"5500 PROSPECT AVE\nKANSAS CITY 64130"',
  // Hidden at 0, 0.
  '230004,01/03/2023,01/03/2023,15:00,ROBBERY,Robbery,64130,"(0.0, 0.0)"',
].join('\n');

const SEATTLE = [
  'Offense ID,Offense Start DateTime,Offense,Point',
  '1,2024-03-01 10:15,THEFT FROM BUILDING,POINT (-122.3351 47.6080)',
  '2,2024-03-02 22:40,BURGLARY/BREAKING&ENTERING,SRID=4326;POINT(-122.3362 47.6091)',
].join('\n');

/** A Socrata dataset's JSON, older location objects beside newer GeoJSON points. */
const SOCRATA_JSON = JSON.stringify([
  {
    id: 'A1',
    offense: 'THEFT',
    date: '2024-03-01T10:15:00',
    // The address it was geocoded from, as Socrata writes it: JSON in a string.
    location: {
      latitude: '47.608',
      longitude: '-122.335',
      human_address: '{"address": "1215 3RD AVE", "city": "SEATTLE", "state": "WA", "zip": "98101"}',
    },
  },
  {
    id: 'A2',
    offense: 'BURGLARY',
    date: '2024-03-02T22:40:00',
    location: { type: 'Point', coordinates: [-122.336, 47.609] },
  },
]);

describeEachDatabase('a place written in one column', (kind) => {
  test("Kansas City's location: the point after the address, and the address as the place's name", async () => {
    const database = await freshDatabase(kind);
    const read = await importPath(
      database,
      tempFile('kcpd.csv', KANSAS_CITY),
      {},
      { timeZone: 'America/Chicago' },
    );
    expect(read).toMatchObject({ accepted: 2, rejected: 2 });
    expect(read.errors).toEqual([
      { line: 8, field: 'location', reason: 'no coordinates' },
      { line: 10, field: 'location', reason: 'zero coordinates' },
    ]);
    // Missouri's "stealing" is a theft.
    expect(read.categories).toEqual({ theft: 1, burglary: 1 });
    const stored = await rowsOf<{ lat: number; lon: number; block: string; occurred_at: Date }>(
      database,
      'select lat, lon, block, occurred_at from incidents order by occurred_at',
    );
    expect(stored).toEqual([
      {
        lat: 39.1001,
        lon: -94.5812,
        block: '1200 block of Main St',
        // From_Date and From_Time: 23:15 on New Year's Day, in Chicago's zone.
        occurred_at: new Date('2023-01-02T05:15:00Z'),
      },
      {
        lat: 39.065,
        lon: -94.571,
        block: '3400 block of Troost Ave',
        occurred_at: new Date('2023-01-02T08:40:00Z'),
      },
    ]);
  });

  test('WKT points and JSON location objects are read as longitude and latitude', async () => {
    const database = await freshDatabase(kind);
    const wkt = await importPath(
      database,
      tempFile('spd.csv', SEATTLE),
      {},
      { timeZone: 'America/Los_Angeles' },
    );
    expect(wkt).toMatchObject({ accepted: 2, rejected: 0 });
    const json = await importPath(
      database,
      tempFile('socrata.json', SOCRATA_JSON),
      { source: 'portal' },
      { timeZone: 'America/Los_Angeles' },
    );
    expect(json).toMatchObject({ accepted: 2, rejected: 0 });
    const points = await rowsOf<{ lat: number; lon: number }>(
      database,
      'select lat, lon from incidents order by source, occurred_at',
    );
    expect(points).toEqual([
      { lat: 47.608, lon: -122.3351 },
      { lat: 47.6091, lon: -122.3362 },
      { lat: 47.608, lon: -122.335 },
      { lat: 47.609, lon: -122.336 },
    ]);
  });

  test('a Socrata feed whose rows place themselves by a location object alone', async () => {
    const database = await freshDatabase(kind);
    const portal = new SodaServer();
    portal.rows = (JSON.parse(SOCRATA_JSON) as Record<string, unknown>[]).map((r, i) => ({
      ...(r as Record<string, string>),
      ':id': `row-${i}`,
      ':updated_at': `2026-12-01T00:00:0${i}.000Z`,
      location: r.location as Record<string, unknown>,
    }));
    await portal.start();
    try {
      await addFeed(
        database,
        { name: 'city', kind: 'socrata', url: portal.resourceUrl, options: {} },
        { actorKind: 'cli', actor: 'test' },
      );
      const ran = await runFeed(database, (await feedNamed(database, 'city'))!, SETTINGS);
      expect(ran).toMatchObject({ added: 2, rejected: 0 });
      expect(await count(database, 'lat between 47.6 and 47.61 and lon between -122.34 and -122.33')).toBe(2);
      // The location's address names its place; a GeoJSON point has none.
      const blocks = await rowsOf<{ block: string | null }>(
        database,
        'select block from incidents order by occurred_at',
      );
      expect(blocks.map((b) => b.block)).toEqual(['1200 block of 3rd Ave', null]);
    } finally {
      await portal.stop();
    }
  });
});

test('a location column of addresses alone is no place: the file is refused whole, nothing stored', async () => {
  const database = await freshDatabase('pglite');
  const addresses =
    'Case,Occurred,Offense,Location\nK1,2023-01-01 23:15,THEFT,1200 MAIN ST\nK2,2023-01-02 02:40,BURGLARY,3400 TROOST AVE\n';
  await expect(importPath(database, tempFile('addresses.csv', addresses))).rejects.toThrow(
    /^no column is read as the place \(the file's columns: case, occurred, offense, location\)/,
  );
  expect(await count(database)).toBe(0);
});

test('a column of projected points under a name not known is pointed to, and read with --crs', async () => {
  const database = await freshDatabase('pglite');
  const file = tempFile(
    'shape.csv',
    'Offense ID,Offense Start DateTime,Offense,Shape\n1,2024-03-01 10:15,THEFT,POINT (-13617900.5 6041300.25)\n',
  );
  await expect(importPath(database, file)).rejects.toThrow(
    'name it with --map "shape=point" (with --crs when its points are projected)',
  );
  const read = await importPath(database, file, { maps: ['shape=point'], crs: 'EPSG:3857' });
  expect(read).toMatchObject({ accepted: 1 });
  const [stored] = await rowsOf<{ lat: number; lon: number }>(database, 'select lat, lon from incidents');
  expect(stored!.lat).toBeCloseTo(47.6045, 3);
  expect(stored!.lon).toBeCloseTo(-122.3317, 3);
});

test('the forms a point is written in, and what is no point', () => {
  expect(pointIn('(41.88, -87.63)')).toEqual({ x: -87.63, y: 41.88, lonLat: true });
  expect(pointIn('41.88,-87.63')).toEqual({ x: -87.63, y: 41.88, lonLat: true });
  // Written the other way round, plainly: a latitude cannot be -122.
  expect(pointIn('(-122.33, 47.61)')).toEqual({ x: -122.33, y: 47.61, lonLat: true });
  expect(pointIn('POINT (-87.63 41.88)')).toEqual({ x: -87.63, y: 41.88, lonLat: false });
  expect(pointIn('point z (1187000.5 1901000.25 0)')).toEqual({ x: 1187000.5, y: 1901000.25, lonLat: false });
  expect(pointIn('{"type":"Point","coordinates":[-87.63,41.88]}')).toEqual({
    x: -87.63,
    y: 41.88,
    lonLat: true,
  });
  expect(pointIn({ lat: 41.88, lng: -87.63 })).toEqual({ x: -87.63, y: 41.88, lonLat: true });
  expect(pointIn('1200 MAIN ST\nKANSAS CITY 64105\n(39.1, -94.58)')).toEqual({
    x: -94.58,
    y: 39.1,
    lonLat: true,
    address: '1200 MAIN ST',
  });
  for (const none of [
    '1200 MAIN ST',
    'POINT EMPTY',
    '(41.88)',
    '',
    '{"type":"Point"}',
    '{not json',
    42,
    null,
    [1, 2],
  ])
    expect(pointIn(none)).toBeUndefined();
});

test('beside latitude and longitude columns, a location column gives its street address, and only that', () => {
  expect(addressIn('1200 MCDONOUGH BLVD SE')).toBe('1200 MCDONOUGH BLVD SE');
  expect(addressIn('1200 MAIN ST\nKANSAS CITY 64105\n(39.1, -94.58)')).toBe('1200 MAIN ST');
  expect(addressIn('15A HIGH ST (51.5, -0.12)')).toBe('15A HIGH ST');
  for (const none of ['PARKING LOT', '(41.88, -87.63)', '41.88,-87.63', 'POINT (-87.63 41.88)', '', 42, null])
    expect(addressIn(none)).toBeUndefined();
});
