// Rate limits kept in PostgreSQL, so that replicas behind a balancer share one budget per caller. The
// generic cell rate algorithm: each caller's row holds the time its next request is due; a request may
// come early by the burst's worth of intervals. One statement decides and records, so two replicas
// cannot both spend the last allowance.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows } from '../db/rows.ts';
import { type Limiter, RateLimiter } from './rate-limit.ts';

/** Milliseconds until the caller may ask again (numeric arithmetic may come back as text). */
const waitRow = z.object({ wait: z.coerce.number() });

export function sharedRateLimiter(
  database: Database,
  perMinute: number,
  burst = Math.max(1, Math.ceil(perMinute / 6)),
  now: () => number = Date.now,
): Limiter {
  const interval = 60_000 / perMinute;
  const tolerance = (burst - 1) * interval;
  return {
    async take(key) {
      if (perMinute <= 0) return 0;
      const at = new Date(now()).toISOString();
      const granted = await database.query(
        `insert into rate_limits as r (key, tat) values ($1, $2::timestamptz + $3 * interval '1 millisecond')
         on conflict (key) do update set tat = greatest(r.tat, $2::timestamptz) + $3 * interval '1 millisecond'
           where greatest(r.tat, $2::timestamptz) <= $2::timestamptz + $4 * interval '1 millisecond'
         returning tat`,
        [key.slice(0, 300), at, interval, tolerance],
      );
      if (granted.length > 0) return 0;
      const [row] = await decodedRows(
        database,
        waitRow,
        `select extract(epoch from (tat - $2::timestamptz)) * 1000 - $3 as wait from rate_limits where key = $1`,
        [key.slice(0, 300), at, tolerance],
      );
      return Math.max(1, Math.ceil(row?.wait ?? interval));
    },
  };
}

/** Shared on PostgreSQL (replicas); in memory on PGlite, which one process holds anyway. */
export const limiterFor = (
  database: Database,
  perMinute: number,
  burst = Math.max(1, Math.ceil(perMinute / 6)),
): Limiter =>
  database.kind === 'postgres'
    ? sharedRateLimiter(database, perMinute, burst)
    : new RateLimiter(perMinute, burst);
