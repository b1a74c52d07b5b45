// Import batches: what each import stored and refused, and undoing one. A batch imported with the wrong
// time zone or projection is deleted whole (its incidents go; the batch stays, marked deleted, for the
// record) and the file imported again.
import { z } from 'zod';
import { type AuditEntry, recordAudit } from '../audit/audit-log.ts';
import type { Database } from '../db/client.ts';
import { countRow, decodedRows, rowOf, wholeNumber } from '../db/rows.ts';
import type { ingestBatches, ingestRejections } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { UserError } from '../errors.ts';
import { REVISION_SQL } from './revisions.ts';

const batchSummary = rowOf<typeof ingestBatches>()(
  z.object({
    id: z.string(),
    source: z.string(),
    profile: z.string(),
    fileName: z.string().nullable(),
    status: z.string(),
    received: wholeNumber,
    accepted: wholeNumber,
    duplicates: wholeNumber,
    updated: wholeNumber,
    withdrawn: wholeNumber,
    rejected: wholeNumber,
    createdAt: z.date(),
    finishedAt: z.date().nullable(),
  }),
);
export type BatchSummary = z.output<typeof batchSummary>;

const batchRecord = rowOf<typeof ingestBatches>()(
  batchSummary.extend({
    /** Rejected rows by reason. */
    reasons: z.record(z.string(), wholeNumber),
    failure: z.string().nullable(),
  }),
);
const rejectionRow = rowOf<typeof ingestRejections>()(
  z.object({ line: wholeNumber, field: z.string(), reason: z.string() }),
);
export type BatchDetail = z.output<typeof batchRecord> & { errors: z.output<typeof rejectionRow>[] };

const COLUMNS = `id, source, profile, file_name as "fileName", status, received, accepted, duplicates, updated, withdrawn,
  rejected, created_at as "createdAt", finished_at as "finishedAt"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A batch id as given; a clear refusal for anything else. */
export function batchIdOf(text: string): string {
  const id = text.trim();
  if (!UUID.test(id))
    throw new UserError(`'${id.slice(0, 40)}' is not a batch id (patrolcast batches list shows them)`);
  return id.toLowerCase();
}

/** Hex digits that start a batch id, as `batches list` shows it and a person copies its first part. */
const ID_START = /^[0-9a-f]{8}(-[0-9a-f]{0,4})*$/i;
const idRow = z.object({ id: z.string() });

/** The batch a whole id or its first eight or more characters name; a clear refusal for anything else. */
export async function findBatchId(database: Database, text: string): Promise<string> {
  const given = text.trim().toLowerCase();
  if (UUID.test(given)) return given;
  if (!ID_START.test(given)) return batchIdOf(given);
  const found = await decodedRows(
    database,
    idRow,
    `select id::text as id from ingest_batches where id::text like $1 order by created_at desc limit 3`,
    [`${given.replace(/-+$/, '')}%`],
  );
  if (found.length === 0) throw new UserError(`there is no batch whose id starts ${given}`);
  if (found.length > 1)
    throw new UserError(
      `${found.length > 2 ? 'several' : 'two'} batches have ids that start ${given}: ${found
        .slice(0, 2)
        .map((f) => f.id)
        .join(', ')}${found.length > 2 ? ', …' : ''}; give more of it`,
    );
  return found[0]!.id;
}

/** A batch that stored, changed, withdrew and refused nothing: a feed's run over rows it already had. */
const CHANGED_NOTHING =
  "status = 'committed' and accepted = 0 and updated = 0 and withdrawn = 0 and rejected = 0";

/**
 * The latest batches, newest first. Unless `all`, those that changed nothing are left out (a feed that
 * reads its last weeks again each hour would push every real import off the list) and counted.
 */
export async function listBatches(
  database: Database,
  { limit = 50, all = false }: { limit?: number; all?: boolean } = {},
): Promise<{ batches: BatchSummary[]; unchanged: number }> {
  const batches = await decodedRows(
    database,
    batchSummary,
    `select ${COLUMNS} from ingest_batches ${all ? '' : `where not (${CHANGED_NOTHING})`}
     order by created_at desc, id limit $1`,
    [Math.min(Math.max(1, limit), 10_000)],
  );
  if (all) return { batches, unchanged: 0 };
  const [hidden] = await decodedRows(
    database,
    z.object({ n: wholeNumber }),
    `select count(*)::int as n from ingest_batches where ${CHANGED_NOTHING}`,
  );
  return { batches, unchanged: hidden?.n ?? 0 };
}

export async function batchDetail(database: Database, id: string): Promise<BatchDetail | undefined> {
  const [batch] = await decodedRows(
    database,
    batchRecord,
    `select ${COLUMNS}, reasons, failure from ingest_batches where id = $1`,
    [id],
  );
  if (!batch) return undefined;
  const errors = await decodedRows(
    database,
    rejectionRow,
    'select line, field, reason from ingest_rejections where batch_id = $1 order by line',
    [id],
  );
  return { ...batch, errors };
}

/**
 * Undoes an import: its incidents go in one transaction, the batch stays, marked deleted. With `audit`,
 * the entry (source and count added) commits with the deletion, or neither does.
 */
export async function deleteBatch(
  database: Database,
  id: string,
  audit?: AuditEntry,
): Promise<{ removed: number; source: string }> {
  return inTransaction(database, async (exec) => {
    const [batch] = await decodedRows(
      exec,
      z.object({ source: z.string(), status: z.string() }),
      'select source, status from ingest_batches where id = $1 for update',
      [id],
    );
    if (!batch) throw new UserError(`there is no batch ${id}`);
    if (batch.status === 'deleted') throw new UserError(`batch ${id} was deleted already`);
    if (batch.status === 'importing')
      throw new UserError(`batch ${id} is still being imported: nothing of it is stored yet`);
    const [removed] = await decodedRows(
      exec,
      countRow,
      'with gone as (delete from incidents where batch_id = $1 returning 1) select count(*)::int as n from gone',
      [id],
    );
    await exec("update ingest_batches set status = 'deleted' where id = $1", [id]);
    // The versions this batch replaced come back.
    await exec(REVISION_SQL.restore, [id]);
    await exec(REVISION_SQL.forget, [id]);
    if (audit)
      await recordAudit(exec, {
        ...audit,
        params: { ...audit.params, source: batch.source, removed: removed!.n },
      });
    return { removed: removed!.n, source: batch.source };
  });
}
