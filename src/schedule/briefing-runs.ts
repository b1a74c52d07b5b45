// One briefing per (subscription, shift start), claimed in the database with a lease before it is posted.
// Whoever holds an unexpired lease posts; a replica that dies holding one loses it when the lease runs
// out, and another finishes the post. Every run ends posted, failed or skipped, with why.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { decodedRows, idRow, rowOf, wholeNumber } from '../db/rows.ts';
import type { briefingRuns } from '../db/schema.ts';

const claimRow = z.object({ id: wholeNumber, attempts: wholeNumber });
export type Claim = z.output<typeof claimRow>;

/** Claims the run, or takes over one whose lease has expired; undefined if someone else has it. */
export async function claimRun(
  database: Database,
  run: { subscriptionId: number; shiftStart: Date; late: boolean },
  owner: string,
  now: Date,
  leaseMs: number,
): Promise<Claim | undefined> {
  const [row] = await decodedRows(
    database,
    claimRow,
    `insert into briefing_runs (subscription_id, shift_start, status, lease_owner, lease_until, attempts, late)
     values ($1, $2, 'claimed', $3, $4, 1, $5)
     on conflict (subscription_id, shift_start) do update
       set lease_owner = excluded.lease_owner, lease_until = excluded.lease_until,
           attempts = briefing_runs.attempts + 1, late = excluded.late
       where briefing_runs.status = 'claimed' and briefing_runs.lease_until <= $6
     returning id, attempts`,
    [
      run.subscriptionId,
      run.shiftStart.toISOString(),
      owner,
      new Date(now.getTime() + leaseMs).toISOString(),
      run.late,
      now.toISOString(),
    ],
  );
  return row;
}

export type Outcome =
  | { status: 'posted'; messageId: string; attempts: number; note?: string }
  /** `messageId`: the notice the channel got instead of its briefing. */
  | { status: 'failed'; reason: string; attempts: number; messageId?: string }
  | { status: 'skipped'; reason: string };

/** Settles a claimed run; false when the lease was lost to another replica meanwhile. */
export async function settleRun(
  database: Database,
  claim: Claim,
  owner: string,
  outcome: Outcome,
  now: Date,
): Promise<boolean> {
  const rows = await decodedRows(
    database,
    idRow,
    `update briefing_runs set status = $3, message_id = $4, reason = $5, finished_at = $6,
       attempts = greatest(attempts, $7), lease_until = null
     where id = $1 and lease_owner = $2 and status = 'claimed' returning id`,
    [
      claim.id,
      owner,
      outcome.status,
      outcome.status === 'skipped' ? null : (outcome.messageId ?? null),
      outcome.status === 'posted' ? (outcome.note ?? null) : outcome.reason,
      now.toISOString(),
      'attempts' in outcome ? outcome.attempts : 0,
    ],
  );
  return rows.length > 0;
}

/** Records a shift that ended before its briefing was posted (or whose poster died holding it); once. */
export async function recordMissed(
  database: Database,
  run: { subscriptionId: number; shiftStart: Date },
  reason: string,
  now: Date,
): Promise<boolean> {
  const rows = await decodedRows(
    database,
    idRow,
    `insert into briefing_runs (subscription_id, shift_start, status, reason, late, finished_at)
     values ($1, $2, 'skipped', $3, true, $4)
     on conflict (subscription_id, shift_start) do update
       set status = 'skipped', reason = excluded.reason, finished_at = excluded.finished_at, lease_until = null
       where briefing_runs.status = 'claimed' and briefing_runs.lease_until <= $4
     returning id`,
    [run.subscriptionId, run.shiftStart.toISOString(), reason, now.toISOString()],
  );
  return rows.length > 0;
}

const runRecord = rowOf<typeof briefingRuns>()(
  z.object({
    subscriptionId: wholeNumber,
    shiftStart: z.date(),
    status: z.enum(['claimed', 'posted', 'failed', 'skipped']),
    attempts: wholeNumber,
    messageId: z.string().nullable(),
    late: z.boolean(),
    reason: z.string().nullable(),
  }),
);
export type RunRecord = z.output<typeof runRecord>;

export async function listRuns(database: Database, limit = 1000): Promise<RunRecord[]> {
  return decodedRows(
    database,
    runRecord,
    `select subscription_id as "subscriptionId", shift_start as "shiftStart", status, attempts,
       message_id as "messageId", late, reason
     from briefing_runs order by shift_start desc, subscription_id limit $1`,
    [limit],
  );
}
