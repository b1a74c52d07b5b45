// Socrata's "Export → JSON" (rows.json) writes each row as a list of values, with their names in the
// view's columns above the rows, Socrata's own bookkeeping (":sid", ":created_at") first, and a
// location as [address, latitude, longitude, …]. It is read as the same rows exported as CSV are.
// Before, every row was refused as a list without names.
import { expect, test } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const column = (fieldName: string, dataTypeName = 'text') => ({
  id: -1,
  name: fieldName.replace(/^:/, ''),
  dataTypeName,
  fieldName,
  position: 0,
  renderTypeName: dataTypeName,
  // Socrata keeps a column's statistics here, hundreds of kilobytes in all (the meta spans many chunks
  // of reading); braces and brackets in strings must not end it.
  cachedContents: {
    top: Array.from({ length: 400 }, (_, i) => ({ item: `value ${i}: a "}]" in a string`, count: i })),
  },
});

const META = {
  view: {
    id: 'abcd-1234',
    name: 'Crimes - Springfield',
    columns: [
      ...[
        ':sid',
        ':id',
        ':position',
        ':created_at',
        ':created_meta',
        ':updated_at',
        ':updated_meta',
        ':meta',
      ].map((n) => column(n, 'meta_data')),
      column('case_number'),
      column('date', 'calendar_date'),
      column('primary_type'),
      column('block'),
      column('district'),
      column('latitude', 'number'),
      column('longitude', 'number'),
      column('location', 'location'),
    ],
  },
};

const bookkeeping = (n: number) => [
  `row-${n}`,
  `00000000-0000-0000-${n}`,
  0,
  1690000000,
  null,
  1690000000,
  null,
  '{ }',
];
const ROWS = [
  [
    ...bookkeeping(1),
    'JG100001',
    '2023-06-01T22:15:00',
    'BURGLARY',
    '046XX N BROADWAY',
    '019',
    '41.9660',
    '-87.6580',
    [
      '{"address": "4600 N BROADWAY", "city": "", "state": "", "zip": ""}',
      '41.9660',
      '-87.6580',
      null,
      false,
    ],
  ],
  [
    ...bookkeeping(2),
    'JG100002',
    '2023-06-02T03:40:00',
    'THEFT',
    '001XX W MADISON ST',
    '001',
    '41.8819',
    '-87.6313',
    [null, '41.8819', '-87.6313', null, false],
  ],
];

describeEachDatabase("Socrata's rows.json", (kind) => {
  test('is read by the names above its rows, as its CSV is', async () => {
    const database = await freshDatabase(kind);
    const json = JSON.stringify({ meta: META, data: ROWS }, null, 1);
    const result = await importPath(
      database,
      tempFile('rows.json', json),
      { source: 'springfield' },
      { timeZone: 'America/Chicago' },
    );
    expect(result).toMatchObject({ received: 2, accepted: 2, rejected: 0 });
    const stored = await rowsOf(
      database,
      'select external_id, occurred_at, category, raw_type, district, block, lat, lon from incidents order by external_id',
    );
    expect(stored).toEqual([
      {
        external_id: 'JG100001',
        occurred_at: new Date('2023-06-02T03:15:00Z'),
        category: 'burglary',
        raw_type: 'BURGLARY',
        district: '019',
        block: '4600 block of N Broadway',
        lat: 41.966,
        lon: -87.658,
      },
      {
        external_id: 'JG100002',
        occurred_at: new Date('2023-06-02T08:40:00Z'),
        category: 'theft',
        raw_type: 'THEFT',
        district: '001',
        block: '100 block of W Madison St',
        lat: 41.8819,
        lon: -87.6313,
      },
    ]);

    // The same rows exported as CSV are the same incidents: nothing new.
    const csv = [
      'case_number,date,primary_type,block,district,latitude,longitude',
      ...ROWS.map((r) => r.slice(8, 15).join(',')),
    ].join('\n');
    const again = await importPath(
      database,
      tempFile('rows.csv', csv),
      { source: 'springfield' },
      { timeZone: 'America/Chicago' },
    );
    expect(again).toMatchObject({ accepted: 0, duplicates: 2, updated: 0 });
  });

  test('a row without coordinates but with its location object is placed by the location', async () => {
    const database = await freshDatabase(kind);
    const row = [...ROWS[0]!];
    row[13] = null;
    row[14] = null;
    const json = JSON.stringify({ meta: META, data: [row] });
    const result = await importPath(
      database,
      tempFile('rows.json', json),
      { source: 'springfield' },
      { timeZone: 'America/Chicago' },
    );
    expect(result).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await rowsOf(database, 'select lat, lon from incidents')).toEqual([{ lat: 41.966, lon: -87.658 }]);
  });
});
