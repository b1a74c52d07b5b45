// The month's report for command staff and the public: how the forecasts that were served did,
// by category and by shift, against the simple methods; whether the forecast is slipping; how many
// windows were served and scored; where visits went; and the fairness figures for the month.
import type { Database } from '../db/client.ts';
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
  };
}
