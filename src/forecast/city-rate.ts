// How many incidents the whole study area can expect in a window, from its own recent past: the
// scale that turns a method's scores into expected incidents.
import type { FeatureContext } from './features.ts';
import { DAY, lowerBound } from './history.ts';
import type { ForecastWindow } from './windows.ts';

const YEAR = 365 * DAY;

/**
 * The incidents of the past year (or of all the history there is, when it is shorter: a five-month
 * extract must not read as a quiet year) per window like this one. A shift counts only the incidents
 * of the same shift, since nights and mornings differ.
 */
export function cityRatePerWindow(ctx: FeatureContext, window: ForecastWindow): number {
  const t0 = window.start.getTime();
  const span = Math.min(YEAR, t0 - (ctx.table.time[0] ?? t0));
  if (span <= 0) return 0;
  const { start, times } = ctx.target;
  const sameShift = window.kind === 'shift' && ctx.slots > 1;
  let n = 0;
  for (let c = 0; c < ctx.table.cells.length; c++) {
    const end = start[c + 1]!;
    const lo = lowerBound(times, start[c]!, end, t0 - span);
    const hi = lowerBound(times, lo, end, t0);
    if (!sameShift) n += hi - lo;
    else for (let i = lo; i < hi; i++) if (ctx.slot[i] === window.slot) n++;
  }
  return sameShift ? n / (span / DAY) : (n * (window.end.getTime() - t0)) / span;
}
