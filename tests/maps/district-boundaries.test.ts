// District boundaries from a GeoJSON file or a zipped shapefile: outlined and named on the map; a wrong
// file says what is wrong.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellToLatLng } from 'h3-js';
import sharp from 'sharp';
import { expect, test } from 'vitest';
import { parseDistrictBoundaries } from '../../src/geo/district-boundaries.ts';
import { districtOutlinesAround } from '../../src/geo/district-outlines.ts';
import { districtsOf } from '../../src/geo/districts.ts';
import { pointInRing } from '../../src/geo/polygon.ts';
import { readDistrictFile } from '../../src/ingest/district-file.ts';
import { openZip, readEntryBytes } from '../../src/ingest/formats/zip.ts';
import { DISTRICT_COLOUR } from '../../src/maps/map-marks.ts';
import { overlaySvg, renderMap } from '../../src/maps/render-map.ts';
import { describeEachDatabase, freshDatabase } from '../helpers/databases.ts';
import { demoIncidents } from '../helpers/demo-city.ts';
import { SHARED, tempFile } from '../helpers/import.ts';
import { square } from '../helpers/polygons.ts';
import { rowsOf } from '../helpers/rows.ts';
import { makeZip } from '../helpers/zip.ts';
import { demoSpec } from './fixtures.ts';

const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

test('named polygons and multipolygons are read; a wrong file is refused with the reason', () => {
  const districts = parseDistrictBoundaries(
    collection([
      {
        type: 'Feature',
        properties: { DISTRICT: 'Central' },
        geometry: { type: 'Polygon', coordinates: square(-98.58, 39.83, 0.02) },
      },
      {
        type: 'Feature',
        properties: { name: 'East' },
        geometry: {
          type: 'MultiPolygon',
          coordinates: [square(-98.5, 39.83, 0.01), square(-98.45, 39.83, 0.01)],
        },
      },
    ]),
  );
  expect(districts.map((d) => [d.name, d.rings.length])).toEqual([
    ['Central', 1],
    ['East', 2],
  ]);
  expect(() => parseDistrictBoundaries('{not json')).toThrow('the districts file is not JSON');
  expect(() => parseDistrictBoundaries('{"type":"Feature"}')).toThrow('not a GeoJSON FeatureCollection');
  // State plane feet, not degrees: the outline would land nowhere.
  expect(() =>
    parseDistrictBoundaries(
      collection([
        {
          type: 'Feature',
          properties: { name: 'N' },
          geometry: { type: 'Polygon', coordinates: square(7_650_000, 680_000, 5000) },
        },
      ]),
    ),
  ).toThrow('district N: coordinates are not longitude, latitude in degrees (is the file in WGS84?)');
});

test('the districts are outlined and named on the map', async () => {
  const spec = demoSpec({ numbered: 0, zones: [] });
  const districts = parseDistrictBoundaries(
    collection([
      {
        type: 'Feature',
        properties: { name: 'Central' },
        geometry: { type: 'Polygon', coordinates: square(-98.58, 39.83, 0.01) },
      },
    ]),
  );
  const plain = await renderMap(spec);
  const outlined = await renderMap({ ...spec, districts });
  // The outline adds its violet (not a risk colour, not a street's grey) where there was none.
  const [dr, dg, db] = [1, 3, 5].map((i) => Number.parseInt(DISTRICT_COLOUR.slice(i, i + 2), 16));
  const grey = async (png: Uint8Array) => {
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    let n = 0;
    for (let i = 0; i < data.length; i += info.channels) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (Math.abs(r - dr!) + Math.abs(g - dg!) + Math.abs(b - db!) < 60) n++;
    }
    return n;
  };
  expect((await grey(outlined.png)) - (await grey(plain.png))).toBeGreaterThan(500);
});

test('a district named by a number is labelled "district 1" on the map, not a bare number beside the ranks', () => {
  const spec = demoSpec({ numbered: 0, zones: [] });
  const [lat, lon] = cellToLatLng(spec.cells[0]!.cell);
  const districts = parseDistrictBoundaries(
    collection([
      {
        type: 'Feature',
        properties: { name: '1' },
        geometry: { type: 'Polygon', coordinates: square(lon, lat, 0.01) },
      },
    ]),
  );
  const svg = overlaySvg({ ...spec, districts });
  expect(svg).toContain('>district 1</text>');
  expect(svg).not.toContain('>1</text>');
});

describeEachDatabase('district outlines from the data', (kind) => {
  test('without a boundary file, each place is outlined by its district cells that connect to it', async () => {
    const database = await demoIncidents(await freshDatabase(kind));
    const cells = (await rowsOf<{ cell: string }>(database, 'select distinct cell from incidents')).map(
      (r) => r.cell,
    );
    const places = cells.slice(0, 3);
    const outlines = await districtOutlinesAround(database, cells, places);
    const districts = await districtsOf(database, places);
    expect(outlines.length).toBeGreaterThan(0);
    for (const place of places) {
      const [lat, lon] = cellToLatLng(place);
      // Some outline of the place's district holds the place.
      const holds = outlines
        .filter((o) => o.name === districts.get(place))
        .some((o) => o.rings.some((ring) => pointInRing(lon, lat, ring)));
      expect(holds).toBe(true);
    }
  });
});

const PORTLAND_DISTRICTS = join(SHARED, 'portland-nij-cfs-2016/portland-police-districts.zip');

test("a city's zipped shapefile of districts, in state plane feet, is projected by its .prj and named by its DISTRICT", async () => {
  const districts = await readDistrictFile(PORTLAND_DISTRICTS);
  expect(districts).toHaveLength(60);
  const points = districts.flatMap((d) => d.rings.flat());
  // All of it in and around Portland, in degrees.
  expect(points.every(([lon, lat]) => lon > -123 && lon < -122.2 && lat > 45.2 && lat < 45.8)).toBe(true);
  // Pioneer Courthouse Square lies in one district, named as the file names it.
  const square = districts.filter((d) => d.rings.some((ring) => pointInRing(-122.6793, 45.5189, ring)));
  expect(square.map((d) => d.name)).toEqual([expect.stringMatching(/^\d{3}$/)]);
});

test('a districts zip with no shapefile, or one with no .prj in feet, is refused with the reason', async () => {
  const zip = await openZip(PORTLAND_DISTRICTS, { maxEntries: 20, maxBytes: 16 * 1024 * 1024 });
  const entry = (ext: string) => readEntryBytes(zip, `Portland_Police_Districts.${ext}`, 8 * 1024 * 1024);
  const [shp, dbf] = [await entry('shp'), await entry('dbf')];
  zip.close();
  const noPrj = tempFile(
    'districts-no-prj.zip',
    makeZip([
      { name: 'districts.shp', data: shp, deflate: true },
      { name: 'districts.dbf', data: dbf, deflate: true },
    ]),
  );
  await expect(readDistrictFile(noPrj)).rejects.toThrow(
    /^district \d+: coordinates are not longitude, latitude in degrees \(the zip has no \.prj to say how they are projected\)$/,
  );
  const noShapefile = tempFile(
    'districts-readme.zip',
    makeZip([{ name: 'README.txt', data: Buffer.from('boundaries') }]),
  );
  await expect(readDistrictFile(noShapefile)).rejects.toThrow(
    'the districts zip holds no shapefile (a .shp with its .dbf)',
  );
  // The GeoJSON it may also be is still read, and its faults named.
  const geojson = tempFile('districts.geojson', readFileSync(noShapefile));
  await expect(readDistrictFile(geojson)).rejects.toThrow('the districts file is not JSON');
});
