// Compact patrol areas: each unit gets the places around one start, none further than the radius from
// it (so no two further apart than twice the radius), and no two units start close together. Greedy by
// rank: the best place not yet taken and clear of the other starts becomes the next start.
import { createRandom } from '../random.ts';

export interface Candidate {
  rank: number;
  cell: string;
  lat: number;
  lon: number;
  expected: number;
  district: string | null;
}

/** Units to plan inside one district (null: the whole city or the asked district). */
export interface UnitGroup {
  district: string | null;
  units: number;
}

export interface Area {
  /** Z1 is 1: numbered over the whole plan, best area first. */
  unit: number;
  district: string | null;
  /** Its places in visiting order, the start first; empty for general patrol. */
  places: Candidate[];
  expected: number;
}

export interface AreaOptions {
  radiusM: number;
  /** No two units start closer than this. */
  startGapM: number;
  maxPlaces: number;
  /** An area expecting fewer incidents than this sends its unit on general patrol instead. */
  worth: number;
  /** Seeds the choice among places tied within noise, so the same blocks are not the only ones offered. */
  seed: string;
}

export const DEFAULT_AREA_OPTIONS: Omit<AreaOptions, 'radiusM' | 'seed'> = {
  startGapM: 500,
  maxPlaces: 4,
  worth: 0.1,
};

export function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dy = (a.lat - b.lat) * 111_320;
  const dx = (a.lon - b.lon) * 111_320 * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  return Math.sqrt(dx * dx + dy * dy);
}

/** Two expected counts this close are the same forecast, as far as the data can tell. */
const tied = (a: number, b: number) => Math.abs(a - b) <= 0.1 * Math.max(a, b);

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The places in the order a unit drives them: from the start, always to the nearest one left. */
function visitingOrder(places: Candidate[]): Candidate[] {
  const [first, ...rest] = places;
  if (!first) return [];
  const out = [first];
  while (rest.length > 0) {
    const here = out.at(-1)!;
    let best = 0;
    for (let i = 1; i < rest.length; i++) if (metres(here, rest[i]!) < metres(here, rest[best]!)) best = i;
    out.push(...rest.splice(best, 1));
  }
  return out;
}

export interface Areas {
  areas: Area[];
  /** Whether a place was chosen among others tied with it, by the date's seed. */
  varied: boolean;
}

/** `ranked` best first. Units that find no place worth a visit come back with no places. */
export function compactAreas(ranked: Candidate[], groups: UnitGroup[], options: AreaOptions): Areas {
  const random = createRandom(seedOf(options.seed));
  const taken = new Set<string>();
  const starts: Candidate[] = [];
  const areas: Omit<Area, 'unit'>[] = [];
  let varied = false;
  for (const group of groups) {
    const pool = ranked.filter(
      (c) => c.expected > 0 && (group.district === null || c.district === group.district),
    );
    for (let u = 0; u < group.units; u++) {
      const start = pool.find(
        (c) => !taken.has(c.cell) && starts.every((s) => metres(s, c) >= options.startGapM),
      );
      if (!start) {
        areas.push({ district: group.district, places: [], expected: 0 });
        continue;
      }
      starts.push(start);
      taken.add(start.cell);
      const near = pool.filter(
        (c) => !taken.has(c.cell) && metres(start, c) <= options.radiusM && c.expected >= start.expected / 4,
      );
      const chosen: Candidate[] = [];
      while (chosen.length < options.maxPlaces - 1 && near.length > 0) {
        // Among the best place left and those tied with it, the date picks one.
        const ties = near.filter((c) => tied(c.expected, near[0]!.expected));
        const pick = ties.length > 1 ? ties[Math.floor(random.next() * ties.length)]! : near[0]!;
        if (pick !== near[0]) varied = true;
        chosen.push(pick);
        near.splice(near.indexOf(pick), 1);
      }
      for (const c of chosen) taken.add(c.cell);
      const places = visitingOrder([start, ...chosen.sort((a, b) => a.rank - b.rank)]);
      const expected = places.reduce((s, c) => s + c.expected, 0);
      areas.push(
        expected >= options.worth
          ? { district: group.district, places, expected }
          : { district: group.district, places: [], expected: 0 },
      );
    }
  }
  // A district's units together, best area first; the district with the best area first.
  const best = new Map<string | null, number>();
  for (const a of areas) best.set(a.district, Math.max(best.get(a.district) ?? 0, a.expected));
  const sorted = areas
    .map((a, i) => ({ a, i }))
    .sort(
      (x, y) =>
        best.get(y.a.district)! - best.get(x.a.district)! ||
        String(x.a.district).localeCompare(String(y.a.district)) ||
        y.a.expected - x.a.expected ||
        x.i - y.i,
    )
    .map(({ a }, i) => ({ ...a, unit: i + 1 }));
  return { areas: sorted, varied };
}
