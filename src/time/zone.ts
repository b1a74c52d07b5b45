// Wall-clock time in an IANA zone, without a date library: Intl knows every zone's rules.

/** A calendar date in the agency's time zone. */
export type LocalDate = { year: number; month: number; day: number };

export interface LocalParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/** Whether the name is a time zone this runtime knows (IANA names such as America/Chicago). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall-clock reading of an instant in a zone; weekday 0 is Sunday. */
export function toLocal(instant: Date, timeZone: string): LocalParts & { second: number; weekday: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Writes an instant's offset ("6/30/2019, GMT-05:00"): three times faster than a date's parts. */
function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset at an instant, in minutes (an offset of seconds, as in old history, rounded). */
function exactOffset(ms: number, timeZone: string): number {
  const text = offsetFormatter(timeZone).format(ms);
  // "GMT" alone at zero; else "GMT+05:30", "GMT-00:44:30".
  const match = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!match) throw new Error(`unreadable offset '${text}' in ${timeZone}`);
  if (!match[1]) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0);
  return Math.round(((match[1] === '-' ? -1 : 1) * seconds) / 60);
}

const DAY = 86_400_000;
const MINUTE = 60_000;

/** A UTC day's offset: one number, or the instant the clocks change that day and the offsets either side. */
type DayRule = number | { at: number; before: number; after: number };

/** Per zone, each UTC day's rule, as it was asked for. */
const dayRules = new Map<string, Map<number, DayRule>>();

/** The first minute of the day at which the offset is no longer `before` (the day has one change). */
function changeWithin(day: number, before: number, timeZone: string): number {
  let lo = day * DAY;
  let hi = (day + 1) * DAY - MINUTE;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (exactOffset(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

function dayRule(day: number, timeZone: string): DayRule {
  let days = dayRules.get(timeZone);
  if (!days) {
    days = new Map();
    dayRules.set(timeZone, days);
  }
  let known = days.get(day);
  if (known === undefined) {
    const start = exactOffset(day * DAY, timeZone);
    const end = exactOffset((day + 1) * DAY - MINUTE, timeZone);
    // A day with a clock change costs a search once, not a question to Intl for every incident on it
    // (imports read years of them, two such days a year).
    known = start === end ? start : { at: changeWithin(day, start, timeZone), before: start, after: end };
    if (days.size > 100_000) days.clear();
    days.set(day, known);
  }
  return known;
}

/** The offset for a whole UTC day, or null when the clocks change that day. */
function dayOffset(day: number, timeZone: string): number | null {
  const rule = dayRule(day, timeZone);
  return typeof rule === 'number' ? rule : null;
}

/** Minutes the zone is ahead of UTC at an instant (negative west of Greenwich). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  // Asking Intl is slow (microseconds); imports ask millions of times. Clocks change at most once a
  // day, so a day whose first and last minute agree has one offset throughout.
  const ms = instant.getTime();
  const rule = dayRule(Math.floor(ms / DAY), timeZone);
  if (typeof rule === 'number') return rule;
  return ms < rule.at ? rule.before : rule.after;
}

/**
 * The instant a wall-clock time names in a zone. A time that does not exist (the hour skipped when
 * clocks go forward) moves forward by the gap; a time that happens twice (clocks go back) is the first.
 */
export function fromLocal(parts: LocalParts, timeZone: string): Date {
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second ?? 0);
  // Far from a clock change (no change the day before, of, or after) the offset is unambiguous.
  const day = Math.floor(wall / DAY);
  const offset = dayOffset(day, timeZone);
  if (offset !== null && dayOffset(day - 1, timeZone) === offset && dayOffset(day + 1, timeZone) === offset) {
    return new Date(wall - offset * 60_000);
  }
  // Try the offsets in force a day either side: one of them is right unless the time is in a gap.
  const before = offsetMinutes(new Date(wall - 86_400_000), timeZone);
  const after = offsetMinutes(new Date(wall + 86_400_000), timeZone);
  const candidates = [...new Set([before, after])]
    .map((off) => wall - off * 60_000)
    .filter((t) => offsetMinutes(new Date(t), timeZone) * 60_000 === wall - t)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]!);
  // In a gap: the wall time never happens; use the offset from before the change.
  return new Date(wall - before * 60_000);
}

/** Adds calendar days to a y-m-d, in the proleptic Gregorian calendar. */
export function addDays(date: LocalDate, days: number) {
  const t = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** Parses YYYY-MM-DD strictly; undefined when it is not a real calendar date. */
export function parseDate(text: string): LocalDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const check = addDays(d, 0);
  return check.year === d.year && check.month === d.month && check.day === d.day ? d : undefined;
}

export const formatDate = (d: LocalDate): string =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** "2026-11-27 23:49" in the zone: how people at the agency read a time. */
export function formatLocalMinute(instant: Date, timeZone: string): string {
  const t = toLocal(instant, timeZone);
  return `${formatDate(t)} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

/** A minute of the day as a clock reads it: 0 is "00:00", 1439 "23:59". */
export const clockOfMinute = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
