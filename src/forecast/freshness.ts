// How fresh the data behind a forecast are: the newest incident before the window, and whether it is
// so old that the forecast describes the past more than the window (an open-data extract, an import
// that stopped). Every answer carries this, so that nobody reads a stale forecast as tonight's.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { TIME_PRECISIONS, type TimePrecision } from '../ingest/categories.ts';
import { formatLocalMinute, toLocal } from '../time/zone.ts';
import { DAY } from './history.ts';
import { coarseWindowOf, dayWindow, type ForecastWindow } from './windows.ts';

export interface Freshness {
  /** The newest incident recorded before the window starts. */
  newestIncident: Date | null;
  /** The same instant on the agency's clock. */
  newestIncidentLocal: string | null;
  hoursBeforeWindow: number | null;
  /** How much older than the window the newest incident is, in words. */
  age: string | null;
  stale: boolean;
  /** A sentence for people, when the data are stale; null when they are not. */
  staleNote: string | null;
  /** For incidents dated to their month only: how many months before the window's month the newest is. */
  monthsBefore?: number;
}

/** "5 hours", "3 days", "5 weeks", "14 months", "2.3 years": an age read at a glance. */
export function ageInWords(days: number): string {
  if (days < 2) {
    const hours = Math.max(1, Math.round(days * 24));
    return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  }
  if (days < 14) return `${Math.round(days)} days`;
  if (days < 60) return `${Math.round(days / 7)} weeks`;
  if (days < 730) return `${Math.round(days / 30.44)} months`;
  return `${(days / 365.25).toFixed(1)} years`;
}

export function judgeFreshness(
  newest: Date | null,
  window: Pick<ForecastWindow, 'start'>,
  staleDays: number,
  timeZone: string,
  /** How finely the newest incident is dated: one dated to its month may have happened at its end. */
  precision: TimePrecision = 'minute',
  /** A healthy feed keeps the data as new as its source publishes them: old, but not stale. */
  fed = false,
): Freshness {
  if (!newest)
    return {
      newestIncident: null,
      newestIncidentLocal: null,
      hoursBeforeWindow: null,
      age: null,
      stale: true,
      staleNote: 'Stale: there are no incidents on record before this window.',
    };
  const local = formatLocalMinute(newest, timeZone);
  const ageMs = Math.max(0, window.start.getTime() - latestPossible(newest, precision, timeZone).getTime());
  const stale = ageMs > staleDays * DAY && !fed;
  const newestMonth = toLocal(newest, timeZone);
  const windowMonth = toLocal(window.start, timeZone);
  return {
    ...(precision === 'month'
      ? {
          monthsBefore: (windowMonth.year - newestMonth.year) * 12 + (windowMonth.month - newestMonth.month),
        }
      : {}),
    newestIncident: newest,
    newestIncidentLocal: local,
    hoursBeforeWindow: Math.round((window.start.getTime() - newest.getTime()) / 3_600_000),
    age: ageInWords(ageMs / DAY),
    stale,
    staleNote: stale
      ? `Stale data: the newest incident on record is ${ageInWords(ageMs / DAY)} older than this window (${local}); this forecast reflects that time, not the window. Import newer incidents, or ask for a date inside the data.`
      : null,
  };
}

/** When the newest stored incident happened, or null with none stored. */
export async function newestIncidentAt(database: Database): Promise<Date | null> {
  const [row] = await decodedRows(
    database,
    z.object({ at: z.date().nullable() }),
    'select max(occurred_at) as at from settled_incidents',
  );
  return row?.at ?? null;
}

const newestRow = z.object({ at: z.date(), precision: z.enum(TIME_PRECISIONS) });

/** The freshness of the stored incidents for a window. */
export async function dataFreshness(
  database: Database,
  window: Pick<ForecastWindow, 'start'>,
  settings: { staleDays: number; timeZone: string },
): Promise<Freshness> {
  const [row] = await decodedRows(
    database,
    newestRow,
    `select occurred_at as at, time_precision as precision from settled_incidents where occurred_at < $1
     order by occurred_at desc limit 1`,
    [window.start.toISOString()],
  );
  const at = row?.at ?? null;
  return judgeFreshness(
    at,
    window,
    settings.staleDays,
    settings.timeZone,
    row?.precision,
    at !== null && (await healthyFeedAt(database, window.start, settings.staleDays)),
  );
}

/**
 * Whether a feed kept the data current at this moment: not paused, not failing (three runs in a row),
 * a success within the stale days of it, and new rows within its quiet hours (48 unless set).
 */
async function healthyFeedAt(database: Database, at: Date, staleDays: number): Promise<boolean> {
  const [row] = await decodedRows(
    database,
    z.object({ n: z.number() }),
    `select count(*)::int as n from feeds where not paused and failures < 3
       and last_success_at between $1::timestamptz - make_interval(days => $2)
         and $1::timestamptz + make_interval(days => $2)
       and coalesce(last_data_at, created_at) >= $1::timestamptz
         - make_interval(hours => coalesce((options->>'quietHours')::int, 48))`,
    [at.toISOString(), staleDays],
  );
  return (row?.n ?? 0) > 0;
}

/** The latest an incident dated this finely can have happened: the end of its day or month. */
function latestPossible(at: Date, precision: TimePrecision, timeZone: string): Date {
  if (precision === 'minute' || precision === 'hour') return at;
  const local = toLocal(at, timeZone);
  return (precision === 'day' ? dayWindow(local, timeZone) : coarseWindowOf('month', local, timeZone)).end;
}
