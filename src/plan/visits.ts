// Visits officers record from chat ("Visited", /visited): kept apart from incidents, never read by
// any model. Answers count them per place and window; coverage reports them by place, district, shift.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';

export interface Visit {
  platform: string;
  userId: string;
  cell: string;
  district: string | null;
  unit: number | null;
  windowStart: Date;
  windowEnd: Date;
  visitedAt: Date;
  minutes: number;
}

export async function recordVisits(database: Database, visits: Visit[]): Promise<void> {
  if (visits.length === 0) return;
  const values: unknown[] = [];
  const rows = visits.map((v, i) => {
    values.push(
      v.platform,
      v.userId.slice(0, 100),
      v.cell,
      v.district,
      v.unit,
      v.windowStart.toISOString(),
      v.windowEnd.toISOString(),
      v.visitedAt.toISOString(),
      v.minutes,
    );
    const o = i * 9;
    return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7}, $${o + 8}, $${o + 9})`;
  });
  await database.query(
    `insert into visits (platform, user_id, cell, district, unit, window_start, window_end, visited_at, minutes)
     values ${rows.join(', ')}`,
    values,
  );
}

export interface PlaceVisits {
  count: number;
  minutes: number;
}

/** Visits recorded for places of the window that starts at `windowStart`, by cell. */
export async function visitsInWindow(
  database: Database,
  windowStart: Date,
): Promise<Map<string, PlaceVisits>> {
  const rows = await decodedRows(
    database,
    z.object({ cell: z.string(), count: z.number().int(), minutes: z.number().int() }),
    `select cell, count(*)::int as count, coalesce(sum(minutes), 0)::int as minutes
     from visits where window_start = $1 group by cell`,
    [windowStart.toISOString()],
  );
  return new Map(rows.map((r) => [r.cell, { count: r.count, minutes: r.minutes }]));
}

export interface CoverageRow {
  /** The window's start (the shift) as stored. */
  windowStart: Date;
  district: string | null;
  cell: string;
  visits: number;
  minutes: number;
}

/**
 * Visits to the windows (shifts or days) that start between two instants, by window, district and
 * place: a visit counts for the shift it served, whenever it was recorded (an officer may record the
 * night's visits after the night).
 */
export async function coverage(database: Database, from: Date, to: Date): Promise<CoverageRow[]> {
  return decodedRows(
    database,
    z.object({
      windowStart: z.date(),
      district: z.string().nullable(),
      cell: z.string(),
      visits: z.number().int(),
      minutes: z.number().int(),
    }),
    `select window_start as "windowStart", district, cell, count(*)::int as visits, sum(minutes)::int as minutes
     from visits where window_start >= $1 and window_start < $2
     group by 1, 2, 3 order by 1, 2 nulls last, 3`,
    [from.toISOString(), to.toISOString()],
  );
}
