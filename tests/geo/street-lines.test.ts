// Streets traced from an export's block addresses: what a map without a basemap draws.
import { expect, test } from 'vitest';
import { streetLines, streetParts } from '../../src/geo/street-lines.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';

/** Blocks 100 m apart going north from a point, `hundreds` 100, 200, … */
const northward = (lat: number, lon: number, blocks: number, from = 100) =>
  Array.from({ length: blocks }, (_, i) => ({ hundreds: from + i * 100, lat: lat + i * 0.0009, lon, n: 3 }));

test("a street's blocks in number order make its line, from its low numbers to its high", () => {
  const [line, ...rest] = streetParts(northward(29.7, -95.4, 12).reverse());
  expect(rest).toEqual([]);
  expect(line).toHaveLength(12);
  expect(line![0]![1]).toBeCloseTo(29.7, 4);
  expect(line![11]![1]).toBeCloseTo(29.7 + 11 * 0.0009, 4);
  // North all the way: no step goes back south.
  for (let i = 1; i < line!.length; i++) expect(line![i]![1]).toBeGreaterThan(line![i - 1]![1]);
});

test('numbers that restart across town make two parts, not a line across the city', () => {
  // "North" Gessner and "south" Gessner share a name and their numbers; 9 km apart.
  const south = northward(29.7, -95.54, 10);
  const north = northward(29.78, -95.545, 10, 150);
  const parts = streetParts([...south, ...north]);
  expect(parts).toHaveLength(2);
  for (const part of parts) {
    const lats = part.map(([, lat]) => lat);
    expect(Math.max(...lats) - Math.min(...lats)).toBeLessThan(0.01);
  }
});

test("a geocoder's street fallback (one point for many blocks) and a street too short to draw are dropped", () => {
  const fallback = [1000, 2000, 3000, 4000].map((hundreds) => ({ hundreds, lat: 29.87, lon: -95.54, n: 5 }));
  const parts = streetParts([...northward(29.7, -95.54, 8), ...fallback]);
  expect(parts).toHaveLength(1);
  expect(parts[0]!.some(([, lat]) => lat > 29.8)).toBe(false);
  expect(streetParts(northward(29.7, -95.54, 3))).toEqual([]);
});

describeEachDatabase('streets from an imported export', (kind) => {
  test("a file with block addresses draws its streets, the numbered places' own first", async () => {
    const database = await freshDatabase(kind);
    // Two streets crossing at 29.70, -95.40: Main St north–south, Bell St west–east (busier), and a
    // few incidents without an address.
    const lines = ['id,occurred_at,offense_type,lat,lon,block_address'];
    let id = 0;
    for (let i = 0; i < 30; i++) {
      for (let k = 0; k < 2; k++)
        lines.push(
          `m${id++},2026-05-0${1 + k}T22:00,theft,${29.7 + i * 0.0009},-95.4,${100 + i * 100 + 7} main st`,
        );
      for (let k = 0; k < 4; k++)
        lines.push(
          `b${id++},2026-05-0${1 + k}T22:00,theft,29.7,${-95.4 + i * 0.001},${200 + i * 100 + 15} BELL ST`,
        );
    }
    lines.push(`x${id++},2026-05-01T22:00,theft,29.71,-95.39,`);
    await importPath(database, tempFile('streets.csv', `${lines.join('\n')}\n`));
    const area = { south: 29.6, west: -95.5, north: 29.8, east: -95.3 };
    const busiest = await streetLines(database, area, { named: [], most: 5 });
    expect(busiest.map((s) => s.name)).toEqual(['Bell St', 'Main St']);
    const named = await streetLines(database, area, { named: ['Main St'], most: 1 });
    expect(named.map((s) => s.name)).toEqual(['Main St']);
    // Main St runs north: its line keeps to its longitude and spans its 30 blocks.
    const main = named[0]!.lines.flat();
    expect(main.every(([lon]) => Math.abs(lon + 95.4) < 1e-6)).toBe(true);
    expect(main.at(-1)![1] - main[0]![1]).toBeCloseTo(29 * 0.0009, 4);
    // Outside the area there is nothing to draw.
    expect(
      await streetLines(database, { south: 40, west: -80, north: 41, east: -79 }, { named: [], most: 5 }),
    ).toEqual([]);
  });
});
