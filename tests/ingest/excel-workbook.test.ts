// An analyst's export as Excel writes it: the workbook imports as its CSV would, dates and times
// formatted as such included, and an old .xls is refused with what to do instead. So does a CSV
// printed as a report, with titles above its header: before, the first title was read as the header.
import { describe, expect, test } from 'vitest';
import { formatKind } from '../../src/ingest/formats/xlsx.ts';
import { authorised, bodyOf, testApi } from '../helpers/api.ts';
import { DATABASE_KINDS, freshDatabase } from '../helpers/databases.ts';
import { count, importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';
import { type Cell, makeWorkbook } from '../helpers/xlsx.ts';
import { makeZip } from '../helpers/zip.ts';

const HEADER = [
  'Case Number',
  'Offense',
  'Occurred Date',
  'Occurred Time',
  'Latitude',
  'Longitude',
  'Beat',
  'Address',
];

/** The same incidents as a CSV writes them and as Excel keeps them (a wall-clock time given as UTC). */
const INCIDENTS: [string, string, string, string, number, number, string, string][] = [
  [
    '24-000101',
    'Burglary - Residence',
    '2026-03-14',
    '22:15',
    41.8781,
    -87.6298,
    '1A10',
    '1200 W MADISON ST',
  ],
  ['24-000102', 'Theft & Fraud', '2026-03-15', '09:05', 41.8795, -87.6243, '1A10', ''],
  ['24-000103', 'Robbery', '2026-03-16', '00:40', 41.8827, -87.6233, '1B20', '200 N CLARK ST'],
];

const wall = (date: string, time = '00:00') => new Date(`${date}T${time}:00Z`);

const csv = [
  HEADER.join(','),
  ...INCIDENTS.map((r) => r.map((v) => (String(v).includes(',') ? `"${v}"` : v)).join(',')),
].join('\n');

function workbook(): Buffer {
  const rows: Cell[][] = [
    // A title above the header, and a blank row, as records systems print them.
    ['Incidents, March 2026', null, null, null, null, null, null, null],
    [null, null, null, null, null, null, null, null],
    HEADER,
    ...INCIDENTS.map(([id, offense, date, time, lat, lon, beat, address], i): Cell[] => [
      // An id typed as a formula's text, a date cell, a time cell, plain numbers; an empty address cell
      // is left out of the row altogether, as Excel does.
      i === 0 ? { formula: 'CONCAT("24-","000101")', text: id } : id,
      offense,
      { date: wall(date) },
      { time },
      lat,
      lon,
      beat,
      address || null,
    ]),
    // A row of formatting only, and the report's total.
    [null, null, null, null, null, null, null, null],
    ['Total', 3, null, null, null, null, null, null],
  ];
  const second: Cell[][] = [
    ['Summary', 'Count'],
    ['Burglary', 1],
  ];
  return makeWorkbook([rows, second]);
}

describe.each(DATABASE_KINDS)('%s', (kind) => {
  test('an Excel workbook stores what the same export as CSV stores', async () => {
    const fromCsv = await freshDatabase(kind);
    const fromExcel = await freshDatabase(kind);
    const options = { timeZone: 'America/Chicago', source: 'rms' };
    const a = await importPath(fromCsv, tempFile('march.csv', csv), options);
    // Named .bin: the content, not the name, says it is a workbook.
    const b = await importPath(fromExcel, tempFile('march-export.bin', workbook()), options);
    expect(a).toMatchObject({ accepted: 3, rejected: 0 });
    expect(b).toMatchObject({ accepted: 3, rejected: 1, duplicates: 0 });
    expect(b.errors).toEqual([
      {
        line: 8,
        field: 'row',
        reason: 'a line of the report\'s totals or footer ("Total 3"), not an incident',
      },
    ]);
    const stored = (database: typeof fromCsv) =>
      rowsOf<Record<string, unknown>>(
        database,
        `select external_id, occurred_at, time_precision, category, raw_type, lat, lon, district, block
         from incidents order by external_id`,
      );
    const excel = await stored(fromExcel);
    expect(excel).toEqual(await stored(fromCsv));
    // 22:15 in Chicago in March (CDT, UTC−5), from a date cell and a time cell.
    expect(excel[0]).toMatchObject({
      external_id: '24-000101',
      occurred_at: new Date('2026-03-15T03:15:00Z'),
      time_precision: 'minute',
      category: 'burglary',
      district: '1A10',
      block: '1200 block of W Madison St',
    });
    // "Theft &amp; Fraud" in the sheet's XML is the offence "Theft & Fraud".
    expect(excel[1]).toMatchObject({ raw_type: 'Theft & Fraud', block: null });
  });

  test('the same export as a records system prints it to CSV, titles above the header, stores the same', async () => {
    const plain = await freshDatabase(kind);
    const printed = await freshDatabase(kind);
    const options = { timeZone: 'America/Chicago', source: 'rms' };
    // Semicolons, as a European locale writes them; a title with a comma in it; blank spreadsheet rows.
    const report = [
      'Springfield Police Department',
      'Incidents, March 2026',
      ';;;;;;;',
      HEADER.join(';'),
      ...INCIDENTS.map((r) => r.join(';')),
      ';;;;;;;',
      'Total: 3;;;;;;;',
    ].join('\n');
    await importPath(plain, tempFile('march.csv', csv), options);
    const read = await importPath(printed, tempFile('march-report.csv', report), options);
    // The totals line is the one row refused, by its line in the file, and named for what it is.
    expect(read).toMatchObject({ accepted: 3, rejected: 1 });
    expect(read.errors).toEqual([
      {
        line: 9,
        field: 'row',
        reason: 'a line of the report\'s totals or footer ("Total: 3"), not an incident',
      },
    ]);
    // The summary counts it under its whole reason, not cut at the apostrophe.
    expect(read.reasons).toEqual({ "row: a line of the report's totals or footer, not an incident": 1 });
    const stored = (database: typeof plain) =>
      rowsOf(
        database,
        'select external_id, occurred_at, category, lat, lon, district, block from incidents order by 1',
      );
    expect(await stored(printed)).toEqual(await stored(plain));
  });

  test("over the API, a workbook sent with Excel's own type is imported", async () => {
    const database = await freshDatabase(kind);
    const response = await testApi(database).request('/v1/incidents?source=rms&tz=America/Chicago', {
      method: 'POST',
      body: workbook(),
      headers: authorised({
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
    });
    expect(response.status).toBe(200);
    expect(await bodyOf(response)).toMatchObject({ accepted: 3, rejected: 1 });
    expect(await count(database)).toBe(3);
    // A sheet it lacks, named with &sheet=, is the sender's error, and stores nothing.
    const missing = await testApi(database).request('/v1/incidents?source=rms2&sheet=Data', {
      method: 'POST',
      body: workbook(),
      headers: authorised({ 'content-type': 'application/octet-stream' }),
    });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await bodyOf(missing))).toContain(
      "the workbook has no sheet 'Data'; its sheets: 'Sheet1'",
    );
    expect(await count(database)).toBe(3);
  });

  test('an old .xls, or a zip that is neither a workbook nor a shapefile, is refused saying what to do', async () => {
    const database = await freshDatabase(kind);
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    await expect(importPath(database, tempFile('old.xls', xls))).rejects.toThrow(
      /Excel 97–2003 workbook \(\.xls\).*save it as an Excel workbook \(\.xlsx\) or as CSV/,
    );
    const odd = makeZip([{ name: 'notes.txt', data: Buffer.from('hello') }]);
    await expect(importPath(database, tempFile('odd.zip', odd))).rejects.toThrow(
      /no shapefile \(a \.shp with its \.dbf\) nor an Excel workbook/,
    );
    expect(await count(database)).toBe(0);
    const [batches] = await rowsOf<{ n: number }>(database, 'select count(*)::int as n from ingest_batches');
    expect(batches!.n).toBe(0);
  });
});

test('a sheet row longer than the line limit refuses the workbook, storing nothing', async () => {
  const database = await freshDatabase('pglite');
  const long = 'x'.repeat(4000);
  const rows: Cell[][] = [
    HEADER,
    ['1', 'Theft', { date: wall('2026-03-01') }, { time: '10:00' }, 41.88, -87.63, long, long],
  ];
  await expect(
    importPath(
      database,
      tempFile('long.xlsx', makeWorkbook([rows])),
      {},
      { limits: { maxExpandedBytes: 1 << 26, maxLineBytes: 2048 } },
    ),
  ).rejects.toThrow(/longer than 2 KB/);
  expect(await count(database)).toBe(0);
});

test("a cell's number format says whether it shows a date, a time, both, or a number", () => {
  expect(formatKind('m/d/yyyy')).toBe('date');
  expect(formatKind('[$-409]m/d/yy h:mm AM/PM;@')).toBe('datetime');
  expect(formatKind('dd.mm.yyyy hh:mm')).toBe('datetime');
  expect(formatKind('hh:mm')).toBe('time');
  expect(formatKind('mmm-yy')).toBe('date');
  // An elapsed time is a duration; quoted words and colours are not date letters.
  expect(formatKind('[h]:mm:ss')).toBe('number');
  expect(formatKind('#,##0.00 "days";[Red]-#,##0.00')).toBe('number');
  expect(formatKind('General')).toBe('number');
  expect(formatKind('0.00E+00')).toBe('number');
});

test('a damaged workbook is refused as damaged, storing nothing', async () => {
  const database = await freshDatabase('pglite');
  const sheet = Buffer.from(
    `<worksheet><sheetData>${Array.from({ length: 200 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>a</t></is></c><c r="B${i + 1}"><v>${i}</v></c></row>`).join('')}</sheetData></worksheet>`,
  );
  const lying = makeZip([
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets/></workbook>') },
    // The sheet inflates past the size the zip declares for it.
    { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize: 100, deflate: true },
  ]);
  await expect(importPath(database, tempFile('lying.xlsx', lying))).rejects.toThrow(
    /^the Excel workbook is damaged: /,
  );
  expect(await count(database)).toBe(0);
});

test("dates kept as numbers are read as the dates they are: a sheet's unformatted day numbers, and 20260314", async () => {
  const database = await freshDatabase('pglite');
  // A date column left as General shows 46095.9375 for 14 March 2026 22:30.
  const serial = wall('2026-03-14', '22:30').getTime() / 86_400_000 + 25569;
  const rows: Cell[][] = [
    ['id', 'occurred_at', 'offense', 'lat', 'lon'],
    ['S1', serial, 'theft', 41.88, -87.63],
    ['S2', Math.floor(serial), 'theft', 41.88, -87.63],
  ];
  const sheet = await importPath(database, tempFile('general.xlsx', makeWorkbook([rows])), {
    timeZone: 'America/Chicago',
  });
  expect(sheet).toMatchObject({ accepted: 2, rejected: 0 });
  // A records system's yyyymmdd, as a number in JSON, with its time in another field.
  const json = await importPath(
    database,
    tempFile(
      'rms.ndjson',
      '{"id":"N1","date":20260314,"time":"22:30","offense":"theft","lat":41.88,"lon":-87.63}\n',
    ),
    { timeZone: 'America/Chicago' },
  );
  expect(json).toMatchObject({ accepted: 1, rejected: 0 });
  // The same sheet saved as CSV writes the day numbers as text; a portal's seconds or milliseconds since
  // 1970 too.
  const csv = await importPath(
    database,
    tempFile(
      'general.csv',
      [
        'id,occurred_at,time,offense,lat,lon',
        `C1,${serial.toFixed(10)},,theft,41.88,-87.63`,
        `C2,${Math.floor(serial)},22:30,theft,41.88,-87.63`,
        `C3,${Date.parse('2026-03-15T03:30:00Z')},,theft,41.88,-87.63`,
        `C4,${Date.parse('2026-03-15T03:30:00Z') / 1000},,theft,41.88,-87.63`,
        // A date and hour written as digits, or seconds in 2033: which is not known, so it is refused.
        'C5,2026031422,,theft,41.88,-87.63',
      ].join('\n'),
    ),
    { timeZone: 'America/Chicago' },
  );
  expect(csv).toMatchObject({ accepted: 4, rejected: 1 });
  expect(csv.errors[0]).toMatchObject({ line: 6, reason: "unreadable date '2026031422'" });
  const stored = await rowsOf<{ id: string; at: Date; precision: string }>(
    database,
    'select external_id as id, occurred_at as at, time_precision as precision from incidents order by external_id',
  );
  expect(stored).toEqual([
    // 22:30 in Chicago in March (CDT) is 03:30 UTC the next day; a whole day number is a date alone.
    { id: 'C1', at: new Date('2026-03-15T03:30:00Z'), precision: 'minute' },
    { id: 'C2', at: new Date('2026-03-15T03:30:00Z'), precision: 'minute' },
    { id: 'C3', at: new Date('2026-03-15T03:30:00Z'), precision: 'minute' },
    { id: 'C4', at: new Date('2026-03-15T03:30:00Z'), precision: 'minute' },
    { id: 'N1', at: new Date('2026-03-15T03:30:00Z'), precision: 'minute' },
    { id: 'S1', at: new Date('2026-03-15T03:30:00Z'), precision: 'minute' },
    { id: 'S2', at: new Date('2026-03-14T05:00:00Z'), precision: 'day' },
  ]);
});

test("a workbook with a summary sheet first is read from its incidents' sheet, and the summary says which", async () => {
  const database = await freshDatabase('pglite');
  const summary: Cell[][] = [
    ['Beat', 'Incidents'],
    ...Array.from({ length: 60 }, (_, i): Cell[] => [`Beat ${i}`, i * 3]),
  ];
  const incidents: Cell[][] = [
    ['id', 'occurred_at', 'offense', 'lat', 'lon'],
    ...Array.from({ length: 150 }, (_, i): Cell[] => [
      `W${i}`,
      { dateTime: new Date(Date.UTC(2026, 2, 1 + (i % 28), i % 24, 10)) },
      i % 2 ? 'theft' : 'burglary',
      41.8 + i / 1000,
      -87.6,
    ]),
  ];
  const r = await importPath(database, tempFile('weekly.xlsx', makeWorkbook([summary, incidents])));
  expect(r).toMatchObject({ accepted: 150, rejected: 0 });
  expect(r.warnings[0]).toBe(
    "read the sheet 'Sheet2', the largest of the workbook's 2; 'Sheet1' not read (--sheet NAME reads another)",
  );
});

test('a sheet named is read whatever its size; a name the workbook lacks, or a sheet of a CSV, is refused', async () => {
  const database = await freshDatabase('pglite');
  const incidents: Cell[][] = [
    ['id', 'occurred_at', 'offense', 'lat', 'lon'],
    ...Array.from({ length: 20 }, (_, i): Cell[] => [
      `S${i}`,
      { dateTime: new Date(Date.UTC(2026, 2, 1 + i, 20, 10)) },
      'theft',
      41.8 + i / 1000,
      -87.6,
    ]),
  ];
  // A street list bigger than the incidents: the largest sheet, and no incidents in it.
  const streets: Cell[][] = [
    ['street', 'from', 'to'],
    ...Array.from({ length: 400 }, (_, i): Cell[] => [`${i} Main St`, i * 100, i * 100 + 99]),
  ];
  const file = tempFile('with-streets.xlsx', makeWorkbook([incidents, streets]));
  await expect(importPath(database, file)).rejects.toThrow(/no column is read as/);
  const r = await importPath(database, file, { sheet: 'sheet1' });
  expect(r).toMatchObject({ accepted: 20, rejected: 0 });
  expect(r.warnings.join('\n')).not.toContain('read the sheet');
  await expect(importPath(database, file, { sheet: 'Incidents' })).rejects.toThrow(
    "the workbook has no sheet 'Incidents'; its sheets: 'Sheet1', 'Sheet2'",
  );
  await expect(importPath(database, tempFile('plain.csv', csv), { sheet: 'Sheet1' })).rejects.toThrow(
    'a sheet was named, but the file is not an Excel workbook (.xlsx)',
  );
  expect(await count(database)).toBe(20);
});

test('a hostile sheet (unclosed cells, a megabyte-long attribute, a column past XFD) is read in time linear in its size', async () => {
  const database = await freshDatabase('pglite');
  const header =
    '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>occurred_at</t></is></c><c r="C1" t="inlineStr"><is><t>offense</t></is></c><c r="D1"><v>1</v></c><c r="E1"><v>2</v></c></row>';
  const rows = [
    header,
    // Each of these made the first reader scan to the row's end from every "<c": hours, not milliseconds.
    `<row r="2">${'<c>'.repeat(200_000)}</row>`,
    `<row r="3"><c r="A3" ${'a'.repeat(900_000)}><v>1</v></c></row>`,
    `<row r="4"><c r="ZZZZZZZZZZ4"><v>1</v></c><is>${'<t>'.repeat(200_000)}</is></row>`,
  ];
  const hostile = makeZip([
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook><sheets/></workbook>') },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: Buffer.from(`<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`),
      deflate: true,
    },
  ]);
  // Nothing in it is an incident: refused as such, and soon.
  await expect(importPath(database, tempFile('hostile.xlsx', hostile))).rejects.toThrow(
    /no column is read|no records/,
  );
  expect(await count(database)).toBe(0);
}, 20_000);

test('a workbook with a tab per year imports each tab on its own; the same tab read again under another source is refused', async () => {
  const database = await freshDatabase('pglite');
  const year = (y: number): Cell[][] => [
    ['id', 'occurred_at', 'offense', 'lat', 'lon'],
    ...Array.from({ length: 30 }, (_, i): Cell[] => [
      `${y}-${i}`,
      { dateTime: new Date(Date.UTC(y, 2, 1 + i, 20, 10)) },
      'theft',
      41.8 + i / 1000,
      -87.6,
    ]),
  ];
  const file = tempFile('by-year.xlsx', makeWorkbook([year(2025), year(2026)]));
  expect(await importPath(database, file, { sheet: 'Sheet1' })).toMatchObject({ accepted: 30 });
  // The other tab holds other incidents, though the file's bytes are the same.
  expect(await importPath(database, file, { sheet: 'Sheet2' })).toMatchObject({ accepted: 30 });
  expect(await count(database)).toBe(60);
  // A tab read again as it was adds nothing; under another source each incident would be stored twice.
  expect(await importPath(database, file, { sheet: 'sheet2' })).toMatchObject({
    accepted: 0,
    duplicates: 30,
  });
  await expect(importPath(database, file, { sheet: 'Sheet2', source: 'rms-copy' })).rejects.toThrow(
    /this file was imported before .* 30 of its 30 rows would be stored a second time/,
  );
  expect(await count(database)).toBe(60);
});
