// What a unit is sent to do: the kind of incident to look for, the hours within the shift when its
// places are busiest, and a suggested dosage (a few short stops; Koper 1995 found 10–15 minutes the
// most effective). Read from the places' own records of the past year at this time of day.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { recentEnd } from '../forecast/city-rate.ts';
import { defaultMinutes, MINUTES_PER_DAY } from '../forecast/default-times.ts';
import { DAY } from '../forecast/history.ts';
import type { ForecastWindow } from '../forecast/windows.ts';
import { type Category, categoryLabel } from '../ingest/categories.ts';

export interface Mission {
  /** "thefts": what most incidents at these places at this time of day were; null with no record. */
  lookFor: string | null;
  /** Its share of those incidents. */
  share: number;
  /** The two busiest hours within the window, "23:00–01:00"; null when the record cannot tell. */
  hours: string | null;
  /** Suggested stops at each place, and minutes per stop. */
  visits: number;
  minutes: number;
}

export interface MissionRecord {
  /** Per cell and category, incidents in the window's hours over the past year. */
  byCategory: Map<string, Map<string, number>>;
  /** Per cell, incidents by local hour (0–23) in the window's hours. */
  byHour: Map<string, Float64Array>;
  /** The window's local hours, in order from its start. */
  hours: number[];
}

const recordRow = z.object({
  cell: z.string(),
  category: z.string(),
  minute: z.number().int(),
  n: z.number().int(),
});
const minuteRow = z.object({ minute: z.number().int(), n: z.number().int() });

const MINUTE_OF_DAY = `(extract(hour from occurred_at at time zone $3) * 60 + extract(minute from occurred_at at time zone $3))::int`;

/**
 * The minutes where this source puts incidents of unknown time, from the whole city's year before the
 * window, as the models read them (`defaultMinutes`); kept for the window's briefings, which share it.
 */
const unknownMinutes = new WeakMap<Database, Map<string, Promise<Set<number>>>>();
function unknownMinutesOf(
  database: Database,
  from: Date,
  to: Date,
  timeZone: string,
  origins: string[],
  excluded: string[],
): Promise<Set<number>> {
  const memo = unknownMinutes.get(database) ?? new Map<string, Promise<Set<number>>>();
  unknownMinutes.set(database, memo);
  const key = [to.toISOString(), timeZone, origins.join(','), excluded.join(',')].join('|');
  let found = memo.get(key);
  if (!found) {
    found = decodedRows(
      database,
      minuteRow,
      `select ${MINUTE_OF_DAY} as minute, count(*)::int as n from settled_incidents
       where occurred_at >= $1 and occurred_at < $2 and time_precision in ('minute', 'hour')
         and origin = any($4::text[]) and not (category = any($5::text[]))
       group by 1`,
      [from.toISOString(), to.toISOString(), timeZone, origins, excluded],
    ).then((rows) => {
      const counts = new Int32Array(MINUTES_PER_DAY);
      for (const r of rows) counts[r.minute] = r.n;
      return defaultMinutes(counts);
    });
    // A failed read is not remembered: the next briefing asks again.
    found.catch(() => memo.delete(key));
    if (memo.size > 16) memo.clear();
    memo.set(key, found);
  }
  return found;
}

/** The window's local hours from its start: 22, 23, 0, … 5 for a night shift; all 24 for a day. */
function windowHours(window: ForecastWindow, timeZone: string): number[] {
  const hourAt = (d: Date) =>
    Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(d));
  const first = hourAt(window.start);
  const length = Math.min(24, Math.round((window.end.getTime() - window.start.getTime()) / 3_600_000));
  return Array.from({ length }, (_, i) => (first + i) % 24);
}

