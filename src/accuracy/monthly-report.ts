// The month's report for command staff and the public: how the forecasts that were served did,
// by category and by shift, against the simple methods; whether the forecast is slipping; how many
// windows were served and scored; where visits went; and the fairness figures for the month.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows, wholeNumber } from '../db/rows.ts';
import { UserError } from '../errors.ts';
import { fairnessForPeriod, type PeriodReport } from '../fairness/fairness-service.ts';
import type { ForecastSettings } from '../forecast/settings.ts';
import { addDays, formatDate, fromLocal, type LocalDate, toLocal } from '../time/zone.ts';
import { type Drift, liveDrift } from './drift.ts';
import { dayHits, type LiveFigures, liveFigures } from './live-accuracy.ts';
import { type ScoredWindow, scoredWindows } from './live-scores.ts';
import { SERVED, SIMPLE_METHODS } from './score-forecast.ts';
import { scoreServedForecasts } from './score-served.ts';
import type { AccuracySettings } from './settings.ts';
import { type VisitComparison, visitComparison } from './visit-comparison.ts';

export interface FiguresRow {
  category: string;
  kind: string;
  /** The shift's name, for a row of one shift. */
  shift?: string;
  figures: LiveFigures;
}

/** One day's hit rate at 5% of places, pooled over the seven days to it, by method. */
export interface SeriesPoint {
  date: string;
  rates: Record<string, number | null>;
}

