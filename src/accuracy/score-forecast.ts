// How one served forecast did: its window's incidents as stored now (late arrivals and revisions
// included) against the ranking it served, and against the simple methods scored for the same window
// with only the data stored when it was served. Cells are numbered by id, so that ties in a simple
// method's counts go to the lower id, as in a backtest.
import { cellArea, getResolution, latLngToCell } from 'h3-js';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { contextAt } from '../forecast/context-at.ts';
import type { StoredForecast } from '../forecast/forecast-store.ts';
import { loadIncidents } from '../forecast/history.ts';
import { leftOutOf, servedRanking } from '../forecast/left-out.ts';
import {
  type Coverage,
  flaggedCount,
  newTallies,
  rankCells,
  type Tally,
  tallyWindow,
} from '../forecast/metrics.ts';
import { algorithmNamed } from '../forecast/models/algorithms.ts';
import { type ForecastSettings, historyFilter } from '../forecast/settings.ts';
import { type ForecastWindow, windowsBetween } from '../forecast/windows.ts';
import { isCategory } from '../ingest/categories.ts';
import { toLocal } from '../time/zone.ts';

/** The forecast as served, and the simple methods it must beat: a count of the last year, and the ewma. */
export const SERVED = 'served';
export const SIMPLE_METHODS = ['naive', 'ewma'] as const;

/** How many of the top-ranked places the list's calibration is read on. */
export const TOP = 10;

export interface MethodScore {
  tallies: Record<Coverage, Tally>;
  /** The top ten's incidents and what the method expected there. */
  top: { observed: number; expected: number };
  /** For a list of all categories, as served: each category's incidents and those in the top 5%. */
  byCategory?: Record<string, { incidents: number; hits: number }>;
}

export interface ForecastScore {
  incidents: number;
  /** By method: `served`, and each simple method that could be scored. */
  methods: Record<string, MethodScore>;
  /** What the window's incidents were when it was scored. */
  outcome: string;
}

const outcomeRow = z.object({ cell: z.string(), lat: z.number(), lon: z.number(), category: z.string() });

/** The window's incidents as the forecast counts them (its category, the model's origins), by cell. */
async function windowIncidents(
  database: Database,
  settings: ForecastSettings,
  forecast: StoredForecast,
  resolution: number,
) {
  const params: unknown[] = [
    forecast.windowStart.toISOString(),
    forecast.windowEnd.toISOString(),
    settings.trainOrigins,
    settings.excludedCategories,
  ];
  let where =
    'occurred_at >= $1 and occurred_at < $2 and origin = any($3::text[]) and not (category = any($4::text[]))';
  if (forecast.category !== 'all') {
    params.push(forecast.category);
    where += ' and category = $5';
  }
  // An incident dated only to its day happened in no shift that can be named.
  if (forecast.windowKind === 'shift') where += " and time_precision in ('minute', 'hour')";
  const rows = await decodedRows(
    database,
    outcomeRow,
    `select cell, lat, lon, category from settled_incidents where ${where}`,
    params,
  );
  return rows.map((r) => ({
    cell: getResolution(r.cell) === resolution ? r.cell : latLngToCell(r.lat, r.lon, resolution),
    category: r.category,
  }));
}

/** What identifies the window's incidents now: scored again when it changes. */
export async function windowOutcome(database: Database, start: Date, end: Date): Promise<string> {
  const [row] = await decodedRows(
    database,
    z.object({ outcome: z.string() }),
    `select count(*)::text || ':' || coalesce(((extract(epoch from max(created_at)) * 1000)::bigint)::text, '') as outcome
     from settled_incidents where occurred_at >= $1 and occurred_at < $2`,
    [start.toISOString(), end.toISOString()],
  );
  return row!.outcome;
}

/** The forecast's window as the forecasting code knows it, if the agency's shifts still have it. */
function windowOf(forecast: StoredForecast, settings: ForecastSettings): ForecastWindow | undefined {
  const local = toLocal(forecast.windowStart, settings.timeZone);
  const date = { year: local.year, month: local.month, day: local.day };
  return windowsBetween(forecast.windowKind, date, date, settings).find(
    (w) => w.start.getTime() === forecast.windowStart.getTime(),
  );
}

