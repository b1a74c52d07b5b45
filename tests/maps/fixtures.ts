// A map spec from the demo city, ranked by last year's counts: realistic, and needs no database.
import { cellToLatLng, latLngToCell } from 'h3-js';
import { generateDemoIncidents } from '../../src/demo/generate.ts';
import { type MapSpec, riskClass } from '../../src/maps/spec.ts';
import { compactAreas, DEFAULT_AREA_OPTIONS } from '../../src/plan/compact-areas.ts';

const incidents = generateDemoIncidents({
  days: 365,
  seed: 3,
  end: { year: 2026, month: 6, day: 1 },
  timeZone: 'UTC',
});
const counts = new Map<string, number>();
for (const i of incidents) {
  const cell = latLngToCell(i.lat, i.lon, 9);
  counts.set(cell, (counts.get(cell) ?? 0) + 1);
}
export const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

export function demoSpec(overrides: Partial<MapSpec> = {}): MapSpec {
  const n = ranked.length;
  const cells = ranked
    .map(([cell], i) => ({ cell, rank: i + 1, riskClass: riskClass(i + 1, n) }))
    .filter((c) => c.riskClass >= 0);
  const { areas } = compactAreas(
    ranked.slice(0, 24).map(([cell, expected], i) => {
      const [lat, lon] = cellToLatLng(cell);
      return { rank: i + 1, cell, lat, lon, expected, district: null };
    }),
    [{ district: null, units: 4 }],
    { ...DEFAULT_AREA_OPTIONS, radiusM: 1500, seed: 'maps' },
  );
  return {
    width: 1200,
    height: 800,
    title: 'Demo City (synthetic): hotspots Saturday 2026-05-30 22:00–06:00',
    subtitle: 'all incidents · model 1 (forest)',
    cells,
    numbered: 10,
    zones: areas
      .filter((a) => a.places.length > 0)
      .map((a) => ({
        zone: a.unit,
        cells: a.places.map((p) => p.cell),
        centroid: { lat: a.places[0]!.lat, lon: a.places[0]!.lon },
      })),
    districts: [],
    demo: false,
    ...overrides,
  };
}
