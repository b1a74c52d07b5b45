// Dates as exports write them over several columns: year, month, day, hour, minute (and second).
import { expect, test } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const stored = (database: Awaited<ReturnType<typeof freshDatabase>>, source: string) =>
  rowsOf<{ external_id: string; occurred_at: Date; time_precision: string }>(
    database,
    'select external_id, occurred_at, time_precision from incidents where source = $1 order by external_id',
    [source],
  );

describeEachDatabase('dates in parts', (kind) => {
  test('YEAR, MONTH, DAY, HOUR, MINUTE columns are read with no mapping, as precise as they are', async () => {
    const database = await freshDatabase(kind);
    const file = tempFile(
      'parts.csv',
      'ID,TYPE,YEAR,MONTH,DAY,HOUR,MINUTE,Latitude,Longitude\n' +
        'P-1,Theft from Vehicle,2026,3,7,21,5,49.2827,-123.1207\n' +
        'P-2,Mischief,2026,Mar,8,4,,49.2827,-123.1207\n' +
        'P-3,Break and Enter Commercial,2026,3,9,,,49.2827,-123.1207\n' +
        'P-4,Theft of Bicycle,2026,2,30,10,0,49.2827,-123.1207\n' +
        'P-5,Theft of Bicycle,2026,13,1,10,0,49.2827,-123.1207\n',
    );
    const result = await importPath(database, file, { source: 'parts', timeZone: 'America/Vancouver' });
    expect(result).toMatchObject({ received: 5, accepted: 3, rejected: 2 });
    expect(result.errors).toEqual([
      { line: 5, field: 'occurred_at', reason: "not a real date '2026-2-30'" },
      { line: 6, field: 'occurred_at', reason: "month '13' is not a month" },
    ]);
    const rows = await stored(database, 'parts');
    expect(rows.map((r) => [r.external_id, r.occurred_at.toISOString(), r.time_precision])).toEqual([
      ['P-1', '2026-03-08T05:05:00.000Z', 'minute'],
      // 04:00 on the day the clocks go forward: Pacific daylight time already.
      ['P-2', '2026-03-08T11:00:00.000Z', 'hour'],
      ['P-3', '2026-03-09T07:00:00.000Z', 'day'],
    ]);
  });

  test('--map names parts with other names; a date column with hour and minute columns is read too', async () => {
    const database = await freshDatabase(kind);
    const parts = tempFile(
      'annee.csv',
      'num,annee,mois,jour,genre,lat,lon\nQ-1,2025,11,30,Vol,45.5017,-73.5673\n',
    );
    const mapped = await importPath(database, parts, {
      source: 'mapped',
      timeZone: 'America/Toronto',
      maps: ['num=external_id', 'annee=year', 'mois=month', 'jour=day', 'genre=raw_type'],
    });
    expect(mapped).toMatchObject({ accepted: 1, rejected: 0 });
    expect((await stored(database, 'mapped'))[0]).toMatchObject({ time_precision: 'day' });

    const dateAndHour = tempFile(
      'date-hour.csv',
      'id,date,hour,minute,offense,lat,lon\nD-1,2025-11-30,17,4,Theft,45.5017,-73.5673\n',
    );
    expect(await importPath(database, dateAndHour, { source: 'date-hour' })).toMatchObject({ accepted: 1 });
    const [row] = await stored(database, 'date-hour');
    expect([row!.occurred_at.toISOString(), row!.time_precision]).toEqual([
      '2025-11-30T23:04:00.000Z',
      'minute',
    ]);
  });

  test('a lone Month column of "2024-01" is a date of month precision', async () => {
    const database = await freshDatabase(kind);
    const file = tempFile(
      'month.csv',
      'Crime ID,Month,Crime type,Latitude,Longitude\nabc,2024-01,Burglary,51.5,-0.12\n',
    );
    expect(await importPath(database, file, { source: 'month', timeZone: 'Europe/London' })).toMatchObject({
      accepted: 1,
    });
    const [row] = await stored(database, 'month');
    expect([row!.occurred_at.toISOString(), row!.time_precision]).toEqual([
      '2024-01-01T00:00:00.000Z',
      'month',
    ]);
  });
});
