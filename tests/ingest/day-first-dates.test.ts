// Numeric dates as the world writes them: a UK or European force's own export writes 03/04/2026 for
// 3 April, a US agency's for 4 March. The file's own dates say which where one has a number past 12;
// where none does, the zone's custom; and the summary says when dates were read day first.
import { expect, test } from 'vitest';
import { dateOrderOf, parseOccurredAt } from '../../src/ingest/dates.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const HEADER = 'ID,Date,Offence,Latitude,Longitude\n';

test('the order is read from the dates themselves, else from the zone', () => {
  expect(dateOrderOf(['03/04/2026 10:00', '14/03/2026 22:15'], 'America/Chicago')).toEqual({
    order: 'day-first',
    by: 'dates',
  });
  expect(dateOrderOf(['03/14/2026', '03/04/2026'], 'Europe/London')).toEqual({
    order: 'month-first',
    by: 'dates',
  });
  expect(dateOrderOf(['03/04/2026'], 'Europe/London').order).toBe('day-first');
  expect(dateOrderOf(['03/04/2026'], 'Australia/Sydney').order).toBe('day-first');
  // The US, under any of its zone names, writes the month first.
  for (const zone of ['America/Chicago', 'US/Eastern', 'Pacific/Honolulu', 'EST5EDT'])
    expect(dateOrderOf(['03/04/2026'], zone)).toEqual({ order: 'month-first', by: 'zone' });
  // So do Canada and the Philippines; Latin America writes the day first.
  for (const zone of ['America/Toronto', 'America/Indiana/Knox', 'Asia/Manila'])
    expect([zone, dateOrderOf(['03/04/2026'], zone).order]).toEqual([zone, 'month-first']);
  for (const zone of ['America/Sao_Paulo', 'America/Mexico_City', 'America/Argentina/Buenos_Aires'])
    expect([zone, dateOrderOf(['03/04/2026'], zone).order]).toEqual([zone, 'day-first']);
  expect(dateOrderOf(['2026-03-04 10:00', 1_700_000_000], 'Europe/London')).toEqual({
    order: 'month-first',
    by: 'none',
  });
});

test('a date written year first is year, month, day whatever its separator; a time nobody knows keeps the day', () => {
  const at = (value: string, time?: string) => {
    const read = parseOccurredAt(value, time, 'Asia/Tokyo', 'day-first');
    return 'error' in read ? read.error : [read.instant.toISOString(), read.precision];
  };
  expect(at('2023/03/01')).toEqual(['2023-02-28T15:00:00.000Z', 'day']);
  expect(at('2023.3.1 22:05')).toEqual(['2023-03-01T13:05:00.000Z', 'minute']);
  expect(at('2023/03/01', '22')).toEqual(['2023-03-01T13:00:00.000Z', 'hour']);
  for (const unknown of ['不明', 'unknown', 'Desconocida', 'sem informação', 'unbekannt', '--'])
    expect(at('2023/03/01', unknown), unknown).toEqual(['2023-02-28T15:00:00.000Z', 'day']);
  expect(at('2023/03/01', 'midday')).toBe("unreadable time of day 'midday'");
  expect(at('2023/13/01')).toBe("not a real date '2023/13/01'");
  expect(at('2023/03-01')).toBe("unreadable date '2023/03-01'");
});

test('a date with its month named is read whatever the order setting; a time column on a 12-hour clock too', () => {
  const at = (value: string, time?: string) => {
    // Day first, as London would read 03/04: a named month is read the same.
    const read = parseOccurredAt(value, time, 'America/Chicago', 'day-first');
    return 'error' in read ? read.error : [read.instant.toISOString(), read.precision];
  };
  // January in Chicago is UTC−6.
  expect(at('Jan 5, 2024 2:30 PM')).toEqual(['2024-01-05T20:30:00.000Z', 'minute']);
  expect(at('Jan  5 2024  2:30PM')).toEqual(['2024-01-05T20:30:00.000Z', 'minute']);
  expect(at('05-Jan-2024 14:30')).toEqual(['2024-01-05T20:30:00.000Z', 'minute']);
  expect(at('Saturday, January 6, 2024 11:45 PM')).toEqual(['2024-01-07T05:45:00.000Z', 'minute']);
  expect(at('March 3rd, 2024 11:45:00.000 p.m.')).toEqual(['2024-03-04T05:45:00.000Z', 'minute']);
  // Oracle's two-digit year is this century's; a day alone is a day.
  expect(at('07-JAN-24')).toEqual(['2024-01-07T06:00:00.000Z', 'day']);
  expect(at('5 January 2024', '2:30 PM')).toEqual(['2024-01-05T20:30:00.000Z', 'minute']);
  expect(at('2024-01-05', '11:45:00 p.m.')).toEqual(['2024-01-06T05:45:00.000Z', 'minute']);
  expect(at('2024-01-05', '12 AM')).toEqual(['2024-01-05T06:00:00.000Z', 'hour']);
  expect(at('Feb 30 2024')).toBe("not a real date 'Feb 30 2024'");
  expect(at('Jan 5, 2024 13:30 PM')).toBe("unreadable date 'Jan 5, 2024 13:30 PM'");
  expect(at('2024-01-05', '13:30 PM')).toBe("unreadable time of day '13:30 PM'");
  expect(at('Smarch 5, 2024')).toBe("unreadable date 'Smarch 5, 2024'");
});

