// The shift briefing, platform-neutral: what officers read at shift start. Adapters render it.
import { formatExpected } from '../bot/message.ts';
import type { Database } from '../db/client.ts';
import { DEMO_CITY_NAME } from '../demo/city.ts';
import { fairnessWarningsOf } from '../fairness/warnings.ts';
import { ensureForecast } from '../forecast/forecast-service.ts';
import { type ForecastCell, rankedCells, type StoredForecast } from '../forecast/forecast-store.ts';
import { dataFreshness } from '../forecast/freshness.ts';
import { asServedNow, type LeftOutWhy, leftOutIn, leftOutOf, placeChoices } from '../forecast/left-out.ts';
import { activeModel } from '../forecast/registry.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import { coarseWindowOf, type ForecastWindow, type WindowKind, windowsBetween } from '../forecast/windows.ts';
import { districtNamed } from '../geo/district-tag.ts';
import { districtsOf, findDistrict } from '../geo/districts.ts';
import { placeLabel, placeNames } from '../geo/place-names.ts';
import { type Category, categoryLabel } from '../ingest/categories.ts';
import { buildPlan, type PatrolPlan } from '../plan/build-plan.ts';
import type { Candidate } from '../plan/compact-areas.ts';
import type { Mission } from '../plan/missions.ts';
import { listUnitCounts, unitsForShift } from '../plan/unit-counts.ts';
import type { PlaceVisits } from '../plan/visits.ts';
import { addDays } from '../time/zone.ts';
import { edgeOverCounting, riskWord } from './risk-words.ts';

export const RESPONSIBLE_USE =
  'This ranks places by past recorded incidents: it says nothing about any person there, and more patrols in a place can raise its recorded crime.';

export interface BriefingPlace {
  /** Its number in this answer's list: the city rank, or 1, 2, … down a district's list. */
  number: number;
  /** Its rank among every place of the city's forecast. */
  rank: number;
  cell: string;
  /** The street name where the source publishes block addresses, else the district and coordinates. */
  label: string;
  /** "9600 block of Marlive Ln, near Telephone Rd": what the source's block addresses call the cell. */
  place: string | null;
  district: string | null;
  lat: number;
  lon: number;
  osmUrl: string;
  risk: string;
  expected: number;
  reasons: string[];
  /** Visits recorded here in this window. */
  visits: PlaceVisits | null;
}

/** One stop of a unit: a place of its area, listed or not. */
export interface BriefingStop {
  rank: number;
  /** Whether it is among the numbered places of the list. */
  listed: boolean;
  /** Its number in the list, when it is listed. */
  number: number | null;
  cell: string;
  label: string;
  district: string | null;
  lat: number;
  lon: number;
  expected: number;
  visits: PlaceVisits | null;
}

/** A unit of the patrol plan as a briefing shows it. */
export interface BriefingZone {
  zone: number;
  district: string | null;
  /** No place worth a visit: general patrol. */
  general: boolean;
  cells: string[];
  expected: number;
  /** Always 1: one unit per area. */
  units: number;
  /** The numbers of the listed places inside it, in visiting order. */
  numbers: number[];
  /** Its places in visiting order, the start first. */
  stops: BriefingStop[];
  /** Where it starts; null on general patrol. */
  centre: { lat: number; lon: number; osmUrl: string; place: string | null; cell: string } | null;
  mission: Mission | null;
}

export interface Briefing {
  title: string;
  area: string;
  window: {
    label: string;
    start: string;
    end: string;
    kind: WindowKind;
    date: string;
    weekday: number;
    /** Why the window is coarser than the one asked for, when it is. */
    note: string | null;
  };
  category: string;
  /** The district the places were chosen from, if one was asked for. */
  district: string | null;
  summary: [string, string];
  places: BriefingPlace[];
  /** The patrol plan: one unit per zone, best first, general patrol last. */
  zones: BriefingZone[];
  plan: Pick<PatrolPlan, 'varied' | 'radiusM' | 'unitsFrom' | 'staffed' | 'worth'>;
  /** "Last shift (…): Z1 3 of 3 places, Z2 1 of 2": what was visited, when any visit was recorded. */
  coverage: string | null;
  changes: { comparedWith: string | null; new: number[]; dropped: { cell: string; label: string }[] };
  /** Places left out of the list (a geocoder's dump, a report desk): the city rank each would have had. */
  leftOut: { cell: string; rank: number; why: LeftOutWhy }[];
  freshness: {
    /** The newest incident recorded before the window. */
    newestIncident: string | null;
    /** The same instant on the agency's clock. */
    newestIncidentLocal: string | null;
    hoursBeforeWindow: number | null;
    age: string | null;
    /** Older than PATROLCAST_STALE_DAYS before the window: every rendering says so first. */
    stale: boolean;
    staleNote: string | null;
    /** Incidents dated to their month only: how many months before the window's month the newest is. */
    monthsBefore?: number;
  };
  model: {
    version: number;
    algorithm: string;
    hitRateAt5: number | null;
    /** Said plainly when held-out days showed no edge over a simple count of past incidents. */
    edge: string | null;
  };
  /** Expected incidents in an average place of the forecast: what "high" is measured against. */
  typicalExpected: number;
  responsibleUse: string;
  /** What the model's fairness report on its held-out days says against the configured limits. */
  fairnessWarnings: string[];
  demo: boolean;
  /** Identifies the forecast: maps are cached by it. */
  forecastId: number;
}

