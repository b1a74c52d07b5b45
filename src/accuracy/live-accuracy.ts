// Live accuracy over scored windows, pooled as a backtest pools them (all hits over all incidents), with
// 95% intervals from resampling whole local days: a day's windows share its weather, events and staff.
import {
  type DayHits,
  hitRateInterval,
  type PairedInterval,
  pairedInterval,
} from '../forecast/evaluation.ts';
import { type Coverage, type Metrics, newTallies, summarise } from '../forecast/metrics.ts';
import { toLocal } from '../time/zone.ts';
import type { ScoredWindow } from './live-scores.ts';
import { SERVED } from './score-forecast.ts';

export interface LiveFigures {
  windows: number;
  days: number;
  incidents: number;
  /** By method: hit rate, PAI, PEI… pooled over the windows it was scored on. */
  metrics: Record<string, Metrics>;
  /** The served forecast's hit rate at 5% of places, with its interval. */
  served: PairedInterval;
  /** The served forecast's hits at 5% ÷ each simple method's, on the windows both were scored on. */
  against: Record<string, PairedInterval>;
  /** By method: the top ten's incidents ÷ what it expected there (1 is an honest list). */
  topTen: Record<string, number | null>;
  /** For a list of all categories: how its top 5% caught each category's incidents, with intervals. */
  byCategory: Record<string, PairedInterval & { incidents: number }>;
}

export const localDate = (at: Date, timeZone: string): string => {
  const l = toLocal(at, timeZone);
  return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
};

/** Each local day's incidents and hits at 5%, for the methods given, on windows that have all of them. */
export function dayHits(
  windows: readonly ScoredWindow[],
  names: readonly string[],
  timeZone: string,
): DayHits[] {
  const days = new Map<string, DayHits>();
  for (const w of windows) {
    if (!names.every((n) => w.methods[n])) continue;
    const date = localDate(w.windowStart, timeZone);
    let day = days.get(date);
    if (!day) {
      day = { date, incidents: 0, hits: {} };
      days.set(date, day);
    }
    day.incidents += w.incidents;
    day.hits.incidents = (day.hits.incidents ?? 0) + w.incidents;
    for (const n of names) day.hits[n] = (day.hits[n] ?? 0) + w.methods[n]!.tallies[5].hits;
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

const round3 = (x: number) => Number(x.toFixed(3));

/** Fewer days than this give a ratio against a simple method with no interval. */
export const MIN_DAYS_FOR_RATIO = 7;

/** Per category of a list of all categories: its hits at 5% ÷ its incidents, resampled by day. */
function categoryFigures(windows: readonly ScoredWindow[], timeZone: string) {
  const byCategory = new Map<string, Map<string, DayHits>>();
  for (const w of windows) {
    const date = localDate(w.windowStart, timeZone);
    for (const [category, c] of Object.entries(w.methods[SERVED]?.byCategory ?? {})) {
      if (!byCategory.has(category)) byCategory.set(category, new Map());
      const days = byCategory.get(category)!;
      const day = days.get(date) ?? { date, incidents: 0, hits: { hits: 0, incidents: 0 } };
      day.incidents += c.incidents;
      day.hits.hits! += c.hits;
      day.hits.incidents! += c.incidents;
      days.set(date, day);
    }
  }
  return Object.fromEntries(
    [...byCategory.entries()]
      .map(([category, days]) => {
        const list = [...days.values()];
        const incidents = list.reduce((s, d) => s + d.incidents, 0);
        return [category, { ...hitRateInterval(list, 'hits', 'incidents'), incidents }] as const;
      })
      .sort((a, b) => b[1].incidents - a[1].incidents),
  );
}

export function liveFigures(windows: readonly ScoredWindow[], timeZone: string): LiveFigures | undefined {
  // Windows with no incident give no hit rate: nothing to say of them.
  if (windows.every((w) => w.incidents === 0)) return undefined;
  const names = [...new Set(windows.flatMap((w) => Object.keys(w.methods)))];
  const metrics: Record<string, Metrics> = {};
  const topTen: Record<string, number | null> = {};
  for (const name of names) {
    const pooled = newTallies();
    let observed = 0;
    let expected = 0;
    for (const w of windows) {
      const m = w.methods[name];
      if (!m) continue;
      for (const c of Object.keys(pooled)) {
        const into = pooled[Number(c) as Coverage];
        const from = m.tallies[Number(c) as Coverage];
        for (const k of Object.keys(into) as (keyof typeof into)[]) into[k] += from[k];
      }
      observed += m.top.observed;
      expected += m.top.expected;
    }
    metrics[name] = summarise(pooled);
    topTen[name] = expected > 0 ? round3(observed / expected) : null;
  }
  const against = Object.fromEntries(
    names
      .filter((n) => n !== SERVED)
      .map((n) => {
        const paired = dayHits(windows, [SERVED, n], timeZone);
        const interval = pairedInterval(paired, SERVED, n);
        // Resampling a handful of days gives an interval that looks sure and is not: none is given.
        return [
          n,
          paired.length < MIN_DAYS_FOR_RATIO
            ? { ratio: interval.ratio, low: Number.NaN, high: Number.NaN }
            : interval,
        ];
      }),
  );
  const days = dayHits(windows, [SERVED], timeZone);
  return {
    byCategory: categoryFigures(windows, timeZone),
    windows: windows.length,
    days: days.length,
    incidents: windows.reduce((s, w) => s + w.incidents, 0),
    metrics,
    // The hit rate is the served hits ÷ the incidents, resampled by day as a ratio is.
    served: hitRateInterval(days, SERVED, 'incidents'),
    against,
    topTen,
  };
}