describeEachDatabase('numeric dates', (kind) => {
  const stored = async (database: Awaited<ReturnType<typeof freshDatabase>>, source: string) =>
    (
      await rowsOf<{ external_id: string; occurred_at: Date }>(
        database,
        'select external_id, occurred_at from incidents where source = $1 order by external_id',
        [source],
      )
    ).map((r) => [r.external_id, r.occurred_at.toISOString()]);

  test("a London force's export is read day first, and says so; a US agency's month first", async () => {
    const database = await freshDatabase(kind);
    const london = tempFile(
      'london.csv',
      `${HEADER}A1,14/03/2026 22:15,Burglary,51.5072,-0.1276\nA2,03/04/2026 01:05,Theft,51.5080,-0.1280\n`,
    );
    const read = await importPath(database, london, { source: 'met', timeZone: 'Europe/London' });
    expect(read).toMatchObject({ accepted: 2, rejected: 0 });
    expect(read.warnings[0]).toBe('dates read day first (14/03/2026 is 14 March), as the file writes them');
    // 22:15 GMT; and 01:05 on 3 April, British Summer Time.
    expect(await stored(database, 'met')).toEqual([
      ['A1', '2026-03-14T22:15:00.000Z'],
      ['A2', '2026-04-03T00:05:00.000Z'],
    ]);

    // One night's drop, every number 12 or less: London's custom decides, and the summary says so.
    const night = tempFile('night.csv', `${HEADER}N1,03/04/2026 23:40,Theft,51.5072,-0.1276\n`);
    const nightly = await importPath(database, night, { source: 'met-night', timeZone: 'Europe/London' });
    expect(nightly.warnings[0]).toMatch(
      /^dates read day first \(03\/04\/2026 is 3 April\), as Europe\/London/,
    );
    expect(await stored(database, 'met-night')).toEqual([['N1', '2026-04-03T22:40:00.000Z']]);

    // The same night's line from a US agency is 4 March, with nothing to say. (Each agency's own file:
    // one file imported under two sources would store its incidents twice, and is refused.)
    const line = (id: string) =>
      tempFile(`night-${id}.csv`, `${HEADER}${id},03/04/2026 23:40,Theft,51.5072,-0.1276\n`);
    const us = await importPath(database, line('C1'), { source: 'cpd', timeZone: 'America/Chicago' });
    expect(us.warnings.some((w) => w.startsWith('dates read'))).toBe(false);
    expect(await stored(database, 'cpd')).toEqual([['C1', '2026-03-05T05:40:00.000Z']]);

    // A Toronto file written day first, whose first rows cannot say: the analyst says.
    const toronto = await importPath(database, line('T1'), {
      source: 'tps',
      timeZone: 'America/Toronto',
      dateOrder: 'day-first',
    });
    expect(toronto.warnings.some((w) => w.startsWith('dates read'))).toBe(false);
    expect(await stored(database, 'tps')).toEqual([['T1', '2026-04-04T03:40:00.000Z']]);

    // Dotted dates (14.03.2026) are day first too.
    const dotted = tempFile('dotted.csv', `${HEADER}D1,14.03.2026 22:15,Burglary,51.5072,-0.1276\n`);
    await importPath(database, dotted, { source: 'dotted', timeZone: 'Europe/London' });
    expect(await stored(database, 'dotted')).toEqual([['D1', '2026-03-14T22:15:00.000Z']]);
  });
});

test('a German Excel CSV: semicolons, dotted day-first dates and decimal commas', async () => {
  const database = await freshDatabase('pglite');
  // As Excel saves "CSV (Trennzeichen-getrennt)" in a German locale, with a byte-order mark.
  const file = tempFile(
    'vorgaenge.csv',
    '\ufeffVorgang;Tatzeit;Delikt;Breitengrad;Längengrad;Rechtswert\n' +
      'B-1;14.03.2026 22:15;Diebstahl;52,5200;13,405;391234,56\n' +
      'B-2;03.04.2026 09:30;Einbruch;52,5163;13,3777;390912,5\n',
  );
  const r = await importPath(database, file, {
    timeZone: 'Europe/Berlin',
    maps: [
      'Vorgang=external_id',
      'Tatzeit=occurred_at',
      'Delikt=raw_type',
      'Breitengrad=lat',
      'Längengrad=lon',
    ],
  });
  expect(r).toMatchObject({ accepted: 2, rejected: 0 });
  const rows = await rowsOf<{ id: string; at: Date; lat: number; lon: number }>(
    database,
    'select external_id as id, occurred_at as at, lat, lon from incidents order by external_id',
  );
  expect(rows).toEqual([
    // 22:15 in Berlin in March (CET, UTC+1); 3 April, not 4 March, at 09:30 CEST (UTC+2).
    { id: 'B-1', at: new Date('2026-03-14T21:15:00Z'), lat: 52.52, lon: 13.405 },
    { id: 'B-2', at: new Date('2026-04-03T07:30:00Z'), lat: 52.5163, lon: 13.3777 },
  ]);
});
