// The PGlite writer. PGlite has a single session: a transaction holds it from its first statement to
// its last, and every other query (a forecast, a health check, a chat answer) waits. So a batch is not
// one transaction here. Its rows go in as short statements, under a batch marked 'importing' that the
// settled_incidents view keeps out of sight; commit is one short transaction that marks the batch
// committed, and with it every row appears at once. A failed batch's rows are deleted; a killed
// process's are removed when the database is next opened (db/interrupted-imports.ts).
import { randomUUID } from 'node:crypto';
import type { Transaction } from '@electric-sql/pglite';
import { recordAudit } from '../audit/audit-log.ts';
import type { PgliteHandle, Row } from '../db/client.ts';
import { settleInterruptedImports } from '../db/interrupted-imports.ts';
import { countRow, decodeRows } from '../db/rows.ts';
import { storableParams } from '../db/storable.ts';
import { incidentsCopyBytes } from './copy-bytes.ts';
import { GraverRepeats } from './graver-repeats.ts';
import { INCIDENT_COLUMNS } from './incident-columns.ts';
import { REVISION_SQL, replaceStored, STORED_ROWS } from './revisions.ts';
import { SeenSet } from './seen-set.ts';
import { storeCategories } from './source-categories.ts';
import {
  BATCH_ROWS,
  BATCH_SQL,
  type BatchRecord,
  batchFailedParams,
  batchInsertParams,
  batchSettleParams,
  type IncidentWriter,
  rejectionsCsv,
  type StagedIncident,
} from './store.ts';

type Run = (text: string, params?: unknown[]) => Promise<{ rows: Row[] }>;

// One import at a time per database: rows of two batches of one source must not meet half-written.
const importing = new WeakMap<PgliteHandle, Promise<void>>();

async function takeImportTurn(database: PgliteHandle): Promise<() => void> {
  const before = importing.get(database) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  importing.set(
    database,
    before.then(() => mine),
  );
  await before;
  return release;
}

type Session = { query: PgliteHandle['client']['query'] } | Transaction;

const copyInto = async (on: Session, target: string, data: string | Uint8Array) => {
  if (data.length > 0)
    await on.query(`copy ${target} from '/dev/blob' with (format csv)`, [], { blob: new Blob([data]) });
};

/** Statements on the session or in a transaction, their text made storable. */
const runOn =
  (on: Session): Run =>
  (text, params = []) =>
    on.query<Row>(text, storableParams(params));

const INCIDENTS = `incidents (${INCIDENT_COLUMNS.join(', ')})`;
const REJECTIONS = 'ingest_rejections (batch_id, line, field, reason)';
const REMOVE_WRITTEN =
  'delete from incidents where source = $1 and external_id = any($2::text[]) and batch_id = $3';

