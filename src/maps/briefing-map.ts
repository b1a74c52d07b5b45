// The map of a briefing: its forecast, its numbered places and its zones, rendered once and reused.
import type { Briefing } from '../briefing/compose.ts';
import type { Database } from '../db/client.ts';
import { forecastById, type StoredForecast } from '../forecast/forecast-store.ts';
import { districtOutlinesAround } from '../geo/district-outlines.ts';
import { forecastMapSpec } from './forecast-map.ts';
import type { MapSettings } from './map-settings.ts';
import type { MapRenderer } from './renderer.ts';
import type { MapSpec, RenderedMap } from './spec.ts';

export async function briefingMap(
  database: Database,
  renderer: MapRenderer,
  settings: MapSettings,
  briefing: Briefing,
): Promise<RenderedMap> {
  const forecast = await forecastById(database, briefing.forecastId);
  if (!forecast) throw new Error(`forecast ${briefing.forecastId} has gone`);
  const zones = briefing.zones.map((z) => ({ ...z, centroid: { lat: z.centre.lat, lon: z.centre.lon } }));
  const spec = forecastMapSpec(forecast, zones, {
    width: settings.width,
    height: settings.height,
    numbered: briefing.places.length,
    area: briefing.district ? `${briefing.area}, district ${briefing.district}` : briefing.area,
    windowLabel: briefing.window.label,
    districts: await districtsFor(database, settings, forecast, briefing),
    ...(briefing.freshness.stale && briefing.freshness.age ? { staleAge: briefing.freshness.age } : {}),
    ...(settings.tiles ? { tiles: settings.tiles } : {}),
  });
  // Numbered ranks must be the briefing's places, which a district filter changes.
  spec.numberedCells = briefing.places.map((p) => p.cell);
  spec.list = briefing.places.map((p) => ({ rank: p.rank, name: p.place ?? p.label }));
  const key = [
    briefing.forecastId,
    briefing.district ?? '*',
    briefing.places.map((p) => p.rank).join('.'),
    briefing.places.filter((p) => p.place).length,
    briefing.zones.length,
    `${settings.width}x${settings.height}`,
    briefing.freshness.stale ? briefing.freshness.age : 'fresh',
  ].join(':');
  return renderer.render(spec, key);
}

/** The boundary file's districts, or, without one, those of the numbered places as the incidents name them. */
async function districtsFor(
  database: Database,
  settings: MapSettings,
  forecast: StoredForecast,
  briefing: Briefing,
): Promise<MapSpec['districts']> {
  if (settings.districts.length > 0) return settings.districts;
  // From the data: around each numbered place, its district's cells that connect to it; a city's every
  // beat, islands and all, would bury the forecast under outlines.
  return districtOutlinesAround(
    database,
    forecast.cells.map((c) => c.cell),
    briefing.places.map((p) => p.cell),
  );
}
