// Runs of scheduled jobs: each (job, scheduled minute) is claimed once across replicas, then finished
// with its outcome, so that `patrolcast jobs`, GET /v1/jobs and /readyz can say how each job is doing.

import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows, idRow, rowOf, wholeNumber } from '../db/rows.ts';
import type { jobs } from '../db/schema.ts';
import { storableJson } from '../db/storable.ts';

/** Claims the run; undefined if another replica has it (or had it and finished). */
export async function claimJob(
  database: Database,
  name: string,
  runKey: string,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<number | undefined> {
  const [row] = await decodedRows(
    database,
    idRow,
    `insert into jobs (name, run_key, status, scheduled_for, lease_owner, lease_until, attempts, started_at)
     values ($1, $2, 'running', $3, $4, $5, 1, $3)
     on conflict (name, run_key) do update
       set lease_owner = excluded.lease_owner, lease_until = excluded.lease_until,
           attempts = jobs.attempts + 1, started_at = excluded.started_at
       where jobs.status = 'running' and jobs.lease_until <= $3
     returning id`,
    [name, runKey, now.toISOString(), owner, new Date(now.getTime() + leaseMs).toISOString()],
  );
  return row?.id;
}

/** Extends the lease of a run still in progress; false if it was lost (reaped, or taken over). */
export async function renewJob(
  database: Database,
  id: number,
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const rows = await decodedRows(
    database,
    idRow,
    `update jobs set lease_until = $3 where id = $1 and lease_owner = $2 and status = 'running' returning id`,
    [id, owner, new Date(now.getTime() + leaseMs).toISOString()],
  );
  return rows.length > 0;
}

const reapedRun = rowOf<typeof jobs>()(z.object({ name: z.string(), runKey: z.string() }));
export type ReapedRun = z.output<typeof reapedRun>;

/**
 * Marks failed every run whose lease ran out: its replica died (or was killed) in the middle, since a
 * live one renews its lease. They then show as failed in `patrolcast jobs` and /readyz, not running.
 */
export async function reapExpiredJobs(database: Database, now: Date): Promise<ReapedRun[]> {
  return decodedRows(
    database,
    reapedRun,
    `update jobs set status = 'failed', finished_at = $1, lease_until = null,
       error = 'its replica stopped before it finished (' || coalesce(lease_owner, 'unknown') || ', lease expired)'
     where status = 'running' and lease_until <= $1
     returning name, run_key as "runKey"`,
    [now.toISOString()],
  );
}

export async function finishJob(
  database: Database,
  id: number,
  owner: string,
  outcome: { status: 'succeeded'; result: Record<string, unknown> } | { status: 'failed'; error: string },
  now: Date,
): Promise<void> {
  await database.query(
    `update jobs set status = $3, result = $4::text::jsonb, error = $5, finished_at = $6, lease_until = null
     where id = $1 and lease_owner = $2`,
    [
      id,
      owner,
      outcome.status,
      outcome.status === 'succeeded' ? storableJson(outcome.result) : null,
      outcome.status === 'failed' ? outcome.error.slice(0, 1000) : null,
      now.toISOString(),
    ],
  );
}

const jobHistoryRow = z.object({
  name: z.string(),
  lastStatus: z.enum(['succeeded', 'failed', 'running', 'stalled']),
  lastStartedAt: z.date().nullable(),
  lastFinishedAt: z.date().nullable(),
  lastError: z.string().nullable(),
  lastResult: z.record(z.string(), z.unknown()).nullable(),
  /** Failures since the last success. */
  consecutiveFailures: wholeNumber,
});
export type JobHistory = z.output<typeof jobHistoryRow>;

export async function jobHistory(database: Database): Promise<JobHistory[]> {
  return decodedRows(
    database,
    jobHistoryRow,
    `with ranked as (
       -- A run whose lease has run out is no longer running: its replica stopped (until reaped).
       select name,
              case when status = 'running' and lease_until <= now() then 'stalled' else status end as status,
              started_at, finished_at, error, result,
              row_number() over (partition by name order by started_at desc nulls last, id desc) as n
       from jobs where status in ('succeeded', 'failed', 'running')
     ), last_success as (
       select name, max(started_at) as at from jobs where status = 'succeeded' group by name
     )
     select r.name, r.status as "lastStatus", r.started_at as "lastStartedAt", r.finished_at as "lastFinishedAt",
            r.error as "lastError", r.result as "lastResult",
            (select count(*)::int from jobs f where f.name = r.name and f.status = 'failed'
               and f.started_at > coalesce((select at from last_success s where s.name = r.name), '-infinity'))
              as "consecutiveFailures"
     from ranked r where r.n = 1 order by r.name`,
  );
}
