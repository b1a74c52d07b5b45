// An export with block addresses: every answer names its places by street, never by house number.
import { gridDisk, latLngToCell } from 'h3-js';
import { expect, test } from 'vitest';
import { composeBriefing } from '../../src/briefing/compose.ts';
import { briefingText } from '../../src/briefing/text.ts';
import { generateDemoIncidents } from '../../src/demo/generate.ts';
import { train } from '../../src/forecast/train.ts';
import { dayWindow } from '../../src/forecast/windows.ts';
import { placeNames } from '../../src/geo/place-names.ts';
import { TEST_FORECAST_SETTINGS as settings } from '../helpers/api.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { count, importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const STREETS = ['Elm St', 'Oak Ave', 'Harbor Blvd', 'Mill Rd'];

/** A year of incidents, each with the address of its house on a street named by where it is. */
function exportWithAddresses(): string {
  const rows = generateDemoIncidents({
    days: 400,
    seed: 8,
    end: { year: 2026, month: 6, day: 1 },
    timeZone: settings.timeZone,
  });
  const lines = ['id,occurred_at,offense_type,lat,lon,block_address'];
  for (const r of rows) {
    const house = 100 * (10 + (Math.round(r.lat * 2000) % 80)) + 37;
    const street = STREETS[Math.abs(Math.round(r.lon * 2000)) % STREETS.length];
    lines.push(
      `${r.externalId},${r.occurredAt.toISOString()},${r.rawType},${r.lat},${r.lon},${house} ${street}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describeEachDatabase('street names from the data', (kind) => {
  test('a file with block addresses yields places named by their hundred block and a nearby street', async () => {
    const database = await freshDatabase(kind);
    await importPath(database, tempFile('addresses.csv', exportWithAddresses()));
    // Stored no finer than the block.
    expect(await count(database, "block like '%37 %' or block ~ '^[0-9]+ [A-Z]'")).toBe(0);
    expect(await count(database, "block ~ '^[0-9]+00 block of '")).toBeGreaterThan(1000);
    await train(database, settings, {
      algorithm: 'ewma',
      until: new Date('2026-06-01T05:00:00Z'),
      holdoutDays: 14,
    });
    const briefing = await composeBriefing(database, settings, {
      window: dayWindow({ year: 2026, month: 5, day: 20 }, settings.timeZone),
      category: 'all',
      top: 5,
      units: 2,
      agencyName: 'Harbor PD',
    });
    const street =
      /^\d+00 block of (Elm St|Oak Ave|Harbor Blvd|Mill Rd)(, near (Elm St|Oak Ave|Harbor Blvd|Mill Rd))?/;
    for (const p of briefing.places) {
      expect(p.place).toMatch(street);
      expect(p.label.startsWith(p.place!)).toBe(true);
    }
    for (const z of briefing.zones) if (z.centre) expect(z.centre.place).toMatch(street);
    // A cell with no address of its own is named by the nearest one that has, and only nearby.
    const withBlocks = new Set(
      (
        await rowsOf<{ cell: string }>(
          database,
          'select distinct cell from incidents where block is not null',
        )
      ).map((r) => r.cell),
    );
    const empty = gridDisk(briefing.places[0]!.cell, 40).find(
      (c) => !withBlocks.has(c) && gridDisk(c, 2).some((n) => withBlocks.has(n)),
    );
    expect(empty).toBeDefined();
    expect((await placeNames(database, [empty!])).get(empty!)).toMatch(/^near \d+00 block of /);
    const faraway = latLngToCell(0, 0, 9);
    expect((await placeNames(database, [faraway])).has(faraway)).toBe(false);
    const text = briefingText(briefing);
    expect(text).toMatch(/\n 1\. \d+00 block of /);
    // Each unit's route starts at a place named by its block.
    expect(text).toMatch(/\n {2}Z1( \([^)]+\))?: look for [^\n]+\n {4}(#\d+ )?\d+00 block of /);
  });
});
