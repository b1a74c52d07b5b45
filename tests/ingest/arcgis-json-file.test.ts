// An ArcGIS layer's query saved as a file ("f=json", what a portal's REST page gives): attributes with
// camelCase names, dates as milliseconds, and points in the layer's own coordinate system, which the
// document's spatialReference names.
import { expect, test } from 'vitest';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { count, importPath, tempFile } from '../helpers/import.ts';
import { rowsOf } from '../helpers/rows.ts';

const PLACES = [
  { lon: -89.6465, lat: 39.7978 },
  { lon: -89.6348, lat: 39.813 },
];
// Web Mercator, as the layer stores them when the query does not ask for another system.
const mercator = ({ lon, lat }: { lon: number; lat: number }) => ({
  x: (6378137 * lon * Math.PI) / 180,
  y: 6378137 * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)),
});

const layer = (spatialReference: object, geometry: (p: { lon: number; lat: number }) => object) =>
  JSON.stringify({
    objectIdFieldName: 'OBJECTID',
    geometryType: 'esriGeometryPoint',
    spatialReference,
    fields: [
      { name: 'OBJECTID', type: 'esriFieldTypeOID' },
      { name: 'CaseNumber', type: 'esriFieldTypeString' },
      { name: 'OccurredDate', type: 'esriFieldTypeDate' },
      { name: 'OffenseDescription', type: 'esriFieldTypeString' },
    ],
    features: [
      {
        attributes: {
          OBJECTID: 1,
          CaseNumber: '2024-0001',
          OccurredDate: Date.parse('2024-01-03T00:15:00Z'),
          OffenseDescription: 'BURGLARY RESIDENTIAL',
        },
        geometry: geometry(PLACES[0]!),
      },
      {
        attributes: {
          OBJECTID: 2,
          CaseNumber: '2024-0002',
          OccurredDate: Date.parse('2024-01-03T14:05:00Z'),
          OffenseDescription: 'THEFT FROM VEHICLE',
        },
        geometry: geometry(PLACES[1]!),
      },
      // No point: the layer's geometry is null.
      {
        attributes: {
          OBJECTID: 3,
          CaseNumber: '2024-0003',
          OccurredDate: Date.parse('2024-01-04T10:00:00Z'),
          OffenseDescription: 'ASSAULT',
        },
        geometry: null,
      },
    ],
  });

const stored = (database: Awaited<ReturnType<typeof freshDatabase>>) =>
  rowsOf<{ external_id: string; occurred_at: Date; category: string; lat: number; lon: number }>(
    database,
    'select external_id, occurred_at, category, lat, lon from incidents order by external_id',
  );

describeEachDatabase('an ArcGIS query saved as a file', (kind) => {
  test('reads its camelCase fields, its dates and its points in Web Mercator or in degrees alike', async () => {
    const inMercator = await freshDatabase(kind);
    const r = await importPath(
      inMercator,
      tempFile('query.json', layer({ wkid: 102100, latestWkid: 3857 }, mercator)),
    );
    expect(r).toMatchObject({ accepted: 2, rejected: 1 });
    expect(r.errors).toEqual([{ line: 3, field: 'location', reason: 'no coordinates' }]);
    const rows = await stored(inMercator);
    expect(rows.map((s) => [s.external_id, s.occurred_at.toISOString(), s.category])).toEqual([
      ['2024-0001', '2024-01-03T00:15:00.000Z', 'burglary'],
      ['2024-0002', '2024-01-03T14:05:00.000Z', 'theft'],
    ]);
    for (const [i, s] of rows.entries()) {
      expect(s.lat).toBeCloseTo(PLACES[i]!.lat, 5);
      expect(s.lon).toBeCloseTo(PLACES[i]!.lon, 5);
    }

    // The same layer queried with outSR=4326.
    const inDegrees = await freshDatabase(kind);
    await importPath(
      inDegrees,
      tempFile(
        'query-4326.json',
        layer({ wkid: 4326 }, (p) => ({ x: p.lon, y: p.lat })),
      ),
    );
    expect((await stored(inDegrees)).map((s) => [s.external_id, s.lat, s.lon])).toEqual(
      PLACES.map((p, i) => [`2024-000${i + 1}`, p.lat, p.lon]),
    );
  });

  test('a system not known here is refused with what to do, and nothing is stored', async () => {
    const database = await freshDatabase(kind);
    await expect(
      importPath(database, tempFile('query-sp.json', layer({ wkid: 102738 }, mercator))),
    ).rejects.toThrow(
      "unknown coordinate system EPSG:102738 (the file's spatialReference names it): name the points' system with --crs EPSG:n, or query the layer again with outSR=4326",
    );
    expect(await count(database)).toBe(0);
  });
});

describeEachDatabase('a CSV whose header is camelCase', (kind) => {
  test('is read by its words: OccurredDate as the date, OffenseDescription as the offence', async () => {
    const database = await freshDatabase(kind);
    const csv = [
      'CaseNumber,OccurredDate,OffenseDescription,Latitude,Longitude',
      '24-1,2024-01-02 22:15,BURGLARY RESIDENTIAL,39.7978,-89.6465',
    ].join('\n');
    const r = await importPath(database, tempFile('camel.csv', csv), { timeZone: 'America/Chicago' });
    expect(r).toMatchObject({ accepted: 1, rejected: 0 });
    expect(
      (await stored(database)).map((s) => [s.external_id, s.occurred_at.toISOString(), s.category]),
    ).toEqual([['24-1', '2024-01-03T04:15:00.000Z', 'burglary']]);
  });
});
