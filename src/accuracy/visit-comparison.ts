// Where visits went: places officers recorded visiting, against places of the same served list that
// were not visited, in the same rank band and district, by incidents in the day and the week after
// the window. An observational comparison: the places were not chosen at random, so it proves nothing
// about an effect of patrols, and it says so wherever it is shown.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows, idRow } from '../db/rows.ts';
import { forecastById } from '../forecast/forecast-store.ts';
import { districtsOf } from '../geo/districts.ts';
import { coverage } from '../plan/visits.ts';

const HOUR = 3_600_000;
/** Rank bands a visited place is compared within: places ranked alike expect alike. */
const BANDS = [10, 25, 50, 100] as const;
const bandOf = (rank: number) => BANDS.find((b) => rank <= b) ?? Number.POSITIVE_INFINITY;

export interface GroupFigures {
  places: number;
  /** Incidents per place in the 24 hours and the 7 days after the window. */
  perPlaceDay: number;
  perPlaceWeek: number;
}

export interface VisitComparison {
  visited: GroupFigures;
  comparison: GroupFigures;
  /** Windows with at least one visit. */
  windows: number;
  note: string;
}

export const OBSERVATIONAL =
  'an observational comparison, not proof of an effect: visited places were chosen, not drawn at random';

const countRow = z.object({ cell: z.string(), day: z.number().int(), week: z.number().int() });

async function after(database: Database, cells: string[], from: Date) {
  if (cells.length === 0) return new Map<string, { day: number; week: number }>();
  const rows = await decodedRows(
    database,
    countRow,
    `select cell, (count(*) filter (where occurred_at < $3))::int as day, count(*)::int as week
     from settled_incidents where cell = any($1::text[]) and occurred_at >= $2 and occurred_at < $4 group by cell`,
    [
      cells,
      from.toISOString(),
      new Date(from.getTime() + 24 * HOUR).toISOString(),
      new Date(from.getTime() + 7 * 24 * HOUR).toISOString(),
    ],
  );
  return new Map(rows.map((r) => [r.cell, { day: r.day, week: r.week }]));
}

export async function visitComparison(
  database: Database,
  period: { from: Date; to: Date },
): Promise<VisitComparison | undefined> {
  const rows = await coverage(database, period.from, period.to);
  if (rows.length === 0) return undefined;
  const byWindow = new Map<number, Set<string>>();
  for (const r of rows) {
    const key = r.windowStart.getTime();
    if (!byWindow.has(key)) byWindow.set(key, new Set());
    byWindow.get(key)!.add(r.cell);
  }
  const sums = { visited: { places: 0, day: 0, week: 0 }, comparison: { places: 0, day: 0, week: 0 } };
  let windows = 0;
  for (const [start, visitedCells] of byWindow) {
    // The list served for that window (the first served, as the briefing carried it).
    const [found] = await decodedRows(
      database,
      idRow,
      `select id from forecasts where window_start = $1 and category = 'all' order by created_at, id limit 1`,
      [new Date(start).toISOString()],
    );
    const forecast = found ? await forecastById(database, found.id) : undefined;
    if (!forecast) continue;
    windows++;
    const rank = new Map(forecast.cells.map((c) => [c.cell, c.rank]));
    const bands = new Set([...visitedCells].map((c) => bandOf(rank.get(c) ?? Number.POSITIVE_INFINITY)));
    const candidates = forecast.cells.filter((c) => bands.has(bandOf(c.rank))).map((c) => c.cell);
    const districts = await districtsOf(database, [...new Set([...candidates, ...visitedCells])]);
    const key = (cell: string) =>
      `${bandOf(rank.get(cell) ?? Number.POSITIVE_INFINITY)}|${districts.get(cell) ?? ''}`;
    const visitedKeys = new Set([...visitedCells].map(key));
    const comparison = candidates.filter((c) => !visitedCells.has(c) && visitedKeys.has(key(c)));
    const counts = await after(database, [...visitedCells, ...comparison], forecast.windowEnd);
    for (const [group, cells] of [
      ['visited', [...visitedCells]],
      ['comparison', comparison],
    ] as const) {
      for (const cell of cells) {
        const n = counts.get(cell) ?? { day: 0, week: 0 };
        sums[group].places++;
        sums[group].day += n.day;
        sums[group].week += n.week;
      }
    }
  }
  if (windows === 0) return undefined;
  const figures = (g: { places: number; day: number; week: number }): GroupFigures => ({
    places: g.places,
    perPlaceDay: g.places > 0 ? Number((g.day / g.places).toFixed(3)) : 0,
    perPlaceWeek: g.places > 0 ? Number((g.week / g.places).toFixed(3)) : 0,
  });
  return {
    visited: figures(sums.visited),
    comparison: figures(sums.comparison),
    windows,
    note: OBSERVATIONAL,
  };
}
