// Where a source puts incidents whose time of day it does not know. Read as times, they would make a
// place's night (or noon) busier than it is: they count in no shift instead.

export const MINUTES_PER_DAY = 1440;
/** Fewer incidents than this at one minute say nothing either way. */
const MIN_HEAP = 20;

/** Where sources are known to put a time they do not know: 00:00, 00:01, noon and 23:59. */
const CANDIDATES = [0, 1, 720, 1439];

/**
 * The minutes of the day that hold a source's unknown times, from the count of incidents at each minute
 * (0 is 00:00). Midnight, when more fall at exactly 00:00 than 1.5 times the whole next hour (Houston,
 * timed to the hour: 4,938 at 00:00 against 2,606 at 01:00). And 00:00, 00:01, 12:00 or 23:59 when it
 * holds over three times what the same minute holds an hour before and after: Los Angeles puts unknown
 * times at 12:00 and 00:01, Chicago some at 00:01. Only these: a place busy at one hour of every day
 * (a shop opening at 10:00) is no unknown time, however sharp its hour.
 */
export function defaultMinutes(counts: ArrayLike<number>): Set<number> {
  const at = (m: number) => counts[(m + MINUTES_PER_DAY) % MINUTES_PER_DAY] ?? 0;
  const found = new Set<number>();
  let nextHour = 0;
  for (let m = 60; m < 120; m++) nextHour += at(m);
  if (at(0) >= MIN_HEAP && at(0) > 1.5 * nextHour) found.add(0);
  for (const m of CANDIDATES) {
    const n = at(m);
    if (n >= MIN_HEAP && n > 3 * Math.max(1, (at(m - 60) + at(m + 60)) / 2)) found.add(m);
  }
  return found;
}
