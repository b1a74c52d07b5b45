// A city the project has never seen, exported as its open-data portal publishes it: a date over
// separate columns, hundred-block addresses, local offence names, projected metres, persons offences
// published at 0,0, and a geocoder's placeholder block. Made up here; shaped like the real thing.
import { expect, test } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { count, importPath, tempFile } from '../helpers/import.ts';
import { newCityExport } from '../helpers/new-city.ts';

describeEachDatabase('a new city', (kind) => {
  test('imports with only --crs and --tz; a dry run first stores nothing and says what an import would', async () => {
    const database = await freshDatabase(kind);
    const file = tempFile('crimedata_csv_all_years.csv', newCityExport());
    const options = { crs: 'EPSG:32610', timeZone: 'America/Vancouver', source: 'newcity' };

    const dry = await importPath(database, file, { ...options, dryRun: true });
    expect(await count(database)).toBe(0);
    expect(await database.query('select 1 from ingest_batches')).toEqual([]);
    expect(dry).toMatchObject({
      dryRun: true,
      received: 700,
      accepted: 630,
      rejected: 70,
      timeZone: 'America/Vancouver',
    });
    expect(dry.categories).toEqual({ theft: 230, burglary: 200, vandalism: 100, vehicle_theft: 100 });
    expect(dry.errors[0]).toMatchObject({ line: 602, field: 'location', reason: 'zero coordinates' });
    expect(dry.types.find((t) => t.rawType === 'Break and Enter Commercial')).toMatchObject({
      category: 'burglary',
    });
    expect(dry.types.find((t) => t.rawType === 'Theft of Vehicle')).toMatchObject({
      category: 'vehicle_theft',
    });
    expect(dry.dateRange).toEqual({ from: '2025-01-01', to: '2025-12-28' });
    expect(dry.bbox![0]).toBeGreaterThan(-123.2);
    expect(dry.bbox![2]).toBeLessThan(-123.0);
    expect(dry.reasons['block: the source does not know the place']).toBe(30);
    expect(
      dry.warnings.some((w) => /^30 incidents .* at one point, .* 6 streets: a geocoder's dump/.test(w)),
    ).toBe(true);

    const real = await importPath(database, file, options);
    expect(real).toMatchObject({ accepted: dry.accepted, rejected: dry.rejected, duplicates: 0 });
    expect(real.dryRun).toBeUndefined();
    expect(await count(database)).toBe(630);

    // The year before, read in the wrong UTM zone, would land in Alaska: refused, every row, with why.
    const wrong = await importPath(
      database,
      tempFile('year-before.csv', newCityExport().replaceAll(',2025,', ',2024,')),
      {
        ...options,
        crs: 'EPSG:32606',
      },
    );
    expect(wrong).toMatchObject({ accepted: 0, rejected: 700 });
    expect(wrong.reasons).toEqual({
      'location: far from every incident already stored: a wrong --crs, or a point geocoded in the wrong place': 660,
      'location: zero coordinates': 40,
    });
    // Without --crs, the numbers say what they look like.
    const none = await importPath(database, file, {
      timeZone: 'America/Vancouver',
      source: 'newcity',
      dryRun: true,
    });
    expect(none.errors[0]!.reason).toMatch(/these look like UTM metres; try --crs EPSG:326NN/);
  });

  test('the placeholder named with --reject-point is refused; the file again stores nothing new', async () => {
    const database = await freshDatabase(kind);
    const file = tempFile('crimedata-again.csv', newCityExport());
    const options = { crs: 'EPSG:32610', timeZone: 'America/Vancouver', source: 'newcity' };
    const dry = await importPath(database, file, { ...options, dryRun: true });
    const point = /at one point, (-?[\d.]+,-?[\d.]+)/.exec(dry.warnings.join('\n'))![1]!;
    const first = await importPath(database, file, { ...options, rejectPoints: [point] });
    expect(first).toMatchObject({ accepted: 600, rejected: 100, duplicates: 0, warnings: [] });
    expect(first.errors.at(-1)).toMatchObject({
      field: 'location',
      reason: expect.stringContaining('refused point'),
    });
    // Repeated rows without an id are counted by their place in the file: the same file is all duplicates.
    const again = await importPath(database, file, { ...options, rejectPoints: [point] });
    expect(again).toMatchObject({ accepted: 0, duplicates: 600, rejected: 100 });
    await expect(importPath(database, file, { ...options, rejectPoints: ['north pole'] })).rejects.toThrow(
      /--reject-point takes LAT,LON/,
    );
  });
});
