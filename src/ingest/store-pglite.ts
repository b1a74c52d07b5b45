// The PGlite writer. PGlite has a single session, so the batch's transaction holds it exclusively
// from the first row to the last: other queries wait until the import commits or rolls back, and
// none can slip into the middle of it.
import { randomUUID } from 'node:crypto';
import type { Transaction } from '@electric-sql/pglite';
import { recordAudit } from '../audit/audit-log.ts';
import type { PgliteHandle, Row } from '../db/client.ts';
import { countRow, decodeRows } from '../db/rows.ts';
import { storableParams } from '../db/storable.ts';
import { REVISION_SQL, replaceStored, STORED_ROWS, sortAgainstStored } from './revisions.ts';
import { SeenSet } from './seen-set.ts';
import { storeCategories } from './source-categories.ts';
import {
  BATCH_ROWS,
  BATCH_SQL,
  type BatchRecord,
  batchFailedParams,
  batchInsertParams,
  batchSettleParams,
  type CommitResult,
  INCIDENT_COLUMNS,
  type IncidentWriter,
  incidentsCsv,
  rejectionsCsv,
  type StagedIncident,
} from './store.ts';

export async function openPgliteWriter(database: PgliteHandle, batch: BatchRecord): Promise<IncidentWriter> {
  const batchId = randomUUID();
  let settle!: { resolve: (result: CommitResult) => void; reject: (error: Error) => void };
  const outcome = new Promise<CommitResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The transaction runs until `outcome` settles: resolved, it commits; rejected, it rolls back.
  let started!: (tx: Transaction) => void;
  const opened = new Promise<Transaction>((resolve) => {
    started = resolve;
  });
  const finished = database.client.transaction(async (tx) => {
    started(tx);
    return await outcome;
  });
  finished.catch(() => {});
  const tx = await Promise.race([
    opened,
    finished.then(() => Promise.reject(new Error('transaction ended early'))),
  ]);

  const run = (text: string, params?: unknown[]) => tx.query<Row>(text, storableParams(params));
  let storedBefore: boolean;
  try {
    await run(BATCH_SQL.insert, batchInsertParams(batchId, batch));
    const { rows } = await run(BATCH_SQL.sourceSeen, [batch.source]);
    storedBefore = decodeRows(BATCH_ROWS.sourceSeen, rows, BATCH_SQL.sourceSeen)[0]!.any;
  } catch (error) {
    settle.reject(error as Error);
    await finished.catch(() => {});
    throw error;
  }
  const copy = async (target: string, text: string) => {
    if (text)
      await tx.query(`copy ${target} from '/dev/blob' with (format csv)`, [], { blob: new Blob([text]) });
  };
  const seen = new SeenSet();
  let accepted = 0;
  let duplicates = 0;
  const revised: StagedIncident[] = [];

  return {
    batchId,
    async write(chunk, rejections = []) {
      let fresh = chunk.filter((r) => seen.add(r.externalId));
      duplicates += chunk.length - fresh.length;
      if (storedBefore && fresh.length > 0) {
        const { rows } = await run(REVISION_SQL.stored, [batch.source, fresh.map((r) => r.externalId)]);
        const sorted = sortAgainstStored(fresh, decodeRows(STORED_ROWS, rows, REVISION_SQL.stored));
        fresh = sorted.fresh;
        duplicates += sorted.duplicates;
        revised.push(...sorted.revised);
      }
      accepted += fresh.length;
      await copy(`incidents (${INCIDENT_COLUMNS.join(', ')})`, incidentsCsv(batch.source, batchId, fresh));
      await copy('ingest_rejections (batch_id, line, field, reason)', rejectionsCsv(batchId, rejections));
    },
    async commit(totals) {
      let demoRemoved = 0;
      const updated = revised.length;
      let withdrawn = 0;
      try {
        // Changed records replace their stored versions, which the batch keeps for an undo; so do the
        // records the source withdrew, which are removed.
        await replaceStored(
          run,
          batchId,
          batch.source,
          revised.map((r) => r.externalId),
        );
        await copy(
          `incidents (${INCIDENT_COLUMNS.join(', ')})`,
          incidentsCsv(batch.source, batchId, revised),
        );
        const gone = batch.withdraw ?? [];
        if (gone.length > 0) {
          const { rows } = await run(REVISION_SQL.count, [batch.source, gone]);
          withdrawn = decodeRows(countRow, rows, REVISION_SQL.count)[0]!.n;
          await replaceStored(run, batchId, batch.source, gone);
        }
        if (batch.replacesDemo && accepted > 0)
          demoRemoved = decodeRows(
            BATCH_ROWS.replaceDemo,
            (await run(BATCH_SQL.replaceDemo)).rows,
            BATCH_SQL.replaceDemo,
          )[0]!.n;
        if (batch.categories) await storeCategories(run, batch.source, batch.categories);
        await run(
          BATCH_SQL.settle,
          batchSettleParams(batchId, totals, { accepted, duplicates, updated, withdrawn }),
        );
        if (batch.audit && !batch.dryRun)
          await recordAudit(async (t, p) => (await run(t, p)).rows, batch.audit);
      } catch (error) {
        settle.reject(error as Error);
        await finished.catch(() => {});
        throw error;
      }
      if (batch.dryRun) {
        // Rolled back: the counts are those a real import would have given.
        settle.reject(new Error('dry run'));
        await finished.catch(() => {});
        return { batchId, accepted, duplicates, updated, withdrawn, demoRemoved };
      }
      settle.resolve({ batchId, accepted, duplicates, updated, withdrawn, demoRemoved });
      return await finished;
    },
    async abort(reason, options) {
      settle.reject(new Error(reason));
      await finished.catch(() => {});
      if (batch.dryRun || options?.record === false) return;
      await database.query(BATCH_SQL.failed, batchFailedParams(batchId, batch, reason)).catch(() => {});
    },
  };
}