export interface MonthlyReport {
  month: string;
  timeZone: string;
  from: Date;
  to: Date;
  /** Forecasts scored while making the report (none had been, or their incidents changed). */
  scoredNow: { scored: number; rescored: number };
  byCategory: FiguresRow[];
  byShift: FiguresRow[];
  drift: Drift[];
  coverage: { days: number; daysServed: number; windowsScored: number };
  series: SeriesPoint[];
  visits: VisitComparison | undefined;
  fairness: PeriodReport | { unavailable: string };
  /** When nothing of the month was scored: the newest month that was (YYYY-MM), if any. */
  newestScoredMonth?: string;
  /**
   * Windows of the month served and over but not scored because no later incident is stored (the
   * data stopped), and the newest incident stored; absent when none wait.
   */
  waiting?: { windows: number; newestIncident: Date | null };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month's first and last local days; a month that has not ended yet is refused. */
export function monthDays(month: string, now: Date, timeZone: string): { first: LocalDate; last: LocalDate } {
  const m = MONTH.exec(month);
  if (!m)
    throw new UserError(`the month must be written YYYY-MM, e.g. 2026-11 (got '${month.slice(0, 20)}')`);
  const first = { year: Number(m[1]), month: Number(m[2]), day: 1 };
  const next =
    first.month === 12 ? { year: first.year + 1, month: 1, day: 1 } : { ...first, month: first.month + 1 };
  const last = addDays(next, -1);
  const today = toLocal(now, timeZone);
  if (formatDate(last) >= formatDate(today))
    throw new UserError(
      `${month} has not ended yet: ask for a month before ${formatDate(today).slice(0, 7)}`,
    );
  return { first, last };
}

/** The month that ended before today's, in the agency's time zone (YYYY-MM): what a report covers by default. */
export function lastEndedMonth(now: Date, timeZone: string): string {
  const today = toLocal(now, timeZone);
  return formatDate(addDays({ year: today.year, month: today.month, day: 1 }, -1)).slice(0, 7);
}

/** The month of the newest scored forecast's window (YYYY-MM), as the report's field; none if none was. */
async function newestScored(database: Database, timeZone: string): Promise<{ newestScoredMonth?: string }> {
  const [row] = await decodedRows(
    database,
    z.object({ at: z.date().nullable() }),
    'select max(f.window_start) as at from forecasts f join forecast_scores s on s.forecast_id = f.id where not f.demo',
  );
  return row?.at ? { newestScoredMonth: formatDate(toLocal(row.at, timeZone)).slice(0, 7) } : {};
}

/** The month's served windows that are over but wait for their incidents: no later incident is stored. */
async function waitingWindows(
  database: Database,
  period: { from: Date; to: Date },
  now: Date,
): Promise<MonthlyReport['waiting']> {
  const [row] = await decodedRows(
    database,
    z.object({ windows: wholeNumber, newest: z.date().nullable() }),
    `select count(distinct (f.window_start, f.window_kind, f.category))::int as windows,
       (select max(occurred_at) from settled_incidents) as newest
     from forecasts f join models m on m.id = f.model_id
     where f.window_start >= $1 and f.window_start < $2 and f.window_end <= $3 and not f.demo
       and (m.train_to is null or m.train_to <= f.window_start)
       and not exists (select 1 from forecast_scores s join forecasts g on g.id = s.forecast_id
         where g.window_start = f.window_start and g.window_kind = f.window_kind and g.category = f.category)`,
    [period.from.toISOString(), period.to.toISOString(), now.toISOString()],
  );
  return row && row.windows > 0 ? { windows: row.windows, newestIncident: row.newest } : undefined;
}

/** Seven-day pooled hit rates at 5%, day by day, for the chart. */
function series(windows: readonly ScoredWindow[], timeZone: string): SeriesPoint[] {
  const names = [SERVED, ...SIMPLE_METHODS];
  const days = dayHits(windows, [SERVED], timeZone);
  const byMethod = Object.fromEntries(names.map((n) => [n, dayHits(windows, [n], timeZone)]));
  return days.map((d, i) => {
    const rates: Record<string, number | null> = {};
    for (const n of names) {
      const inWeek = byMethod[n]!.filter((x) => x.date <= d.date && x.date >= days[Math.max(0, i - 6)]!.date);
      const incidents = inWeek.reduce((s, x) => s + x.incidents, 0);
      rates[n] = incidents > 0 ? inWeek.reduce((s, x) => s + (x.hits[n] ?? 0), 0) / incidents : null;
    }
    return { date: d.date, rates };
  });
}

export async function monthlyReport(
  database: Database,
  settings: ForecastSettings,
  accuracy: AccuracySettings,
  month: string,
  now: Date,
): Promise<MonthlyReport> {
  const tz = settings.timeZone;
  const { first, last } = monthDays(month, now, tz);
  const from = fromLocal({ ...first, hour: 0, minute: 0 }, tz);
  const to = fromLocal({ ...addDays(last, 1), hour: 0, minute: 0 }, tz);
  const scoredNow = await scoreServedForecasts(database, settings, now, accuracy.scoring, { from, to });
  const windows = await scoredWindows(database, { from, to });
  const groups = new Map<string, ScoredWindow[]>();
  const shifts = new Map<string, ScoredWindow[]>();
  for (const w of windows) {
    const key = `${w.category}|${w.windowKind}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(w);
    if (w.windowKind === 'shift') {
      const start = toLocal(w.windowStart, tz);
      const minute = start.hour * 60 + start.minute;
      const shift =
        settings.shifts.find((s) => s.startMinute === minute)?.name ??
        `${String(start.hour).padStart(2, '0')}:${String(start.minute).padStart(2, '0')}`;
      const skey = `${w.category}|${shift}`;
      if (!shifts.has(skey)) shifts.set(skey, []);
      shifts.get(skey)!.push(w);
    }
  }
  const rows = (m: Map<string, ScoredWindow[]>, shift: boolean): FiguresRow[] =>
    [...m.entries()].flatMap(([key, ws]) => {
      const [category, second] = key.split('|') as [string, string];
      const figures = liveFigures(ws, tz);
      if (!figures) return [];
      return [
        shift ? { category, kind: 'shift', shift: second, figures } : { category, kind: second, figures },
      ];
    });
  // The chart follows the all-categories forecast at its most common window kind.
  const main = [...groups.entries()]
    .filter(([key]) => key.startsWith('all|'))
    .sort((a, b) => b[1].length - a[1].length)[0]?.[1];
  const end = new Date(Math.min(to.getTime(), now.getTime()));
  const drift: Drift[] = [];
  for (const category of new Set(windows.map((w) => w.category))) {
    const d = await liveDrift(database, tz, end, category, accuracy.drift);
    if (d) drift.push(d);
  }
  const days = Math.round((to.getTime() - from.getTime()) / 86_400_000);
  const waiting = await waitingWindows(database, { from, to }, now);
  let fairness: MonthlyReport['fairness'];
  try {
    fairness = await fairnessForPeriod(database, settings, { from: first, to: last });
  } catch (error) {
    fairness = { unavailable: error instanceof Error ? error.message : String(error) };
  }
  return {
    month,
    timeZone: tz,
    from,
    to,
    scoredNow,
    byCategory: rows(groups, false),
    byShift: rows(shifts, true),
    drift,
    coverage: {
      days,
      daysServed: new Set(windows.map((w) => formatDate(toLocal(w.windowStart, tz)))).size,
      windowsScored: windows.length,
    },
    series: main ? series(main, tz) : [],
    visits: await visitComparison(database, { from, to }),
    fairness,
    ...(windows.length === 0 ? await newestScored(database, tz) : {}),
    ...(waiting ? { waiting } : {}),
  };
}
