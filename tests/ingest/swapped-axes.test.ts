// A latitude column that holds longitudes (a mislabelled header) put Chicago's incidents in Antarctica.
// Read as written no police force's incidents lie there: the columns are read the other way round
// when nearly all of the first rows say so, and a lone point in Antarctica is refused.
import { expect, test } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const HEADER = 'id,date,offense,latitude,longitude';
const CHICAGO = [
  [41.8817, -87.6501],
  [41.8801, -87.644],
  [41.8822, -87.649],
  [41.8911, -87.6302],
];
const row = (i: number, [a, b]: number[]) => `A${i},2024-01-0${i + 1} 22:15,BURGLARY,${a},${b}`;

const points = (database: Awaited<ReturnType<typeof freshDatabase>>) =>
  rowsOf<{ external_id: string; lat: number; lon: number }>(
    database,
    'select external_id, lat, lon from incidents order by external_id',
  );

describeEachDatabase('latitude and longitude the other way round', (kind) => {
  test('in every row: read swapped, the incidents are in Chicago, and the summary says so', async () => {
    const database = await freshDatabase(kind);
    const file = [HEADER, ...CHICAGO.map(([lat, lon], i) => row(i, [lon!, lat!]))].join('\n');
    const r = await importPath(database, tempFile('swapped.csv', file));
    expect(r).toMatchObject({ accepted: 4, rejected: 0 });
    expect(r.warnings).toContain(
      "the column 'latitude' holds longitudes and 'longitude' latitudes (read as written, 4 of the first 4 points lie south of 60°S or past a pole): each is read as the other",
    );
    expect((await points(database)).map((p) => [p.lat, p.lon])).toEqual(CHICAGO);
  });

  test('in one row of a file written right: that row is refused, the others stored as written', async () => {
    const database = await freshDatabase(kind);
    const file = [
      HEADER,
      ...CHICAGO.map(([lat, lon], i) => row(i, i === 2 ? [lon!, lat!] : [lat!, lon!])),
    ].join('\n');
    const r = await importPath(database, tempFile('one-swapped.csv', file));
    expect(r).toMatchObject({ accepted: 3, rejected: 1 });
    expect(r.warnings.join('\n')).not.toContain('holds longitudes');
    expect(r.errors).toEqual([
      {
        line: 4,
        field: 'location',
        reason: 'south of 60°S, where no police force is: latitude and longitude swapped?',
      },
    ]);
    expect((await points(database)).map((p) => p.external_id)).toEqual(['A0', 'A1', 'A3']);
  });
});