export async function openPgliteWriter(database: PgliteHandle, batch: BatchRecord): Promise<IncidentWriter> {
  const release = await takeImportTurn(database);
  const batchId = randomUUID();
  const run = runOn(database.client);
  const written: string[] = [];
  let storedBefore: boolean;
  /** The source lists an event once per offence: an earlier batch of it said so. */
  let listedByOffence: boolean;
  try {
    // No other import runs in this process (the turn) or on this data (the directory's lock).
    await settleInterruptedImports(database);
    await run(BATCH_SQL.insertImporting, batchInsertParams(batchId, batch));
    const { rows } = await run(BATCH_SQL.sourceSeen, [batch.source]);
    const sourceSeen = decodeRows(BATCH_ROWS.sourceSeen, rows, BATCH_SQL.sourceSeen)[0]!;
    storedBefore = sourceSeen.any;
    listedByOffence = sourceSeen.several_offences;
  } catch (error) {
    await database.query(BATCH_SQL.forget, [batchId]).catch(() => {});
    release();
    throw error;
  }
  const events = new GraverRepeats(new SeenSet());
  let accepted = 0;
  let duplicates = 0;
  let repeated = 0;
  const revised: StagedIncident[] = [];

  /** Takes back every row the batch wrote, in statements short enough for others to run between. */
  const removeWritten = async () => {
    for (let i = 0; i < written.length; i += 5_000)
      await run(REMOVE_WRITTEN, [batch.source, written.slice(i, i + 5_000), batchId]);
    written.length = 0;
    await run(BATCH_SQL.forgetRejections, [batchId]);
  };

  let ended = false;
  /** Undoes the batch (once) and lets the next import in; records it failed unless told not to. */
  const end = async (reason: string, options?: { record?: boolean }) => {
    if (ended) return;
    ended = true;
    try {
      await removeWritten();
      if (batch.dryRun || options?.record === false) await run(BATCH_SQL.forget, [batchId]);
      else await run(BATCH_SQL.failed, batchFailedParams(batchId, batch, reason));
    } catch {
      // The database is gone: the batch stays 'importing', out of sight, and is settled on next open.
    } finally {
      release();
    }
  };

  /** The batch's last step, in one short transaction: it commits, or (a dry run) rolls back. */
  const finish = async (tx: Transaction) => {
    const inTx = runOn(tx);
    let demoRemoved = 0;
    let withdrawn = 0;
    // Changed records replace their stored versions, which the batch keeps for an undo; so do the
    // records the source withdrew, which are removed.
    await replaceStored(
      inTx,
      batchId,
      batch.source,
      revised.map((r) => r.externalId),
    );
    await copyInto(tx, INCIDENTS, incidentsCopyBytes(batch.source, batchId, revised));
    const gone = batch.withdraw ?? [];
    if (gone.length > 0) {
      const { rows } = await inTx(REVISION_SQL.count, [batch.source, gone]);
      withdrawn = decodeRows(countRow, rows, REVISION_SQL.count)[0]!.n;
      await replaceStored(inTx, batchId, batch.source, gone);
    }
    if (batch.replacesDemo && accepted > 0)
      demoRemoved = decodeRows(
        BATCH_ROWS.replaceDemo,
        (await inTx(BATCH_SQL.replaceDemo)).rows,
        BATCH_SQL.replaceDemo,
      )[0]!.n;
    return { demoRemoved, withdrawn };
  };

  return {
    batchId,
    acceptedSoFar: () => accepted,
    async write(chunk, rejections = []) {
      let fresh = events.firstOfEach(chunk);
      duplicates += chunk.length - fresh.length;
      repeated += chunk.length - fresh.length;
      if (storedBefore && fresh.length > 0) {
        const { rows } = await run(REVISION_SQL.stored, [batch.source, fresh.map((r) => r.externalId)]);
        const sorted = events.sortAgainstStored(fresh, decodeRows(STORED_ROWS, rows, REVISION_SQL.stored));
        fresh = sorted.fresh;
        duplicates += sorted.duplicates;
        revised.push(...sorted.revised);
      }
      accepted += fresh.length;
      for (const r of fresh) written.push(r.externalId);
      await copyInto(database.client, INCIDENTS, incidentsCopyBytes(batch.source, batchId, fresh));
      await copyInto(database.client, REJECTIONS, rejectionsCsv(batchId, rejections));
    },
    async commit(totals, guard) {
      duplicates += totals.folded ?? 0;
      repeated += totals.folded ?? 0;
      let updated = revised.length;
      let counts: { demoRemoved: number; withdrawn: number };
      try {
        counts = await database.client.transaction(async (tx) => {
          const inTx = runOn(tx);
          await guard?.(async (t, p) => (await inTx(t, p)).rows);
          if (events.size > 0) {
            const settled = await events.settle(
              { source: batch.source, batchId, accepted, duplicates, revised, storedBefore },
              {
                run: async (text, params) => (await inTx(text, params)).rows,
                storedVersions: async (ids) =>
                  decodeRows(
                    STORED_ROWS,
                    (await inTx(REVISION_SQL.stored, [batch.source, ids])).rows,
                    REVISION_SQL.stored,
                  ),
              },
            );
            ({ accepted, duplicates } = settled);
            revised.splice(0, revised.length, ...settled.revised);
            updated = revised.length;
            for (const r of settled.fresh) written.push(r.externalId);
            await copyInto(tx, INCIDENTS, incidentsCopyBytes(batch.source, batchId, settled.fresh));
          }
          const kept = events.revisionsToApply(revised, {
            listedByOffence,
            foldedOtherOffences: totals.otherOffences ?? 0,
          });
          revised.splice(0, revised.length, ...kept.revised);
          duplicates += kept.kept;
          updated = revised.length;
          const done = await finish(tx);
          if (batch.categories) await storeCategories(inTx, batch.source, batch.categories);
          await inTx(
            BATCH_SQL.settle,
            batchSettleParams(batchId, totals, {
              accepted,
              duplicates,
              updated,
              withdrawn: done.withdrawn,
              severalOffences: kept.otherOffences,
            }),
          );
          if (batch.audit && !batch.dryRun)
            await recordAudit(async (t, p) => (await inTx(t, p)).rows, batch.audit);
          // A dry run's counts are those a real import would have given; then nothing stays.
          if (batch.dryRun) await tx.rollback();
          return done;
        });
      } catch (error) {
        await end(error instanceof Error ? error.message : String(error));
        throw error;
      }
      if (batch.dryRun) await end('dry run', { record: false });
      else {
        ended = true;
        release();
      }
      return { batchId, accepted, duplicates, repeated, updated, ...counts };
    },
    abort: end,
  };
}
