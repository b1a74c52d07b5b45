// The patrol plan of a forecast: units by district, each with a compact area, its places in visiting
// order and a mission. Built once here; the text, Slack, Discord, the map, the command line and JSON
// all render this object and none computes areas of its own.
import type { Database } from '../db/client.ts';
import type { ForecastWindow } from '../forecast/windows.ts';
import type { Category } from '../ingest/categories.ts';
import { type Candidate, compactAreas, DEFAULT_AREA_OPTIONS, type UnitGroup } from './compact-areas.ts';
import { type Mission, missionFor, missionRecord } from './missions.ts';
import { type UnitCount, unitsForShift } from './unit-counts.ts';
import { type PlaceVisits, visitsInWindow } from './visits.ts';

export interface PlanPlace extends Candidate {
  /** Visits recorded at it in this window. */
  visits: PlaceVisits | null;
}

export interface PlanUnit {
  /** Z1 is 1. */
  zone: number;
  district: string | null;
  /** No place worth a visit: the unit patrols its district (or the city) generally. */
  general: boolean;
  /** In visiting order, the start first. */
  places: PlanPlace[];
  cells: string[];
  expected: number;
  /** Where it starts: its first place. */
  centre: { lat: number; lon: number; cell: string } | null;
  mission: Mission | null;
}

export interface PatrolPlan {
  units: PlanUnit[];
  /** Places tied within noise were chosen by the date, so the same blocks are not always the ones offered. */
  varied: boolean;
  radiusM: number;
  /** How the units were counted: set per district, the city-wide default, or as asked (a subscription's). */
  unitsFrom: 'districts' | 'default' | 'asked';
  /**
   * The districts with units set for this shift, in order; null when none are set. A city plan sends
   * no unit to any other district, and a district's own plan outside them uses the default: both say so.
   */
  staffed: string[] | null;
  /** Fewer incidents expected than this in a unit's area sends it on general patrol. */
  worth: number;
}

export interface PlanRequest {
  window: ForecastWindow;
  category: Category | 'all';
  /** Only this district's places and units. */
  district: string | null;
  /** Units when none are set for the district (or city-wide). */
  units: number;
  /** `units` were asked for (a subscription's count), not the default. */
  unitsAsked?: boolean;
  radiusM: number;
  visitMinutes: number;
  timeZone: string;
  /** What models learn from: missions are read from the same incidents. */
  trainOrigins: string[];
  excludedCategories: string[];
  /** The window's shift name, for per-shift unit counts; null for a day. */
  shift: string | null;
  /** Missions need the places' records; a plan read only for its areas (coverage) skips them. */
  missions?: boolean;
  /** The newest incident before the window, when known: missions of an old extract read its last year. */
  newestIncident?: Date | null;
}

function groupsOf(
  request: PlanRequest,
  set: ReadonlyMap<string, number> | undefined,
): [UnitGroup[], PatrolPlan['unitsFrom']] {
  const unset = request.unitsAsked ? 'asked' : 'default';
  if (request.district !== null) {
    const n = set?.get(request.district);
    return [[{ district: request.district, units: n ?? request.units }], n ? 'districts' : unset];
  }
  if (set)
    return [
      [...set.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([district, units]) => ({ district, units })),
      'districts',
    ];
  return [[{ district: null, units: request.units }], unset];
}

/** `ranked`: the forecast's cells best first, each with its district where the data name one. */
export async function buildPlan(
  database: Database,
  ranked: Candidate[],
  counts: readonly UnitCount[],
  request: PlanRequest,
): Promise<PatrolPlan> {
  const set = unitsForShift(counts, request.shift);
  const [groups, unitsFrom] = groupsOf(request, set);
  const staffed = set
    ? [...set.entries()]
        .filter(([, n]) => n > 0)
        .map(([d]) => d)
        .sort((a, b) => a.localeCompare(b))
    : null;
  const { areas, varied } = compactAreas(ranked, groups, {
    ...DEFAULT_AREA_OPTIONS,
    radiusM: request.radiusM,
    seed: `${request.window.start.toISOString()}:${request.category}`,
  });
  const cells = areas.flatMap((a) => a.places.map((p) => p.cell));
  const [record, visits] = await Promise.all([
    request.missions === false ? undefined : missionRecord(database, cells, request.window, request),
    visitsInWindow(database, request.window.start),
  ]);
  const units = areas.map((a): PlanUnit => {
    const general = a.places.length === 0;
    const start = a.places[0];
    return {
      zone: a.unit,
      district: a.district,
      general,
      places: a.places.map((p) => ({ ...p, visits: visits.get(p.cell) ?? null })),
      cells: a.places.map((p) => p.cell),
      expected: a.expected,
      centre: start ? { lat: start.lat, lon: start.lon, cell: start.cell } : null,
      mission:
        general || !record
          ? null
          : missionFor(
              a.places.map((p) => p.cell),
              a.expected,
              record,
              request.category,
              request.visitMinutes,
            ),
    };
  });
  return {
    units,
    varied,
    radiusM: request.radiusM,
    unitsFrom,
    staffed,
    worth: DEFAULT_AREA_OPTIONS.worth,
  };
}
