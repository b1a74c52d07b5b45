// How many incidents the whole study area can expect in a window, from its own recent past: the
// scale that turns a method's scores into expected incidents.
import type { FeatureContext } from './features.ts';
import { DAY, lowerBound } from './history.ts';
import type { ForecastWindow } from './windows.ts';

const YEAR = 365 * DAY;
/** The weeks around the same date a year before, whose share of that year sets the season. */
const SEASON = 28 * DAY;
/** Pseudo-incidents that pull a thin season's factor towards 1. */
const SEASON_PRIOR = 30;
/** Longer than a monthly source's lag in publishing (police.uk: about two months). */
const STALE_GAP = 90 * DAY;

/**
 * Where "the past year" before a window ends: at the window, or, for data that stop long before it,
 * just after their newest incident, so that an old extract is read as the city it was.
 */
export function recentEnd(windowStart: number, newest: number): number {
  return windowStart - newest > STALE_GAP ? newest + 1 : windowStart;
}

/**
 * The incidents of the past year (or of all the history there is, when it is shorter: a five-month
 * extract must not read as a quiet year) per window like this one, times the season's factor: the four
 * weeks around the same date a year before against that year's average (summer is busier). A shift
 * counts only the incidents of the same shift, since nights and mornings differ.
 */
export function cityRatePerWindow(ctx: FeatureContext, window: ForecastWindow): number {
  const start = window.start.getTime();
  const first = ctx.table.time[0] ?? start;
  const last = ctx.table.time[ctx.table.time.length - 1] ?? start;
  // Data that stop long before the window (an old extract, a feed broken for months) are measured
  // over their own last year: the answer then reflects that time, as it says, rather than reading the
  // empty months as a city where nothing happens. The season is not guessed across the gap.
  const t0 = recentEnd(start, last);
  const stale = t0 !== start;
  const span = Math.min(YEAR, t0 - first);
  if (span <= 0) return 0;
  const sameShift = window.kind === 'shift' && ctx.slots > 1;
  const n = countBetween(ctx, t0 - span, t0, sameShift ? window.slot : -1);
  const rate = sameShift ? n / (span / DAY) : (n * (window.end.getTime() - start)) / span;
  // The season, when the history reaches a year back and past the four weeks around that date.
  const seasonStart = t0 - YEAR - SEASON / 2;
  if (stale || seasonStart < first) return rate;
  const slot = sameShift ? window.slot : -1;
  const season = countBetween(ctx, seasonStart, seasonStart + SEASON, slot);
  const yearBefore = countBetween(ctx, t0 - 2 * YEAR, t0 - YEAR, slot);
  const expected = t0 - 2 * YEAR >= first ? (yearBefore * SEASON) / YEAR : (n * SEASON) / span;
  return rate * ((season + SEASON_PRIOR) / (expected + SEASON_PRIOR));
}

/** The target incidents in [from, to), of one shift (slot ≥ 0) or all. */
function countBetween(ctx: FeatureContext, from: number, to: number, slot: number): number {
  const { start, times } = ctx.target;
  let n = 0;
  for (let c = 0; c < ctx.table.cells.length; c++) {
    const end = start[c + 1]!;
    const lo = lowerBound(times, start[c]!, end, from);
    const hi = lowerBound(times, lo, end, to);
    if (slot < 0) n += hi - lo;
    else for (let i = lo; i < hi; i++) if (ctx.slot[i] === slot) n++;
  }
  return n;
}
