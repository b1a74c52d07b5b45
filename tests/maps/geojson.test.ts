// A forecast as GeoJSON: a cell that expects nothing carries no rank, so a GIS never orders zeros.
import { latLngToCell } from 'h3-js';
import { expect, test } from 'vitest';
import type { StoredForecast } from '../../src/forecast/forecast-store.ts';
import { forecastGeoJson } from '../../src/maps/geojson.ts';

const cell = (i: number) => latLngToCell(41.8 + i * 0.01, -87.6, 9);

const forecast: StoredForecast = {
  id: 1,
  modelId: 1,
  modelVersion: 1,
  algorithm: 'ewma',
  windowStart: new Date('2026-05-20T05:00:00Z'),
  windowEnd: new Date('2026-05-21T05:00:00Z'),
  windowKind: 'day',
  category: 'all',
  demo: false,
  createdAt: new Date('2026-05-20T05:00:00Z'),
  cells: [0.8, 0.02, 0.0001, 0].map((expected, i) => ({
    cell: cell(i),
    lat: 41.8 + i * 0.01,
    lon: -87.6,
    score: expected,
    expected,
    rank: i + 1,
    reasons: [],
    desk: false,
  })),
};

test('cells with nothing expected are in the file, unranked; `top` lists only ranked cells', () => {
  const all = forecastGeoJson(forecast);
  expect(all.features.map((f) => f.properties.rank)).toEqual([1, 2, null, null]);
  expect(forecastGeoJson(forecast, { top: 10 }).features.map((f) => f.properties.rank)).toEqual([1, 2]);
});