/** The simple methods' scores for the forecast's cells, from the data stored when it was served. */
async function simpleScores(
  database: Database,
  settings: ForecastSettings,
  forecast: StoredForecast,
  cells: readonly string[],
): Promise<Record<string, Float64Array>> {
  const window = windowOf(forecast, settings);
  const category = forecast.category;
  if (!window || (category !== 'all' && !isCategory(category))) return {};
  const table = await loadIncidents(
    database,
    { ...historyFilter(settings, forecast.windowStart), storedBy: forecast.createdAt },
    getResolution(cells[0]!),
  );
  if (table.time.length === 0) return {};
  const ctx = contextAt(table, settings, window.start.getTime(), category, window.kind);
  const at = new Map(ctx.area.cells.map((c, s) => [c, s]));
  const out: Record<string, Float64Array> = {};
  for (const name of SIMPLE_METHODS) {
    // The simple methods count; they learn nothing, so they need no training set.
    const method = await algorithmNamed(name).fit(undefined as never, {});
    const scores = method.score(ctx, window);
    out[name] = Float64Array.from(cells, (c) => {
      const s = at.get(c);
      return s === undefined ? 0 : scores[s]!;
    });
  }
  return out;
}

function methodScore(
  ranking: Int32Array,
  expected: ArrayLike<number>,
  actual: Float64Array,
  outside: number,
  areaKm2: Float64Array,
  totalAreaKm2: number,
): MethodScore {
  const tallies = newTallies();
  tallyWindow(tallies, ranking, actual, outside, areaKm2, totalAreaKm2);
  let observed = 0;
  let sum = 0;
  for (const s of ranking.subarray(0, TOP)) {
    observed += actual[s]!;
    sum += expected[s]!;
  }
  return { tallies, top: { observed, expected: sum } };
}

/** Each category's incidents in the window, and those in the list's top 5% of places. */
function byCategory(
  happened: readonly { cell: string; category: string }[],
  index: ReadonlyMap<string, number>,
  ranking: Int32Array,
  cells: number,
): Record<string, { incidents: number; hits: number }> {
  const flagged = new Set(ranking.subarray(0, flaggedCount(cells, 5)));
  const out: Record<string, { incidents: number; hits: number }> = {};
  for (const { cell, category } of happened) {
    out[category] ??= { incidents: 0, hits: 0 };
    const c = out[category]!;
    c.incidents++;
    const s = index.get(cell);
    if (s !== undefined && flagged.has(s)) c.hits++;
  }
  return out;
}

export async function scoreForecast(
  database: Database,
  settings: ForecastSettings,
  forecast: StoredForecast,
): Promise<ForecastScore> {
  // What the window held is read first: an incident stored while this runs is caught next time.
  const outcome = await windowOutcome(database, forecast.windowStart, forecast.windowEnd);
  const byId = [...forecast.cells].sort((a, b) => (a.cell < b.cell ? -1 : a.cell > b.cell ? 1 : 0));
  const cells = byId.map((c) => c.cell);
  const index = new Map(cells.map((c, s) => [c, s]));
  const resolution = getResolution(cells[0]!);
  const actual = new Float64Array(cells.length);
  let outside = 0;
  const happened = await windowIncidents(database, settings, forecast, resolution);
  for (const { cell } of happened) {
    const s = index.get(cell);
    if (s === undefined) outside++;
    else actual[s]!++;
  }
  const areaKm2 = Float64Array.from(cells, (c) => cellArea(c, 'km2'));
  const totalAreaKm2 = areaKm2.reduce((a, b) => a + b, 0);
  // Every method's list is scored as a list is served: places left out (desks, geocoders' dumps) pass
  // to the end, so that no method is credited with reports taken at a desk.
  const leftOut = await leftOutOf(database, forecast);
  const served = servedRanking(
    Int32Array.from([...byId.keys()].sort((a, b) => byId[a]!.rank - byId[b]!.rank)),
    cells,
    leftOut,
  );
  const methods: Record<string, MethodScore> = {
    [SERVED]: methodScore(
      served,
      byId.map((c) => c.expected),
      actual,
      outside,
      areaKm2,
      totalAreaKm2,
    ),
  };
  if (forecast.category === 'all')
    methods[SERVED]!.byCategory = byCategory(happened, index, served, cells.length);
  for (const [name, scores] of Object.entries(await simpleScores(database, settings, forecast, cells)))
    methods[name] = methodScore(
      servedRanking(rankCells(scores), cells, leftOut),
      scores,
      actual,
      outside,
      areaKm2,
      totalAreaKm2,
    );
  return { incidents: actual.reduce((a, b) => a + b, outside), methods, outcome };
}