/** The places' incidents of the past year in the window's hours, by kind and by hour. */
export async function missionRecord(
  database: Database,
  cells: string[],
  window: ForecastWindow,
  history: {
    timeZone: string;
    trainOrigins: string[];
    excludedCategories: string[];
    /** The newest incident before the window: data that stop long before it are read over their last year. */
    newestIncident?: Date | null;
  },
): Promise<MissionRecord> {
  const { timeZone } = history;
  const hours = windowHours(window, timeZone);
  const record: MissionRecord = { byCategory: new Map(), byHour: new Map(), hours };
  if (cells.length === 0) return record;
  const t0 = history.newestIncident
    ? recentEnd(window.start.getTime(), history.newestIncident.getTime())
    : window.start.getTime();
  // What the models learn from, and nothing else: a category left out of training (drugs, found by
  // the patrols themselves) is never what a unit is sent to look for. Incidents at a minute where the
  // source puts unknown times (00:00, and Los Angeles's 12:00) are left out too.
  const [from, to] = [new Date(t0 - 365 * DAY), new Date(t0)];
  const [unknown, rows] = await Promise.all([
    unknownMinutesOf(database, from, to, timeZone, history.trainOrigins, history.excludedCategories),
    decodedRows(
      database,
      recordRow,
      `select cell, category, ${MINUTE_OF_DAY} as minute, count(*)::int as n
       from settled_incidents
       where occurred_at >= $1 and occurred_at < $2 and cell = any($6::text[])
         and time_precision in ('minute', 'hour')
         and origin = any($4::text[]) and not (category = any($5::text[]))
       group by 1, 2, 3`,
      [
        from.toISOString(),
        to.toISOString(),
        timeZone,
        history.trainOrigins,
        history.excludedCategories,
        cells,
      ],
    ),
  ]);
  const inWindow = new Set(hours);
  for (const r of rows) {
    const hour = Math.floor(r.minute / 60);
    // 00:00 always: a few unknown times there bend one place's hours, however small the city's heap.
    if (!inWindow.has(hour) || r.minute === 0 || unknown.has(r.minute)) continue;
    const kinds = record.byCategory.get(r.cell) ?? new Map<string, number>();
    kinds.set(r.category, (kinds.get(r.category) ?? 0) + r.n);
    record.byCategory.set(r.cell, kinds);
    const byHour = record.byHour.get(r.cell) ?? new Float64Array(24);
    byHour[hour]! += r.n;
    record.byHour.set(r.cell, byHour);
  }
  return record;
}

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

export function missionFor(
  cells: string[],
  expected: number,
  record: MissionRecord,
  category: Category | 'all',
  minutes: number,
): Mission {
  const kinds = new Map<string, number>();
  const byHour = new Float64Array(24);
  for (const cell of cells) {
    for (const [k, n] of record.byCategory.get(cell) ?? []) kinds.set(k, (kinds.get(k) ?? 0) + n);
    const h = record.byHour.get(cell);
    if (h) for (let i = 0; i < 24; i++) byHour[i]! += h[i]!;
  }
  const total = [...kinds.values()].reduce((a, b) => a + b, 0);
  const [top] = [...kinds.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const lookFor = category !== 'all' ? categoryLabel(category) : top ? categoryLabel(top[0]) : null;
  const share = category !== 'all' ? 1 : top && total > 0 ? top[1] / total : 0;
  // The busiest two hours in a row within the window; with fewer than 4 incidents, no claim.
  let hours: string | null = null;
  const h = record.hours;
  if (total >= 4 && h.length >= 2) {
    let best = 0;
    for (let i = 1; i + 1 < h.length; i++)
      if (byHour[h[i]!]! + byHour[h[i + 1]!]! > byHour[h[best]!]! + byHour[h[best + 1]!]!) best = i;
    hours = `${hh(h[best]!)}–${hh((h[best + 1]! + 1) % 24)}`;
  }
  // More stops where more is expected: two at an area expecting half an incident or more.
  return { lookFor, share, hours, visits: expected >= 0.5 ? 2 : 1, minutes };
}
