// A forecast as GeoJSON for QGIS and ArcGIS: one polygon per cell with its scores and reasons.
import { cellToBoundary } from 'h3-js';
import type { StoredForecast } from '../forecast/forecast-store.ts';

export function forecastGeoJson(forecast: StoredForecast, options: { top?: number } = {}) {
  const cells = options.top ? forecast.cells.slice(0, options.top) : forecast.cells;
  return {
    type: 'FeatureCollection' as const,
    // Metadata for the whole file; readers that do not know these members ignore them.
    patrolcast: {
      windowStart: forecast.windowStart.toISOString(),
      windowEnd: forecast.windowEnd.toISOString(),
      windowKind: forecast.windowKind,
      category: forecast.category,
      modelVersion: forecast.modelVersion,
      algorithm: forecast.algorithm,
      demo: forecast.demo,
    },
    features: cells.map((c) => ({
      type: 'Feature' as const,
      id: c.cell,
      geometry: { type: 'Polygon' as const, coordinates: [cellToBoundary(c.cell, true)] },
      properties: {
        cell: c.cell,
        rank: c.rank,
        expected: Number(c.expected.toFixed(5)),
        score: Number(c.score.toFixed(5)),
        reasons: c.reasons.join('; '),
        window_start: forecast.windowStart.toISOString(),
        window_end: forecast.windowEnd.toISOString(),
        category: forecast.category,
        model_version: forecast.modelVersion,
        demo: forecast.demo,
      },
    })),
  };
}
