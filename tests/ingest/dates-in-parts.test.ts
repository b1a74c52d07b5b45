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

// Los Angeles's open data, as the portal exports them: the date of occurrence as a date-time at
// midnight ("12:00:00 AM"), its time of day beside it written 2130, 930 or 1 (00:01), the report's
// date first, victims' details the project never reads, and places withheld at 0, 0.
const LAPD = [
  'DR_NO,Date Rptd,DATE OCC,TIME OCC,AREA,AREA NAME,Rpt Dist No,Crm Cd,Crm Cd Desc,Vict Age,Vict Sex,Premis Desc,LOCATION,Cross Street,LAT,LON',
  '240104821,03/02/2024 12:00:00 AM,03/01/2024 12:00:00 AM,2130,01,Central,0163,330,BURGLARY FROM VEHICLE,32,M,STREET,700 W  7TH                          ST,,34.0483,-118.2588',
  '240104822,03/02/2024 12:00:00 AM,03/02/2024 12:00:00 AM,930,01,Central,0163,510,VEHICLE - STOLEN,0,X,STREET,300 E  5TH                          ST,,34.0454,-118.2450',
  '240104823,03/03/2024 12:00:00 AM,03/03/2024 12:00:00 AM,1,03,Southwest,0358,624,BATTERY - SIMPLE ASSAULT,41,F,SIDEWALK,1900 S  LONGWOOD                    AV,,34.0407,-118.3476',
  '240104824,03/04/2024 12:00:00 AM,03/04/2024 12:00:00 AM,1645,03,Southwest,0358,624,BATTERY - SIMPLE ASSAULT,29,F,DWELLING,,,0,0',
].join('\n');

test("an LAPD export is read as one with no flag: the occurrence's date and time, its areas, its blocks", async () => {
  const database = await freshDatabase('pglite');
  const r = await importPath(database, tempFile('Crime_Data_from_2020_to_Present.csv', `${LAPD}\n`));
  expect(r).toMatchObject({ accepted: 3, rejected: 1, timeZone: 'America/Los_Angeles' });
  expect(r.categories).toEqual({ theft: 1, vehicle_theft: 1, assault: 1 });
  const rows = await rowsOf<{ id: string; at: Date; precision: string; district: string; block: string }>(
    database,
    `select external_id as id, occurred_at as at, time_precision as precision, district, block
     from incidents order by external_id`,
  );
  expect(rows).toEqual([
    // 21:30 on 1 March in Los Angeles (the date occurred, not the date reported); PST is UTC−8.
    {
      id: '240104821',
      at: new Date('2024-03-02T05:30:00Z'),
      precision: 'minute',
      district: 'Central',
      block: '700 block of W 7th St',
    },
    {
      id: '240104822',
      at: new Date('2024-03-02T17:30:00Z'),
      precision: 'minute',
      district: 'Central',
      block: '300 block of E 5th St',
    },
    // "1" is one minute past midnight.
    {
      id: '240104823',
      at: new Date('2024-03-03T08:01:00Z'),
      precision: 'minute',
      district: 'Southwest',
      block: '1900 block of S Longwood Av',
    },
  ]);
});

test('a generic export whose date column carries midnight takes its time of day from the time column', async () => {
  const database = await freshDatabase('pglite');
  const file = tempFile(
    'calls.csv',
    'id,offense,date,time,lat,lon\n' +
      'A-1,burglary,2024-05-01T00:00:00.000,1730,41.88,-87.63\n' +
      'A-2,burglary,05/02/2024 12:00:00 AM,905,41.88,-87.63\n' +
      // A real time in the date is kept: the time column does not overrule it.
      'A-3,burglary,05/03/2024 08:15,1730,41.88,-87.63\n',
  );
  const r = await importPath(database, file, { timeZone: 'America/Chicago' });
  expect(r).toMatchObject({ accepted: 3, rejected: 0 });
  const rows = await stored(database, 'import');
  expect(rows.map((x) => x.occurred_at.toISOString())).toEqual([
    '2024-05-01T22:30:00.000Z',
    '2024-05-02T14:05:00.000Z',
    '2024-05-03T13:15:00.000Z',
  ]);
});

test('read as a generic file, the refusal names the date the incident occurred, not the date it was reported', async () => {
  const database = await freshDatabase('pglite');
  await expect(
    importPath(database, tempFile('lapd.csv', `${LAPD}\n`), { profile: 'generic' }),
  ).rejects.toThrow('--map "date_occ=occurred_at"');
});
