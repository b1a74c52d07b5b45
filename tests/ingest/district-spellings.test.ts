// An export that spells one district several ways ("EAST PRECINCT", "east  precinct") stores it once,
// as first spelled, so that its plan, its units and the fairness report count all of its incidents; a
// later export in capitals follows the spelling already stored.
import { expect, test } from 'vitest';
import { listDistricts } from '../../src/geo/districts.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const csv = (rows: [string, string][]) =>
  [
    'id,occurred_at,offense,lat,lon,district',
    ...rows.map(
      ([id, district], i) => `${id},2026-03-0${1 + (i % 9)}T10:00:00Z,Theft,41.88${i},-87.63,"${district}"`,
    ),
  ].join('\n');

describeEachDatabase('district spellings', (kind) => {
  test('one district spelled four ways is stored once, as first spelled; a later file in capitals follows it', async () => {
    const database = await freshDatabase(kind);
    const first = await importPath(
      database,
      tempFile(
        `spellings-${kind}.csv`,
        csv([
          ['A', 'East Precinct'],
          ['B', 'EAST PRECINCT'],
          ['C', ' east  precinct '],
          ['D', 'East\tPrecinct'],
          ['E', 'North Precinct'],
        ]),
      ),
    );
    expect(first.accepted).toBe(5);
    expect(first.districts).toEqual({ named: 2, withoutDistrict: 0 });
    expect(await listDistricts(database)).toEqual(['East Precinct', 'North Precinct']);

    await importPath(
      database,
      tempFile(
        `capitals-${kind}.csv`,
        csv([
          ['F', 'NORTH PRECINCT'],
          ['G', 'WEST PRECINCT'],
          ['H', 'West Precinct'],
        ]),
      ),
    );
    const stored = await rowsOf<{ id: string; district: string }>(
      database,
      'select external_id as id, district from incidents order by external_id',
    );
    expect(stored.map((r) => `${r.id} ${r.district}`)).toEqual([
      'A East Precinct',
      'B East Precinct',
      'C East Precinct',
      'D East Precinct',
      'E North Precinct',
      'F North Precinct',
      'G WEST PRECINCT',
      'H WEST PRECINCT',
    ]);
  });
});
