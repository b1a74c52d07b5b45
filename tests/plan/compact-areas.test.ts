// Patrol areas a unit can cover: compact, apart from each other, inside their district.
import { describe, expect, test } from 'vitest';
import { type Candidate, compactAreas, DEFAULT_AREA_OPTIONS, metres } from '../../src/plan/compact-areas.ts';

const options = { ...DEFAULT_AREA_OPTIONS, radiusM: 1500, seed: '2026-06-01T03:00:00.000Z:all' };

/** n places in a row going east from a point, `step` metres apart, expecting less and less. */
function row(
  lat: number,
  lon: number,
  n: number,
  step: number,
  top: number,
  district: string | null,
  from = 1,
) {
  return Array.from(
    { length: n },
    (_, i): Candidate => ({
      rank: from + i,
      cell: `${district ?? 'c'}-${lat}-${i}`,
      lat,
      lon: lon + (i * step) / (111_320 * Math.cos((lat * Math.PI) / 180)),
      expected: top * 0.9 ** i,
      district,
    }),
  );
}

const ranked = (cs: Candidate[]) =>
  [...cs].sort((a, b) => b.expected - a.expected).map((c, i) => ({ ...c, rank: i + 1 }));

describe('compact patrol areas', () => {
  test("a unit's places are within the radius of its start, so never further apart than twice it", () => {
    // Hotspots strung out over 12 km: one unit must not be sent along all of them.
    const places = ranked(row(29.76, -95.4, 25, 500, 1, null));
    const { areas } = compactAreas(places, [{ district: null, units: 3 }], options);
    expect(areas).toHaveLength(3);
    for (const a of areas) {
      expect(a.places.length).toBeGreaterThan(0);
      for (const p of a.places) for (const q of a.places) expect(metres(p, q)).toBeLessThanOrEqual(3000);
    }
  });

  test('no two units start within 500 m of each other, even when the best places are next door', () => {
    // Four of the best places within 300 m, then others 2 km away.
    const near = row(41.88, -87.63, 4, 100, 2, null);
    const far = row(41.9, -87.63, 4, 100, 1, null);
    const { areas } = compactAreas(ranked([...near, ...far]), [{ district: null, units: 3 }], options);
    const starts = areas.filter((a) => a.places.length > 0).map((a) => a.places[0]!);
    for (const [i, a] of starts.entries())
      for (const b of starts.slice(i + 1)) expect(metres(a, b)).toBeGreaterThanOrEqual(500);
    // The places next door share one unit instead of being split between three.
    expect(areas[0]!.places.map((p) => p.cell).sort()).toEqual(near.map((p) => p.cell).sort());
  });

  test('each district plans its own units inside its own places; a unit with nothing worth a visit patrols generally', () => {
    const east = row(29.7, -95.3, 6, 400, 1, 'East');
    const west = row(29.7, -95.6, 6, 400, 0.5, 'West');
    const quiet = row(29.9, -95.4, 3, 400, 0.01, 'North');
    const { areas } = compactAreas(
      ranked([...east, ...west, ...quiet]),
      [
        { district: 'East', units: 2 },
        { district: 'North', units: 1 },
        { district: 'West', units: 2 },
      ],
      options,
    );
    expect(areas.map((a) => a.district)).toEqual(['East', 'East', 'West', 'West', 'North']);
    for (const a of areas) for (const p of a.places) expect(p.district).toBe(a.district);
    const north = areas.find((a) => a.district === 'North')!;
    expect(north.places).toEqual([]);
    expect(areas.map((a) => a.unit)).toEqual([1, 2, 3, 4, 5]);
  });

  test('places tied within noise are chosen by the date, and the same date chooses the same', () => {
    // A start, and six places around it expecting the same.
    const start: Candidate = { rank: 1, cell: 'start', lat: 41.88, lon: -87.63, expected: 2, district: null };
    const around = Array.from(
      { length: 6 },
      (_, i): Candidate => ({
        rank: i + 2,
        cell: `tie${i}`,
        lat: 41.88 + 0.004 * Math.cos(i),
        lon: -87.63 + 0.004 * Math.sin(i),
        expected: 1,
        district: null,
      }),
    );
    const pick = (seed: string) =>
      compactAreas([start, ...around], [{ district: null, units: 1 }], { ...options, seed })
        .areas[0]!.places.map((p) => p.cell)
        .sort();
    const days = Array.from({ length: 7 }, (_, d) => pick(`2026-06-0${d + 1}T03:00:00.000Z:all`));
    expect(new Set(days.map((d) => d.join())).size).toBeGreaterThan(1);
    expect(pick('2026-06-01T03:00:00.000Z:all')).toEqual(days[0]);
    expect(compactAreas([start, ...around], [{ district: null, units: 1 }], options).varied).toBe(true);
  });

  test('the places are given in visiting order: from the start, always to the nearest one left', () => {
    const places = ranked(row(41.88, -87.63, 4, 300, 1, null));
    // Ranked best first is west to east; swap so that the second best is the farthest east.
    const shuffled = [places[0]!, { ...places[3]!, expected: 0.95 }, places[1]!, places[2]!];
    const { areas } = compactAreas(ranked(shuffled), [{ district: null, units: 1 }], options);
    const lons = areas[0]!.places.map((p) => p.lon);
    expect(lons).toEqual([...lons].sort((a, b) => a - b));
  });
});