/** What a briefing is called by its window: "Shift briefing", "Daily briefing", … */
export const BRIEFING_TITLES = {
  shift: 'Shift briefing',
  day: 'Daily briefing',
  week: 'Weekly briefing',
  month: 'Monthly briefing',
} as const;

export const osmUrl = (lat: number, lon: number) =>
  `https://www.openstreetmap.org/?mlat=${lat.toFixed(5)}&mlon=${lon.toFixed(5)}&zoom=18`;

/** The window before this one: the previous shift, or the previous day. */
export function previousWindow(window: ForecastWindow, settings: ForecastSettings): ForecastWindow {
  const [year, month, day] = window.date.split('-').map(Number) as [number, number, number];
  const date = { year, month, day };
  if (window.kind === 'week' || window.kind === 'month')
    return coarseWindowOf(window.kind, addDays(date, -1), settings.timeZone);
  const around = windowsBetween(window.kind, addDays(date, -1), date, settings);
  const i = around.findIndex((w) => w.start.getTime() === window.start.getTime());
  return around[i - 1]!;
}

export interface BriefingRequest {
  window: ForecastWindow;
  category: Category | 'all';
  top: number;
  units: number;
  /** `units` were asked for (a subscription's count), not the default. */
  unitsAsked?: boolean;
  agencyName: string;
  /** Only places in this district (as the incidents record it). */
  district?: string;
  /**
   * The district is a typed word that fit no other option: what else it could have been, for a refusal
   * to name ("a shift, a category").
   */
  districtCouldBe?: string;
}

/** How many of the best places a plan draws its areas from. */
const PLAN_POOL = 300;

const asCandidates = (cells: ReturnType<typeof rankedCells>, districts: Map<string, string>): Candidate[] =>
  cells.map((c) => ({
    rank: c.rank,
    cell: c.cell,
    lat: c.lat,
    lon: c.lon,
    expected: c.expected,
    district: districts.get(c.cell) ?? null,
  }));

/**
 * The places a plan draws its areas from: the best of the list, or, where units are set per district,
 * each such district's best, so that a unit is sent to the same places whether its district or the
 * whole city is asked for.
 */
function planPool(
  ranked: ReturnType<typeof rankedCells>,
  districts: Map<string, string>,
  staffed: ReadonlyMap<string, number> | undefined,
): Candidate[] {
  if (!staffed) return asCandidates(ranked.slice(0, PLAN_POOL), districts);
  const taken = new Map<string, number>();
  const pool = ranked.filter((c) => {
    const d = districts.get(c.cell);
    if (d === undefined || !staffed.get(d)) return false;
    taken.set(d, (taken.get(d) ?? 0) + 1);
    return taken.get(d)! <= PLAN_POOL;
  });
  return asCandidates(pool, districts);
}

/**
 * A district's places as its list numbers them (1, 2, …): the forecast's ranked places there, those left
 * out (a geocoder's dump, a report desk) skipped, as a briefing for that district lists them.
 */
export async function districtList(
  database: Database,
  forecast: Pick<StoredForecast, 'cells'>,
  district: string,
): Promise<ForecastCell[]> {
  const out = await leftOutOf(database, forecast);
  const ranked = rankedCells(forecast).filter((c) => !out.has(c.cell));
  const districts = await districtsOf(
    database,
    ranked.map((c) => c.cell),
  );
  return ranked.filter((c) => districts.get(c.cell) === district);
}

/** The window's shift name, for per-shift unit counts; null for a day or longer. */
const shiftOf = (window: ForecastWindow, settings: ForecastSettings) =>
  window.kind === 'shift' ? (settings.shifts[window.slot]?.name ?? null) : null;

