// The shared public data, imported with its profile: the counts the data README documents.
import { expect, test } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import {
  CHICAGO,
  count,
  HOUSTON,
  importPath,
  PORTLAND_AUG,
  PORTLAND_CSV,
  PORTLAND_SEP,
} from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

describeEachDatabase('importing the shared data', (kind) => {
  test('Chicago: every row accepted, in local time, inside the city', async () => {
    const database = await freshDatabase(kind);
    const result = await importPath(database, CHICAGO, { profile: 'chicago' });
    // The extract has no ids, and 111 rows repeat another in every column: with nothing to tell them apart
    // they are incidents of their own (an attack on several people is a row for each), not duplicates.
    expect(result).toMatchObject({ received: 148_636, rejected: 0, duplicates: 0, accepted: 148_636 });
    expect(await count(database, "source = 'chicago' and category = 'assault' and origin = 'reported'")).toBe(
      148_636,
    );
    // The first row, 2010-01-01 00:05 in Chicago, is 06:05 UTC.
    const [first] = await rowsOf<{ at: Date; lat: number; lon: number; district: string }>(
      database,
      'select occurred_at as at, lat, lon, district from incidents order by occurred_at, lat limit 1',
    );
    expect(first!.at.toISOString()).toBe('2010-01-01T06:05:00.000Z');
    expect(first).toMatchObject({ lat: 41.7922, lon: -87.6277, district: '2' });
    const [box] = await rowsOf<Record<string, number>>(
      database,
      'select min(lat) as s, max(lat) as n, min(lon) as w, max(lon) as e from incidents',
    );
    expect(box).toEqual({ s: 41.6446, n: 42.0225, w: -87.9255, e: -87.5246 });
  });

  test('Houston: the fallback points, out-of-area rows, missing coordinates and duplicates are caught', async () => {
    const database = await freshDatabase(kind);
    const result = await importPath(database, HOUSTON, { profile: 'houston' });
    expect(result.received).toBe(86_314);
    expect(result.reasons).toEqual({
      'location: geocoder fallback: the city-centre point the geocoder falls back to': 515,
      'location: outside the jurisdiction': 210,
      'location: no coordinates': 5,
    });
    expect(result.rejected).toBe(730);
    // 600 rows repeat another exactly; without ids they are kept as incidents of their own.
    expect(result.duplicates).toBe(0);
    expect(result.accepted).toBe(86_314 - 730);
    expect(await count(database)).toBe(result.accepted);
    const categories = await rowsOf<{ category: string; n: number }>(
      database,
      'select category, count(*)::int as n from incidents group by category order by category',
    );
    expect(categories.map((c) => c.category)).toEqual([
      'assault',
      'burglary',
      'homicide',
      'robbery',
      'sex_offense',
      'theft',
      'vehicle_theft',
    ]);
    expect(await count(database, "time_precision = 'hour'")).toBe(result.accepted);
    // No address, premise or beat reaches the database: the columns do not exist.
    const columns = await rowsOf<{ column_name: string }>(
      database,
      "select column_name from information_schema.columns where table_name = 'incidents'",
    );
    expect(columns.map((c) => c.column_name)).not.toEqual(expect.arrayContaining(['block_address']));
  });

  test("Portland: the NIJ shapefiles' state-plane feet land inside Portland, and agree with the CSV", async () => {
    const database = await freshDatabase(kind);
    const august = await importPath(database, PORTLAND_AUG, { profile: 'nij-portland' });
    const september = await importPath(database, PORTLAND_SEP, { profile: 'nij-portland' });
    // The August dBase file ends with one blank record.
    expect(august).toMatchObject({ received: 19_376, rejected: 1 });
    expect(august.errors).toEqual([{ line: 19_376, field: 'occurred_at', reason: 'no date' }]);
    expect(september).toMatchObject({ received: 18_443, rejected: 0 });
    // Calls at the same place on the same day for the same kind repeat (516 rows): each is a call.
    expect(august.duplicates + september.duplicates).toBe(0);
    expect(august.accepted + september.accepted).toBe(37_818);
    const [box] = await rowsOf<Record<string, number>>(
      database,
      'select min(lat) as s, max(lat) as n, min(lon) as w, max(lon) as e from incidents',
    );
    expect(box!.s).toBeGreaterThan(45.3);
    expect(box!.n).toBeLessThan(45.7);
    expect(box!.w).toBeGreaterThan(-122.9);
    expect(box!.e).toBeLessThan(-122.2);

    // The CSV extract carries the publisher's own WGS84 coordinates for the same calls: the first
    // one, a prowler on 10 August at x 7660085 ft, y 672910 ft, is at 45.492956, -122.613910.
    const [prowler] = await rowsOf<{ lat: number; lon: number }>(
      database,
      `select lat, lon from incidents where source = 'portland' and raw_type = 'PROWLER'
         and occurred_at = '2016-08-10T07:00:00Z' order by abs(lat - 45.492956) + abs(lon + 122.61391) limit 1`,
    );
    expect(prowler!.lat).toBeCloseTo(45.492956, 5);
    expect(prowler!.lon).toBeCloseTo(-122.61391, 5);
    // The challenge's OTHER group decides nothing by itself: its calls are filed by what they name.
    const filed = await rowsOf<{ raw_type: string; category: string }>(
      database,
      `select distinct raw_type, category from incidents where source = 'portland'
         and raw_type in ('BURGLARY - COLD', 'THEFT - COLD', 'VEHICLE STOLEN - COLD', 'WELFARE CHECK - COLD')
       order by raw_type`,
    );
    expect(filed).toEqual([
      { raw_type: 'BURGLARY - COLD', category: 'burglary' },
      { raw_type: 'THEFT - COLD', category: 'theft' },
      { raw_type: 'VEHICLE STOLEN - COLD', category: 'vehicle_theft' },
      { raw_type: 'WELFARE CHECK - COLD', category: 'other' },
    ]);
    const csv = await importPath(database, PORTLAND_CSV, { profile: 'nij-portland', source: 'portland-csv' });
    expect(csv).toMatchObject({ received: 37_818, rejected: 0, duplicates: 0, accepted: 37_818 });
  });
});
