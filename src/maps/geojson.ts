// A forecast as GeoJSON for QGIS and ArcGIS: one polygon per cell with its scores and reasons.
import { cellToBoundary } from 'h3-js';
import { NOTHING_EXPECTED, rankedCells, type StoredForecast } from '../forecast/forecast-store.ts';
import { LEFT_OUT_WORDS, type LeftOut } from '../forecast/left-out.ts';

/** How fresh the data behind the forecast are, as the file's metadata carries it. */
export interface GeoJsonFreshness {
  newestIncident: string | null;
  stale: boolean;
  staleNote: string | null;
}

/**
 * Every cell of the forecast (or its best `top` ranked cells); a cell that expects nothing has no rank,
 * so that a GIS never orders a thousand zeros.
 */
export function forecastGeoJson(
  forecast: StoredForecast,
  options: {
    top?: number | undefined;
    freshness?: GeoJsonFreshness;
    /** Street names by cell, where the source publishes block addresses. */
    names?: Map<string, string>;
    /** Cells no list sends a unit to (a geocoder's dump, a report desk): no rank, and said why. */
    leftOut?: LeftOut;
  } = {},
) {
  const leftOut: LeftOut = options.leftOut ?? new Map();
  const cells = geoJsonCells(forecast, options.top, leftOut);
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
      ...(options.freshness ?? {}),
    },
    features: cells.map((c) => ({
      type: 'Feature' as const,
      id: c.cell,
      geometry: { type: 'Polygon' as const, coordinates: [cellToBoundary(c.cell, true)] },
      properties: {
        cell: c.cell,
        place: options.names?.get(c.cell) ?? null,
        rank: c.expected >= NOTHING_EXPECTED && !leftOut.has(c.cell) ? c.rank : null,
        ...(leftOut.has(c.cell) ? { left_out: LEFT_OUT_WORDS[leftOut.get(c.cell)!] } : {}),
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

/** The cells a GeoJSON of the forecast holds: its best `top` ranked places (those left out skipped), or every cell. */
export const geoJsonCells = (
  forecast: StoredForecast,
  top: number | undefined,
  leftOut: LeftOut = new Map(),
) =>
  top
    ? rankedCells(forecast)
        .filter((c) => !leftOut.has(c.cell))
        .slice(0, top)
    : forecast.cells;