export async function composeBriefing(
  database: Database,
  settings: ForecastSettings,
  request: BriefingRequest,
): Promise<Briefing> {
  const stored = await ensureForecast(database, settings, {
    window: request.window,
    category: request.category,
  });
  const model = await activeModel(database, request.category);
  let previous: StoredForecast | undefined;
  const before = previousWindow(request.window, settings);
  try {
    previous = await ensureForecast(database, settings, { window: before, category: request.category });
  } catch {
    previous = undefined;
  }
  // A geocoder's dump or a report desk is no place to send a unit: its cell is left out, and the answer
  // says so.
  const choices = await placeChoices(database);
  const forecast = asServedNow(stored, choices);
  const out = leftOutIn(forecast, choices);
  const outBefore = previous ? leftOutIn(previous, choices) : out;
  const all = rankedCells(forecast);
  const ranked = all.filter((c) => !out.has(c.cell));
  let leftOut = all
    .slice(0, PLAN_POOL)
    .filter((c) => out.has(c.cell))
    .map((c) => ({ cell: c.cell, rank: c.rank, why: out.get(c.cell)! }));
  let candidates = ranked;
  let previousCandidates = previous ? rankedCells(previous).filter((c) => !outBefore.has(c.cell)) : [];
  let district: string | null = null;
  // A typed word that is no shift nor category is read as a district: a refusal then says all three.
  if (request.district)
    district = await findDistrict(
      database,
      request.district,
      request.districtCouldBe ? `${request.districtCouldBe} or a district` : 'a district',
    );
  const counts = await listUnitCounts(database);
  // Units set per district go to their district's best places, however far down the city's list.
  const staffed = (window: ForecastWindow) =>
    district ? undefined : unitsForShift(counts, shiftOf(window, settings));
  // Districts of every place a list or a plan may draw on (all of them when the list is one district's,
  // or when units are set per district).
  const looked = (cells: typeof ranked) =>
    district || counts.length > 0 ? cells : cells.slice(0, PLAN_POOL);
  const districts = await districtsOf(database, [
    ...new Set([...looked(ranked), ...looked(previousCandidates), ...leftOut].map((c) => c.cell)),
  ]);
  if (district) {
    leftOut = leftOut.filter((c) => districts.get(c.cell) === district);
    candidates = ranked.filter((c) => districts.get(c.cell) === district);
    // The district's list is compared with the district's list of the window before.
    previousCandidates = previousCandidates.filter((c) => districts.get(c.cell) === district);
  }
  const top = candidates.slice(0, request.top);
  const typical = typicalExpected(forecast.cells);
  const planRequest = {
    category: request.category,
    district,
    units: request.units,
    unitsAsked: request.unitsAsked ?? false,
    radiusM: settings.unitRadiusM,
    visitMinutes: settings.visitMinutes,
    timeZone: settings.timeZone,
    trainOrigins: settings.trainOrigins,
    excludedCategories: settings.excludedCategories,
  };
  const freshness = await dataFreshness(database, request.window, settings);
  const plan = await buildPlan(database, planPool(candidates, districts, staffed(request.window)), counts, {
    ...planRequest,
    window: request.window,
    shift: shiftOf(request.window, settings),
    newestIncident: freshness.newestIncident,
  });
  const previousPlan = previous
    ? await buildPlan(database, planPool(previousCandidates, districts, staffed(before)), counts, {
        ...planRequest,
        window: before,
        shift: shiftOf(before, settings),
        missions: false,
      })
    : undefined;
  const currentCells = new Set(top.map((c) => c.cell));
  const droppedCells = previousCandidates.slice(0, request.top).filter((c) => !currentCells.has(c.cell));
  const stopCells = plan.units.flatMap((u) => u.places.map((p) => p.cell));
  const names = await placeNames(database, [
    ...top.map((c) => c.cell),
    ...stopCells,
    ...droppedCells.map((c) => c.cell),
  ]);
  const visitsHere = new Map(plan.units.flatMap((u) => u.places.map((p) => [p.cell, p.visits] as const)));
  // A district's list is numbered from 1, its city ranks beside; the city's list by its ranks.
  const numberOf = new Map(top.map((c, i) => [c.cell, district ? i + 1 : c.rank]));
  const places: BriefingPlace[] = top.map((c) => {
    const district = districts.get(c.cell) ?? null;
    const place = names.get(c.cell) ?? null;
    return {
      number: numberOf.get(c.cell)!,
      rank: c.rank,
      cell: c.cell,
      label: placeLabel(place, district, c),
      place,
      district,
      lat: c.lat,
      lon: c.lon,
      osmUrl: osmUrl(c.lat, c.lon),
      risk: riskWord({
        expected: c.expected,
        typical,
        rank: c.rank,
        places: forecast.cells.length,
        metrics: model?.metrics,
      }),
      expected: c.expected,
      reasons: c.reasons,
      visits: visitsHere.get(c.cell) ?? null,
    };
  });
  const zones: BriefingZone[] = plan.units.map((u) => {
    const stops = u.places.map((p) => ({
      rank: p.rank,
      listed: currentCells.has(p.cell),
      number: numberOf.get(p.cell) ?? null,
      cell: p.cell,
      // The unit's line names its district once; a stop is named by its street where there is one.
      label: names.get(p.cell) ?? placeLabel(null, p.district, p),
      district: p.district,
      lat: p.lat,
      lon: p.lon,
      expected: p.expected,
      visits: p.visits,
    }));
    return {
      zone: u.zone,
      // A city-wide unit is named by the district it starts in, where the data name one.
      district: u.district ?? u.places[0]?.district ?? null,
      general: u.general,
      cells: u.cells,
      expected: u.expected,
      units: 1,
      numbers: stops.flatMap((p) => (p.number === null ? [] : [p.number])),
      stops,
      centre: u.centre
        ? { ...u.centre, osmUrl: osmUrl(u.centre.lat, u.centre.lon), place: names.get(u.centre.cell) ?? null }
        : null,
      mission: u.mission,
    };
  });
  const previousTop = new Set(previousCandidates.slice(0, request.top).map((c) => c.cell));
  const currentTop = new Set(top.map((c) => c.cell));
  const totalExpected = forecast.cells.reduce((s, c) => s + c.expected, 0);
  const topExpected = top.reduce((s, c) => s + c.expected, 0);
  const what = request.category === 'all' ? 'incidents' : `${categoryLabel(request.category)} incidents`;
  const area = forecast.demo ? DEMO_CITY_NAME : request.agencyName;
  const first = places[0];
  return {
    title: `${BRIEFING_TITLES[request.window.kind]}: ${area}${district ? `, ${districtNamed(district)}` : ''}`,
    area,
    window: {
      label: request.window.label,
      start: request.window.start.toISOString(),
      end: request.window.end.toISOString(),
      kind: request.window.kind,
      date: request.window.date,
      weekday: request.window.weekday,
      note: request.window.note ?? null,
    },
    category: request.category,
    district,
    summary: [
      `${places.length} places to watch: ${topExpected.toFixed(1)} ${what} expected there, ${pct(topExpected / Math.max(totalExpected, 1e-9))} of the ${totalExpected.toFixed(1)} forecast citywide.`,
      first
        ? `Highest: #${first.number} ${first.label}, ${formatExpected(first.expected)} expected${first.reasons[0] ? `: ${first.reasons[0]}` : ''}.`
        : 'Nothing is expected anywhere in this window: no place is listed.',
    ],
    places,
    zones,
    plan: {
      varied: plan.varied,
      radiusM: plan.radiusM,
      unitsFrom: plan.unitsFrom,
      staffed: plan.staffed,
      worth: plan.worth,
    },
    coverage: previousPlan ? coverageLine(before, previousPlan) : null,
    changes: {
      comparedWith: previous ? before.label : null,
      new: previous ? places.filter((p) => !previousTop.has(p.cell)).map((p) => p.number) : [],
      dropped: previous
        ? previousCandidates
            .slice(0, request.top)
            .filter((c) => !currentTop.has(c.cell))
            .map((c) => ({
              cell: c.cell,
              // Named as a stop is: its street, or its district and point, as the list names it.
              label: names.get(c.cell) ?? placeLabel(null, districts.get(c.cell) ?? null, c),
            }))
        : [],
    },
    leftOut,
    freshness: { ...freshness, newestIncident: freshness.newestIncident?.toISOString() ?? null },
    model: {
      version: forecast.modelVersion,
      algorithm: forecast.algorithm,
      hitRateAt5: typeof model?.metrics.hr5 === 'number' ? model.metrics.hr5 : null,
      edge: edgeOverCounting(forecast.algorithm, model?.metrics),
    },
    typicalExpected: typical,
    responsibleUse: RESPONSIBLE_USE,
    fairnessWarnings: fairnessWarningsOf(model?.metrics ?? {}, settings.fairness),
    demo: forecast.demo,
    forecastId: forecast.id,
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Expected incidents in an average place of a forecast: what "high" is measured against. */
export const typicalExpected = (cells: readonly { expected: number }[]): number =>
  cells.reduce((sum, c) => sum + c.expected, 0) / Math.max(1, cells.length);

/** What was visited in the window before, unit by unit: null when nobody recorded a visit then. */
function coverageLine(window: ForecastWindow, plan: PatrolPlan): string | null {
  const visited = plan.units.flatMap((u) => u.places).filter((p) => p.visits);
  if (visited.length === 0) return null;
  const parts = plan.units
    .filter((u) => !u.general)
    .map((u) => `Z${u.zone} ${u.places.filter((p) => p.visits).length} of ${u.places.length} places`);
  return `${window.label}: ${parts.join(', ')} visited.`;
}
