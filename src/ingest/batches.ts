// Import batches: what each import stored and refused, and undoing one. A batch imported with the wrong
// time zone or projection is deleted whole (its incidents go; the batch stays, marked deleted, for the
// record) and the file imported again.
import type { Database } from '../db/client.ts';
import { inTransaction } from '../db/transaction.ts';
import { UserError } from '../errors.ts';

export interface BatchSummary {
  id: string;
  source: string;
  profile: string;
  fileName: string | null;
  status: string;
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface BatchDetail extends BatchSummary {
  reasons: Record<string, number>;
  failure: string | null;
  errors: { line: number; field: string; reason: string }[];
}

const COLUMNS = `id, source, profile, file_name as "fileName", status, received, accepted, duplicates, rejected,
  created_at as "createdAt", finished_at as "finishedAt"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A batch id as given; a clear refusal for anything else. */
export function batchIdOf(text: string): string {
  const id = text.trim();
  if (!UUID.test(id))
    throw new UserError(`'${id.slice(0, 40)}' is not a batch id (patrolcast batches list shows them)`);
  return id.toLowerCase();
}

export function listBatches(database: Database, limit = 50): Promise<BatchSummary[]> {
  return database.query<BatchSummary & Record<string, unknown>>(
    `select ${COLUMNS} from ingest_batches order by created_at desc, id limit $1`,
    [Math.min(Math.max(1, limit), 10_000)],
  );
}

export async function batchDetail(database: Database, id: string): Promise<BatchDetail | undefined> {
  const [batch] = await database.query<BatchDetail & Record<string, unknown>>(
    `select ${COLUMNS}, reasons, failure from ingest_batches where id = $1`,
    [id],
  );
  if (!batch) return undefined;
  const errors = await database.query<{ line: number; field: string; reason: string }>(
    'select line, field, reason from ingest_rejections where batch_id = $1 order by line',
    [id],
  );
  return { ...batch, errors };
}

/** Deletes a batch's incidents in one transaction; the batch stays, marked deleted. */
export async function deleteBatch(
  database: Database,
  id: string,
): Promise<{ removed: number; source: string }> {
  return inTransaction(database, async (exec) => {
    const [batch] = await exec('select source, status from ingest_batches where id = $1 for update', [id]);
    if (!batch) throw new UserError(`there is no batch ${id}`);
    if (batch.status === 'deleted') throw new UserError(`batch ${id} was deleted already`);
    const [removed] = await exec(
      'with gone as (delete from incidents where batch_id = $1 returning 1) select count(*)::int as n from gone',
      [id],
    );
    await exec("update ingest_batches set status = 'deleted' where id = $1", [id]);
    return { removed: Number(removed!.n), source: String(batch.source) };
  });
}
