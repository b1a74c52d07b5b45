// Patrol zones: the top cells grouped into as many zones as there are units on the shift, each with
// a centroid to drive to and its cells. k-means (kmeans++, seeded) on the cells' centres in kilometres,
// each cell weighted by its expected incidents.
import { weightedKmeans } from './weighted-kmeans.ts';

export interface ZoneCell {
  cell: string;
  lat: number;
  lon: number;
  expected: number;
}

export interface PatrolZone {
  zone: number;
  /** The zone's cell nearest its risk-weighted centroid. */
  centroid: { lat: number; lon: number };
  /** That cell's id. */
  centreCell: string;
  cells: string[];
  expected: number;
}

export function patrolZones(cells: ZoneCell[], units: number, seed = 1): PatrolZone[] {
  const candidates = cells.filter((c) => c.expected > 0);
  if (candidates.length === 0) return [];
  const k = Math.max(1, Math.min(units, candidates.length));
  const lat0 = candidates.reduce((s, c) => s + c.lat, 0) / candidates.length;
  const toXY = (c: ZoneCell): [number, number] => [
    (c.lon * 111_320 * Math.cos((lat0 * Math.PI) / 180)) / 1000,
    (c.lat * 111_320) / 1000,
  ];
  const clusters = weightedKmeans(
    candidates.map(toXY),
    candidates.map((c) => c.expected),
    k,
    seed,
  );
  const members: number[][] = Array.from({ length: k }, () => []);
  clusters.forEach((cluster, i) => {
    members[cluster]!.push(i);
  });
  return members
    .filter((m) => m.length > 0)
    .map((m) => {
      const expected = m.reduce((s, i) => s + candidates[i]!.expected, 0);
      const weight = (i: number) => candidates[i]!.expected / expected;
      const mean = {
        lat: m.reduce((s, i) => s + candidates[i]!.lat * weight(i), 0),
        lon: m.reduce((s, i) => s + candidates[i]!.lon * weight(i), 0),
      };
      // A zone over two hotspots would have its mean in between, on no street of either: the centre
      // given is the zone's own cell nearest that mean, a place a unit can drive to.
      const nearest = m.reduce((best, i) => {
        const d = (c: ZoneCell) =>
          (c.lat - mean.lat) ** 2 + ((c.lon - mean.lon) * Math.cos((lat0 * Math.PI) / 180)) ** 2;
        return d(candidates[i]!) < d(candidates[best]!) ? i : best;
      }, m[0]!);
      return {
        zone: 0,
        centroid: { lat: candidates[nearest]!.lat, lon: candidates[nearest]!.lon },
        centreCell: candidates[nearest]!.cell,
        cells: m.map((i) => candidates[i]!.cell).sort(),
        expected,
      };
    })
    .sort((a, b) => b.expected - a.expected || a.cells[0]!.localeCompare(b.cells[0]!))
    .map((z, i) => ({ ...z, zone: i + 1 }));
}

/**
 * The patrol zones of a forecast's ranked cells: every answer (hotspots, briefing, map) draws them from
 * the same candidates, so one window gets one set of zones.
 */
export function zonesOf(ranked: ZoneCell[], units: number): PatrolZone[] {
  return patrolZones(ranked.slice(0, Math.max(ZONE_CANDIDATES, units * 6)), units);
}

/** The ranked cells zones are drawn from, at least: the places any list shows and more. */
const ZONE_CANDIDATES = 25;
