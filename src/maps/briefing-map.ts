// The map of a briefing: its forecast, its numbered places and its zones, rendered once and reused.
import type { Briefing } from '../briefing/compose.ts';
import type { Database } from '../db/client.ts';
import { forecastById } from '../forecast/forecast-store.ts';
import { leftOutOf } from '../forecast/left-out.ts';
import { districtNamed } from '../geo/district-tag.ts';
import { forecastMapSpec } from './forecast-map.ts';
import { addMapContext } from './map-context.ts';
import type { MapSettings } from './map-settings.ts';
import type { MapRenderer } from './renderer.ts';
import type { MapSpec, RenderedMap } from './spec.ts';

/** What the briefing's map shows: its forecast shaded, its numbered places, and its plan's units. */
export async function briefingMapSpec(
  database: Database,
  settings: MapSettings,
  briefing: Briefing,
): Promise<MapSpec> {
  const forecast = await forecastById(database, briefing.forecastId);
  if (!forecast) throw new Error(`forecast ${briefing.forecastId} has gone`);
  // Units on general patrol have no area to draw.
  const zones = briefing.zones.flatMap((z) =>
    z.centre ? [{ zone: z.zone, cells: z.cells, centroid: { lat: z.centre.lat, lon: z.centre.lon } }] : [],
  );
  const spec = forecastMapSpec(forecast, zones, {
    width: settings.width,
    height: settings.height,
    numbered: briefing.places.length,
    listed: true,
    area: briefing.district ? `${briefing.area}, ${districtNamed(briefing.district)}` : briefing.area,
    window: briefing.window,
    ...(briefing.freshness.stale && briefing.freshness.age ? { staleAge: briefing.freshness.age } : {}),
    ...(briefing.freshness.newestIncidentLocal ? { dataAsOf: briefing.freshness.newestIncidentLocal } : {}),
    ...(settings.tiles ? { tiles: settings.tiles } : {}),
  });
  // The badges are the briefing's places, under their numbers in its list (a district's run from 1).
  // A listed place below the shaded top still gets its badge.
  // A place left out of the list (a geocoder's dump, a report desk) is not shaded as a hotspot either.
  const out = await leftOutOf(database, forecast);
  spec.cells = spec.cells.filter((c) => !out.has(c.cell));
  spec.numberedCells = briefing.places.map((p) => p.cell);
  const shaded = new Map(spec.cells.map((c) => [c.cell, c]));
  for (const p of briefing.places) {
    const cell = shaded.get(p.cell);
    if (cell) cell.number = p.number;
    else spec.cells.push({ cell: p.cell, rank: p.rank, riskClass: -1, number: p.number });
  }
  spec.list = briefing.places.map((p) => ({ number: p.number, name: p.place ?? p.label }));
  if (briefing.district) spec.focusDistrict = briefing.district;
  await addMapContext(
    database,
    settings,
    spec,
    forecast.cells.map((c) => c.cell),
  );
  return spec;
}

export async function briefingMap(
  database: Database,
  renderer: MapRenderer,
  settings: MapSettings,
  briefing: Briefing,
): Promise<RenderedMap> {
  const key = [
    briefing.forecastId,
    briefing.district ?? '*',
    briefing.places.map((p) => `${p.number}=${p.rank}`).join('.'),
    briefing.places.filter((p) => p.place).length,
    briefing.zones.map((z) => z.cells.join('.')).join('/'),
    `${settings.width}x${settings.height}`,
    briefing.freshness.stale ? briefing.freshness.age : 'fresh',
    briefing.freshness.newestIncidentLocal ?? '',
  ].join(':');
  return renderer.render(() => briefingMapSpec(database, settings, briefing), key);
}
