// Coordinate systems whose datum shift needs a grid file (NAD27 state planes, the British National
// Grid): the grid is not bundled, so every point came out NaN and each row was refused as "coordinates
// are not numbers". The shift by parameters is used instead, a few metres from the grid's.
import { expect, test } from 'vitest';
import { projectorFor } from '../../src/geo/projection.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

test.each([
  // Milwaukee's state plane (NAD27, US feet): North 35th Street.
  ['EPSG:32054', 2541845.3, 392440.7, 43.0587, -87.9724],
  // London, by the British National Grid: Trafalgar Square.
  ['EPSG:27700', 530034, 180381, 51.5074, -0.1277],
])('%s: a point lands in its city', (crs, x, y, lat, lon) => {
  const [gotLon, gotLat] = projectorFor(crs)(x, y);
  expect(gotLat).toBeCloseTo(lat, 3);
  expect(gotLon).toBeCloseTo(lon, 3);
});

test('the shift is applied, not dropped: OSGB36 lies about 100 m from WGS 84 in London', () => {
  const grid = projectorFor('EPSG:27700')(530034, 180381);
  const unshifted = projectorFor(
    '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  )(530034, 180381);
  const metres = Math.hypot((grid[1] - unshifted[1]) * 111_320, (grid[0] - unshifted[0]) * 111_320 * 0.62);
  expect(metres).toBeGreaterThan(80);
  expect(metres).toBeLessThan(150);
});

test('a grid with no shift to stand in for it is refused by name, not read as NaN', () => {
  expect(() => projectorFor('EPSG:22521')).toThrow(
    /EPSG:22521 shifts its datum by a grid file \(CA7072_003\.gsb\) that is not available here: convert the coordinates to latitude and longitude/,
  );
});

test('an export in NAD27 state plane feet is imported, each row at its place', async () => {
  const database = await freshDatabase('pglite');
  const file = tempFile(
    'nad27.csv',
    'id,occurred_at,offense,x,y\n1,2023-03-04 21:15:00,theft,2541845.3,392440.7\n2,2023-03-05 09:30:00,burglary,2548321.1,380122.5\n',
  );
  const read = await importPath(database, file, { crs: 'EPSG:32054' }, { timeZone: 'America/Chicago' });
  expect(read).toMatchObject({ accepted: 2, rejected: 0 });
  const rows = await rowsOf<{ lat: number; lon: number }>(
    database,
    'select lat, lon from incidents order by external_id',
  );
  expect(rows.map((r) => [Number(r.lat).toFixed(3), Number(r.lon).toFixed(3)])).toEqual([
    ['43.059', '-87.972'],
    ['43.024', '-87.949'],
  ]);
});
