// The shift briefing, platform-neutral: what officers read at shift start. Adapters render it.
import { formatExpected } from '../bot/message.ts';
import type { Database } from '../db/client.ts';
import { DEMO_CITY_NAME } from '../demo/city.ts';
import { fairnessWarningsOf } from '../fairness/warnings.ts';
import { ensureForecast } from '../forecast/forecast-service.ts';
import { rankedCells, type StoredForecast } from '../forecast/forecast-store.ts';
import { dataFreshness } from '../forecast/freshness.ts';
import { activeModel } from '../forecast/registry.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import { coarseWindowOf, type ForecastWindow, type WindowKind, windowsBetween } from '../forecast/windows.ts';
import { type PatrolZone, zonesOf } from '../forecast/zones.ts';
import { districtsOf, findDistrict } from '../geo/districts.ts';
import { placeLabel, placeNames } from '../geo/place-names.ts';
import { type Category, categoryLabel } from '../ingest/categories.ts';
import { addDays } from '../time/zone.ts';
import { edgeOverCounting, riskWord } from './risk-words.ts';

export const RESPONSIBLE_USE =
  'This ranks places by past recorded incidents: it says nothing about any person there, and more patrols in a place can raise its recorded crime.';

export interface BriefingPlace {
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
}

export interface Briefing {
  title: string;
  area: string;
  window: { label: string; start: string; end: string; kind: WindowKind; date: string; weekday: number };
  category: string;
  /** The district the places were chosen from, if one was asked for. */
  district: string | null;
  summary: [string, string];
  places: BriefingPlace[];
  zones: (Omit<PatrolZone, 'centroid'> & {
    units: number;
    /** The numbered places inside it, best first. */
    ranks: number[];
    /** place: the centre's street name, where the source publishes block addresses. */
    centre: { lat: number; lon: number; osmUrl: string; place: string | null };
  })[];
  changes: { comparedWith: string | null; new: number[]; dropped: { cell: string; label: string }[] };
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
  agencyName: string;
  /** Only places in this district (as the incidents record it). */
  district?: string;
}

export async function composeBriefing(
  database: Database,
  settings: ForecastSettings,
  request: BriefingRequest,
): Promise<Briefing> {
  const forecast = await ensureForecast(database, settings, {
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
  const ranked = rankedCells(forecast);
  let candidates = ranked;
  let previousCandidates = previous ? rankedCells(previous) : [];
  let districts: Map<string, string>;
  let district: string | null = null;
  if (request.district) {
    district = await findDistrict(database, request.district);
    districts = await districtsOf(database, [
      ...new Set([...ranked, ...previousCandidates].map((c) => c.cell)),
    ]);
    candidates = ranked.filter((c) => districts.get(c.cell) === district);
    // The district's list is compared with the district's list of the window before.
    previousCandidates = previousCandidates.filter((c) => districts.get(c.cell) === district);
  } else {
    districts = await districtsOf(
      database,
      ranked.slice(0, request.top).map((c) => c.cell),
    );
  }
  const top = candidates.slice(0, request.top);
  const typical = typicalExpected(forecast.cells);
  const zoneList = zonesOf(candidates, request.units);
  const currentCells = new Set(top.map((c) => c.cell));
  const droppedCells = previousCandidates.slice(0, request.top).filter((c) => !currentCells.has(c.cell));
  const names = await placeNames(database, [
    ...top.map((c) => c.cell),
    ...zoneList.map((z) => z.centreCell),
    ...droppedCells.map((c) => c.cell),
  ]);
  const places: BriefingPlace[] = top.map((c) => {
    const district = districts.get(c.cell) ?? null;
    const place = names.get(c.cell) ?? null;
    return {
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
    };
  });
  const zones = zoneList.map(({ centroid, ...z }) => ({
    ...z,
    units: 1,
    // The numbered places it holds, and the best of them: where its unit starts.
    ranks: places.filter((p) => z.cells.includes(p.cell)).map((p) => p.rank),
    centre: {
      ...centroid,
      osmUrl: osmUrl(centroid.lat, centroid.lon),
      place: names.get(z.centreCell) ?? null,
    },
  }));
  const previousTop = new Set(previousCandidates.slice(0, request.top).map((c) => c.cell));
  const currentTop = new Set(top.map((c) => c.cell));
  const freshness = await dataFreshness(database, request.window, settings);
  const totalExpected = forecast.cells.reduce((s, c) => s + c.expected, 0);
  const topExpected = top.reduce((s, c) => s + c.expected, 0);
  const what = request.category === 'all' ? 'incidents' : `${categoryLabel(request.category)} incidents`;
  const area = forecast.demo ? DEMO_CITY_NAME : request.agencyName;
  const first = places[0];
  return {
    title: `${BRIEFING_TITLES[request.window.kind]}: ${area}${district ? `, district ${district}` : ''}`,
    area,
    window: {
      label: request.window.label,
      start: request.window.start.toISOString(),
      end: request.window.end.toISOString(),
      kind: request.window.kind,
      date: request.window.date,
      weekday: request.window.weekday,
    },
    category: request.category,
    district,
    summary: [
      `${places.length} places to watch: ${topExpected.toFixed(1)} ${what} expected there, ${pct(topExpected / Math.max(totalExpected, 1e-9))} of the ${totalExpected.toFixed(1)} forecast citywide.`,
      first
        ? `Highest: #1 ${first.label}, ${formatExpected(first.expected)} expected${first.reasons[0] ? `: ${first.reasons[0]}` : ''}.`
        : 'Nothing is expected anywhere in this window: no place is listed.',
    ],
    places,
    zones,
    changes: {
      comparedWith: previous ? before.label : null,
      new: previous ? places.filter((p) => !previousTop.has(p.cell)).map((p) => p.rank) : [],
      dropped: previous
        ? previousCandidates
            .slice(0, request.top)
            .filter((c) => !currentTop.has(c.cell))
            .map((c) => ({
              cell: c.cell,
              label: names.get(c.cell) ?? `${c.lat.toFixed(5)}, ${c.lon.toFixed(5)}`,
            }))
        : [],
    },
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
