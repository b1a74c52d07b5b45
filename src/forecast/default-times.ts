// Where a source puts incidents whose time of day it does not know. Read as times, they would make a
// place's night (or noon) busier than it is: they count in no shift instead.

export const MINUTES_PER_DAY = 1440;
/** Fewer incidents than this at one minute say nothing either way. */
const MIN_HEAP = 20;
/** A smaller share of all incidents at one minute cannot bend a place's profile: it is left as it is. */
const MIN_SHARE = 0.01;

/** Where sources are known to put a time they do not know: 00:00, 00:01, noon and 23:59. */
const CANDIDATES = [0, 1, 720, 1439];

/**
 * The minutes of the day that hold a source's unknown times, from the count of incidents at each minute
 * (0 is 00:00). Midnight, when more fall at exactly 00:00 than 1.5 times the whole next hour (Houston,
 * timed to the hour: 4,938 at 00:00 against 2,606 at 01:00). And 00:00, 00:01, 12:00 or 23:59 when it
 * holds over three times what the same minute holds an hour before and after, and 1% of all incidents
 * or more: Los Angeles puts unknown times at 12:00 and 00:01 (several percent each). Chicago's 00:01
 * (0.3%) is too small to bend a profile and is left as it is. Only these minutes: a place busy at one
 * hour of every day (a shop opening at 10:00) is no unknown time, however sharp its hour.
 */
export function defaultMinutes(counts: ArrayLike<number>): Set<number> {
  const at = (m: number) => counts[(m + MINUTES_PER_DAY) % MINUTES_PER_DAY] ?? 0;
  const found = new Set<number>();
  let nextHour = 0;
  for (let m = 60; m < 120; m++) nextHour += at(m);
  if (at(0) >= MIN_HEAP && at(0) > 1.5 * nextHour) found.add(0);
  let total = 0;
  for (let m = 0; m < MINUTES_PER_DAY; m++) total += at(m);
  for (const m of CANDIDATES) {
    const n = at(m);
    const heap = n >= MIN_HEAP && n >= MIN_SHARE * total;
    if (heap && n > 3 * Math.max(1, (at(m - 60) + at(m + 60)) / 2)) found.add(m);
  }
  return found;
}
